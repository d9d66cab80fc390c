/**
 * The code a conversion to a generic view moves out of a handler into `get_queryset` or a
 * `perform_*` method, rewritten for its new place: there the request is `self.request`, a URL
 * argument `self.kwargs["pk"]`, the serializer `serializer` and the looked-up object `instance`.
 * Kept as text with the handler's locals it still reads (which the new method would not have).
 */
import type { SyntaxNode } from '../../parse/syntaxNode';

/** Statements (or an expression) rewritten for a generic view's method, dedented to column 0. */
export interface MovedCode {
  readonly text: string;
  /** Locals of the handler it reads that it does not bind itself: they do not exist in the new method. */
  readonly strandedLocals: readonly string[];
  /** It reads the request or a URL argument, or is more than a lazy queryset: it must run per request (`get_queryset`, not `queryset`). */
  readonly perRequest: boolean;
}

/** What the handler's names become in the generic view: `request`, URL arguments, the serializer and object variables. */
export interface Renames {
  readonly request: string;
  readonly urlArguments: readonly string[];
  readonly serializer?: string;
  /** The looked-up object's variable and what it becomes (`instance` in perform_destroy, `serializer.instance` in perform_update). */
  readonly object?: { readonly name: string; readonly as: string };
  /** Every name the handler binds (parameters included). */
  readonly locals: ReadonlySet<string>;
}

/** `nodes` (consecutive statements or one expression) rewritten with `renames`. */
export function movedCode(nodes: readonly SyntaxNode[], renames: Renames): MovedCode {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const source = rootOf(first).text;
  const startIndex = first.startIndex;
  const bound = new Set(nodes.flatMap(boundNames));
  const replacements: { start: number; end: number; text: string }[] = [];
  const stranded = new Set<string>();
  let perRequest = false;
  for (const node of nodes) {
    for (const identifier of node.descendantsOfType('identifier')) {
      if (!isRead(identifier)) continue;
      const name = identifier.text;
      const replacement = replacementOf(name, renames);
      if (replacement !== undefined) {
        if (name === renames.request || renames.urlArguments.includes(name)) perRequest = true;
        if (replacement !== name) replacements.push({ start: identifier.startIndex, end: identifier.endIndex, text: replacement });
      } else if (renames.locals.has(name) && !bound.has(name)) {
        stranded.add(name);
      }
    }
  }
  let text = source.slice(startIndex, last.endIndex);
  for (const { start, end, text: replacement } of replacements.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, start - startIndex) + replacement + text.slice(end - startIndex);
  }
  return { text: dedent(text, first.startPosition.column), strandedLocals: [...stranded], perRequest };
}

/** The module node above `node`: its text is what the tree's root spans. */
function rootOf(node: SyntaxNode): SyntaxNode {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

function replacementOf(name: string, renames: Renames): string | undefined {
  if (name === renames.request) return 'self.request';
  if (renames.urlArguments.includes(name)) return `self.kwargs[${JSON.stringify(name)}]`;
  if (name === renames.serializer) return 'serializer';
  if (name === renames.object?.name) return renames.object.as;
  return undefined;
}

/** An identifier read as a variable: not an attribute's name nor a keyword argument's. */
function isRead(identifier: SyntaxNode): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) return false;
  return true;
}

/** Names a statement binds: assignment targets, loop variables, `as` names. */
export function boundNames(statement: SyntaxNode): string[] {
  const names: string[] = [];
  const targets = [
    ...statement.descendantsOfType('assignment').map((a) => a.childForFieldName('left')),
    ...statement.descendantsOfType('augmented_assignment').map((a) => a.childForFieldName('left')),
    ...statement.descendantsOfType('for_statement').map((f) => f.childForFieldName('left')),
    ...statement.descendantsOfType('for_in_clause').map((f) => f.childForFieldName('left')),
    ...statement.descendantsOfType('as_pattern_target'),
    ...statement.descendantsOfType('named_expression').map((n) => n.childForFieldName('name')),
  ];
  if (statement.type === 'assignment' || statement.type === 'for_statement') targets.push(statement.childForFieldName('left'));
  for (const target of targets) {
    if (!target) continue;
    if (target.type === 'identifier') names.push(target.text);
    else for (const part of target.descendantsOfType('identifier')) if (isRead(part) && part.parent?.type !== 'attribute' && part.parent?.type !== 'subscript') names.push(part.text);
  }
  return names;
}

/** Removes `column` spaces of indentation from every line but the first (which starts at the node). */
function dedent(text: string, column: number): string {
  const indent = ' '.repeat(column);
  return text
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(indent) ? line.slice(column) : line))
    .join('\n');
}
