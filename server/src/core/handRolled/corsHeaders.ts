/**
 * Entry `cors-headers`: `Access-Control-Allow-*` headers set by hand on responses (in a view, a
 * decorator or a middleware), which django-cors-headers sets from settings, preflight requests
 * (`OPTIONS`) and `Vary: Origin` included.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { literalString, rangeOf } from './syntax';

const CORS_HEADER = /^Access-Control-Allow-[A-Za-z-]+$/i;

/** The CORS headers the module writes, one finding per enclosing function (or per module for top-level code). */
export function findCorsHeaders(root: SyntaxNode): HandRolledOccurrence[] {
  const byScope = new Map<number, { at: SyntaxNode; headers: Set<string> }>();
  for (const key of root.descendantsOfType('string')) {
    const header = literalString(key);
    if (!header || !CORS_HEADER.test(header) || !isWritten(key)) continue;
    const scope = enclosingFunction(key);
    const entry = byScope.get(scope?.id ?? -1) ?? { at: key, headers: new Set<string>() };
    entry.headers.add(header);
    byScope.set(scope?.id ?? -1, entry);
  }
  return [...byScope.values()].map(({ at, headers }) => ({ entry: 'cors-headers', range: rangeOf(at), detail: [...headers].map((h) => `\`${h}\``).join(', ') }));
}

/**
 * `response["Access-Control-Allow-Origin"] = …`, `response.headers[…] = …`, a key of a
 * `headers={…}` argument, `response.setdefault("Access-Control-…", …)`: written, not read (a
 * test asserting the header reads it).
 */
function isWritten(key: SyntaxNode): boolean {
  const parent = key.parent;
  if (parent?.type === 'subscript' && parent.childForFieldName('subscript')?.id === key.id) {
    const assignment = parent.parent;
    return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === parent.id;
  }
  if (parent?.type === 'pair' && parent.childForFieldName('key')?.id === key.id) {
    const keyword = parent.parent?.parent;
    return keyword?.type === 'keyword_argument' && keyword.childForFieldName('name')?.text === 'headers';
  }
  if (parent?.type === 'argument_list' && parent.namedChildren[0]?.id === key.id) {
    return /\.(setdefault|__setitem__)$/.test(parent.parent?.childForFieldName('function')?.text ?? '');
  }
  return false;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let up = node.parent; up; up = up.parent) if (up.type === 'function_definition') return up;
  return undefined;
}
