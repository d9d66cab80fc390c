/**
 * A syntax tree copied once out of WASM. Every property read on a web-tree-sitter node is a call
 * into WASM that allocates a new object; the fact extractors read each node many times (types,
 * fields, children, text), so on a Django-sized workspace they spent more time crossing into WASM
 * than working. One cursor walk copies what they read: type, flags, offsets and the field name of
 * each child. Text and positions come from the source, on demand.
 *
 * The copy is columns of typed arrays, one row per node, and a node object is made only when an
 * extractor first reaches it (then kept, so a node is one object however it is reached). An
 * object per node, made up front, was a third of a cold run's allocations on Django and lived
 * through each module's extraction: the worker's young-generation collections copied it over and
 * over. Most anonymous nodes (punctuation, keywords) are never asked for.
 */
import type { Node } from 'web-tree-sitter';
import type { Point, SyntaxNode } from './syntaxNode';
import { walkCursor } from './wasmCursor';
import { lineAndColumn, lineStartsOf } from './lineStarts';
import { partitionPoint } from '../model/sortedSearch';

const NAMED = 1;
const MISSING = 2;
/** The node is or holds an error or a missing node. */
const HAS_ERROR = 4;
const NONE = -1;

/** Copies the tree under `root`, parsed from `text`. The copy holds no WASM memory: the tree can be deleted. */
export function copyTree(root: Node, text: string): SyntaxNode {
  const { types, fields } = root.tree.language;
  const rows = new Rows(Math.max(64, text.length >> 2));
  // Each cursor call crosses into WASM (straight to the exports, wasmCursor.ts), the cost of the copy: whether a type is named is read
  // once per type, and only a zero-width node can be a missing one. (Offsets are read for every
  // node: a string's content, say, spans more than its children.)
  const namedByType = new Map<number, boolean>();
  const walked = root.walk();
  const cursor = walkCursor(walked);
  try {
    const copy = (parent: number, previous: number): number => {
      const typeId = cursor.nodeTypeId;
      let named = namedByType.get(typeId);
      if (named === undefined) namedByType.set(typeId, (named = cursor.nodeIsNamed));
      const start = cursor.startIndex;
      const end = cursor.endIndex;
      const flags = (named ? NAMED : 0) | (start === end && cursor.nodeIsMissing ? MISSING : 0);
      return rows.add(typeId, flags, cursor.currentFieldId, start, end, parent, previous);
    };
    let current = copy(NONE, NONE);
    for (;;) {
      if (cursor.gotoFirstChild()) {
        current = copy(current, NONE);
        continue;
      }
      for (;;) {
        rows.last[current] = rows.count - 1;
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent() || rows.parent[current] === NONE) return new CopiedTree(text, types, fields, rows).node(0);
        current = rows.parent[current];
      }
      current = copy(rows.parent[current], current);
    }
  } finally {
    cursor.done();
    walked.delete();
  }
}

/** The nodes' columns, by id: ids number the nodes in document order, from 0 at the root. */
class Rows {
  count = 0;
  typeId: Uint16Array;
  flags: Uint8Array;
  field: Uint16Array;
  start: Uint32Array;
  end: Uint32Array;
  parent: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** The id of the node's last descendant (its own when it has none): its descendants are the ids after its own up to this one. */
  last: Int32Array;

  constructor(capacity: number) {
    this.typeId = new Uint16Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.field = new Uint16Array(capacity);
    this.start = new Uint32Array(capacity);
    this.end = new Uint32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.firstChild = new Int32Array(capacity);
    this.nextSibling = new Int32Array(capacity);
    this.last = new Int32Array(capacity);
  }

