/**
 * Entry `retry-loop`: a loop that calls something, catches its exception and sleeps before the
 * next attempt, which tenacity's `@retry` does with the attempts, the wait and the exceptions
 * declared. Every such loop is reported; one shape converts mechanically (the code action):
 *
 *     def fetch(url):                          @retry(stop=stop_after_attempt(3), wait=wait_fixed(2),
 *         for attempt in range(3):                    retry=retry_if_exception_type(IOError), reraise=True)
 *             try:                             def fetch(url):
 *                 return download(url)    →        return download(url)
 *             except IOError:
 *                 if attempt == 2:
 *                     raise
 *                 time.sleep(2)
 *
 * Same attempts (3), same sleeps (2 s between attempts, none after the last), same exception
 * at the end (the last attempt's, re-raised), other exceptions raised at once; the loop must be
 * the whole function so that nothing else runs once per attempt.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { headerRange, identifiersIn, ownNodes } from './syntax';

const LOOPS = new Set(['for_statement', 'while_statement']);

/** The retry loops of `fn`'s own body; `root` (the module) says how `sleep` was imported. */
export function findRetryLoops(fn: SyntaxNode, root: SyntaxNode): HandRolledOccurrence[] {
  return ownNodes(fn, LOOPS)
    .filter((loop) => ownNodes(loop, new Set(['except_clause'])).some((handler) => sleepCallOf(handler) !== undefined && leavesOnSuccess(handler)))
    .map((loop) => {
      const shape = retryShape(fn, root);
      const conversion = shape.kind === 'convertible' && shape.loop.id === loop.id ? { convertible: true as const } : { convertible: false as const, reason: shape.kind === 'refused' ? shape.reason : 'the function holds more than this loop' };
      return { entry: 'retry-loop', range: headerRange(loop), detail: describe(loop), conversion };
    });
}

/** The shape of a convertible retry function, as the conversion rewrites it. */
export interface RetryShape {
  readonly kind: 'convertible';
  readonly attempts: number;
  /** The sleep's argument as written (`2`, `0.5`). */
  readonly seconds: string;
  /** The `except` clause's types as written (`IOError`, `(IOError, TimeoutError)`). */
  readonly exceptions: string;
  readonly loop: SyntaxNode;
  /** The statements of the `try` body: one attempt. */
  readonly attempt: readonly SyntaxNode[];
}

/** Whether `fn` is one retry loop that converts to `@retry` keeping behaviour, or why not. */
export function retryShape(fn: SyntaxNode, root: SyntaxNode): RetryShape | { readonly kind: 'refused'; readonly reason: string } {
  const refused = (reason: string) => ({ kind: 'refused' as const, reason });
  if (fn.children.some((c) => c.type === 'async')) return refused('an async function (tenacity retries coroutines with `AsyncRetrying`, not a drop-in decorator)');
  const statements = (fn.childForFieldName('body')?.namedChildren ?? []).filter((s) => s.type !== 'comment');
  const [first, ...rest] = isDocstring(statements[0]) ? statements.slice(1) : statements;
  if (!first || rest.length > 0 || first.type !== 'for_statement') return refused('the function does more than the loop (it would run once per attempt)');
  const loop = first;
  const variable = loop.childForFieldName('left');
  const attempts = rangeCount(loop.childForFieldName('right'));
  if (variable?.type !== 'identifier' || attempts === undefined) return refused('the loop is not `for attempt in range(n)` with a literal n');
  if (loop.childForFieldName('alternative')) return refused('the loop has an `else`');
  const body = (loop.childForFieldName('body')?.namedChildren ?? []).filter((s) => s.type !== 'comment');
  const attempt = body[0];
  if (body.length !== 1 || attempt.type !== 'try_statement') return refused('the loop does more than try the call');
  const clauses = attempt.namedChildren.filter((c) => c.type !== 'block' && c.type !== 'comment');
  const handler = clauses[0];
  if (clauses.length !== 1 || handler.type !== 'except_clause') return refused('the `try` has more than one `except` (or an `else`/`finally`)');
  const tried = (attempt.childForFieldName('body')?.namedChildren ?? []).filter((s) => s.type !== 'comment');
  const problem = attemptProblem(tried, variable.text);
  if (problem) return refused(problem);
  const exceptions = exceptionTypes(handler);
  if (!exceptions) return refused('a bare `except` or `except*` (tenacity would need `retry_if_exception_type(BaseException)`)');
  const handled = (handler.namedChildren.find((c) => c.type === 'block')?.namedChildren ?? []).filter((s) => s.type !== 'comment');
  if (handled.length !== 2 || !isLastAttemptReraise(handled[0], variable.text, attempts)) return refused('the `except` does more than re-raise on the last attempt, then sleep');
  const sleep = sleepCallOf(handled[1]);
  const seconds = sleep?.childForFieldName('arguments')?.namedChildren;
  if (handled[1].type !== 'expression_statement' || !sleep || seconds?.length !== 1 || !/^(integer|float)$/.test(seconds[0].type)) return refused('the sleep is not a fixed number of seconds');
  if (!sleepsThroughTime(sleep, root)) return refused('`sleep` is not `time.sleep` (tenacity sleeps with `time.sleep`)');
  return { kind: 'convertible', attempts, seconds: seconds[0].text, exceptions, loop, attempt: tried };
}

