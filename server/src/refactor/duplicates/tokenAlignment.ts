/**
 * Which tokens of two copies of a block correspond, when one copy has more tokens than the other
 * (`total + 1` against `total`): the longest common subsequence of their tokens, where any two
 * names and any two literals of a kind may correspond (their differences are judged one by one
 * afterwards). What is left unmatched is where the copies differ in code.
 */
import type { LexToken } from '../../core/python/pythonLexer';

export interface TokenCopy {
  readonly text: string;
  readonly tokens: readonly LexToken[];
}

/** Copies longer than this are not aligned (quadratic): a clone that long differing in length is not one function anyway. */
const MAX_ALIGNED_TOKENS = 3000;

/** For each token of `reference`, the index of the token of `other` it corresponds to, or -1; undefined when too long to align. */
export function alignTokens(reference: TokenCopy, other: TokenCopy): number[] | undefined {
  const n = reference.tokens.length;
  const m = other.tokens.length;
  if (n > MAX_ALIGNED_TOKENS || m > MAX_ALIGNED_TOKENS) return undefined;
  const key = (copy: TokenCopy, i: number) => {
    const token = copy.tokens[i];
    if (token.kind === 'name' || token.kind === 'number') return token.kind;
    return token.kind === 'string' ? 'string' : copy.text.slice(token.start, token.end);
  };
  const a = Array.from({ length: n }, (_, i) => key(reference, i));
  const b = Array.from({ length: m }, (_, j) => key(other, j));
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  }
  const matched = new Array<number>(n).fill(-1);
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j] && lengths[i][j] === lengths[i + 1][j + 1] + 1) matched[i++] = j++;
    else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return matched;
}

/** A stretch where the reference and copy `copy` differ in code: token ranges `[start, end)` of each (either may be empty). */
export interface Hunk {
  readonly reference: Range;
  readonly copy: number;
  readonly other: Range;
}

export type Range = readonly [number, number];

/** The unmatched stretches between copy `copy` (aligned by `matched`) and the reference. */
export function hunksOf(referenceLength: number, otherLength: number, matched: readonly number[], copy: number): Hunk[] {
  const hunks: Hunk[] = [];
  let previous = -1;
  for (let i = 0; i <= referenceLength; i++) {
    if (i < referenceLength && matched[i] < 0) continue;
    const j = i < referenceLength ? matched[i] : otherLength;
    const otherFrom = previous < 0 ? 0 : matched[previous] + 1;
    if (i > previous + 1 || j > otherFrom) hunks.push({ reference: [previous + 1, i], copy, other: [otherFrom, j] });
    previous = i;
  }
  return hunks;
}

/**
 * The tokens of the other copy between the anchors around `range` of the reference (the matched
 * tokens just before and just after it): what stands there in the other copy.
 */
export function mapRange(matched: readonly number[], otherLength: number, [from, to]: Range): Range {
  let before = from - 1;
  while (before >= 0 && matched[before] < 0) before--;
  let after = to;
  while (after < matched.length && matched[after] < 0) after++;
  return [before < 0 ? 0 : matched[before] + 1, after < matched.length ? matched[after] : otherLength];
}

/** The inverse alignment: for each token of the other copy, the reference token it corresponds to, or -1. */
export function inverted(matched: readonly number[], otherLength: number): number[] {
  const back = new Array<number>(otherLength).fill(-1);
  matched.forEach((j, i) => {
    if (j >= 0) back[j] = i;
  });
  return back;
}
