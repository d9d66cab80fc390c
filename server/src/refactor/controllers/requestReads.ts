/**
 * A block of a view's logic often reads one value of the request in passing (a query parameter,
 * the user, a URL keyword). The view reads it just before the block, and the controller takes
 * the plain value instead of the request:
 *
 *     def post(self, request):                     def post(self, request):
 *         for tag in tags:                             user = request.user
 *             if tag.owner != request.user:            for tag in tags:
 *                 ...                      →               if tag.owner != user:
 *                                                              ...
 *
 * Only reads that give the same value wherever they are evaluated are taken out of the block: a
 * field of the request Django always sets (`method`, `path`, `GET`, `COOKIES`, `META`,
 * `headers`, and on a class-based view `self.kwargs`, `self.args`), or `.get(…)`/`.getlist(…)` of
 * one with constant arguments. `user`, `session`, `POST` and `FILES` load something when first
 * read (the session marks the response `Vary: Cookie`, reading POST forbids reading the body),
 * so they are taken out only when the block reads them unconditionally. A block that uses the
 * request any other way (passes it, calls its methods, writes to it, reads it in a nested
 * function or a lazy generator) stays in the view, as does a one-line statement: reading the
 * request is the view's job. Such a statement that only names a value of the request
 * (`search = request.GET.get("search", "")`) amid the block is made before it instead, when the
 * lines it then comes before neither read nor write that name.
 */
import type { Node } from 'web-tree-sitter';
import { freeName } from '../../core/features/featureNaming';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';

/** One read of the request, on one line: its text and where it is. */
export interface RequestRead {
  readonly text: string;
  readonly row: number;
  readonly column: number;
  /** The names its value may take, preferred first (`email`, `post_email` for `request.POST.get("email")`). */
  readonly names: readonly string[];
  /** Whether its first read loads something (`user`, `session`, `POST`, `FILES`). */
  readonly loading: boolean;
}

/** Fields of a request that hold a mapping: read through `.get`/`.getlist` with constant arguments. */
const MAPPINGS = new Set(['GET', 'POST', 'COOKIES', 'META', 'FILES', 'session', 'headers']);
/** Fields of a request read as a whole value. */
const VALUES = new Set(['user', 'method', 'path', 'path_info', 'scheme']);
/** Fields whose first read loads something, so moving it before a condition would change what happens. */
const LOADING = new Set(['user', 'session', 'POST', 'FILES']);
/** What `self` of a class-based view holds that is a plain value (set by `View.setup`). */
const SELF_VALUES = new Set(['kwargs', 'args']);
const LITERALS = new Set(['string', 'integer', 'float', 'true', 'false', 'none']);
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'generator_expression']);
const STORES: Readonly<Record<string, string>> = { assignment: 'left', augmented_assignment: 'left', for_statement: 'left', for_in_clause: 'left' };
const KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally',
  'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return',
  'try', 'while', 'with', 'yield',
]);

/**
 * The reads of the request (and, in a method, of `self`) in a statement with a block, when every
 * use of them in it is such a read; undefined when the statement does view work.
 */
export function requestReadsIn(statement: Node, lines: readonly string[], requestName: string, isMethod: boolean): RequestRead[] | undefined {
  const reads: RequestRead[] = [];
  for (const identifier of statement.descendantsOfType('identifier')) {
    if (identifier.text !== requestName && !(isMethod && identifier.text === 'self')) continue;
    if (!isName(identifier)) continue;
    const read = readAt(identifier, requestName, statement);
    if (!read) return undefined;
    const { row, column } = read.node.startPosition;
    // Columns are checked against the line's text, so the edit replaces exactly the read.
    if (read.node.endPosition.row !== row || lines[row]?.slice(column, column + read.node.text.length) !== read.node.text) return undefined;
    reads.push({ text: read.node.text, row, column, names: read.names, loading: read.loading });
  }
  return reads;
}

/** Whether an identifier names a variable (not an attribute, nor a keyword argument's name). */
export function isName(identifier: Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return false;
  return !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id);
}

/** The whole read starting at the request (or `self`), and the name of its value; undefined when it is another use. */
function readAt(identifier: Node, requestName: string, statement: Node): { node: Node; names: string[]; loading: boolean } | undefined {
  let node = identifier;
  let field: string | undefined;
  if (identifier.text === 'self' && identifier.text !== requestName) {
    const attribute = memberOf(node);
    if (!attribute) return undefined;
    if (SELF_VALUES.has(attribute.name)) field = attribute.name;
    else if (attribute.name !== 'request') return undefined;
    node = attribute.node;
  }
  if (field === undefined) {
    const attribute = memberOf(node);
    if (!attribute || !(MAPPINGS.has(attribute.name) || VALUES.has(attribute.name))) return undefined;
    field = attribute.name;
    node = attribute.node;
  }
  let key: string | undefined;
  const method = memberOf(node);
  const call = method?.node.parent;
  if (method && (method.name === 'get' || method.name === 'getlist') && call?.type === 'call' && call.childForFieldName('function')?.id === method.node.id) {
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (!args.every((arg) => isConstant(arg, statement))) return undefined;
    key = args[0]?.type === 'string' ? stringValue(args[0]) : undefined;
    node = call;
  } else if (!VALUES.has(field) && !SELF_VALUES.has(field)) {
    return undefined;
  }
  if (!inPlace(node, statement, LOADING.has(field))) return undefined;
  return { node, names: valueNames(field, key), loading: LOADING.has(field) };
}

