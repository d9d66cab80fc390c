/**
 * Entry `slice-pagination`: a view that slices its results with numbers from the query string
 * (`items[(page - 1) * size:page * size]`), which Django's `Paginator` (page bounds, a 404 or
 * the last page for a page out of range, the count) and DRF's pagination classes (links, count,
 * limits) already do.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { identifiersIn, ownNodes, queryParameterNames, queryParameterRead, rangeOf } from './syntax';

/** Each slice of `fn` whose bounds come from query parameters. */
export function findSlicePagination(fn: SyntaxNode): HandRolledOccurrence[] {
  const names = queryParameterNames(fn);
  const found: HandRolledOccurrence[] = [];
  for (const subscript of ownNodes(fn, new Set(['subscript']))) {
    const slice = subscript.namedChildren.find((c) => c.type === 'slice');
    if (!slice) continue;
    const keys = new Set<string>();
    for (const name of identifiersIn(slice)) if (names.has(name)) keys.add(names.get(name)!);
    for (const read of slice.descendantsOfType(['call', 'subscript'])) {
      const key = queryParameterRead(read);
      if (key !== undefined) keys.add(key);
    }
    if (keys.size === 0) continue;
    const listed = [...keys].map((k) => (k === '?' ? 'a computed key' : `\`${k}\``));
    found.push({ entry: 'slice-pagination', range: rangeOf(subscript), detail: `a slice bounded by the query parameter${keys.size > 1 ? 's' : ''} ${listed.join(', ')}` });
  }
  return found;
}
