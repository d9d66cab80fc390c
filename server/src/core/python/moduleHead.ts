/**
 * A module's head: what must stay at its top, above any import a refactoring adds. Python reads a
 * shebang only on the first line and an encoding declaration only on the first or second (PEP
 * 263); a docstring is one only as the first statement; `from __future__` imports must come
 * before all other code. A comment block heading the file (a licence) stays above the imports
 * too, as isort and ruff keep it.
 */
import type { SyntaxNode } from '../parse/syntaxNode';

/** PEP 263's encoding declaration (`# -*- coding: latin-1 -*-`). */
export const CODING_LINE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * The line after the comments heading the file: the shebang, the encoding declaration, and the
 * comments a blank line separates from the first statement. Comments directly above the first
 * statement are that statement's: they move with it.
 */
export function headerCommentsEnd(root: SyntaxNode, text: string): number {
  return headerCommentsEndAbove(root.namedChildren.find((c) => c.type !== 'comment')?.startPosition.row, text);
}

/** headerCommentsEnd for a module whose first statement starts on `firstRow` (undefined: it has none). */
function headerCommentsEndAbove(firstRow: number | undefined, text: string): number {
  const lines = headLines(text, firstRow);
  let attached = firstRow ?? lines.length;
  while (firstRow !== undefined && attached > 0 && isComment(lines[attached - 1])) attached--;
  let end = 0;
  for (let row = 0; row < attached; row++) if (isComment(lines[row])) end = row + 1;
  return Math.max(end, magicLines(lines));
}

/** The statements a module's head is made of, read from its tree or from its tokens. */
export interface ModuleHeadShape {
  /** The row the first statement starts on; undefined when the module has none. */
  readonly firstRow: number | undefined;
  /** The last row of its docstring and `from __future__` imports; undefined when it opens with neither. */
  readonly leadEndRow: number | undefined;
}

/**
 * The line where a module's first import goes: after its head comments, docstring and
 * `from __future__` imports. Below head comments alone, after the blank lines that end them.
 */
export function preambleEnd(root: SyntaxNode, text: string): number {
  const statements = root.namedChildren.filter((c) => c.type !== 'comment');
  let i = isBareString(statements[0]) ? 1 : 0;
  while (statements[i]?.type === 'future_import_statement') i++;
  return preambleEndOf({ firstRow: statements[0]?.startPosition.row, leadEndRow: i > 0 ? statements[i - 1].endPosition.row : undefined }, text);
}

/** preambleEnd for a module of the given shape. */
export function preambleEndOf(head: ModuleHeadShape, text: string): number {
  if (head.leadEndRow !== undefined) return head.leadEndRow + 1;
  let end = headerCommentsEndAbove(head.firstRow, text);
  const firstRow = head.firstRow ?? end;
  const lines = headLines(text, head.firstRow);
  while (end > 0 && end < firstRow && lines[end].trim() === '') end++;
  return end;
}

/** The module's `from __future__` import statements. */
export function futureImports(root: SyntaxNode): SyntaxNode[] {
  return root.namedChildren.filter((c) => c.type === 'future_import_statement');
}

/** The `__future__` features the module is compiled with (`annotations`). */
export function futureFeatures(root: SyntaxNode): string[] {
  return futureImports(root).flatMap((statement) =>
    statement.childrenForFieldName('name').map((name) => (name.type === 'aliased_import' ? name.childForFieldName('name')! : name).text),
  );
}

/** How many of the first lines Python reads before the code: a shebang, an encoding declaration. */
function magicLines(lines: readonly string[]): number {
  if (lines.length > 1 && CODING_LINE.test(lines[1]) && (isComment(lines[0]) || lines[0].trim() === '')) return 2;
  return lines[0]?.startsWith('#!') || CODING_LINE.test(lines[0] ?? '') ? 1 : 0;
}

/** The lines down to the first statement (at least two): all the head can span, without splitting a long module. */
function headLines(text: string, firstRow: number | undefined): string[] {
  return firstRow !== undefined ? text.split('\n', Math.max(firstRow + 1, 2)) : text.split('\n');
}

function isComment(line: string): boolean {
  return line.trimStart().startsWith('#');
}

/** Whether the statement is a string on its own: the docstring, when it is the module's first. */
export function isBareString(statement: SyntaxNode | undefined): boolean {
  return statement?.type === 'expression_statement' && statement.namedChildren[0]?.type === 'string';
}
