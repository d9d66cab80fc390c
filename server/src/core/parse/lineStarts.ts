/**
 * Offsets ↔ lines of a text by its line starts (`\n` ends a line, as lineEnds.ts normalises):
 * built once per text, each lookup a binary search.
 */

/** The offset where each line starts, in order. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** The zero-based line holding `offset`, and its column there. */
export function lineAndColumn(starts: ArrayLike<number>, offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, column: offset - starts[low] };
}
