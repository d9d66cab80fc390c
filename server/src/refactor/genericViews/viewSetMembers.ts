/**
 * The class bodies of two generic views, read member by member and merged into one viewset's
 * body: a member both define must be the same text; one only one defines must be one the other
 * view's actions never read (the list's `perform_create`, the detail's `lookup_field`…), so the
 * joined class answers each route as the view it replaces did. Anything else is refused.
 */
import type { Node } from 'web-tree-sitter';

/** A member of a class body: an attribute or a method, with the comments above it. */
export interface ClassMember {
  readonly name: string;
  readonly kind: 'attribute' | 'method';
  /** The statement's text, compared between the two views. */
  readonly text: string;
  /** The lines written into the viewset (comments above included), as indented in the source. */
  readonly lines: readonly string[];
}

export interface ClassBody {
  /** The docstring's literal as written (`"""One review."""`). */
  readonly docstring?: string;
  readonly members: readonly ClassMember[];
}

/** Members only the list view may define: no detail route reads them. */
const LIST_ONLY = new Set(['pagination_class', 'list', 'create', 'perform_create']);
/** Members only the detail view may define: no list route reads them. */
const DETAIL_ONLY = new Set(['lookup_field', 'lookup_url_kwarg', 'lookup_value_regex', 'get_object', 'retrieve', 'update', 'partial_update', 'destroy', 'perform_update', 'perform_destroy']);
/** A viewset routes methods to actions: a handler of these names would no longer be called. */
const HANDLERS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace']);

/** The class's docstring and members, or why it holds something else. */
export function classBody(cls: Node, lines: readonly string[]): ClassBody | string {
  const name = cls.childForFieldName('name')?.text ?? '?';
  const body = cls.childForFieldName('body');
  if (!body) return `\`${name}\` has no body`;
  const statements = body.namedChildren.filter((child): child is Node => child !== null);
  let docstring: string | undefined;
  const members: ClassMember[] = [];
  let from = body.startPosition.row;
  statements.forEach((statement) => {
    if (statement.type === 'comment') return;
    // The comments since the previous member go with this one (blank lines before them dropped).
    const chunk = lines.slice(from, statement.endPosition.row + 1);
    from = statement.endPosition.row + 1;
    const expression = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (members.length === 0 && docstring === undefined && expression?.type === 'string') {
      docstring = expression.text;
      return;
    }
    const left = expression?.type === 'assignment' ? expression.childForFieldName('left') : undefined;
    if (left?.type === 'identifier' && expression?.childForFieldName('right')) {
      members.push({ name: left.text, kind: 'attribute', text: statement.text, lines: trimBlank(chunk) });
    } else if (statement.type === 'function_definition') {
      members.push({ name: statement.childForFieldName('name')!.text, kind: 'method', text: statement.text, lines: trimBlank(chunk) });
    } else {
      members.push({ name: '', kind: 'attribute', text: statement.text, lines: [] });
    }
  });
  const other = members.find((member) => member.name === '');
  if (other) return `\`${name}\` holds \`${other.text.split('\n')[0]}\`, which is neither an attribute nor a method`;
  return { docstring, members };
}

function trimBlank(chunk: readonly string[]): string[] {
  const kept = [...chunk];
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  return kept;
}

/**
 * The viewset's members: the list view's, then those only the detail view has; `http_method_names`
 * is left to the caller. Refused when a member differs, or only one view has a member the other's
 * routes would now read.
 */
export function mergeMembers(listName: string, list: ClassBody, detailName: string, detail: ClassBody): ClassMember[] | string {
  for (const [owner, body] of [[listName, list], [detailName, detail]] as const) {
    const handler = body.members.find((member) => member.kind === 'method' && HANDLERS.has(member.name));
    if (handler) return `\`${owner}\` defines \`${handler.name}\`; a viewset routes each method to an action, not to \`${handler.name}\``;
    const twice = body.members.find((member, index) => body.members.findIndex((other) => other.name === member.name) !== index);
    if (twice) return `\`${owner}\` binds \`${twice.name}\` twice`;
  }
  const merged: ClassMember[] = [];
  const byName = (body: ClassBody, name: string) => body.members.find((member) => member.name === name);
  for (const member of list.members) {
    if (member.name === 'http_method_names') continue;
    const other = byName(detail, member.name);
    if (other && normalized(other.text) !== normalized(member.text)) return `\`${listName}\` and \`${detailName}\` set \`${member.name}\` differently; one viewset has one`;
    if (!other && !LIST_ONLY.has(member.name)) return `only \`${listName}\` sets \`${member.name}\`, which \`${detailName}\`'s routes would now use`;
    merged.push(member);
  }
  for (const member of detail.members) {
    if (member.name === 'http_method_names' || byName(list, member.name)) continue;
    if (!DETAIL_ONLY.has(member.name)) return `only \`${detailName}\` sets \`${member.name}\`, which \`${listName}\`'s routes would now use`;
    merged.push(member);
  }
  // Attributes first, then methods, each in the order met.
  return [...merged.filter((member) => member.kind === 'attribute'), ...merged.filter((member) => member.kind === 'method')];
}

function normalized(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** The strings of a `http_method_names = [...]` member, or undefined when it is not a list of literals. */
export function methodNamesOf(member: ClassMember | undefined): string[] | undefined | 'unknown' {
  if (!member) return undefined;
  const value = /=\s*[[(]([^\])]*)[\])]\s*$/s.exec(member.text)?.[1];
  if (value === undefined) return 'unknown';
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  const names = items.map((item) => /^["'](\w+)["']$/.exec(item)?.[1]);
  return names.every((name): name is string => name !== undefined) ? names : 'unknown';
}
