/**
 * What the observability rule reads of a module's code: exception handlers that swallow every
 * error without a trace, and `print()` calls. In production a handler made only of `pass` hides
 * the failure from logs, metrics and the error tracker alike, and `print` writes to a stdout no
 * one collects (or interleaves with the JSON log lines that are).
 *
 * A pure function of one module's tree, returning plain data (cached with the module's facts).
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';

export interface SwallowedHandler {
  /** `except:`, `except Exception:`… as written, up to the colon. */
  readonly clause: string;
  readonly range: SourceRange;
}

export interface ObservabilityFacts {
  readonly swallowed: readonly SwallowedHandler[];
  /** `print(…)` calls, those under `if __name__ == "__main__":` left out (a script's output). */
  readonly prints: readonly SourceRange[];
}

/** Exceptions that catch (nearly) everything: catching them silently hides any bug. */
const CATCH_ALL = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);
/** Statements that do nothing with the error. */
const NOTHING = new Set(['pass_statement', 'continue_statement', 'break_statement']);

/** The facts of the module parsed as `root`. */
export function observabilityFacts(root: SyntaxNode): ObservabilityFacts {
  const text = root.text;
  const swallowed = text.includes('except') ? root.descendantsOfType('except_clause').filter(swallows).map(handlerFacts) : [];
  const prints = text.includes('print') ? root.descendantsOfType('call').filter(isPrint).map(rangeOf) : [];
  return { swallowed, prints };
}

function handlerFacts(clause: SyntaxNode): SwallowedHandler {
  const colon = clause.children.find((child) => child.type === ':');
  const header = colon ? clause.text.slice(0, colon.endIndex - clause.startIndex) : 'except:';
  return { clause: header.replace(/\s+/g, ' '), range: rangeFromPoints(clause.startPosition, colon?.endPosition ?? clause.startPosition) };
}

/** A handler catching everything whose body only passes, continues, breaks or returns nothing. */
function swallows(clause: SyntaxNode): boolean {
  const body = clause.namedChildren.find((child) => child.type === 'block');
  if (!body) return false;
  const caught = clause.namedChildren.filter((child) => child !== body && child.type !== 'comment');
  if (caught.length > 0 && !catchesAll(caught[0])) return false;
  const statements = body.namedChildren.filter((child) => child.type !== 'comment');
  return statements.length > 0 && statements.every(doesNothing);
}

/** `Exception`, `Exception as error`, `(ValueError, Exception)`. */
function catchesAll(caught: SyntaxNode): boolean {
  const type = caught.type === 'as_pattern' ? caught.namedChildren[0] : caught;
  if (!type) return false;
  if (type.type === 'tuple' || type.type === 'parenthesized_expression') return type.namedChildren.some(catchesAll);
  return CATCH_ALL.has(type.text);
}

function doesNothing(statement: SyntaxNode): boolean {
  if (NOTHING.has(statement.type)) return true;
  if (statement.type === 'return_statement') return /^return(\s+None)?$/.test(statement.text);
  return statement.type === 'expression_statement' && statement.text === '...';
}

function isPrint(call: SyntaxNode): boolean {
  return call.childForFieldName('function')?.text === 'print' && !underMainGuard(call);
}

function underMainGuard(node: SyntaxNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'if_statement' && at.parent?.type === 'module' && /__name__\s*==|==\s*__name__/.test(at.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