  add(typeId: number, flags: number, field: number, start: number, end: number, parent: number, previous: number): number {
    if (this.count === this.typeId.length) this.grow();
    const id = this.count++;
    this.typeId[id] = typeId;
    this.flags[id] = flags;
    this.field[id] = field;
    this.start[id] = start;
    this.end[id] = end;
    this.parent[id] = parent;
    this.firstChild[id] = NONE;
    this.nextSibling[id] = NONE;
    if (previous !== NONE) this.nextSibling[previous] = id;
    else if (parent !== NONE) this.firstChild[parent] = id;
    return id;
  }

  private grow(): void {
    const size = this.count * 2;
    const grown = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(column: T, make: new (length: number) => T): T => {
      const copy = new make(size);
      copy.set(column);
      return copy;
    };
    this.typeId = grown(this.typeId, Uint16Array);
    this.flags = grown(this.flags, Uint8Array);
    this.field = grown(this.field, Uint16Array);
    this.start = grown(this.start, Uint32Array);
    this.end = grown(this.end, Uint32Array);
    this.parent = grown(this.parent, Int32Array);
    this.firstChild = grown(this.firstChild, Int32Array);
    this.nextSibling = grown(this.nextSibling, Int32Array);
    this.last = grown(this.last, Int32Array);
  }
}

/**
 * The copied tree: its rows, the source with its line starts (to turn offsets into rows and
 * columns as tree-sitter does: rows end at `\n`), the node objects made so far, and the nodes by
 * type. descendantsOfType is a range of the type's ids, not a walk (the extractors ask the module
 * for its imports, calls, subscripts… many times over).
 */
class CopiedTree {
  private readonly nodes: (CopiedNode | undefined)[];
  private readonly typeNames: string[];
  private readonly fieldIds = new Map<string, number>();
  private lineStarts: number[] | undefined;
  private byType: Map<string, number[]> | undefined;

  constructor(
    readonly text: string,
    types: readonly string[],
    fields: readonly (string | null)[],
    readonly rows: Rows,
  ) {
    this.nodes = new Array<CopiedNode | undefined>(rows.count);
    this.typeNames = types.map((type) => type || 'ERROR');
    fields.forEach((field, id) => field !== null && id > 0 && this.fieldIds.set(field, id));
    markErrors(rows, (id) => this.type(id) === 'ERROR');
  }

  node(id: number): CopiedNode {
    let node = this.nodes[id];
    if (node === undefined) this.nodes[id] = node = new CopiedNode(this, id);
    return node;
  }

  type(id: number): string {
    return this.typeNames[this.rows.typeId[id]] ?? 'ERROR';
  }

  /** The field id of `name`; undefined when the grammar has no such field. */
  fieldId(name: string): number | undefined {
    return this.fieldIds.get(name);
  }

  /** The ids of every node of `type`, in document order. */
  idsOfType(type: string): readonly number[] {
    this.byType ??= this.idsByType();
    return this.byType.get(type) ?? NO_IDS;
  }

  pointAt(index: number): Point {
    this.lineStarts ??= lineStartsOf(this.text);
    const { line, column } = lineAndColumn(this.lineStarts, index);
    return { row: line, column };
  }

  private idsByType(): Map<string, number[]> {
    const byType = new Map<string, number[]>();
    for (let id = 0; id < this.rows.count; id++) {
      const type = this.type(id);
      const ids = byType.get(type);
      if (ids) ids.push(id);
      else byType.set(type, [id]);
    }
    return byType;
  }
}

/** Sets HAS_ERROR on each node that is or holds an error or a missing node; children come after their parent. */
function markErrors(rows: Rows, isErrorType: (id: number) => boolean): void {
  for (let id = rows.count - 1; id >= 0; id--) {
    if (isErrorType(id) || (rows.flags[id] & (MISSING | HAS_ERROR)) !== 0) {
      rows.flags[id] |= HAS_ERROR;
      const parent = rows.parent[id];
      if (parent !== NONE) rows.flags[parent] |= HAS_ERROR;
    }
  }
}

/** The position of the first id in `ids` (ascending) that is at least `id`. */
function firstFrom(ids: readonly number[], id: number): number {
  return partitionPoint(ids.length, (i) => ids[i] < id);
}

