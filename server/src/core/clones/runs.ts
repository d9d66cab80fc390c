/**
 * Runs of matching tokens between two places, and how one is cut into the clones worth
 * reporting: per consistent renaming, per function, trimmed to whole statements.
 */
import type { CloneThresholds } from './cloneIndex';
import { BREAK_SHAPE, hashText, IDENTIFIER_SHAPE, LITERAL_SHAPE, STATEMENT_END, STATEMENT_START, type TokenStream } from '../python/tokenStream';

/**
 * Tables of values (settings dicts, choice lists, locale data) have the same shape as each other
 * but are not logic anyone should factor out; a renamed clone that is mostly literals is one.
 */
const MAX_LITERAL_SHARE_OF_RENAMED = 0.3;

export function isMostlyLiterals(tokens: TokenStream, start: number, length: number): boolean {
  let literals = 0;
  for (let k = start; k < start + length; k++) if (tokens.shapes[k] === LITERAL_SHAPE) literals++;
  return literals > length * MAX_LITERAL_SHARE_OF_RENAMED;
}

/**
 * Whether a run can hold a clone worth reporting, by a scan cheaper than cutting it
 * (consistentRuns, perFunction, reportableParts): a part is reported when it is an exact stretch
 * of minTokens tokens, or minTokens tokens or more that are not mostly literals, and each part
 * lies inside the run. Data tables (`encodings/cp*`) line up on thousands of diagonals that hold
 * neither. False only when the cut would report nothing.
 */
export function mayHoldClone(a: TokenStream, b: TokenStream, run: Run, minTokens: number): boolean {
  let exactStretch = 0;
  for (let k = 0; k < run.length; k++) {
    exactStretch = a.exact[run.aStart + k] === b.exact[run.bStart + k] ? exactStretch + 1 : 0;
    if (exactStretch >= minTokens) return true;
  }
  // Else some stretch of minTokens or more must not be mostly literals: 10 * literals <= 3 * length
  // over it, so the running `share` (+10 a literal, -3 a token) does not rise across it. In
  // integers: at exactly 30 % the float test of isMostlyLiterals may round either way; this keeps the run.
  let share = 0;
  // `share` minTokens tokens back, and the lowest it has been up to there.
  let trailing = 0;
  let lowest = Infinity;
  for (let k = 0; k < run.length; k++) {
    share += (a.shapes[run.aStart + k] === LITERAL_SHAPE ? 10 : 0) - 3;
    if (k + 1 < minTokens) continue;
    lowest = Math.min(lowest, trailing);
    if (share <= lowest) return true;
    trailing += (a.shapes[run.aStart + k + 1 - minTokens] === LITERAL_SHAPE ? 10 : 0) - 3;
  }
  return false;
}

export function equalRun(a: Int32Array, i: number, b: Int32Array, j: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[i + k] !== b[j + k]) return false;
  return true;
}

/**
 * Grows a verified seed to the left and right while shapes match and no break intervenes. In one
 * file the run may overlap itself (a block repeated back to back): its whole stretch is returned,
 * for `tandemChunks` to cut.
 */
export function extend(a: Int32Array, b: Int32Array, i: number, j: number, seed: number): Run {
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
  // Whether it is exact is decided per consistent part (`consistentRuns`).
  return { aStart, bStart, length, exact: false };
}

/**
 * A run of one file against itself `d` tokens later that is longer than `d` overlaps itself:
 * a block of `d` tokens repeated back to back. Its first copy is paired with the second; the
 * other copies are found on diagonals of their own. When the repetition goes deeper than the
 * windows probed in full (a window of the run is `represented` by an earlier one), those
 * diagonals are not searched: every copy is paired with the next instead, a chain linear in
 * the run that keeps all the copies in one class.
 */
export function tandemChunks(run: Run, represented: (position: number) => boolean): Run[] {
  const period = run.bStart - run.aStart;
  const chunk = (offset: number): Run => ({ aStart: run.aStart + offset, bStart: run.bStart + offset, length: Math.min(period, run.length - offset), exact: run.exact });
  if (run.length <= period) return [run];
  let deep = false;
  for (let k = run.bStart; k < run.bStart + run.length && !deep; k++) deep = represented(k);
  if (!deep) return [chunk(0)];
  const chunks: Run[] = [];
  for (let offset = 0; offset < run.length; offset += period) chunks.push(chunk(offset));
  return chunks;
}

