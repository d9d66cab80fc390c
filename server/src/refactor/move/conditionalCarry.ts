/**
 * Moved code reading a name a conditional import block binds (simple-history's `HistoricalRecords`
 * reads `LocalContext` of `try: from asgiref.local import Local as LocalContext` / `except
 * ImportError: from threading import local as LocalContext`) takes the whole block along: the
 * target gets it as written (relative imports rebased), and the old module loses it once nothing
 * there or elsewhere needs its names. A single import line carried instead would lose the
 * fallback; an `if TYPE_CHECKING:` import or a block doing more than importing is refused, and so
 * is a block binding names the moved code does not read (Django's `pyyaml.py` binds `SafeDumper`
 * and `SafeLoader` in one `try`): carried whole, those would be unused imports in the target.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportBinding } from '../../core/python/moduleOutline';
import { rowsWithEdits, type TextEdit } from '../domainEdit';
import { conditionalBindings } from '../analysis/conditionalBindings';

export interface ConditionalCarry {
  /** Each block's text for the target, in source order. */
  readonly blocks: readonly string[];
  /** The blocks' statements in the old module, with the names each binds. */
  readonly statements: readonly { readonly node: Node; readonly bound: readonly string[] }[];
}

/** The blocks binding the conditional imports in `used`, or why they cannot move. */
export function conditionalCarry(root: Node, text: string, used: readonly ImportBinding[], fileName: string, rebase: (statement: Node) => TextEdit[]): ConditionalCarry | string {
  const statements: { node: Node; bound: string[] }[] = [];
  for (const binding of used.filter((b) => b.placement !== 'module')) {
    const refusal = `\`${binding.localName}\` is imported inside a \`try\`/\`if\` block of ${fileName}; the move would import it unconditionally: move that import by hand first`;
    if (binding.placement === 'typeChecking') return refusal;
    const node = root.namedChildren.find((s) => s.startPosition.row <= binding.range.start.line && binding.range.end.line <= s.endPosition.row);
    const bound = node && conditionalBindings(node);
    if (!node || !bound) return refusal;
    const unread = bound.find((name) => !used.some((b) => b.localName === name));
    if (unread) return `\`${binding.localName}\` is imported in a \`try\`/\`if\` block of ${fileName} that also binds \`${unread}\`, which the moved code does not read; carried whole, it would be an unused import: split that block by hand first`;
    if (!statements.some((s) => s.node.id === node.id)) statements.push({ node, bound });
  }
  statements.sort((a, b) => a.node.startIndex - b.node.startIndex);
  return { statements, blocks: statements.map(({ node }) => rowsWithEdits(text, node.startPosition.row, node.endPosition.row, rebase(node))) };
}

/** Removes rows `firstRow`..`lastRow` and the blank lines after them (but the file's last). */
export function rowsRemoval(lines: readonly string[], firstRow: number, lastRow: number): TextEdit {
  let end = lastRow;
  while (end + 1 < lines.length && lines[end + 1].trim() === '' && end + 2 < lines.length) end++;
  return { range: { start: { line: firstRow, character: 0 }, end: { line: end + 1, character: 0 } }, newText: '' };
}
