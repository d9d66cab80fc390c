/**
 * The one edit that turns a text into another: what changed between their common start and
 * common end. tree-sitter re-parses incrementally from such an edit, and the editor sends whole
 * texts (or edits the document manager has already applied), so the difference is recomputed.
 * Indices and columns are UTF-16 code units, as web-tree-sitter counts them.
 */
import type { Point } from 'web-tree-sitter';

export interface TextChange {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newEndIndex: number;
  readonly startPosition: Point;
  readonly oldEndPosition: Point;
  readonly newEndPosition: Point;
}

/** The change from `before` to `after`, or undefined when they are equal; `ends`: what they share at each end, when known already. */
export function changeBetween(before: string, after: string, ends?: CommonEnds): TextChange | undefined {
  if (before === after) return undefined;
  const { head: start, tail: end } = ends ?? commonEnds(before, after);
  const oldEnd = before.length - end;
  const newEnd = after.length - end;
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  };
}

/** Row and column of an index (rows end at `\n`). */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** Characters compared at once while the texts agree: an edit's texts agree on all but a few. */
const BLOCK = 256;

/** How many characters two texts share at their start (`head`), and at their end apart from those (`tail`). */
export interface CommonEnds {
  readonly head: number;
  readonly tail: number;
}

/** What `before` and `after` share at each end. */
export function commonEnds(before: string, after: string): CommonEnds {
  const shorter = Math.min(before.length, after.length);
  let head = 0;
  while (head + BLOCK <= shorter && after.startsWith(before.slice(head, head + BLOCK), head)) head += BLOCK;
  while (head < shorter && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  while (tail + BLOCK <= shorter - head && after.startsWith(before.slice(before.length - tail - BLOCK, before.length - tail), after.length - tail - BLOCK)) tail += BLOCK;
  while (tail < shorter - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { head, tail };
}
