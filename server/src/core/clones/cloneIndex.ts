/**
 * Finds duplicated token runs across the whole workspace, incrementally.
 *
 * Why our own hashing on tree-sitter tokens rather than jscpd: the tokens come free with the
 * parse every file gets anyway (jscpd would tokenize everything a second time), and the index
 * must live in the language server's memory so that an edit re-detects only the edited file's
 * clones; jscpd 4 only runs whole-corpus in-process and jscpd 5 is a separate binary. The
 * benchmark (npm run bench) compares the two on the same corpora.
 *
 * How: every window of W = minTokens/2 token *shapes* (identifiers and literals folded, so
 * renamed copies match) gets a rolling hash, but only windows starting at multiples of
 * S = minTokens - W + 1 are indexed: any run of minTokens equal tokens contains one of them.
 * A file is probed at every position; each hit is verified, extended left and right to a
 * maximal run, and split where identifiers stop being renamed consistently (`a→x` must stay
 * `a→x`). Runs of at least minTokens tokens and minLines lines are clone pairs.
 */
import { BREAK_SHAPE, hashText, IDENTIFIER_SHAPE, LITERAL_SHAPE, STATEMENT_END, STATEMENT_START, type TokenStream } from '../python/tokenStream';

export interface CloneThresholds {
  readonly minTokens: number;
  readonly minLines: number;
}

/** Tokens `[start, end)` of a file. */
export interface CloneSpan {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface ClonePair {
  readonly a: CloneSpan;
  readonly b: CloneSpan;
  /** Same text token for token; otherwise same shape with other names or values. */
  readonly exact: boolean;
}

/** A window seen in more places than this is boilerplate, not a clone worth reporting. */
const MAX_OCCURRENCES = 256;
const HASH_BASE = 0x01000193;
/** Postings pack a file number and a token position in one safe integer. */
const POSITION_BITS = 2 ** 24;

interface IndexedFile {
  readonly id: number;
  readonly path: string;
  readonly tokens: TokenStream;
  /** The hashes this file put in the postings, to take them out again. */
  readonly indexed: Int32Array;
}

export class CloneIndex {
  private readonly window: number;
  private readonly stride: number;
  private readonly byPath = new Map<string, IndexedFile>();
  private readonly byId = new Map<number, IndexedFile>();
  private readonly postings = new Map<number, number[]>();
  private readonly pairsByFile = new Map<string, ClonePair[]>();
  private nextId = 0;

  constructor(readonly thresholds: CloneThresholds) {
    this.window = Math.max(4, Math.floor(thresholds.minTokens / 2));
    this.stride = Math.max(1, thresholds.minTokens - this.window + 1);
  }

  /** Indexes (or re-indexes) a file and finds every clone pair it is part of. */
  update(path: string, tokens: TokenStream): void {
    this.remove(path);
    const id = this.nextId++;
    const hashes = this.windowHashes(tokens);
    const indexed: number[] = [];
    for (let position = 0; position < hashes.length; position += this.stride) {
      if (hashes.valid[position]) {
        indexed.push(hashes.values[position]);
        this.addPosting(hashes.values[position], id * POSITION_BITS + position);
      }
    }
    const file: IndexedFile = { id, path, tokens, indexed: Int32Array.from(indexed) };
    this.byPath.set(path, file);
    this.byId.set(id, file);
    this.pairsByFile.set(path, []);
    for (const pair of this.probe(file, hashes)) {
      this.pairsByFile.get(pair.a.file)!.push(pair);
      if (pair.b.file !== pair.a.file) this.pairsByFile.get(pair.b.file)!.push(pair);
    }
  }

