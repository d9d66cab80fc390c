/**
 * A function-local import: how a moved definition reaches a module that imports it back, without
 * an import cycle at import time.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from './domainEdit';

/** Inserts `importLines` as the first statements of the function (after its docstring), or says why not. */
export function functionLocalImport(fn: Node, importLines: readonly string[]): TextEdit | string {
  const statements = fn.childForFieldName('body')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const first = statements[0];
  if (!first || first.startPosition.row === fn.startPosition.row) {
    return `\`${fn.childForFieldName('name')?.text ?? 'a function'}\` needs a function-local import but its body is on the \`def\` line`;
  }
  const docstring = first.type === 'expression_statement' && first.namedChild(0)?.type === 'string';
  const row = docstring ? first.endPosition.row + 1 : first.startPosition.row;
  const indent = ' '.repeat(first.startPosition.column);
  return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: importLines.map((line) => `${indent}${line}\n`).join('') };
}
