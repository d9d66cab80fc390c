/**
 * The duplication figures of a set of clone classes: the code lines inside some clone, and of
 * those the near-duplicate lines one general function could remove (all copies but one of each
 * class whose copies differ in names or values: what the generalized extraction removes).
 */
import type { CloneClass } from '../core/clones/cloneClasses';
import { countCodeLines } from '../core/python/moduleOutline';

/** `maskOf(file)`: which rows of the file are code (a file not analysed has none). */
export function duplicationFigures(classes: readonly CloneClass[], maskOf: (file: string) => Uint8Array | undefined): { duplicatedLines: number; nearDuplicateLines: number } {
  const duplicated = new Map<string, Uint8Array>();
  let nearDuplicateLines = 0;
  for (const clone of classes) {
    for (const [i, place] of clone.places.entries()) {
      const mask = maskOf(place.file);
      if (!mask) continue;
      let rows = duplicated.get(place.file);
      if (!rows) duplicated.set(place.file, (rows = new Uint8Array(mask.length)));
      rows.set(mask.subarray(place.range.start.line, place.range.end.line + 1), place.range.start.line);
      if (!clone.exact && i > 0) nearDuplicateLines += countCodeLines(mask, place.range.start.line, place.range.end.line);
    }
  }
  let duplicatedLines = 0;
  for (const rows of duplicated.values()) duplicatedLines += countCodeLines(rows);
  return { duplicatedLines, nearDuplicateLines };
}
