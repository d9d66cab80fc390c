/**
 * Clones are found on tokens, so a clone may begin at a `def` line or end in the middle of a
 * compound statement; a function made from it must hold whole statements of one block. This
 * finds, within a clone's lines, the longest run of sibling statements inside a function.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../core/parse/pythonParser';

export interface LineSpan {
  /** Zero-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** The longest run of consecutive statements of one function-level block within the lines. */
export function statementRunWithin(parser: PythonParser, text: string, span: LineSpan): LineSpan | undefined {
  const tree = parser.parse(text);
  try {
    let best: LineSpan | undefined;
    const consider = (run: LineSpan) => {
      if (!best || run.endLine - run.startLine > best.endLine - best.startLine) best = run;
    };
    const visit = (node: Node, inFunction: boolean) => {
      if (node.endPosition.row < span.startLine || node.startPosition.row > span.endLine) return;
      const insideFunction = inFunction || node.type === 'function_definition';
      if (node.type === 'block' && insideFunction) runsOf(node, span).forEach(consider);
      for (const child of node.namedChildren) visit(child, insideFunction);
    };
    visit(tree.rootNode, false);
    return best;
  } finally {
    tree.delete();
  }
}

/** Runs of consecutive statements of the block that lie wholly within the span. */
function runsOf(block: Node, span: LineSpan): LineSpan[] {
  const runs: LineSpan[] = [];
  let current: { startLine: number; endLine: number } | undefined;
  for (const statement of block.namedChildren) {
    if (statement.type === 'comment') continue;
    const inside = statement.startPosition.row >= span.startLine && statement.endPosition.row <= span.endLine;
    if (inside && current) current.endLine = statement.endPosition.row;
    else if (inside) current = { startLine: statement.startPosition.row, endLine: statement.endPosition.row };
    else if (current) {
      runs.push(current);
      current = undefined;
    }
  }
  if (current) runs.push(current);
  return runs;
}
