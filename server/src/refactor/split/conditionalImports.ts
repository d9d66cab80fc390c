/**
 * Module-level imports inside `try`/`if` (`try: from asgiref.local import Local as LocalContext`
 * / `except ImportError: from threading import local as LocalContext`) are not import lines a
 * feature module can copy: the whole block moves, once, to the one module that reads what it
 * binds (the package's `__init__.py` when none does). A block doing more than importing and
 * naming values, or whose names several modules read, is refused: copies of it would be two
 * fallbacks to keep in step.
 */
import { conditionalBindings } from '../analysis/conditionalBindings';
import type { Unit } from './splitUnits';

/** Each conditional import block with the names it binds, or why one cannot move. */
export function conditionalImports(units: readonly Unit[]): Map<Unit, string[]> | string {
  const found = new Map<Unit, string[]>();
  for (const unit of units) {
    const { statement } = unit;
    if (unit.symbol || !['if_statement', 'try_statement'].includes(statement.type) || !/\bimport\b/.test(statement.text)) continue;
    const bound = conditionalBindings(statement);
    if (!bound) return `line ${statement.startPosition.row + 1} imports conditionally at module level and does more than import; move it by hand first`;
    found.set(unit, bound);
  }
  return found;
}

/**
 * Where a conditional import block goes: the one destination whose code reads its names,
 * `init` when none does, or why there is no single one.
 */
export function conditionalImportHome(unit: Unit, bound: readonly string[], units: readonly Unit[], destination: ReadonlyMap<Unit, string>, init: string): string | { refused: string } {
  const readers = new Set(units.filter((other) => other !== unit && other.uses.some((use) => bound.includes(use.name))).map((other) => destination.get(other) ?? init));
  if (readers.size <= 1) return [...readers][0] ?? init;
  const where = [...readers].map((reader) => (reader === init ? '__init__.py' : reader)).join(', ');
  return { refused: `line ${unit.statement.startPosition.row + 1} imports conditionally at module level, and what it binds (${bound.join(', ')}) is read in ${where}; move it to a module of its own first` };
}
