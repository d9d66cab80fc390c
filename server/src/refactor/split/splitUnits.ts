/**
 * The pieces a module split moves: each top-level statement with the comments above it, and how
 * to lay a run of them out again so that each new module keeps the source's blank lines.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TopLevelSymbol } from '../../core/python/moduleOutline';
import { headerCommentsEnd, isBareString } from '../../core/python/moduleHead';
import { rowsWithEdits, type TextEdit } from '../domainEdit';
import { nameUsesIn, type NameUse } from '../analysis/nameUses';
import { nameFlow, parameterNames } from '../analysis/dataFlow';

/** One top-level statement with the comments above it: what moves as a piece. */
export interface Unit {
  readonly statement: Node;
  /** Its position among the module's units. */
  readonly index: number;
  readonly firstRow: number;
  readonly lastRow: number;
  /** Blank lines between the previous unit and this one in the source. */
  readonly gap: number;
  readonly symbol?: TopLevelSymbol;
  readonly uses: readonly NameUse[];
}

/** A unit's text as it goes into a new module, with the blank lines to leave above it. */
export interface LaidOut {
  readonly text: string;
  readonly gap: number;
}

/**
 * The units in source order (imports are not units), the comments after the last statement, and
 * the lines of the file's head comments (shebang, encoding, licence: no statement's) with the
 * blank lines below them.
 */
export function unitsOf(tree: Tree, text: string, symbols: readonly TopLevelSymbol[]): { units: Unit[]; trailing?: string; header: string[] } {
  const lines = text.split('\n');
  const headEnd = headerCommentsEnd(tree.rootNode, text);
  const symbolAt = new Map(symbols.map((s) => [s.range.start.line, s]));
  const units: Unit[] = [];
  const localNames = new Map<number, ReadonlySet<string>>();
  let pendingComment: number | undefined;
  let previousEnd = headEnd - 1;
  for (const statement of tree.rootNode.namedChildren) {
    if (statement.type === 'comment') {
      // A comment after a statement on its line (`import x  # noqa`) is that statement's.
      if (statement.startPosition.row < headEnd || statement.startPosition.row === previousEnd) continue;
      pendingComment ??= statement.startPosition.row;
      continue;
    }
    if (isImport(statement)) {
      pendingComment = undefined;
      previousEnd = statement.endPosition.row;
      continue;
    }
    const firstRow = pendingComment ?? statement.startPosition.row;
    pendingComment = undefined;
    let gap = 0;
    for (let row = firstRow - 1; row > previousEnd && lines[row].trim() === ''; row--) gap++;
    units.push({
      statement,
      index: units.length,
      firstRow,
      lastRow: statement.endPosition.row,
      gap,
      symbol: symbolAt.get(statement.startPosition.row),
      uses: moduleLevelUses(statement, localNames),
    });
    previousEnd = statement.endPosition.row;
  }
  const trailing = pendingComment === undefined ? undefined : lines.slice(pendingComment).join('\n').replace(/\n+$/, '');
  let headRows = headEnd;
  while (headRows > 0 && headRows < lines.length - 1 && lines[headRows].trim() === '') headRows++;
  return { units, trailing, header: lines.slice(0, headRows) };
}

const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
const SCOPES = new Set(['function_definition', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The statement's reads of module-level names: a name a function binds itself (a parameter, a
 * local variable) is another variable, and importing the module-level one for it would only
 * shadow an unused import (`def as_sql(self, connection)` beside `from django.db import connection`).
 */
function moduleLevelUses(statement: Node, cache: Map<number, ReadonlySet<string>>): NameUse[] {
  const boundIn = (scope: Node) => {
    let names = cache.get(scope.id);
    if (!names) cache.set(scope.id, (names = scopeNames(scope)));
    return names;
  };
  return [...nameUsesIn(statement), ...stringAnnotationUses(statement)].filter((use) => {
    for (let scope = use.node.parent; scope && scope.id !== statement.parent?.id; scope = scope.parent) {
      // The names of a function-local import (`from django.db.models import Field as F`) read nothing.
      if (IMPORTS.has(scope.type)) return false;
      if (!SCOPES.has(scope.type)) continue;
      // Defaults and decorators are read where the function is defined, not inside it.
      const body = scope.type === 'function_definition' || scope.type === 'lambda' ? scope.childForFieldName('body') : scope;
      if (body && body.startIndex <= use.node.startIndex && use.node.endIndex <= body.endIndex && boundIn(scope).has(use.name)) return false;
    }
    return true;
  });
}

/**
 * The names a string annotation (`-> "Order"`, `x: "Optional[Order]"`) reads: pyflakes checks
 * them, so the module must import them. They count as used when the module is imported (a
 * cycle through one is refused rather than made lazy: the string cannot become a local import).
 */
function stringAnnotationUses(statement: Node): NameUse[] {
  return statement
    .descendantsOfType('string')
    .filter((string) => string.parent?.type === 'type')
    .flatMap((string) => {
      const content = string.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join('');
      return [...content.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)].map((match) => ({ name: match[0], node: string, deferred: false }));
    });
}

/** The names a function, lambda or comprehension binds for itself, but those it declares global. */
function scopeNames(scope: Node): ReadonlySet<string> {
  const names = new Set(parameterNames(scope));
  if (scope.type === 'function_definition' || scope.type === 'lambda') {
    const body = scope.childForFieldName('body');
    const statements = body ? (scope.type === 'lambda' ? [body] : body.namedChildren) : [];
    nameFlow(statements).writes.forEach((name) => names.add(name));
    for (const declaration of scope.descendantsOfType(['global_statement', 'nonlocal_statement'])) {
      declaration.namedChildren.forEach((name) => names.delete(name.text));
    }
  }
  return names;
}

function isImport(statement: Node): boolean {
  return IMPORTS.has(statement.type);
}

export function isDocstring(unit: Unit, units: readonly Unit[]): boolean {
  return unit === units[0] && isBareString(unit.statement);
}

/** The unit's lines with its edits (in source coordinates) applied. */
export function unitText(text: string, unit: Unit, edits: readonly TextEdit[]): string {
  return rowsWithEdits(text, unit.firstRow, unit.lastRow, edits);
}

/**
 * Units of one new module, in source order: neighbours in the source keep the blank lines
 * between them (constants written one per line stay so); units that other modules' code
 * separated get at least one blank line.
 */
export function layOut(units: readonly Unit[], textOf: (unit: Unit) => string): LaidOut[] {
  return units.map((unit, i) => {
    const gap = i === 0 ? 0 : unit.index === units[i - 1].index + 1 ? unit.gap : Math.max(1, unit.gap);
    return { text: textOf(unit), gap };
  });
}