/**
 * A constant argument: a literal, or in a one-line statement (evaluated once wherever it runs)
 * an empty `[]` or `{}` default; in a block a loop could share one list where each pass made its own.
 */
function isConstant(arg: Node, statement: Node): boolean {
  if (LITERALS.has(arg.type)) return arg.descendantsOfType('interpolation').length === 0;
  return (arg.type === 'list' || arg.type === 'dictionary') && arg.namedChildCount === 0 && statement.type === 'expression_statement';
}

/** The attribute `node.name` read on a node, if any. */
function memberOf(node: Node): { node: Node; name: string } | undefined {
  const parent = node.parent;
  if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== node.id) return undefined;
  return { node: parent, name: parent.childForFieldName('attribute')!.text };
}

/**
 * Whether the read can be made before the statement: it is not written to, not inside a nested
 * scope or a lazy generator, and (for a `loading` field) evaluated whenever the statement runs.
 */
function inPlace(read: Node, statement: Node, loading: boolean): boolean {
  for (let child = read, parent = read.parent; parent && child.id !== statement.id; child = parent, parent = parent.parent) {
    if (SCOPES.has(parent.type) || parent.type === 'delete_statement') return false;
    const store = STORES[parent.type];
    if (store && parent.childForFieldName(store)?.id === child.id) return false;
    if (loading && conditional(parent, child)) return false;
  }
  return true;
}

/** Whether `child` of `parent` runs only on some paths of the statement. */
function conditional(parent: Node, child: Node): boolean {
  switch (parent.type) {
    case 'if_statement':
    case 'while_statement':
      return parent.childForFieldName('condition')?.id !== child.id;
    case 'for_statement':
      return parent.childForFieldName('right')?.id !== child.id;
    case 'boolean_operator':
      return parent.childForFieldName('right')?.id === child.id;
    case 'conditional_expression':
      return parent.namedChildren[1]?.id !== child.id;
    case 'try_statement':
      return child.type !== 'block' && child.type !== 'finally_clause';
    case 'elif_clause':
    case 'else_clause':
    case 'except_clause':
    case 'except_group_clause':
    case 'match_statement':
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
      return true;
    default:
      return false;
  }
}

function stringValue(literal: Node): string | undefined {
  const content = literal.namedChildren.filter((part) => part.type === 'string_content');
  return content.length === 1 && literal.namedChildren.every((part) => part.type !== 'escape_sequence') ? content[0].text : undefined;
}

/**
 * The names a read's value may take, preferred first: `request.POST.get("email")` → email, then
 * post_email; `request.META.get("HTTP_REFERER")` → http_referer; `request.path` → path, then
 * request_path; `self.kwargs` → url_kwargs. Never a builtin's or a keyword's.
 */
function valueNames(field: string, key: string | undefined): string[] {
  if (SELF_VALUES.has(field) && key === undefined) return [`url_${field}`];
  const prefix = key === undefined ? 'request' : field.toLowerCase();
  const word = key !== undefined && /^[A-Za-z_][\w-]*$/.test(key) ? key.replace(/-/g, '_').toLowerCase() : key === undefined ? field.toLowerCase() : 'value';
  return [word, `${prefix}_${word}`].filter((name) => !PYTHON_BUILTINS.has(name) && !KEYWORDS.has(name));
}

/** One variable per distinct read, named after its value and free in the view. */
export function namedReads(reads: readonly RequestRead[], taken: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set(taken);
  for (const read of reads) {
    if (names.has(read.text)) continue;
    const name = read.names.find((candidate) => !used.has(candidate)) ?? freeName(read.names[read.names.length - 1], used);
    used.add(name);
    names.set(read.text, name);
  }
  return names;
}

/** Builtins that turn a read of the request into a collection without raising or running project code. */
const COLLECTIONS = new Set(['set', 'list', 'tuple', 'frozenset', 'bool']);

/**
 * The name a one-line statement binds when all it does is name one read of the request
 * (`search = request.GET.get("search", "")`, `tags = set(request.GET.getlist("tag"))`); such a
 * statement can run earlier. `shadowed`: names of the module and the view, which may rebind a builtin.
 */
export function readStatementTarget(statement: Node, reads: readonly RequestRead[], shadowed: ReadonlySet<string>): string | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  const left = assignment?.type === 'assignment' && !assignment.childForFieldName('type') ? assignment.childForFieldName('left') : undefined;
  let value = assignment?.childForFieldName('right');
  // A read that loads something is not made earlier than the view made it.
  if (left?.type !== 'identifier' || !value || reads.length !== 1 || reads[0].loading) return undefined;
  const callee = value.type === 'call' ? value.childForFieldName('function') : undefined;
  const args = value.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee?.type === 'identifier' && COLLECTIONS.has(callee.text) && !shadowed.has(callee.text) && args.length === 1) value = args[0];
  const { row, column } = value.startPosition;
  return value.text === reads[0].text && row === reads[0].row && column === reads[0].column ? left.text : undefined;
}