const NO_IDS: readonly number[] = [];
const NO_NODES: readonly CopiedNode[] = [];

class CopiedNode implements SyntaxNode {
  private all: readonly CopiedNode[] | undefined;
  private named: readonly CopiedNode[] | undefined;

  constructor(
    private readonly tree: CopiedTree,
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.type(this.id);
  }
  get startIndex(): number {
    return this.tree.rows.start[this.id];
  }
  get endIndex(): number {
    return this.tree.rows.end[this.id];
  }
  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }
  get isNamed(): boolean {
    return (this.tree.rows.flags[this.id] & NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.tree.rows.flags[this.id] & MISSING) !== 0;
  }
  get isError(): boolean {
    return this.type === 'ERROR';
  }
  /** Whether this node is or holds an error or a missing node. */
  get hasError(): boolean {
    return (this.tree.rows.flags[this.id] & HAS_ERROR) !== 0;
  }
  get startPosition(): Point {
    return this.tree.pointAt(this.startIndex);
  }
  get endPosition(): Point {
    return this.tree.pointAt(this.endIndex);
  }
  get parent(): CopiedNode | null {
    const parent = this.tree.rows.parent[this.id];
    return parent === NONE ? null : this.tree.node(parent);
  }
  get children(): readonly CopiedNode[] {
    this.all ??= kept(this.childrenWhere(() => true));
    return this.all;
  }
  get namedChildren(): readonly CopiedNode[] {
    this.named ??= kept(this.childrenWhere((child) => (this.tree.rows.flags[child] & NAMED) !== 0));
    return this.named;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  get firstNamedChild(): CopiedNode | null {
    return this.namedChildren[0] ?? null;
  }
  get previousSibling(): CopiedNode | null {
    const { parent, firstChild, nextSibling } = this.tree.rows;
    if (parent[this.id] === NONE) return null;
    let previous = NONE;
    for (let child = firstChild[parent[this.id]]; child !== this.id; child = nextSibling[child]) previous = child;
    return previous === NONE ? null : this.tree.node(previous);
  }
  namedChild(index: number): CopiedNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(fieldName: string): CopiedNode | null {
    const field = this.tree.fieldId(fieldName);
    const { firstChild, nextSibling, field: fields } = this.tree.rows;
    if (field === undefined) return null;
    for (let child = firstChild[this.id]; child !== NONE; child = nextSibling[child]) {
      if (fields[child] === field) return this.tree.node(child);
    }
    return null;
  }
  childrenForFieldName(fieldName: string): CopiedNode[] {
    const field = this.tree.fieldId(fieldName);
    return field === undefined ? [] : this.childrenWhere((child) => this.tree.rows.field[child] === field);
  }
  descendantsOfType(types: string | string[]): CopiedNode[] {
    const wanted = new Set(typeof types === 'string' ? [types] : types);
    const last = this.tree.rows.last[this.id];
    const found: number[] = [];
    for (const type of wanted) {
      const ids = this.tree.idsOfType(type);
      for (let at = firstFrom(ids, this.id); at < ids.length && ids[at] <= last; at++) found.push(ids[at]);
    }
    if (wanted.size > 1) found.sort((a, b) => a - b);
    return found.map((id) => this.tree.node(id));
  }

  private childrenWhere(keep: (child: number) => boolean): CopiedNode[] {
    const { firstChild, nextSibling } = this.tree.rows;
    const found: CopiedNode[] = [];
    for (let child = firstChild[this.id]; child !== NONE; child = nextSibling[child]) if (keep(child)) found.push(this.tree.node(child));
    return found;
  }
}

/** `nodes` to keep on a node: one shared empty list for the many leaves. */
function kept(nodes: readonly CopiedNode[]): readonly CopiedNode[] {
  return nodes.length === 0 ? NO_NODES : nodes;
}