/** "3 attempts, 2 s apart, on ConnectionError", as far as it is known. */
function describe(loop: SyntaxNode): string {
  const iterable = loop.type === 'for_statement' ? loop.childForFieldName('right') : null;
  const attempts = rangeCount(iterable);
  const handler = ownNodes(loop, new Set(['except_clause'])).find((h) => sleepCallOf(h) !== undefined)!;
  const seconds = sleepCallOf(handler)?.childForFieldName('arguments')?.namedChildren[0];
  const exceptions = exceptionTypes(handler);
  return [
    attempts !== undefined ? `${attempts} attempts` : iterable ? `one attempt per item of \`${iterable.text}\`` : 'until it succeeds',
    seconds && /^(integer|float)$/.test(seconds.type) ? `${seconds.text} s apart` : 'sleeping between attempts',
    exceptions ? `on ${exceptions}` : 'on any exception',
  ].join(', ');
}

/**
 * Whether the `try` of the handler leaves the loop when the attempt succeeds (`return` or `break`
 * in its body or `else`): a worker loop that logs, sleeps and goes on forever retries nothing.
 */
function leavesOnSuccess(handler: SyntaxNode): boolean {
  const attempt = handler.parent;
  const parts = attempt?.type === 'try_statement' ? [attempt.childForFieldName('body'), ...attempt.namedChildren.filter((c) => c.type === 'else_clause')] : [];
  return parts.some((part) => !!part && (/^(return|break)_statement$/.test(part.type) || part.descendantsOfType(['return_statement', 'break_statement']).length > 0));
}

function isDocstring(statement: SyntaxNode | undefined): boolean {
  return statement?.type === 'expression_statement' && statement.namedChildren[0]?.type === 'string';
}

/** n of `range(n)`, a positive integer literal. */
function rangeCount(iterable: SyntaxNode | null): number | undefined {
  if (iterable?.type !== 'call' || iterable.childForFieldName('function')?.text !== 'range') return undefined;
  const args = iterable.childForFieldName('arguments')?.namedChildren ?? [];
  const count = args.length === 1 && args[0].type === 'integer' ? Number(args[0].text.replace(/_/g, '')) : NaN;
  return Number.isInteger(count) && count >= 1 ? count : undefined;
}

/** Why the `try` body is not one attempt the decorator can repeat as is. */
function attemptProblem(tried: readonly SyntaxNode[], variable: string): string | undefined {
  const last = tried[tried.length - 1];
  if (last?.type !== 'return_statement') return 'the attempt does not end in `return` (the loop would go on after a success)';
  const nested = tried.flatMap((statement) => [statement, ...statement.descendantsOfType(['break_statement', 'continue_statement', 'yield'])]);
  if (nested.some((node) => node.type === 'yield')) return 'the attempt yields';
  if (nested.some((node) => (node.type === 'break_statement' || node.type === 'continue_statement') && !insideInnerLoop(node, tried))) return 'the attempt uses `break` or `continue`';
  if (tried.some((statement) => identifiersIn(statement).includes(variable))) return `the attempt reads the loop's \`${variable}\``;
  if (tried.some((statement) => statement.descendantsOfType('string').some((s) => s.startPosition.row !== s.endPosition.row))) return 'the attempt holds a multi-line string (re-indenting it would change its value)';
  return undefined;
}

function insideInnerLoop(node: SyntaxNode, tried: readonly SyntaxNode[]): boolean {
  for (let up = node.parent; up && !tried.some((s) => s.id === up!.id); up = up.parent) if (LOOPS.has(up.type)) return true;
  return tried.some((s) => LOOPS.has(s.type) && s.startIndex <= node.startIndex && node.endIndex <= s.endIndex);
}

/** The types of `except E:` / `except (A, B) as e:` as written; undefined for a bare `except`. */
function exceptionTypes(handler: SyntaxNode): string | undefined {
  if (handler.children.some((c) => c.type === '*')) return undefined;
  const value = handler.childForFieldName('value') ?? handler.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (!value) return undefined;
  const types = value.type === 'as_pattern' ? value.namedChildren[0] : value;
  return types && /^(identifier|attribute|tuple|parenthesized_expression)$/.test(types.type) ? types.text : undefined;
}

/** `if attempt == n - 1: raise` (or `>=`, `attempt + 1 == n`): a bare re-raise on the last attempt only. */
function isLastAttemptReraise(statement: SyntaxNode, variable: string, attempts: number): boolean {
  if (statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return false;
  const body = (statement.childForFieldName('consequence')?.namedChildren ?? []).filter((s) => s.type !== 'comment');
  if (body.length !== 1 || body[0].type !== 'raise_statement' || body[0].namedChildren.length > 0) return false;
  const match = /^(\w+)\s*(\+\s*1\s*)?(==|>=)\s*(\d+)(\s*-\s*1)?$/.exec(statement.childForFieldName('condition')?.text ?? '');
  if (!match || match[1] !== variable) return false;
  const threshold = Number(match[4]) - (match[5] ? 1 : 0) - (match[2] ? 1 : 0);
  return threshold === attempts - 1;
}

/** The `sleep(…)` call of a statement or handler (`time.sleep`, `sleep`, `asyncio.sleep`). */
function sleepCallOf(node: SyntaxNode): SyntaxNode | undefined {
  const calls = node.type === 'call' ? [node] : node.descendantsOfType('call');
  return calls.find((call) => /^((\w+\.)*)sleep$/.test(call.childForFieldName('function')?.text ?? ''));
}

/** `time.sleep` with `import time`, or `sleep` from `from time import sleep`. */
function sleepsThroughTime(call: SyntaxNode, root: SyntaxNode): boolean {
  const callee = call.childForFieldName('function')?.text;
  const imports = root.namedChildren.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement').map((s) => s.text.replace(/\s+/g, ' '));
  if (callee === 'time.sleep') return imports.some((text) => /^import (.*, )?time(,|$)/.test(text));
  return callee === 'sleep' && imports.some((text) => /^from time import (.*\b)?sleep\b(?! as)/.test(text));
}
