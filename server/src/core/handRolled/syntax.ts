/**
 * The few tree questions the catalogue's finders share: a scope's own nodes (not those of a
 * nested function or class), what a request's query parameters are read into, ranges.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * Nodes of `types` inside `scope`'s body, not inside a nested function, class or lambda. Found
 * with the native `descendantsOfType` (walking `namedChildren` from JavaScript costs a node
 * object per child), then each match's scope checked upwards.
 */
export function ownNodes(scope: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  const body = scope.childForFieldName('body') ?? scope;
  return body.descendantsOfType([...types]).filter((node) => {
    for (let up = node.parent; up; up = up.parent) {
      if (up.id === body.id) return true;
      if (SCOPES.has(up.type)) return false;
    }
    return false;
  });
}

export function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}

/** The first line of a compound statement (`for …:`, `def …:`), for a finding on it. */
export function headerRange(node: SyntaxNode): SourceRange {
  const body = node.childForFieldName('body');
  const colon = body?.previousSibling;
  const end = colon && colon.startPosition.row === node.startPosition.row ? colon.endPosition : { row: node.startPosition.row, column: node.startPosition.column + firstLine(node.text).length };
  return rangeFromPoints(node.startPosition, end);
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? text : text.slice(0, newline);
}

/** A string literal's value when it has no interpolation or escapes that matter here. */
export function literalString(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== 'string' || node.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  const content = node.namedChildren.find((c) => c.type === 'string_content');
  return content?.text ?? '';
}

/** `request.GET`, `request.query_params`, `self.request.query_params`: the query parameters of the request. */
export function isQueryParams(node: SyntaxNode | null | undefined): boolean {
  return !!node && /^(self\.)?request\.(GET|query_params)$/.test(node.text);
}

/**
 * The query parameter an expression reads, by key: `request.GET.get("page", 1)`,
 * `request.query_params["q"]`, and the same inside `int(…)`.
 */
export function queryParameterRead(node: SyntaxNode): string | undefined {
  let expression = node;
  while (expression.type === 'call' && /^(int|float|str)$/.test(expression.childForFieldName('function')?.text ?? '')) {
    const first = expression.childForFieldName('arguments')?.namedChildren[0];
    if (!first) return undefined;
    expression = first;
  }
  if (expression.type === 'call') {
    const callee = expression.childForFieldName('function');
    if (callee?.type !== 'attribute' || !/^(get|getlist)$/.test(callee.childForFieldName('attribute')?.text ?? '')) return undefined;
    if (!isQueryParams(callee.childForFieldName('object'))) return undefined;
    return literalString(expression.childForFieldName('arguments')?.namedChildren[0]) ?? '?';
  }
  if (expression.type === 'subscript' && isQueryParams(expression.childForFieldName('value'))) {
    return literalString(expression.childForFieldName('subscript')) ?? '?';
  }
  return undefined;
}

/** Identifiers read in `node` (attribute names and keyword names aside). */
export function identifiersIn(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  return node.descendantsOfType('identifier').filter((id) => {
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return false;
    return !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id);
  }).map((id) => id.text);
}

/**
 * Names a scope assigns from the request's query parameters, with the parameter, and the names
 * computed from those (`start = (page - 1) * size`), in statement order.
 */
export function queryParameterNames(scope: SyntaxNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const assignment of ownNodes(scope, new Set(['assignment']))) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) continue;
    const read = queryParameterRead(right) ?? right.descendantsOfType(['call', 'subscript']).map(queryParameterRead).find((key) => key !== undefined);
    const derived = identifiersIn(right).find((name) => names.has(name) && name !== left.text);
    if (read !== undefined) names.set(left.text, read);
    else if (derived !== undefined) names.set(left.text, names.get(derived)!);
  }
  return names;
}
