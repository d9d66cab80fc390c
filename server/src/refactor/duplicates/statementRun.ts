/**
 * Clones are found on tokens, so a clone may begin at a `def` line or end in the middle of a
 * compound statement; a function made from it must hold whole statements of one block. This
 * finds, within a clone's lines, the longest run of sibling statements inside a function that
 * can move to another one.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { lexPython } from '../../core/python/pythonLexer';
import { initialisesOnly } from '../../core/python/classMembers';
import { controlFlowProblemIn, declaredNameProblem } from '../extract/statementContext';

export interface LineSpan {
  /** Zero-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
}

/** One statement of a run: its lines, and its shape (its tokens, every name and every literal alike). */
export interface RunStatement extends LineSpan {
  readonly shape: string;
  /** The shape up to its first `=`, `(` or `:` (`N = ` of `count = len(lines) + 1`): what it is, whatever expression it holds. */
  readonly head: string;
  /** `to_process = set()`: it only binds a name to a fresh literal, which is no logic to share. */
  readonly initialisation: boolean;
}

/** The longest run of consecutive statements of one function-level block within the lines. */
export function statementRunWithin(parser: PythonParser, text: string, span: LineSpan): RunStatement[] | undefined {
  const tree = parser.parse(text);
  try {
    let best: Node[] | undefined;
    const consider = (run: Node[]) => {
      if (!best || linesOf(run) > linesOf(best)) best = run;
    };
    // With a stack, not recursion: an expression may nest thousands of levels deep.
    const pending: { node: Node; fn?: Node }[] = [{ node: tree.rootNode }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      const { node } = next;
      if (node.endPosition.row < span.startLine || node.startPosition.row > span.endLine) continue;
      // A class body is no function body, even inside a function: its statements are the class's attributes.
      const fn = node.type === 'function_definition' ? node : node.type === 'class_definition' ? undefined : next.fn;
      if (node.type === 'block' && fn) runsOf(node, span, fn).forEach(consider);
      // Reversed, so blocks are considered in source order (the first of equal runs wins).
      for (const child of node.namedChildren.reverse()) pending.push({ node: child, fn });
    }
    return best?.map((statement) => {
      const shape = shapeOf(statement.text);
      return { startLine: statement.startPosition.row, endLine: statement.endPosition.row, shape, head: headOf(shape), initialisation: initialisesOnly(statement) };
    });
  } finally {
    tree.delete();
  }
}

function headOf(shape: string): string {
  const tokens = shape.split(' ');
  const end = tokens.findIndex((token) => /^([-+*/%&|^@<>]|\/\/|\*\*|<<|>>)?=$|^[(:]$/.test(token));
  return tokens.slice(0, end < 0 ? tokens.length : end + 1).join(' ');
}

function linesOf(run: readonly Node[]): number {
  return run[run.length - 1].endPosition.row - run[0].startPosition.row;
}

function shapeOf(code: string): string {
  return lexPython(code)
    .filter((token) => token.kind !== 'comment' && token.kind !== 'newline')
    .map((token) => (token.kind === 'name' ? 'N' : token.kind === 'string' || token.kind === 'number' ? 'L' : code.slice(token.start, token.end)))
    .join(' ');
}

/**
 * A statement that returns, yields, awaits, breaks out, calls `super()`… cannot move into another
 * function (statementContext.ts says why); a clone that ends with `if errors: return …` still has
 * its validation to share before it.
 */
function tiedToItsFunction(statement: Node, fn: Node): boolean {
  let inClass = false;
  for (let node = fn.parent; node && !inClass; node = node.parent) inClass = node.type === 'class_definition';
  return controlFlowProblemIn([statement], inClass) !== undefined || declaredNameProblem(fn, [statement]) !== undefined;
}

/** A function's or class's docstring is its `__doc__`: it stays where it is. */
function isDocstring(statement: Node): boolean {
  const first = statement.parent?.namedChildren.find((child) => child.type !== 'comment');
  return first?.id === statement.id && statement.type === 'expression_statement' && statement.namedChildren.length === 1 && statement.namedChildren[0].type === 'string';
}

/** Runs of consecutive statements of the block that lie wholly within the span. */
function runsOf(block: Node, span: LineSpan, fn: Node): Node[][] {
  const runs: Node[][] = [];
  let current: Node[] = [];
  for (const statement of block.namedChildren) {
    if (statement.type === 'comment') continue;
    const inside = statement.startPosition.row >= span.startLine && statement.endPosition.row <= span.endLine && !tiedToItsFunction(statement, fn) && !isDocstring(statement);
    if (inside) current.push(statement);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}
