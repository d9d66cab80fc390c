/**
 * Decides which lines of a module are code. Blank lines, comments and docstrings are not: a file
 * that is long because it is well documented is not what the long-file rule is about.
 */
import type { Node, Tree } from 'web-tree-sitter';

/** One flag per line of the file: 1 where the line holds code. */
export type CodeLineMask = Uint8Array;

/** Marks every line that holds at least one token that is neither a comment nor a docstring. */
export function codeLineMask(tree: Tree, lineCount: number): CodeLineMask {
  const mask = new Uint8Array(lineCount);
  const cursor = tree.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      const node = cursor.currentNode;
      if (node.type === 'comment' || isDocstring(node)) {
        descend = false;
        continue;
      }
      if (node.childCount === 0 && node.endIndex > node.startIndex) {
        markRows(mask, node.startPosition.row, node.endPosition.row);
      }
      if (cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
  }
  cursor.delete();
  return mask;
}

/** Counts the code lines of `mask` in the inclusive row span. */
export function countCodeLines(mask: CodeLineMask, firstRow = 0, lastRow = mask.length - 1): number {
  let count = 0;
  for (let row = Math.max(0, firstRow); row <= Math.min(lastRow, mask.length - 1); row++) {
    count += mask[row];
  }
  return count;
}

/** A bare string statement that opens a module, class or function body. */
export function isDocstring(node: Node): boolean {
  if (node.type !== 'expression_statement' || node.namedChildCount !== 1) return false;
  const only = node.namedChild(0);
  if (!only || (only.type !== 'string' && only.type !== 'concatenated_string')) return false;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type !== 'module' && parent.type !== 'block') return false;
  if (parent.type === 'block') {
    const owner = parent.parent?.type;
    if (owner !== 'class_definition' && owner !== 'function_definition') return false;
  }
  return parent.firstNamedChild?.equals(node) ?? false;
}

function markRows(mask: CodeLineMask, from: number, to: number): void {
  for (let row = from; row <= to && row < mask.length; row++) mask[row] = 1;
}
