/**
 * A syntax tree copied once into plain JS objects. Every property read on a web-tree-sitter node
 * is a call into WASM that allocates a new object; the fact extractors read each node many times
 * (types, fields, children, text), so on a Django-sized workspace they spent more time crossing
 * into WASM than working. One cursor walk copies what they read: type, flags, offsets and the
 * field name of each child. Text and positions come from the source, on demand.
 */
import type { Node } from 'web-tree-sitter';
import type { Point, SyntaxNode } from './syntaxNode';
import { walkCursor } from './wasmCursor';
import { lineAndColumn, lineStartsOf } from './lineStarts';

/** Copies the tree under `root`, parsed from `text`. The copy holds no WASM memory: the tree can be deleted. */
export function copyTree(root: Node, text: string): SyntaxNode {
  const source = new SourceText(text);
  const { types, fields } = root.tree.language;
  // Each cursor call crosses into WASM (straight to the exports, wasmCursor.ts), the cost of the copy: whether a type is named is read
  // once per type, and only a zero-width node can be a missing one. (Offsets are read for every
  // node: a string's content, say, spans more than its children.)
  const namedByType = new Map<number, boolean>();
  const walked = root.walk();
  const cursor = walkCursor(walked);
  try {
    let ids = 0;
    const copy = (parent: CopiedNode | null): CopiedNode => {
      const typeId = cursor.nodeTypeId;
      let named = namedByType.get(typeId);
      if (named === undefined) namedByType.set(typeId, (named = cursor.nodeIsNamed));
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const flags = (named ? NAMED : 0) | (start === end && cursor.nodeIsMissing ? MISSING : 0);
      const node = new CopiedNode(source, ids++, parent, types[typeId] || 'ERROR', start, end, flags, fields[cursor.currentFieldId] ?? null);
      parent?.add(node);
      return node;
    };
    const top = copy(null);
    source.root = top;
    let current = top;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = copy(current);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || current.parent === null) return top;
        current = current.parent;
      }
      current = copy(current.parent);
    }
  } finally {
    cursor.done();
    walked.delete();
  }
}

const NAMED = 1;
const MISSING = 2;

/**
 * What the nodes of one copy share: the source with its line starts, to turn offsets into rows and
 * columns as tree-sitter does (rows end at `\n`), and the nodes by type. Ids number the nodes in
 * document order, so a node's descendants are the ids from its own to its last descendant's:
 * descendantsOfType is a range of the type's list, not a walk (the extractors ask the module for
 * its imports, calls, subscripts… many times over).
 */
class SourceText {
  private lineStarts: number[] | undefined;
  private byType: Map<string, CopiedNode[]> | undefined;
  root: CopiedNode | undefined;

  constructor(readonly text: string) {}

  /** Every node of `type`, in document order. */
  ofType(type: string): readonly CopiedNode[] {
    this.byType ??= nodesByType(this.root!);
    return this.byType.get(type) ?? NONE;
  }

  pointAt(index: number): Point {
    this.lineStarts ??= lineStartsOf(this.text);
    const { line, column } = lineAndColumn(this.lineStarts, index);
    return { row: line, column };
  }
}

function nodesByType(root: CopiedNode): Map<string, CopiedNode[]> {
  const byType = new Map<string, CopiedNode[]>();
  const stack = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const nodes = byType.get(node.type);
    if (nodes) nodes.push(node);
    else byType.set(node.type, [node]);
    for (let at = node.children.length - 1; at >= 0; at--) stack.push(node.children[at]);
  }
  return byType;
}

/** The position of the first node in `nodes` (by id) whose id is at least `id`. */
function firstFrom(nodes: readonly CopiedNode[], id: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (nodes[middle].id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

const NONE: readonly CopiedNode[] = [];

class CopiedNode implements SyntaxNode {
  private all: CopiedNode[] | undefined;
  private named: readonly CopiedNode[] | undefined;
  private index = 0;
  private error: boolean | undefined;
  private last: number | undefined;

  constructor(
    private readonly source: SourceText,
    readonly id: number,
    readonly parent: CopiedNode | null,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly flags: number,
    /** The field this node fills in its parent (`name`, `body`…), if any. */
    readonly field: string | null,
  ) {}

  add(child: CopiedNode): void {
    this.all ??= [];
    child.index = this.all.length;
    this.all.push(child);
  }

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }
  get isNamed(): boolean {
    return (this.flags & NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.flags & MISSING) !== 0;
  }
  get isError(): boolean {
    return this.type === 'ERROR';
  }
  /** Whether this node is or holds an error or a missing node. */
  get hasError(): boolean {
    this.error ??= this.isError || this.isMissing || this.children.some((child) => child.hasError);
    return this.error;
  }
  get startPosition(): Point {
    return this.source.pointAt(this.startIndex);
  }
  get endPosition(): Point {
    return this.source.pointAt(this.endIndex);
  }
  get children(): readonly CopiedNode[] {
    return this.all ?? NONE;
  }
  get namedChildren(): readonly CopiedNode[] {
    this.named ??= this.children.filter((child) => child.isNamed);
    return this.named;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstNamedChild(): CopiedNode | null {
    return this.namedChildren[0] ?? null;
  }
  get previousSibling(): CopiedNode | null {
    return this.parent?.children[this.index - 1] ?? null;
  }
  namedChild(index: number): CopiedNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(fieldName: string): CopiedNode | null {
    return this.children.find((child) => child.field === fieldName) ?? null;
  }
  childrenForFieldName(fieldName: string): CopiedNode[] {
    return this.children.filter((child) => child.field === fieldName);
  }
  descendantsOfType(types: string | string[]): CopiedNode[] {
    const wanted = new Set(typeof types === 'string' ? [types] : types);
    const last = this.lastDescendantId;
    const found: CopiedNode[] = [];
    for (const type of wanted) {
      const nodes = this.source.ofType(type);
      for (let at = firstFrom(nodes, this.id); at < nodes.length && nodes[at].id <= last; at++) found.push(nodes[at]);
    }
    return wanted.size > 1 ? found.sort((a, b) => a.id - b.id) : found;
  }

  private get lastDescendantId(): number {
    const children = this.children;
    this.last ??= children.length === 0 ? this.id : children[children.length - 1].lastDescendantId;
    return this.last;
  }
}
