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
import type { TokenStream } from '../python/tokenStream';
import { consistentRuns, equalRun, exactParts, extend, isMostlyLiterals, perFunction, present, tandemChunks, trimToStatements, type Run } from './runs';
import { windowHashes, type WindowHashes } from './windows';

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
    const hashes = windowHashes(tokens, this.window);
    // A repeated window is indexed once, at its first occurrence: it has the same shapes.
    const positions = new Set<number>();
    for (let position = 0; position < hashes.length; position += this.stride) {
      if (hashes.valid[position]) positions.add(hashes.representative[position]);
    }
    const indexed: number[] = [];
    for (const position of positions) {
      indexed.push(hashes.values[position]);
      this.addPosting(hashes.values[position], id * POSITION_BITS + position);
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
  private probe(file: IndexedFile, hashes: WindowHashes): ClonePair[] {
    const pairs: ClonePair[] = [];
    const covered = new Map<number, number>();
    const shapes = file.tokens.shapes;
    for (let i = 0; i < hashes.length; i++) {
      // A repeated window finds what its first occurrence found, a period earlier.
      if (!hashes.valid[i] || hashes.representative[i] !== i) continue;
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
        const run = extend(shapes, other.tokens.shapes, i, j, this.window);
        covered.set(diagonal, run.aStart + run.length);
        for (const chunk of same ? tandemChunks(run, (k) => k < hashes.length && hashes.representative[k] !== k) : [run]) {
          for (const consistent of consistentRuns(file.tokens, other.tokens, chunk.aStart, chunk.bStart, chunk.length)) {
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

