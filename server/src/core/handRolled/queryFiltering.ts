/**
 * Entry `query-filtering`: a view that reads query parameters and filters its queryset with them
 * by hand (`if status: qs = qs.filter(status=status)`), which a django-filter `FilterSet`
 * declares, validates and documents (DRF's browsable API and schema show its fields).
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { HandRolledOccurrence } from './facts';
import { identifiersIn, ownNodes, queryParameterNames, queryParameterRead, rangeOf } from './syntax';

const FILTER_METHODS = /^(filter|exclude)$/;

/** `fn`'s filtering of a queryset by query parameters, reported on its name: one finding per function. */
export function findQueryFiltering(fn: SyntaxNode): HandRolledOccurrence[] {
  const names = queryParameterNames(fn);
  const parameters = new Set<string>();
  for (const call of ownNodes(fn, new Set(['call']))) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || !FILTER_METHODS.test(callee.childForFieldName('attribute')?.text ?? '')) continue;
    for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
      const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : null;
      if (!value) continue;
      const direct = queryParameterRead(value);
      if (direct !== undefined) parameters.add(direct);
      for (const name of identifiersIn(value)) if (names.has(name)) parameters.add(names.get(name)!);
    }
  }
  const name = fn.childForFieldName('name');
  if (parameters.size === 0 || !name) return [];
  const listed = [...parameters].map((p) => (p === '?' ? 'a computed key' : `\`${p}\``));
  return [{ entry: 'query-filtering', range: rangeOf(name), detail: `\`${name.text}\` filters by ${listed.join(', ')}` }];
}
