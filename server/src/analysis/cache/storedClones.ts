/**
 * The clone index of a folder as the cache stores it: its snapshot (CloneSnapshot) with files
 * named by path and pairs as numbers. Restored only for the very files and tokens it was taken
 * from (AnalysisCache checks that), it spares a warm run comparing every file with every other.
 * Like the outlines, it is checked before use: every number must point inside what it names.
 */
import type { ClonePair, CloneSnapshot, CloneThresholds } from '../../core/clones/cloneIndex';
import type { TokenStream } from '../../core/python/tokenStream';
import { arrayOf, isCount, isString, object, type Check } from './valueChecks';

/** Numbers a pair takes in `pairs`: a's file, start, end, b's file, start, end, and 1 when exact. */
const PAIR_FIELDS = 7;

export interface StoredClones {
  readonly minTokens: number;
  readonly minLines: number;
  /** The files in the order they were indexed, relative to the folder like entries' paths. */
  readonly files: string[];
  readonly pairs: number[];
  readonly lists: number[][];
  /** Positions in `files` of the capped files. */
  readonly capped: number[];
}

export const isStoredClones: Check<StoredClones> = object({
  minTokens: isCount,
  minLines: isCount,
  files: arrayOf(isString),
  pairs: arrayOf(isCount),
  lists: arrayOf(arrayOf(isCount)),
  capped: arrayOf(isCount),
});

/** A snapshot in stored form; `relative` names its files as entries are named. */
export function toStoredClones(snapshot: CloneSnapshot, relative: (file: string) => string): StoredClones {
  const position = new Map(snapshot.files.map((file, i) => [file.path, i]));
  const pairs = snapshot.pairs.flatMap((pair) => [position.get(pair.a.file)!, pair.a.start, pair.a.end, position.get(pair.b.file)!, pair.b.start, pair.b.end, pair.exact ? 1 : 0]);
  return {
    minTokens: snapshot.thresholds.minTokens,
    minLines: snapshot.thresholds.minLines,
    files: snapshot.files.map((file) => relative(file.path)),
    pairs,
    lists: snapshot.lists.map((list) => [...list]),
    capped: snapshot.capped.flatMap((capped, i) => (capped ? [i] : [])),
  };
}

/** The snapshot stored clones stand for, given the files they name (same order, with their tokens). */
export function fromStoredClones(stored: StoredClones, files: readonly { path: string; tokens: TokenStream }[]): CloneSnapshot {
  const pairs: ClonePair[] = [];
  for (let i = 0; i < stored.pairs.length; i += PAIR_FIELDS) {
    const [aFile, aStart, aEnd, bFile, bStart, bEnd, exact] = stored.pairs.slice(i, i + PAIR_FIELDS);
    pairs.push({ a: { file: files[aFile].path, start: aStart, end: aEnd }, b: { file: files[bFile].path, start: bStart, end: bEnd }, exact: exact === 1 });
  }
  const capped = new Set(stored.capped);
  const thresholds: CloneThresholds = { minTokens: stored.minTokens, minLines: stored.minLines };
  return { thresholds, files, pairs, lists: stored.lists, capped: files.map((_, i) => capped.has(i)) };
}

/** Whether every number of `stored` points inside what it names; `tokenCount` gives a file's tokens (undefined: not an entry). */
export function clonesAreConsistent(stored: StoredClones, tokenCount: (relative: string) => number | undefined): boolean {
  const counts = stored.files.map(tokenCount);
  if (counts.some((count) => count === undefined) || stored.lists.length !== stored.files.length) return false;
  if (stored.pairs.length % PAIR_FIELDS !== 0) return false;
  const span = (file: number, start: number, end: number) => file < counts.length && start < end && end <= counts[file]!;
  for (let i = 0; i < stored.pairs.length; i += PAIR_FIELDS) {
    const p = stored.pairs;
    if (!span(p[i], p[i + 1], p[i + 2]) || !span(p[i + 3], p[i + 4], p[i + 5]) || p[i + 6] > 1) return false;
  }
  const pairCount = stored.pairs.length / PAIR_FIELDS;
  return stored.lists.every((list) => list.every((position) => position < pairCount)) && stored.capped.every((file) => file < counts.length);
}