  /** Forgets a file and every pair it was part of. */
  remove(path: string): void {
    const file = this.byPath.get(path);
    if (!file) return;
    for (const hash of file.indexed) this.removePostings(hash, file.id);
    for (const pair of this.pairsByFile.get(path) ?? []) {
      const other = pair.a.file === path ? pair.b.file : pair.a.file;
      if (other === path) continue;
      const list = this.pairsByFile.get(other);
      if (list) this.pairsByFile.set(other, list.filter((p) => p !== pair));
    }
    this.pairsByFile.delete(path);
    this.byPath.delete(path);
    this.byId.delete(file.id);
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  tokensOf(path: string): TokenStream | undefined {
    return this.byPath.get(path)?.tokens;
  }

  /** Every clone pair in the index, each once. */
  pairs(): ClonePair[] {
    const all = new Set<ClonePair>();
    for (const list of this.pairsByFile.values()) for (const pair of list) all.add(pair);
    return [...all];
  }

  /** Rolling hashes of every window of shapes, and whether each is free of breaks. */
  private windowHashes(tokens: TokenStream): { values: Int32Array; valid: Uint8Array; length: number } {
    const w = this.window;
    const count = Math.max(0, tokens.length - w + 1);
    const values = new Int32Array(count);
    const valid = new Uint8Array(count);
    if (count === 0) return { values, valid, length: 0 };
    const shapes = tokens.shapes;
    let power = 1;
    for (let k = 1; k < w; k++) power = Math.imul(power, HASH_BASE);
    let hash = 0;
    let lastBreak = -1;
    for (let k = 0; k < w; k++) {
      hash = (Math.imul(hash, HASH_BASE) + shapes[k]) | 0;
      if (shapes[k] === BREAK_SHAPE) lastBreak = k;
    }
    for (let i = 0; ; i++) {
      values[i] = hash;
      valid[i] = lastBreak < i ? 1 : 0;
      if (i + 1 >= count) break;
      const incoming = shapes[i + w];
      if (incoming === BREAK_SHAPE) lastBreak = i + w;
      hash = (Math.imul((hash - Math.imul(shapes[i], power)) | 0, HASH_BASE) + incoming) | 0;
    }
    return { values, valid, length: count };
  }

  private addPosting(hash: number, posting: number): void {
    const list = this.postings.get(hash);
    if (list) list.push(posting);
    else this.postings.set(hash, [posting]);
  }

  private removePostings(hash: number, id: number): void {
    const list = this.postings.get(hash);
    if (!list) return;
    const kept = list.filter((posting) => Math.floor(posting / POSITION_BITS) !== id);
    if (kept.length === 0) this.postings.delete(hash);
    else this.postings.set(hash, kept);
  }

  /** Finds the maximal clone runs between `file` and every indexed file, itself included. */
  private probe(file: IndexedFile, hashes: { values: Int32Array; valid: Uint8Array; length: number }): ClonePair[] {
    const pairs: ClonePair[] = [];
    const covered = new Map<number, number>();
    const shapes = file.tokens.shapes;
    for (let i = 0; i < hashes.length; i++) {
      if (!hashes.valid[i]) continue;
      const hits = this.postings.get(hashes.values[i]);
      if (!hits || hits.length > MAX_OCCURRENCES) continue;
      for (const posting of hits) {
        const otherId = Math.floor(posting / POSITION_BITS);
        const j = posting - otherId * POSITION_BITS;
        const same = otherId === file.id;
        if (same && j <= i) continue;
        const diagonal = otherId * POSITION_BITS * 2 + (j - i + POSITION_BITS);
        if ((covered.get(diagonal) ?? -1) > i) continue;
        const other = this.byId.get(otherId);
        if (!other || !equalRun(shapes, i, other.tokens.shapes, j, this.window)) continue;
        const run = extend(shapes, other.tokens.shapes, i, j, this.window, same);
        covered.set(diagonal, run.aStart + run.length);
        for (const consistent of consistentRuns(file.tokens, other.tokens, run.aStart, run.bStart, run.length)) {
          for (const reported of perFunction(file.tokens, consistent).flatMap((part) => this.reportable(file.tokens, other.tokens, part))) {
            pairs.push({
              a: { file: file.path, start: reported.aStart, end: reported.aStart + reported.length },
              b: { file: other.path, start: reported.bStart, end: reported.bStart + reported.length },
              exact: reported.exact,
            });
          }
        }
      }
    }
    return pairs;
  }

  /**
   * What of a consistent run is worth reporting: its exact parts that are large enough on their
   * own (an exact copy is the clearer finding; a near-copy with one changed value holds two),
   * else the whole renamed run unless it is mostly literals. Each is trimmed to whole statements
   * when that leaves enough, so a clone rarely begins or ends mid-line; otherwise it is kept as
   * found, like jscpd does.
   */
  private reportable(a: TokenStream, b: TokenStream, run: Run): Run[] {
    if (run.exact) return present(this.sized(a, b, run));
    const exact = exactParts(a, b, run, this.thresholds.minTokens).flatMap((part) => present(this.sized(a, b, part)));
    if (exact.length > 0) return exact;
    if (isMostlyLiterals(a, run.aStart, run.length)) return [];
    return present(this.sized(a, b, run));
  }

  private sized(a: TokenStream, b: TokenStream, run: Run): Run | undefined {
    const trimmed = trimToStatements(a, b, run);
    if (trimmed && this.isLargeEnough(a, trimmed.aStart, trimmed.length)) return trimmed;
    return this.isLargeEnough(a, run.aStart, run.length) ? run : undefined;
  }

  private isLargeEnough(tokens: TokenStream, start: number, length: number): boolean {
    if (length < this.thresholds.minTokens) return false;
    return tokens.endLines[start + length - 1] - tokens.startLines[start] + 1 >= this.thresholds.minLines;
  }
}

/**
 * Tables of values (settings dicts, choice lists, locale data) have the same shape as each other
 * but are not logic anyone should factor out; a renamed clone that is mostly literals is one.
 */
const MAX_LITERAL_SHARE_OF_RENAMED = 0.3;

function isMostlyLiterals(tokens: TokenStream, start: number, length: number): boolean {
  let literals = 0;
  for (let k = start; k < start + length; k++) if (tokens.shapes[k] === LITERAL_SHAPE) literals++;
  return literals > length * MAX_LITERAL_SHARE_OF_RENAMED;
}

function equalRun(a: Int32Array, i: number, b: Int32Array, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/** Grows a verified seed to the left and right while shapes match and no break intervenes. */
function extend(a: Int32Array, b: Int32Array, i: number, j: number, seed: number, sameFile: boolean) {
  let aStart = i;
  let bStart = j;
  while (aStart > 0 && bStart > 0 && a[aStart - 1] === b[bStart - 1] && a[aStart - 1] !== BREAK_SHAPE) {
    aStart--;
    bStart--;
  }
  let length = i - aStart + seed;
  while (aStart + length < a.length && bStart + length < b.length && a[aStart + length] === b[bStart + length] && a[aStart + length] !== BREAK_SHAPE) {
    length++;
  }
  if (sameFile) length = Math.min(length, bStart - aStart);
  return { aStart, bStart, length };
}

/** Matching tokens `[aStart, aStart + length)` and `[bStart, bStart + length)`. */
interface Run {
  readonly aStart: number;
  readonly bStart: number;
  readonly length: number;
  readonly exact: boolean;
}

/** The stretches of a run whose tokens are equal to the letter, in order, of `minLength` tokens or more. */
function exactParts(a: TokenStream, b: TokenStream, run: Run, minLength: number): Run[] {
  const parts: Run[] = [];
  let start = 0;
  for (let k = 0; k <= run.length; k++) {
    if (k === run.length || a.exact[run.aStart + k] !== b.exact[run.bStart + k]) {
      if (k - start >= minLength) parts.push({ aStart: run.aStart + start, bStart: run.bStart + start, length: k - start, exact: true });
      start = k + 1;
    }
  }
  return parts;
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/**
 * Shrinks a run to start where a statement starts and end where one ends (on both sides), so a
 * clone never begins or ends mid-line; undefined when no whole statement is left.
 */
function trimToStatements(a: TokenStream, b: TokenStream, run: Run): Run | undefined {
  let first = 0;
  const opens = (k: number) => (a.boundaries[run.aStart + k] & STATEMENT_START) !== 0 && (b.boundaries[run.bStart + k] & STATEMENT_START) !== 0;
  const closes = (k: number) => (a.boundaries[run.aStart + k] & STATEMENT_END) !== 0 && (b.boundaries[run.bStart + k] & STATEMENT_END) !== 0;
  while (first < run.length && !opens(first)) first++;
  let last = run.length - 1;
  while (last >= first && !closes(last)) last--;
  if (last < first) return undefined;
  return { aStart: run.aStart + first, bStart: run.bStart + first, length: last - first + 1, exact: run.exact };
}

const FUNCTION_HASHES = new Set(['def', 'async'].map((word) => hashText(word, 0, word.length)));
const DECORATOR_HASH = hashText('@', 0, 1);

/**
 * Splits a run where it leaves one function for the next at the level it starts at: each
 * function's part is a clone of its own, not one odd range across both. Functions nested deeper
 * (a decorator's `wrapper`) stay whole, a decorator stays with its function, and classes are not
 * split (rows of alike model classes are one repeated structure, not functions to compare).
 */
function perFunction(tokens: TokenStream, run: Run): Run[] {
  const openers: number[] = [];
  for (let k = 0; k < run.length; k++) if ((tokens.boundaries[run.aStart + k] & STATEMENT_START) !== 0) openers.push(k);
  const level = Math.min(...openers.map((k) => tokens.startColumns[run.aStart + k]));
  const wordAt = (n: number) => tokens.exact[run.aStart + openers[n]];
  /** Whether opener `n` starts a function: `def`, or the first of the decorators before one. */
  const startsFunction = (n: number) => {
    if (tokens.startColumns[run.aStart + openers[n]] !== level) return false;
    if (FUNCTION_HASHES.has(wordAt(n))) return n === 0 || wordAt(n - 1) !== DECORATOR_HASH;
    if (wordAt(n) !== DECORATOR_HASH || (n > 0 && wordAt(n - 1) === DECORATOR_HASH)) return false;
    let next = n;
    while (next < openers.length && wordAt(next) === DECORATOR_HASH) next++;
    return next < openers.length && FUNCTION_HASHES.has(wordAt(next));
  };
  const parts: Run[] = [];
  let start = 0;
  openers.forEach((k, n) => {
    if (k === 0 || !startsFunction(n)) return;
    parts.push({ ...run, aStart: run.aStart + start, bStart: run.bStart + start, length: k - start });
    start = k;
  });
  parts.push({ ...run, aStart: run.aStart + start, bStart: run.bStart + start, length: run.length - start });
  return parts;
}

/**
 * Splits a run where the renaming stops being consistent: an identifier must always map to the
 * same identifier on the other side (and back), or the two blocks do different things.
 */
function consistentRuns(a: TokenStream, b: TokenStream, aStart: number, bStart: number, length: number): Run[] {
  const runs: Run[] = [];
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  let runStart = 0;
  let exact = true;
  const close = (end: number) => {
    if (end > runStart) runs.push({ aStart: aStart + runStart, bStart: bStart + runStart, length: end - runStart, exact });
  };
  for (let k = 0; k < length; k++) {
    const x = a.exact[aStart + k];
    const y = b.exact[bStart + k];
    if (a.shapes[aStart + k] === IDENTIFIER_SHAPE) {
      const mappedX = forward.get(x);
      const mappedY = backward.get(y);
      if ((mappedX !== undefined && mappedX !== y) || (mappedY !== undefined && mappedY !== x)) {
        close(k);
        runStart = k;
        exact = true;
        forward.clear();
        backward.clear();
      }
      forward.set(x, y);
      backward.set(y, x);
    }
    if (x !== y) exact = false;
  }
  close(length);
  return runs;
}
