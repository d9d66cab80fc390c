/**
 * What the arguments of one queryset call say (queryFacts.ts): its keyword lookups, those inside
 * `Q(…)` objects, its string lookups, and what `Prefetch(…)` objects load and with which queryset.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints } from '../model/sourceRange';
import type { QueryStep } from './queryFacts';

/** A call of a chain as a step: its keywords, `Q` lookups, lookup strings and `Prefetch` querysets. */
export function stepOf(name: string, call: SyntaxNode, from: SyntaxNode): QueryStep {
  const keywords = keywordArguments(call).map((kw) => kw.childForFieldName('name')?.text ?? '');
  const positional = positionalArguments(call);
  return {
    name,
    keywords,
    qLookups: positional.flatMap(qKeywords),
    strings: positional.flatMap(lookupStrings),
    ownQuerysets: positional.map(prefetchOf).flatMap((p) => (p?.queryset && !p.toAttr && p.lookup !== undefined ? [p.lookup] : [])),
    range: rangeFromPoints(from.startPosition, call.endPosition),
  };
}

/** The keyword names of `Q(…)` calls in a lookup expression (`Q(a=1) | ~Q(b__gt=2)`). */
function qKeywords(node: SyntaxNode): string[] {
  if (node.type === 'call' && /(^|\.)Q$/.test(node.childForFieldName('function')?.text ?? '')) {
    return [...keywordArguments(node).map((kw) => kw.childForFieldName('name')?.text ?? ''), ...positionalArguments(node).flatMap(qKeywords)];
  }
  if (['binary_operator', 'unary_operator', 'parenthesized_expression', 'boolean_operator', 'not_operator'].includes(node.type)) {
    return node.namedChildren.flatMap(qKeywords);
  }
  return [];
}

export function keywordArguments(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type === 'keyword_argument');
}

export function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return [];
  return args.namedChildren.filter((arg) => !['keyword_argument', 'dictionary_splat', 'list_splat', 'comment'].includes(arg.type));
}

/**
 * A string argument, or what a `Prefetch(…)` loads: its lookup (or `to_attr`), and through it what
 * its queryset loads: `Prefetch("items", queryset=Item.objects.select_related("product"))` is
 * `items` and `items__product`; under `to_attr="paid"`, `paid` and `paid__product`.
 */
function lookupStrings(node: SyntaxNode): string[] {
  if (node.type === 'string') return [stringValue(node)].filter((value): value is string => value !== undefined);
  const prefetch = prefetchOf(node);
  const base = prefetch?.toAttr ?? prefetch?.lookup;
  if (base === undefined) return [];
  return [base, ...querysetLookups(prefetch!.queryset).map((lookup) => `${base}__${lookup}`)];
}

/** `Prefetch("items", queryset=…, to_attr="paid")`'s parts (the queryset also positional, as Django allows). */
function prefetchOf(node: SyntaxNode): { lookup?: string; queryset?: SyntaxNode; toAttr?: string } | undefined {
  if (node.type !== 'call' || !/(^|\.)Prefetch$/.test(node.childForFieldName('function')?.text ?? '')) return undefined;
  const [first, second] = positionalArguments(node);
  const keyword = (name: string) => keywordArguments(node).find((kw) => kw.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const literal = (value: SyntaxNode | undefined) => (value?.type === 'string' ? stringValue(value) : undefined);
  const queryset = [keyword('queryset') ?? second].find((value) => value?.type !== 'none');
  return { lookup: literal(first), queryset, toAttr: literal(keyword('to_attr')) };
}

/** What the `select_related`/`prefetch_related` calls of a queryset expression load (`Item.objects.select_related("product").filter(…)`). */
function querysetLookups(node: SyntaxNode | undefined): string[] {
  const lookups: string[] = [];
  for (let call = node; call?.type === 'call'; ) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') break;
    const method = callee.childForFieldName('attribute')?.text;
    if (method === 'select_related' || method === 'prefetch_related') lookups.push(...positionalArguments(call).flatMap(lookupStrings));
    call = callee.childForFieldName('object') ?? undefined;
  }
  return lookups;
}

/** A plain string literal's value (no f-string, no concatenation). */
function stringValue(node: SyntaxNode): string | undefined {
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  const content = node.namedChildren.filter((child) => child.type === 'string_content');
  return content.map((child) => child.text).join('');
}
