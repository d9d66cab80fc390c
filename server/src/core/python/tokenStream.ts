/**
 * The tokens of a module as clone detection sees them: for each token its shape (identifiers and
 * literals folded to one value each, so renamed copies look alike), a hash of its exact text, and
 * where it is. Stored in typed arrays because the whole workspace's tokens stay in memory.
 */

/**
 * A token's lines or columns: 16 bits each when all of a module's fit (any module under 65,536
 * lines none of which is that long), 32 otherwise. A third less memory per token than 32 bits
 * throughout; the shapes and text hashes need their 32.
 */
export type Positions = Uint16Array | Int32Array;

/** Shape of every renamable identifier. */
export const IDENTIFIER_SHAPE = 1;
/** Shape of every literal (string, number). */
export const LITERAL_SHAPE = 2;
/** A token no clone may span: import statements, silenced code, the gap they leave. */
export const BREAK_SHAPE = -1;

/** Bits of `boundaries`: the token opens a statement, or closes one. */
export const STATEMENT_START = 1;
export const STATEMENT_END = 2;

export interface TokenStream {
  readonly length: number;
  readonly shapes: Int32Array;
  readonly exact: Int32Array;
  readonly startLines: Positions;
  readonly startColumns: Positions;
  readonly endLines: Positions;
  readonly endColumns: Positions;
  /** STATEMENT_START / STATEMENT_END bits, so clones can be trimmed to whole statements. */
  readonly boundaries: Uint8Array;
}

/** Appends tokens into growable typed arrays. */
export class TokenStreamBuilder {
  private size = 0;
  private capacity: number;
  private shapes: Int32Array;
  private exact: Int32Array;
  private startLines: Int32Array;
  private startColumns: Int32Array;
  private endLines: Int32Array;
  private endColumns: Int32Array;
  private boundaries: Uint8Array;

  constructor(expected = 1024) {
    this.capacity = Math.max(16, expected);
    this.shapes = new Int32Array(this.capacity);
    this.exact = new Int32Array(this.capacity);
    this.startLines = new Int32Array(this.capacity);
    this.startColumns = new Int32Array(this.capacity);
    this.endLines = new Int32Array(this.capacity);
    this.endColumns = new Int32Array(this.capacity);
    this.boundaries = new Uint8Array(this.capacity);
  }

  get length(): number {
    return this.size;
  }

  push(shape: number, exact: number, startLine: number, startColumn: number, endLine: number, endColumn: number, opensStatement: boolean): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    this.boundaries[i] = opensStatement ? STATEMENT_START : 0;
    this.shapes[i] = shape;
    this.exact[i] = exact;
    this.startLines[i] = startLine;
    this.startColumns[i] = startColumn;
    this.endLines[i] = endLine;
    this.endColumns[i] = endColumn;
  }

  /** Appends tokens `[from, to)` of `stream`, moved down `lines` lines (an earlier scan's, where the text is unchanged). */
  copy(stream: TokenStream, from: number, to: number, lines: number): void {
    while (this.size + to - from > this.capacity) this.grow();
    const at = this.size;
    for (const key of ['shapes', 'exact', 'startColumns', 'endColumns', 'boundaries'] as const) this[key].set(stream[key].subarray(from, to), at);
    for (const key of ['startLines', 'endLines'] as const) {
      const target = this[key];
      const source = stream[key];
      for (let k = from; k < to; k++) target[at + k - from] = source[k] + lines;
    }
    this.size += to - from;
  }

  /** Marks the last token pushed as the end of a statement. */
  closeStatement(): void {
    if (this.size > 0) this.boundaries[this.size - 1] |= STATEMENT_END;
  }

  /** Turns the tokens on `[firstLine, lastLine]` into breaks, so no clone includes them. */
  breakLines(firstLine: number, lastLine: number): void {
    for (let i = 0; i < this.size; i++) {
      if (this.startLines[i] >= firstLine && this.startLines[i] <= lastLine) this.shapes[i] = BREAK_SHAPE;
    }
  }

  build(): TokenStream {
    const n = this.size;
    const positions = [this.startLines, this.startColumns, this.endLines, this.endColumns].map((array) => array.subarray(0, n));
    const narrow = positions.every(fitsSixteenBits);
    const [startLines, startColumns, endLines, endColumns] = positions.map((array) => (narrow ? new Uint16Array(array) : array.slice()));
    return { length: n, shapes: this.shapes.slice(0, n), exact: this.exact.slice(0, n), startLines, startColumns, endLines, endColumns, boundaries: this.boundaries.slice(0, n) };
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = (old: Int32Array) => {
      const next = new Int32Array(this.capacity);
      next.set(old);
      return next;
    };
    this.shapes = grown(this.shapes);
    this.exact = grown(this.exact);
    this.startLines = grown(this.startLines);
    this.startColumns = grown(this.startColumns);
    this.endLines = grown(this.endLines);
    this.endColumns = grown(this.endColumns);
    const boundaries = new Uint8Array(this.capacity);
    boundaries.set(this.boundaries);
    this.boundaries = boundaries;
  }
}

function fitsSixteenBits(values: Int32Array): boolean {
  for (let i = 0; i < values.length; i++) if ((values[i] & 0xffff) !== values[i]) return false;
  return true;
}

/** Whether all of `tokens`' lines and columns are 16-bit (see Positions), as TokenStreamBuilder makes them when they fit. */
export function narrowPositions(tokens: TokenStream): boolean {
  return [tokens.startLines, tokens.startColumns, tokens.endLines, tokens.endColumns].every((array) => array instanceof Uint16Array);
}

/** The buffers behind a stream, to transfer it to another thread without copying. */
export function tokenBuffers(tokens: TokenStream): ArrayBuffer[] {
  return [tokens.shapes, tokens.exact, tokens.startLines, tokens.startColumns, tokens.endLines, tokens.endColumns, tokens.boundaries].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** FNV-1a over `text[start, end)`, without allocating the substring. */
export function hashText(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
