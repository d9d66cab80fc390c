/**
 * A block inside a method that only reads attributes of `self` can still be shared: each
 * `self.x` it reads becomes a parameter, the method passing `self.x` itself.
 *
 *     def get_redirect_url(self, url):               def build_params(consumer_key, scope, url):
 *         params = {"id": self.consumer_key,             params = {"id": consumer_key,
 *                   "scope": self.scope,                           "scope": scope,
 *                   "uri": url}                                    "uri": url}
 *         …                                              …
 *
 * The value is then read when the function is called instead of where the block read it, so it
 * must be the same value: the block never assigns or deletes through `self`, never calls its
 * methods or passes `self` itself, reads each attribute first where it always runs (not in a
 * branch: an attribute that may be missing there stays unread), and reads none after a call
 * completes (which might change it).
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { WorkspaceSnapshot } from '../domainEdit';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';
import { where, type ClonePlaceLines, type ValueSlot } from './cloneDifferences';

const DEFERRED = new Set(['lambda', 'function_definition', 'class_definition', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Expressions that may skip their later parts. */
const SHORT_CIRCUITS = new Set(['conditional_expression', 'boolean_operator']);
const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

/**
 * One value slot per `receiver.attribute` read of the copies (several may share a name: one
 * parameter per attribute), named apart from the block's variables and `otherValues`, or why
 * the block cannot take them as values.
 */
export function selfAttributeSlots(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], receiver: string, otherValues: readonly string[]): ValueSlot[] | string {
  const perCopy: { attribute: string; line: number; character: number; length: number }[][] = [];
  let taken = new Set<string>();
  for (const place of places) {
    const text = snapshot.read(place.file) ?? '';
    const tree = parser.parse(text);
    try {
      const statements = runStatements(tree.rootNode, text, place);
      const reads = attributeReads(statements, receiver);
      if (typeof reads === 'string') return `${where(place)}: ${reads}`;
      perCopy.push(reads.map((node) => ({ attribute: node.childForFieldName('attribute')!.text, line: node.startPosition.row - place.startLine, character: node.startPosition.column, length: node.endIndex - node.startIndex })));
      if (perCopy.length === 1) taken = new Set([...variablesIn(statements), ...otherValues]);
    } finally {
      tree.delete();
    }
  }
  const attributes = perCopy[0].map((read) => read.attribute);
  if (perCopy.some((reads) => reads.length !== attributes.length || reads.some((read, i) => read.attribute !== attributes[i]))) {
    return `${where(places[0])}: the copies read other attributes of \`${receiver}\``;
  }
  const names = new Map<string, string>();
  for (const attribute of attributes) {
    if (names.has(attribute)) continue;
    const bare = attribute.replace(/^_+/, '') || 'value';
    // A class constant (`self.URL`) is a parameter like any other: lower case (PEP 8), `self_url` when `url` is taken.
    const plain = /^[A-Z0-9_]+$/.test(bare) ? bare.toLowerCase() : bare;
    let name = /^[A-Z0-9_]+$/.test(bare) && taken.has(plain) ? `self_${plain}` : plain;
    for (let n = 2; taken.has(name) || PYTHON_BUILTINS.has(name) || KEYWORDS.has(name); n++) name = `${plain}_${n}`;
    taken.add(name);
    names.set(attribute, name);
  }
  return attributes.map((attribute, i) => ({ name: names.get(attribute)!, at: perCopy.map((reads) => reads[i]) }));
}

/** The statements of the copy's run: those of its block within its lines. */
function runStatements(root: Node, text: string, place: ClonePlaceLines): Node[] {
  const column = /^\s*/.exec(text.split('\n')[place.startLine] ?? '')![0].length;
  let node: Node | null = root.namedDescendantForPosition({ row: place.startLine, column });
  while (node && !(node.parent?.type === 'block' && node.startPosition.row === place.startLine)) node = node.parent;
  const block = node?.parent;
  return block ? block.namedChildren.filter((s) => s.type !== 'comment' && s.startPosition.row >= place.startLine && s.endPosition.row <= place.endLine) : [];
}

/** The `receiver.x` reads of the statements, in order, or why they cannot become values. */
function attributeReads(statements: readonly Node[], receiver: string): Node[] | string {
  const reads: Node[] = [];
  const calls = statements.flatMap((statement) => statement.descendantsOfType('call'));
  const seen = new Set<string>();
  for (const identifier of statements.flatMap((statement) => statement.descendantsOfType('identifier'))) {
    if (identifier.text !== receiver || isAttributeName(identifier)) continue;
    const line = `line ${identifier.startPosition.row + 1}`;
    const attribute = identifier.parent;
    if (attribute?.type !== 'attribute' || !attribute.childForFieldName('object')?.equals(identifier)) return `the block uses \`${receiver}\` itself (${line})`;
    const name = attribute.childForFieldName('attribute')!.text;
    const parent = attribute.parent;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.equals(attribute)) return `the block calls \`${receiver}.${name}()\` (${line})`;
    if (isWritten(attribute)) return `the block assigns through \`${receiver}\` (${line})`;
    const afterCall = calls.find((call) => call.endIndex <= attribute.startIndex);
    if (afterCall) return `the block reads \`${receiver}.${name}\` after a call (line ${afterCall.startPosition.row + 1}) that may change it (${line})`;
    if (!seen.has(name) && mayNotRun(attribute, statements)) return `the block reads \`${receiver}.${name}\` first where it may not run (${line})`;
    seen.add(name);
    reads.push(attribute);
  }
  return reads;
}

function isAttributeName(identifier: Node): boolean {
  const parent = identifier.parent;
  return (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(identifier)) || (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(identifier)) || false;
}

/** Inside the target of an assignment, `del`, a loop or a `with … as`: written, or read after the value. */
function isWritten(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type) && parent.childForFieldName('left')?.equals(child)) return true;
    if (parent.type === 'delete_statement' || parent.type === 'as_pattern_target' || parent.type === 'named_expression') return true;
    if (parent.type === 'block') return false;
  }
  return false;
}

/** Inside a branch, loop body, short-circuited operand or deferred scope of the statements. */
function mayNotRun(node: Node, statements: readonly Node[]): boolean {
  for (let child = node, parent = node.parent; parent && !statements.some((s) => s.equals(child)); child = parent, parent = parent.parent) {
    if (DEFERRED.has(parent.type) || parent.type === 'block' || parent.type.endsWith('_clause')) return true;
    // `a if cond else b` evaluates `cond` first; `a or b`, `a`.
    const first = parent.type === 'conditional_expression' ? parent.namedChildren[1] : parent.namedChildren[0];
    if (SHORT_CIRCUITS.has(parent.type) && !first?.equals(child)) return true;
  }
  return false;
}

/** Names the statements use as variables, which a new parameter must not take. */
function variablesIn(statements: readonly Node[]): Set<string> {
  return new Set(statements.flatMap((statement) => statement.descendantsOfType('identifier')).filter((identifier) => !isAttributeName(identifier)).map((identifier) => identifier.text));
}
