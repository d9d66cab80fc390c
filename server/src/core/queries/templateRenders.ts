/**
 * Which templates a module's functions render, and with what context: `render(request,
 * "shop/orders.html", {"orders": orders})`, `TemplateResponse(…)`, `render_to_string(…)`, the
 * context as a dict literal, `dict(orders=…)`, or a local name assigned one in the same function.
 * Each context value keeps its text and, when it is a query chain, the chain's index, so the
 * n-plus-one rule can resolve the queryset a template loops over. Contexts built otherwise
 * (`context["orders"] = …`, `get_context_data`) are not followed.
 */
import type { SyntaxNode as Node } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';
import { literalString } from '../handRolled/syntax';
import type { QueryChain } from './queryFacts';

/** A context entry: `"orders": Order.objects.all()`. */
export interface ContextEntry {
  readonly name: string;
  readonly value: string;
  readonly chain?: number;
}

export interface TemplateRender {
  /** The enclosing function (`orders`, `OrderView.get`), as query facts name scopes. */
  readonly scope: string;
  /** The template names given (a list when several are tried in turn). */
  readonly templates: readonly string[];
  readonly context: readonly ContextEntry[];
  readonly range: SourceRange;
}

/** Callee → the positions of its template name and context arguments (else given as `template_name=`, `context=`). */
const RENDERERS: ReadonlyMap<string, { template: number; context: number }> = new Map([
  ['render', { template: 1, context: 2 }],
  ['TemplateResponse', { template: 1, context: 2 }],
  ['render_to_string', { template: 0, context: 1 }],
  ['render_to_response', { template: 0, context: 1 }],
]);

/** The template renders of a module whose query chains are `chains`. */
export function templateRendersOf(root: Node, chains: readonly QueryChain[]): TemplateRender[] {
  const byRange = new Map(chains.map((chain, index) => [rangeKey(chain.range), index]));
  const renders: TemplateRender[] = [];
  for (const call of root.descendantsOfType('call')) {
    const callee = call.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    const positions = name ? RENDERERS.get(name) : undefined;
    if (!positions) continue;
    const template = argument(call, positions.template, 'template_name');
    const templates = template ? templateNames(template) : [];
    if (templates.length === 0) continue;
    const context = argument(call, positions.context, 'context');
    const entries = context ? contextEntries(context, call, byRange) : [];
    renders.push({ scope: scopeOf(call), templates, context: entries, range: rangeOf(call) });
  }
  return renders;
}

/** A call's argument by position, or by keyword. */
function argument(call: Node, position: number, keyword: string): Node | undefined {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
  const named = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword);
  if (named) return named.childForFieldName('value') ?? undefined;
  const positional = args.filter((arg) => !['keyword_argument', 'dictionary_splat', 'list_splat'].includes(arg.type));
  return positional[position];
}

/** `"shop/orders.html"` or `["shop/a.html", "shop/b.html"]`. */
function templateNames(node: Node): string[] {
  const items = node.type === 'list' || node.type === 'tuple' ? node.namedChildren : [node];
  return items.map(literalString).filter((name): name is string => name !== undefined);
}

function contextEntries(node: Node, call: Node, chains: ReadonlyMap<string, number>): ContextEntry[] {
  const dict = node.type === 'identifier' ? assignedDict(node.text, call) : node;
  if (!dict) return [];
  const entry = (name: string | undefined, value: Node | null): ContextEntry[] =>
    name !== undefined && value ? [{ name, value: unsliced(value).text, chain: chains.get(rangeKey(rangeOf(unsliced(value)))) }] : [];
  if (dict.type === 'dictionary') {
    return dict.namedChildren.filter((pair) => pair.type === 'pair').flatMap((pair) => entry(literalString(pair.childForFieldName('key')), pair.childForFieldName('value')));
  }
  if (dict.type === 'call' && dict.childForFieldName('function')?.text === 'dict') {
    const args = dict.childForFieldName('arguments')?.namedChildren ?? [];
    return args.filter((arg) => arg.type === 'keyword_argument').flatMap((arg) => entry(arg.childForFieldName('name')?.text, arg.childForFieldName('value')));
  }
  return [];
}

/** The dict literal (or `dict(…)` call) last assigned to `name` before `call` in the same function. */
function assignedDict(name: string, call: Node): Node | undefined {
  const body = enclosingFunction(call);
  if (!body) return undefined;
  const assigned = body
    .descendantsOfType('assignment')
    .filter((assignment) => assignment.childForFieldName('left')?.text === name && assignment.startIndex < call.startIndex && enclosingFunction(assignment)?.id === body.id)
    .pop();
  return assigned?.childForFieldName('right') ?? undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'function_definition') return parent;
  return undefined;
}

/** `Class.method` or `function`, as the query facts name scopes. */
function scopeOf(node: Node): string {
  const names: string[] = [];
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'class_definition') names.unshift(parent.childForFieldName('name')?.text ?? '');
  }
  return names.join('.');
}

/** The queryset a slice cuts (`Order.objects.all()` of `Order.objects.all()[:20]`), or the node itself. */
export function unsliced(node: Node): Node {
  const value = node.type === 'subscript' && node.namedChildren.some((child) => child.type === 'slice') ? node.childForFieldName('value') : null;
  return value ?? node;
}

function rangeOf(node: Node): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}

function rangeKey(range: SourceRange): string {
  return `${range.start.line}:${range.start.character}:${range.end.line}:${range.end.character}`;
}
