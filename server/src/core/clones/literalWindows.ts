/**
 * Windows made mostly of literals (a data module's strings, a table's numbers) line up with each
 * other on every diagonal, and all-literal ones all have one shape, so the same places answer
 * each of them. Such a window is only compared with the places holding its very text
 * (cloneIndex.ts): a run holding a clone has an indexed window that is exact, or that holds at
 * most `literalLimit` literals (see there).
 */

/**
 * The most literals an indexed window can hold when it is the one with the fewest of a stretch
 * that may hold a clone not exact (runs.ts mayHoldClone: `length` tokens, at least minTokens, at
 * most 30 % of them literals): the stretch holds at least ⌊(length - window + 1) / stride⌋
 * indexed windows, apart from each other when the stride is at least a window, and one of them
 * holds at most their share of its literals. The limit is the largest share over every length.
 */
export function literalLimit(minTokens: number, window: number, stride: number): number {
  if (stride < window) return window - 1;
  let limit = 0;
  // The share falls as windows are added (every stride tokens); a few strides past minTokens it is past its largest.
  for (let length = minTokens; length <= minTokens + 4 * stride + window; length++) {
    const windows = Math.floor((length - window + 1) / stride);
    limit = Math.max(limit, Math.floor(Math.floor((3 * length) / 10) / windows));
  }
  return Math.min(limit, window - 1);
}
