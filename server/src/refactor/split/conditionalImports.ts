/**
 * Module-level imports inside `try`/`if` (`try: from asgiref.local import Local as LocalContext`
 * / `except ImportError: from threading import local as LocalContext`) are not import lines a
 * feature module can copy: the whole block moves, once, to the one module that reads what it
 * binds (the package's `__init__.py` when none does). A block doing more than importing and
 * naming values, or whose names several modules read, is refused: copies of it would be two
 * fallbacks to keep in step.
 */
import type { Node } from 'web-tree-sitter';
import { moduleImports } from '../../core/python/moduleOutline';
import type { Unit } from './splitUnits';

/** The statements a fallback block may hold: imports, `pass`, plain assignments to names, and nested blocks of the same. */
const BLOCKS = new Set(['block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'if_statement', 'try_statement']);
const SIMPLE = new Set(['import_statement', 'import_from_statement', 'pass_statement', 'comment']);

/** Each conditional import block with the names it binds, or why one cannot move. */
export function conditionalImports(units: readonly Unit[]): Map<Unit, string[]> | string {
  const found = new Map<Unit, string[]>();
  for (const unit of units) {
    const { statement } = unit;
    if (unit.symbol || !['if_statement', 'try_statement'].includes(statement.type) || !/\bimport\b/.test(statement.text)) continue;
    const assigned: string[] = [];
    if (!onlyImportsAndNames(statement, assigned)) return `line ${statement.startPosition.row + 1} imports conditionally at module level and does more than import; move it by hand first`;
    found.set(unit, [...new Set([...moduleImports(statement).map((binding) => binding.localName), ...assigned])]);
  }
  return found;
}

function onlyImportsAndNames(node: Node, assigned: string[]): boolean {
  for (const child of node.namedChildren) {
    if (BLOCKS.has(child.type)) {
      if (!onlyImportsAndNames(child, assigned)) return false;
      continue;
    }
    // Outside a block: a clause's condition or exception types.
    if (node.type !== 'block' || SIMPLE.has(child.type)) continue;
    const assignment = child.type === 'expression_statement' && child.namedChildCount === 1 ? child.namedChildren[0] : undefined;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (target?.type !== 'identifier') return false;
    assigned.push(target.text);
  }
  return true;
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
