/**
 * A tests package's `__init__.py` that star-imports its test modules (`from .test_models import *`,
 * for runners that load the package): when one of them is split, each such statement becomes a
 * star import of every part, so the package still holds the same tests. An importer that uses
 * the module any other way keeps the split refused (moduleImporters.ts tells which do).
 */
import type { TextEdit } from '../domainEdit';
import type { OutsideUses } from './moduleImporters';

/** The edits that make the importers that only star-import the module star-import its parts (module names, in order) instead. */
export function starImportEdits(outside: OutsideUses, parts: readonly string[]): Map<string, TextEdit[]> {
  return new Map(
    [...outside.starOnly].map(([importer, stars]) => [
      importer,
      stars.map(({ range, written, indent }) => ({
        range,
        newText: parts.map((part) => `from ${written.replace(/[^.]+$/, part)} import *`).join(`\n${' '.repeat(indent)}`),
      })),
    ]),
  );
}
