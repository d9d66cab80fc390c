/**
 * The binary search every sorted list of the analyser uses (tokens, names and node ids by offset):
 * the first index in [0, length) where `before` is false, for a `before` true on a prefix only.
 * On a sorted list that is its lower bound, where a value would be inserted.
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}
