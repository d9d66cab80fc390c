/**
 * Blank lines around the code a refactoring removes, as PEP 8 lays a module out: a module that
 * loses its last definition ends with one newline, one that loses its first imports starts with
 * what follows them, and between what is left stay the blank lines that were on either side
 * (two between top-level definitions). Deleting the lines alone left those blank lines behind.
 */
import type { TextEdit } from './domainEdit';

/**
 * The edits of one file with each run of removed lines and the blank lines around it merged
 * into one edit that leaves the right number of blank lines. Whole-line deletions are removals;
 * any other edit is kept as it is and counts as code.
 */
export function tidyRemovals(text: string, edits: readonly TextEdit[]): TextEdit[] {
  const lines = text.split('\n');
  const rowCount = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const removals = edits.filter(isLineRemoval);
  if (removals.length === 0) return [...edits];
  const removed = new Set(removals.flatMap((edit) => rowsOf(edit.range.start.line, edit.range.end.line)));
  const touched = new Set<number>();
  // Text inserted at the start of a row sits between it and the row before: a run cannot span it.
  const insertedBefore = new Set<number>();
  for (const edit of edits.filter((e) => !isLineRemoval(e))) {
    const { start, end } = edit.range;
    if (start.line === end.line && start.character === end.character && start.character === 0) insertedBefore.add(start.line);
    else for (const row of rowsOf(start.line, end.character === 0 && end.line > start.line ? end.line : end.line + 1)) touched.add(row);
  }
  const isGap = (row: number) => removed.has(row) || (!touched.has(row) && lines[row].trim() === '');

  const tidied: TextEdit[] = edits.filter((e) => !isLineRemoval(e));
  for (let row = 0; row < rowCount; row++) {
    if (!isGap(row)) continue;
    const first = row;
    while (row + 1 < rowCount && isGap(row + 1) && !insertedBefore.has(row + 1)) row++;
    const run = rowsOf(first, row + 1);
    const removedRows = run.filter((r) => removed.has(r));
    if (removedRows.length === 0) continue;
    const atStart = first === 0 && !insertedBefore.has(0);
    const atEnd = row === rowCount - 1 && !insertedBefore.has(rowCount);
    const kept = Math.max(removedRows[0] - first, row - removedRows[removedRows.length - 1]);
    // A top-level definition after the gap keeps the two blank lines PEP 8 puts before it.
    const beforeDefinition = /^(def |class |async def |@)/.test(lines[row + 1] ?? '') ? 2 : 0;
    const blankLines = atStart || atEnd ? 0 : Math.max(kept, beforeDefinition);
    tidied.push({ range: { start: { line: first, character: 0 }, end: { line: row + 1, character: 0 } }, newText: '\n'.repeat(blankLines) });
  }
  return tidied;
}

function isLineRemoval(edit: TextEdit): boolean {
  const { start, end } = edit.range;
  return edit.newText === '' && start.character === 0 && end.character === 0 && end.line > start.line;
}

/** Rows `from` up to, not including, `to`. */
function rowsOf(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