/** Matching tokens `[aStart, aStart + length)` and `[bStart, bStart + length)`. */
export interface Run {
  readonly aStart: number;
  readonly bStart: number;
  readonly length: number;
  readonly exact: boolean;
}

/** The stretches of a run whose tokens are equal to the letter, in order, of `minLength` tokens or more. */
export function exactParts(a: TokenStream, b: TokenStream, run: Run, minLength: number): Run[] {
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

export function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

/**
 * Shrinks a run to start where a statement starts and end where one ends (on both sides), so a
 * clone never begins or ends mid-line; undefined when no whole statement is left.
 */
export function trimToStatements(a: TokenStream, b: TokenStream, run: Run): Run | undefined {
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
 * Splits a run where it leaves one function for the next at the level it starts at: the tail
 * of one function and the head of another are clones of their own, not one odd range across
 * both, while the whole functions between them stay one clone (methods copied together). Functions nested deeper
 * (a decorator's `wrapper`) stay whole, a decorator stays with its function, and classes are not
 * split (rows of alike model classes are one repeated structure, not functions to compare).
 */
export function perFunction(tokens: TokenStream, run: Run): Run[] {
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
  // Whole functions (from one function's start to the next's) in a row stay one clone: copied methods.
  let wholeFrom: number | undefined = openers[0] === 0 && startsFunction(0) ? 0 : undefined;
  openers.forEach((k, n) => {
    if (k === 0 || !startsFunction(n)) return;
    if (wholeFrom === undefined) parts.push({ ...run, aStart: run.aStart + start, bStart: run.bStart + start, length: k - start });
    start = k;
    wholeFrom ??= k;
  });
  if (wholeFrom !== undefined && wholeFrom < start) parts.push({ ...run, aStart: run.aStart + wholeFrom, bStart: run.bStart + wholeFrom, length: start - wholeFrom });
  parts.push({ ...run, aStart: run.aStart + start, bStart: run.bStart + start, length: run.length - start });
  return parts;
}

/**
 * Splits a run where the renaming stops being consistent: an identifier must always map to the
 * same identifier on the other side (and back), or the two blocks do different things.
 */
export function consistentRuns(a: TokenStream, b: TokenStream, aStart: number, bStart: number, length: number): Run[] {
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

/**
 * What of a consistent run is worth reporting: its exact parts that are large enough on their
 * own (an exact copy is the clearer finding; a near-copy with one changed value holds two),
 * else the whole renamed run unless it is mostly literals. Each is trimmed to whole statements
 * when that leaves enough, so a clone rarely begins or ends mid-line; otherwise it is kept as
 * found, like jscpd does.
 */
export function reportableParts(a: TokenStream, b: TokenStream, run: Run, thresholds: CloneThresholds): Run[] {
  if (run.exact) return present(sized(a, b, run, thresholds));
  const exact = exactParts(a, b, run, thresholds.minTokens).flatMap((part) => present(sized(a, b, part, thresholds)));
  if (exact.length > 0) return exact;
  if (isMostlyLiterals(a, run.aStart, run.length)) return [];
  return present(sized(a, b, run, thresholds));
}

function sized(a: TokenStream, b: TokenStream, run: Run, thresholds: CloneThresholds): Run | undefined {
  const trimmed = trimToStatements(a, b, run);
  if (trimmed && isLargeEnough(a, trimmed.aStart, trimmed.length, thresholds)) return trimmed;
  return isLargeEnough(a, run.aStart, run.length, thresholds) ? run : undefined;
}

function isLargeEnough(tokens: TokenStream, start: number, length: number, thresholds: CloneThresholds): boolean {
  if (length < thresholds.minTokens) return false;
  return tokens.endLines[start + length - 1] - tokens.startLines[start] + 1 >= thresholds.minLines;
}
