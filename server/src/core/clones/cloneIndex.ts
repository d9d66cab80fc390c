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
 * `a→x`). Runs of at least minTokens tokens and minLines lines are clone pairs. Each diagonal
 * (a pair of files and an offset) is walked once: its whole run is recorded as covered. Long
 * back-to-back repetitions (`windows.ts`) and windows found in many places (MAX_OCCURRENCES)
 * are bounded so that the work stays linear in the workspace. Where that bound leaves places of
 * a window out, or a repetition is not probed, windows whose shapes recur in their file (a
 * table's rows) are looked up by their text as well: its exact copies are few, even where
 * thousands of rows share its shape.
 */
import type { TokenStream } from '../python/tokenStream';
import { consistentRuns, equalRun, extend, mayHoldClone, perFunction, reportableParts, tandemChunks, type Run } from './runs';
import { diagonalOf, fileOf, positionOf, Postings } from './postings';
import { windowHashes, type WindowHashes } from './windows';
import { literalLimit } from './literalWindows';

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

/**
 * A window seen in more places than this is boilerplate: each file is compared with its first
 * MAX_OCCURRENCES places only, in the order files were indexed (sorted paths in the CLI), by shape
 * and by text alike. Every place still joins the class through those, and the cost stays linear
 * in the places.
 */
const MAX_OCCURRENCES = 32;
const NOTHING_INDEXED = new Int32Array(0);

/**
 * Everything the index found for a set of files indexed in a given order: restoring it gives the
 * very index those updates built, without comparing a file (a warm run's largest saving).
 */
export interface CloneSnapshot {
  readonly thresholds: CloneThresholds;
  /** The files in the order they were indexed. */
  readonly files: readonly { readonly path: string; readonly tokens: TokenStream }[];
  /** Every pair once, in the order `pairs()` lists them. */
  readonly pairs: readonly ClonePair[];
  /** For each file (same order), the positions in `pairs` of the pairs it holds, in its order. */
  readonly lists: readonly (readonly number[])[];
  /** For each file, whether its probe met a window over MAX_OCCURRENCES. */
  readonly capped: readonly boolean[];
}

interface IndexedFile {
  readonly id: number;
  readonly path: string;
  readonly tokens: TokenStream;
  /** The hashes this file put in the postings by shape, to take them out again. */
  indexed: Int32Array;
  /** The hashes it put in the postings by text. */
  indexedText: Int32Array;
  /** Its probe met a window over MAX_OCCURRENCES, so it was compared with the first places only. */
  capped: boolean;
}

export class CloneIndex {
  private readonly window: number;
  private readonly stride: number;
  private readonly byPath = new Map<string, IndexedFile>();
  private readonly byId = new Map<number, IndexedFile>();
  /** A window with more literals than this is only compared with places of the same text (literalWindows.ts). */
  private readonly literalLimit: number;
  private readonly byShape = new Postings();
  private readonly byText = new Postings();
  private readonly pairsByFile = new Map<string, ClonePair[]>();
  private nextId = 0;
  /** Files restored from a snapshot whose windows are not in the postings yet: only an update or a removal needs them. */
  private unposted: IndexedFile[] = [];
  /** The snapshot the index was restored from, while nothing changed since. */
  private restoredFrom: CloneSnapshot | undefined;
  /** The files whose tokens or pairs changed since `takeChanged`; undefined: any may have. */
  private changed: Set<string> | undefined;

  constructor(readonly thresholds: CloneThresholds) {
    this.window = Math.max(4, Math.floor(thresholds.minTokens / 2));
    this.stride = Math.max(1, thresholds.minTokens - this.window + 1);
    this.literalLimit = literalLimit(thresholds.minTokens, this.window, this.stride);
  }

  /** Indexes (or re-indexes) a file and finds every clone pair it is part of. */
  update(path: string, tokens: TokenStream): void {
    this.postRestored();
    this.restoredFrom = undefined;
    const last = this.byPath.get(path);
    if (last && last.id === this.nextId - 1) return this.updateLast(last, tokens);
    this.remove(path);
    const hashes = windowHashes(tokens, this.window);
    const file: IndexedFile = { id: this.nextId++, path, tokens, indexed: NOTHING_INDEXED, indexedText: NOTHING_INDEXED, capped: false };
    this.post(file, hashes);
    this.byPath.set(path, file);
    this.byId.set(file.id, file);
    this.pairsByFile.set(path, []);
    this.addPairs(this.probe(file, hashes));
    this.changed?.add(path);
  }

  /**
   * Re-indexes the file indexed last (a file being edited), as removing it and indexing it again
   * would, but in place: it stays last, so no other file's probe met it, and it keeps its number,
   * so only the places of the windows the edit changed move in the postings.
   */
  private updateLast(last: IndexedFile, tokens: TokenStream): void {
    for (const pair of this.pairsByFile.get(last.path)!) if (pair.b.file !== last.path) this.dropPair(pair.b.file, pair);
    const file: IndexedFile = { ...last, tokens };
    const hashes = windowHashes(tokens, this.window);
    file.indexed = this.byShape.replaceLast(file.id, last.indexed, this.placesOf(hashes));
    file.indexedText = this.byText.replaceLast(file.id, last.indexedText, this.textPlacesOf(hashes));
    this.byPath.set(file.path, file);
    this.byId.set(file.id, file);
    this.pairsByFile.set(file.path, []);
    this.addPairs(this.probe(file, hashes));
    this.changed?.add(file.path);
  }

  /** The files whose tokens or pairs changed since the last call; undefined when it cannot tell (the first call, a restore). */
  takeChanged(): ReadonlySet<string> | undefined {
    const changed = this.changed;
    this.changed = new Set();
    return changed;
  }

  /**
   * Forgets a file and every pair it was part of. A capped file that was compared with it is
   * probed again, against the first places left, so it does not drop out of its class.
   */
  remove(path: string): void {
    const file = this.byPath.get(path);
    if (!file) return;
    this.postRestored();
    this.restoredFrom = undefined;
    this.byShape.remove(file.id, file.indexed);
    this.byText.remove(file.id, file.indexedText);
    const reprobe = new Set<IndexedFile>();
    for (const pair of this.pairsByFile.get(path) ?? []) {
      if (pair.a.file === pair.b.file) continue;
      const other = pair.a.file === path ? pair.b.file : pair.a.file;
      this.dropPair(other, pair);
      const prober = this.byPath.get(pair.a.file);
      if (prober && prober !== file && prober.capped) reprobe.add(prober);
    }
    this.pairsByFile.delete(path);
    this.byPath.delete(path);
    this.byId.delete(file.id);
    this.changed?.add(path);
    for (const other of reprobe) {
      this.reprobe(other);
      this.changed?.add(other.path);
    }
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  get size(): number {
    return this.byPath.size;
  }

  /** What the index holds now, to restore it later (see CloneSnapshot). */
  snapshot(): CloneSnapshot {
    if (this.restoredFrom) return this.restoredFrom;
    const files = [...this.byId.values()];
    const pairs = this.pairs();
    const positions = new Map(pairs.map((pair, i) => [pair, i]));
    return {
      thresholds: this.thresholds,
      files: files.map(({ path, tokens }) => ({ path, tokens })),
      pairs,
      lists: files.map((file) => (this.pairsByFile.get(file.path) ?? []).map((pair) => positions.get(pair)!)),
      capped: files.map((file) => file.capped),
    };
  }

  /**
   * Makes an empty index what `snapshot` describes, as if its files had been updated in order.
   * The caller vouches that the snapshot's tokens are the files' current ones.
   */
  restore(snapshot: CloneSnapshot): void {
    if (this.byPath.size > 0) throw new Error('CloneIndex.restore() needs an empty index');
    if (snapshot.thresholds.minTokens !== this.thresholds.minTokens || snapshot.thresholds.minLines !== this.thresholds.minLines) {
      throw new Error('CloneIndex.restore(): the snapshot was taken with other thresholds');
    }
    snapshot.files.forEach(({ path, tokens }, i) => {
      const file: IndexedFile = { id: this.nextId++, path, tokens, indexed: NOTHING_INDEXED, indexedText: NOTHING_INDEXED, capped: snapshot.capped[i] };
      this.byPath.set(path, file);
      this.byId.set(file.id, file);
      this.pairsByFile.set(path, snapshot.lists[i].map((position) => snapshot.pairs[position]));
      this.unposted.push(file);
    });
    this.restoredFrom = snapshot;
    this.changed = undefined;
  }

  tokensOf(path: string): TokenStream | undefined {
    return this.byPath.get(path)?.tokens;
  }

  /** Every clone pair in the index, each once: where it is first listed, going through the files in order. */
  pairs(): ClonePair[] {
    // Asked after every edit: a pair is taken from the list of its file that comes first, without a set of them all.
    const order = new Map<string, number>();
    for (const file of this.pairsByFile.keys()) order.set(file, order.size);
    const all: ClonePair[] = [];
    for (const [file, list] of this.pairsByFile) {
      const at = order.get(file)!;
      for (const pair of list) if ((order.get(pair.a.file === file ? pair.b.file : pair.a.file) ?? Infinity) >= at) all.push(pair);
    }
    return all;
  }

  private addPairs(pairs: readonly ClonePair[]): void {
    for (const pair of pairs) {
      this.pairsByFile.get(pair.a.file)!.push(pair);
      if (pair.b.file !== pair.a.file) this.pairsByFile.get(pair.b.file)!.push(pair);
    }
  }

  private dropPair(path: string, pair: ClonePair): void {
    const list = this.pairsByFile.get(path);
    if (list) this.pairsByFile.set(path, list.filter((p) => p !== pair));
  }

  /** Replaces the pairs `file`'s own probe found (it is their `a`) by a new probe, against files indexed before it as then. */
  private reprobe(file: IndexedFile): void {
    for (const pair of this.pairsByFile.get(file.path) ?? []) {
      if (pair.a.file === file.path && pair.b.file !== file.path) this.dropPair(pair.b.file, pair);
    }
    this.pairsByFile.set(file.path, (this.pairsByFile.get(file.path) ?? []).filter((pair) => pair.a.file !== file.path));
    this.addPairs(this.probe(file, windowHashes(file.tokens, this.window)));
  }

  /** Puts a file's windows in the postings (see placesOf and textPlacesOf). */
  private post(file: IndexedFile, hashes: WindowHashes): void {
    file.indexed = this.byShape.add(file.id, this.placesOf(hashes));
    file.indexedText = this.byText.add(file.id, this.textPlacesOf(hashes));
  }

  /**
   * The positions a file's windows are indexed at, by hash, in the order `post` puts them: every
   * stride, a repeated window once, at its first occurrence (it has the same shapes).
   */
  private placesOf(hashes: WindowHashes): Map<number, number[]> {
    const seen = new Uint8Array(hashes.length);
    const places = new Map<number, number[]>();
    for (let at = 0; at < hashes.length; at += this.stride) {
      const position = hashes.representative[at];
      if (!hashes.valid[at] || seen[position]) continue;
      seen[position] = 1;
      const hash = hashes.values[position];
      const list = places.get(hash);
      if (list) list.push(position);
      else places.set(hash, [position]);
    }
    return places;
  }

  /** The positions a file's windows are indexed at by text: every stride, those indexed by text (`WindowHashes.byText`). */
  private textPlacesOf(hashes: WindowHashes): Map<number, number[]> {
    const places = new Map<number, number[]>();
    for (let at = 0; at < hashes.length; at += this.stride) {
      if (!hashes.valid[at] || !hashes.byText[at]) continue;
      const list = places.get(hashes.texts[at]);
      if (list) list.push(at);
      else places.set(hashes.texts[at], [at]);
    }
    return places;
  }

  /** Posts the windows of restored files, in their order, before the index changes. */
  private postRestored(): void {
    for (const file of this.unposted) this.post(file, windowHashes(file.tokens, this.window));
    this.unposted = [];
  }

  /**
   * Finds the maximal clone runs between `file` and the files indexed before it, itself
   * included (files indexed after it find theirs with it when they are probed).
   */
  private probe(file: IndexedFile, hashes: WindowHashes): ClonePair[] {
    const pairs: ClonePair[] = [];
    const covered = new Map<number, number>();
    file.capped = false;
    for (let i = 0; i < hashes.length; i++) {
      if (!hashes.valid[i]) continue;
      // A window deep in a repetition finds by shape what the same window a period earlier found.
      const represented = hashes.representative[i] !== i;
      // Most windows are indexed nowhere (only every stride is): no list, and no call, for them.
      const byShape = represented ? undefined : this.byShape.get(hashes.values[i]);
      // A window of mostly literals (a data module's strings) lines up with others on every diagonal: compared where its text is the same only.
      const by = hashes.literals[i] > this.literalLimit ? 'exact' : 'shapes';
      const capped = byShape !== undefined && this.compare(file, hashes, i, byShape, by, hashes.ownFileOnly[i] === 1, covered, pairs);
      // By text where its shape did not reach every place: past the cap, deep in a repetition, or in other files.
      const byText = hashes.byText[i] && (capped || represented || hashes.ownFileOnly[i]) ? this.byText.get(hashes.texts[i]) : undefined;
      if (byText !== undefined) this.compare(file, hashes, i, byText, 'exact', false, covered, pairs);
    }
    return pairs;
  }

  /**
   * Compares window `i` of `file` with its first MAX_OCCURRENCES places `hits` (matching by `by`),
   * in itself and the files indexed before it (`ownFileOnly`: in itself only); true when it stopped there.
   */
  private compare(
    file: IndexedFile,
    hashes: WindowHashes,
    i: number,
    hits: readonly number[],
    by: 'shapes' | 'exact',
    ownFileOnly: boolean,
    covered: Map<number, number>,
    pairs: ClonePair[],
  ): boolean {
    const shapes = file.tokens.shapes;
    for (let h = 0; h < hits.length; h++) {
      const otherId = fileOf(hits[h]);
      if (otherId > file.id) break;
      if (h === MAX_OCCURRENCES) {
        file.capped = true;
        return true;
      }
      const j = positionOf(hits[h]);
      const same = otherId === file.id;
      if (same && j <= i) continue;
      if (!same && ownFileOnly) continue;
      const diagonal = diagonalOf(otherId, i, j);
      if ((covered.get(diagonal) ?? -1) > i) continue;
      const other = this.byId.get(otherId)!;
      if (!equalRun(file.tokens[by], i, other.tokens[by], j, this.window)) continue;
      const run = extend(shapes, other.tokens.shapes, i, j, this.window);
      covered.set(diagonal, run.aStart + run.length);
      const chunks = same ? tandemChunks(run, (k) => k < hashes.length && hashes.representative[k] !== k) : [run];
      for (const chunk of chunks) {
        // Every clone is part of a chunk: a shorter one holds none.
        if (chunk.length >= this.thresholds.minTokens && mayHoldClone(file.tokens, other.tokens, chunk, this.thresholds.minTokens)) {
          pairs.push(...this.clonesOf(file, other, chunk));
        }
      }
    }
    return false;
  }

  /** The clone pairs a run between two files holds: per consistent renaming, per function, reportable parts. */
  private clonesOf(file: IndexedFile, other: IndexedFile, run: Run): ClonePair[] {
    return consistentRuns(file.tokens, other.tokens, run.aStart, run.bStart, run.length)
      .flatMap((consistent) => perFunction(file.tokens, consistent))
      .flatMap((part) => reportableParts(file.tokens, other.tokens, part, this.thresholds))
      .map((reported) => ({
        a: { file: file.path, start: reported.aStart, end: reported.aStart + reported.length },
        b: { file: other.path, start: reported.bStart, end: reported.bStart + reported.length },
        exact: reported.exact,
      }));
  }
}

