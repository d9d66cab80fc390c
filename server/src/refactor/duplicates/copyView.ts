/**
 * One copy of a duplicated block, seen three ways: its tokens (what the copies are aligned on),
 * its tree (which tokens make one expression a parameter can stand for, which attribute a name
 * belongs to) and its module's names (which differing names can be passed). Trees are parsed once
 * per file, in the caller's cache.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { ClonePlaceLines, ValueSlot } from './cloneDifferences';
import { isRead, translationCallOf } from './expressionSlots';
import { moduleNamesAt, type ScopeNames } from './nameSlots';
import type { Range, TokenCopy } from './tokenAlignment';

/** Nodes that are one expression a parameter can stand for. */
const EXPRESSIONS = new Set([
  'identifier', 'attribute', 'call', 'subscript', 'binary_operator', 'unary_operator', 'not_operator', 'boolean_operator', 'comparison_operator',
  'conditional_expression', 'parenthesized_expression', 'tuple', 'list', 'set', 'dictionary', 'list_comprehension', 'dictionary_comprehension',
  'set_comprehension', 'generator_expression', 'integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none', 'await',
]);

/** One copy, with its tree and scope when a difference needs them. */
export class CopyView {
  private offset: number;
  private names?: ScopeNames;

  constructor(
    private readonly parser: PythonParser,
    private readonly snapshot: WorkspaceSnapshot,
    readonly place: ClonePlaceLines,
    readonly copy: TokenCopy,
    private readonly trees: Map<string, Tree>,
  ) {
    const lines = (snapshot.read(place.file) ?? '').split('\n');
    this.offset = lines.slice(0, place.startLine).reduce((sum, line) => sum + line.length + 1, 0);
  }

  word(i: number): string {
    const token = this.copy.tokens[i];
    return token ? this.copy.text.slice(token.start, token.end) : '';
  }

  get scope(): ScopeNames {
    this.names ??= moduleNamesAt(this.parser, this.place.file, this.snapshot.read(this.place.file) ?? '', this.place.startLine);
    return this.names;
  }

  /** Where tokens `[from, to)` are, relative to the copy's first line. */
  position(from: number, to: number): { line: number; character: number; length: number } {
    const start = this.copy.tokens[from].start;
    const before = this.copy.text.slice(0, start);
    const line = (before.match(/\n/g) ?? []).length;
    return { line, character: start - (before.lastIndexOf('\n') + 1), length: this.copy.tokens[to - 1].end - start };
  }

  /** The smallest expression holding tokens `[from, to)`, and the tokens it spans; undefined when none lies within the copy. */
  expressionAt(from: number, to: number): { node: Node; range: Range } | undefined {
    let node: Node | null = this.nodeSpanning(this.offset + this.copy.tokens[from].start, this.offset + this.copy.tokens[to - 1].end);
    // One string of `"a" "b"` is no expression of its own, nor is the name of an attribute.
    const part = (n: Node) => (n.type === 'string' && n.parent?.type === 'concatenated_string') || (n.parent?.type === 'attribute' && n.parent.childForFieldName('attribute')?.id === n.id);
    while (node && (!EXPRESSIONS.has(node.type) || part(node))) node = node.parent;
    // The function a call calls is passed with its call (`lambda: request.get_full_path()`, not `get_path()()`); a string marked for translation too.
    while (node?.parent?.type === 'call' && node.parent.childForFieldName('function')?.id === node.id) node = node.parent;
    node = (node && translationCallOf(node)) ?? node;
    if (!node) return undefined;
    const first = this.copy.tokens.findIndex((token) => this.offset + token.start >= node!.startIndex);
    let last = this.copy.tokens.length - 1;
    while (last >= 0 && this.offset + this.copy.tokens[last].end > node.endIndex) last--;
    if (first < 0 || this.offset + this.copy.tokens[first].start !== node.startIndex || this.offset + this.copy.tokens[last].end !== node.endIndex) return undefined;
    return { node, range: [first, last + 1] };
  }

  /** Whether token `i` alone is the expression a parameter would stand for (not `"Saved"` of `_("Saved")`). */
  isOwnExpression(i: number): boolean {
    const found = this.expressionAt(i, i + 1);
    return found !== undefined && found.range[0] === i && found.range[1] === i + 1;
  }

  /** The attribute read (`order.status`) whose name is token `i`, if it is one on one line whose object is plain to repeat. */
  attributeOf(i: number): { node: Node; range: Range; object: string } | undefined {
    const token = this.copy.tokens[i];
    const name = token && this.nodeSpanning(this.offset + token.start, this.offset + token.end);
    const attribute = name?.parent;
    const object = attribute?.childForFieldName('object');
    if (!name || attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== name.id || !object) return undefined;
    // `self.__secret` is mangled to `_Class__secret` by the compiler; `getattr` would not mangle it.
    if (/^__.*[^_]$|^__.*[^_]_$/.test(name.text) || !isRead(attribute) || attribute.startPosition.row !== attribute.endPosition.row) return undefined;
    const whole = this.expressionAt(this.tokenAt(attribute.startIndex), i + 1);
    return whole && whole.node.id === attribute.id ? { node: attribute, range: whole.range, object: object.text } : undefined;
  }

  /** The attribute read whose name is token `i`, as a slot reading it with `getattr(object, name)`. */
  attributeRead(i: number, name: string): ValueSlot['at'][number] {
    const read = this.attributeOf(i)!;
    return { ...this.position(read.range[0], read.range[1]), replacement: `getattr(${read.object}, ${name})`, argument: quoted(this.word(i), this.copy.text) };
  }

  /** The smallest node holding `[start, end)`. */
  private nodeSpanning(start: number, end: number): Node | null {
    let node: Node | null = this.root.descendantForIndex(start, end);
    while (node && (node.startIndex > start || node.endIndex < end)) node = node.parent;
    return node;
  }

  private tokenAt(index: number): number {
    return this.copy.tokens.findIndex((token) => this.offset + token.start >= index);
  }

  /** The statements of the copy. */
  statements(): Node[] {
    const first = this.root.descendantForIndex(this.offset + this.copy.tokens[0].start);
    let statement: Node | null = first;
    while (statement?.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module') statement = statement.parent;
    const siblings = statement?.parent?.namedChildren ?? [];
    const end = this.offset + this.copy.tokens[this.copy.tokens.length - 1].end;
    return siblings.filter((node) => node.startIndex >= statement!.startIndex && node.endIndex <= end && node.type !== 'comment');
  }

  private get root(): Node {
    let tree = this.trees.get(this.place.file);
    if (!tree) this.trees.set(this.place.file, (tree = this.parser.parse(this.snapshot.read(this.place.file) ?? '')));
    return tree.rootNode;
  }
}

/** The attribute's name as a string literal, in the quotes the copy uses most. */
function quoted(name: string, text: string): string {
  return (text.match(/"/g) ?? []).length > (text.match(/'/g) ?? []).length ? `"${name}"` : `'${name}'`;
}

