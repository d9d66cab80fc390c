/**
 * Which templates a module renders, and with what context:
 * - calls: `render(request, "shop/orders.html", {"orders": orders})`, `TemplateResponse(…)`,
 *   `render_to_string(…)`; the name written, or held in a local (`template = "…"`), or the
 *   class attribute it reads (`self.template_name`, found in the class or its project bases);
 * - a class view's `get_context_data`: what it adds to the context (its template is the view's);
 * - a class view's `get_template_names`: the names each of its `return`s gives;
 * - an inclusion tag: `@register.inclusion_tag("shop/row.html")` and the dict its function returns
 *   (with `takes_context=True`, values read from the context it is given: `context["orders"]`).
 * A context is a dict literal, `dict(orders=…)`, or a local name holding one, with what
 * `context["orders"] = …` and `context.update(…)` add to it before it is used. Each context value
 * keeps its text and, when it is a query chain, the chain's index, so the n-plus-one rule can
 * resolve the queryset a template loops over.
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
  /** A render call, a class view's `get_context_data` (no template of its own), one `return` of its `get_template_names`, or an inclusion tag's function. */
  readonly kind: 'call' | 'contextMethod' | 'templateNames' | 'inclusionTag';
  /** The enclosing function (`orders`, `OrderView.get`), as query facts name scopes. */
  readonly scope: string;
  /** The template names given (a list when several are tried in turn). */
  readonly templates: readonly string[];
  readonly context: readonly ContextEntry[];
  readonly range: SourceRange;
  /** A call's template read from the class (`self.template_name` → `template_name`): its value is the class's or a base's. */
  readonly selfAttribute?: string;
  /** An inclusion tag given the template's context (`takes_context=True`): the parameter holding it. */
  readonly contextParameter?: string;
  /** Such a tag returns that context as it is (`return context`): its template sees the same variables. */
  readonly returnsContext?: boolean;
}

/** Callee → the positions of its template name and context arguments (else given as `template_name=`, `context=`). */
const RENDERERS: ReadonlyMap<string, { template: number; context: number }> = new Map([
  ['render', { template: 1, context: 2 }],
  ['TemplateResponse', { template: 1, context: 2 }],
  ['render_to_string', { template: 0, context: 1 }],
  ['render_to_response', { template: 0, context: 1 }],
]);

type ChainIndex = ReadonlyMap<string, number>;

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
    const templates = template ? templateNames(template, call) : [];
    const selfAttribute = template && /^self\.\w+$/.test(template.text) ? template.text.slice(5) : undefined;
    if (templates.length === 0 && !selfAttribute) continue;
    const context = argument(call, positions.context, 'context');
    const entries = context ? contextEntries(context, call, byRange) : [];
    renders.push({ kind: 'call', scope: scopeOf(call), templates, context: entries, range: rangeOf(call), ...(selfAttribute && { selfAttribute }) });
  }
  for (const fn of root.descendantsOfType('function_definition')) {
    const name = fn.childForFieldName('name');
    const scope = [scopeOf(fn), name?.text ?? ''].filter(Boolean).join('.');
    const tag = inclusionTag(fn);
    if (tag?.template !== undefined) {
      const contextParameter = tag.takesContext ? fn.childForFieldName('parameters')?.namedChildren.find((p) => p.type === 'identifier')?.text : undefined;
      const returnsContext = contextParameter !== undefined && ownReturns(fn).some((ret) => ret.namedChildren[0]?.text === contextParameter);
      renders.push({ kind: 'inclusionTag', scope, templates: [tag.template], context: returnedEntries(fn, byRange), range: rangeOf(name ?? fn), ...(contextParameter && { contextParameter }), ...(returnsContext && { returnsContext }) });
    } else if (name?.text === 'get_context_data' && classOfMethod(fn)) {
      renders.push({ kind: 'contextMethod', scope, templates: [], context: returnedEntries(fn, byRange), range: rangeOf(fn) });
    } else if (name?.text === 'get_template_names' && classOfMethod(fn)) {
      for (const ret of ownReturns(fn)) {
        const templates = ret.namedChildren[0] ? templateNames(ret.namedChildren[0], ret) : [];
        if (templates.length > 0) renders.push({ kind: 'templateNames', scope, templates, context: [], range: rangeOf(ret) });
      }
    }
  }
  return renders;
}

/** `@register.inclusion_tag("shop/row.html")` (or `filename=`) on a function: the template's name, and whether it takes the context. */
function inclusionTag(fn: Node): { template?: string; takesContext: boolean } | undefined {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  for (const decorator of decorated?.namedChildren.filter((child) => child.type === 'decorator') ?? []) {
    const call = decorator.namedChildren[0];
    const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'inclusion_tag') continue;
    const name = argument(call!, 0, 'filename');
    return { template: name && templateNames(name, call!)[0], takesContext: keywordArgument(call!, 'takes_context')?.text === 'True' };
  }
  return undefined;
}

/** The `return` statements of `fn` itself (not of functions nested in it). */
function ownReturns(fn: Node): Node[] {
  return fn.descendantsOfType('return_statement').filter((ret) => enclosingFunction(ret)?.id === fn.id);
}

/** The entries of the dicts a function returns: a literal, a local dict, or `super().get_context_data(**kwargs)` after `kwargs[…] = …`. */
function returnedEntries(fn: Node, chains: ChainIndex): ContextEntry[] {
  const entries = ownReturns(fn).flatMap((ret) => {
    const value = ret.namedChildren[0];
    if (!value) return [];
    const splat = value.type === 'call' && /\.get_context_data$/.test(value.childForFieldName('function')?.text ?? '')
      ? value.childForFieldName('arguments')?.namedChildren.find((arg) => arg.type === 'dictionary_splat')?.namedChildren[0]
      : undefined;
    if (splat?.type === 'identifier') return namedDictEntries(splat.text, ret, chains);
    return contextEntries(value, ret, chains);
  });
  return entries.filter((entry, i) => entries.findIndex((other) => other.name === entry.name && other.value === entry.value) === i);
}

/** A call's argument by position, or by keyword. */
function argument(call: Node, position: number, keyword: string): Node | undefined {
  const named = keywordArgument(call, keyword);
  if (named) return named;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
  return args.filter((arg) => !['keyword_argument', 'dictionary_splat', 'list_splat'].includes(arg.type))[position];
}

/** The value of a call's `keyword=` argument. */
function keywordArgument(call: Node, keyword: string): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword)?.childForFieldName('value') ?? undefined;
}

/** `"shop/orders.html"`, `["shop/a.html", "shop/b.html"]`, or a local holding one. */
function templateNames(node: Node, at: Node): string[] {
  const value = node.type === 'identifier' ? assignedValue(node.text, at) : node;
  const items = value?.type === 'list' || value?.type === 'tuple' ? value.namedChildren : value ? [value] : [];
  return items.map(literalString).filter((name): name is string => name !== undefined);
}

/** The entries of a dict literal, a `dict(…)` call, or a local holding a dict (and what is added to it) at `at`. */
function contextEntries(node: Node, at: Node, chains: ChainIndex): ContextEntry[] {
  if (node.type === 'identifier') return namedDictEntries(node.text, at, chains);
  if (node.type === 'dictionary') {
    return node.namedChildren.filter((pair) => pair.type === 'pair').flatMap((pair) => entryOf(literalString(pair.childForFieldName('key')), pair.childForFieldName('value'), chains));
  }
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict') return keywordEntries(node, chains);
  return [];
}

function entryOf(name: string | undefined, value: Node | null, chains: ChainIndex): ContextEntry[] {
  return name !== undefined && value ? [{ name, value: unsliced(value).text, chain: chains.get(rangeKey(rangeOf(unsliced(value)))) }] : [];
}

function keywordEntries(call: Node, chains: ChainIndex): ContextEntry[] {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.filter((arg) => arg.type === 'keyword_argument').flatMap((arg) => entryOf(arg.childForFieldName('name')?.text, arg.childForFieldName('value'), chains));
}

/**
 * The entries of the dict `name` holds at `at`, in its function: the last `name = {…}` (a call's
 * result, `super().get_context_data(**kwargs)`, adds none), then `name["key"] = …` and
 * `name.update({…})` / `name.update(key=…)` after it. A key set again in the same block replaces
 * its value; set in another block (a branch), either value may be the one rendered.
 */
function namedDictEntries(name: string, at: Node, chains: ChainIndex): ContextEntry[] {
  const body = enclosingFunction(at);
  if (!body) return [];
  const statements = body.descendantsOfType(['assignment', 'call'])
    .filter((node) => node.startIndex < at.startIndex && enclosingFunction(node)?.id === body.id)
    .sort((a, b) => a.startIndex - b.startIndex);
  let entries: ContextEntry[] = [];
  const blocks = new Map<ContextEntry, number | undefined>();
  const set = (added: ContextEntry[], node: Node) => {
    const block = enclosingBlock(node);
    entries = entries.filter((entry) => !(blocks.get(entry) === block && added.some((one) => one.name === entry.name)));
    for (const entry of added) blocks.set(entry, block);
    entries.push(...added);
  };
  for (const node of statements) {
    const left = node.childForFieldName('left');
    if (node.type === 'assignment' && left?.text === name) {
      entries = [];
      set(contextEntries(node.childForFieldName('right') ?? left, node, chains), node);
    } else if (node.type === 'assignment' && left?.type === 'subscript' && left.childForFieldName('value')?.text === name) {
      set(entryOf(literalString(left.childForFieldName('subscript')), node.childForFieldName('right'), chains), node);
    } else if (node.type === 'call' && node.childForFieldName('function')?.text === `${name}.update`) {
      const first = node.childForFieldName('arguments')?.namedChildren[0];
      set(first?.type === 'dictionary' ? contextEntries(first, node, chains) : keywordEntries(node, chains), node);
    }
  }
  return entries;
}

/** The id of the statement block a node is in (its function's body, or a branch's). */
function enclosingBlock(node: Node): number | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'block') return parent.id;
  return undefined;
}

/** The value last assigned to `name` before `at` in the same function. */
function assignedValue(name: string, at: Node): Node | undefined {
  const body = enclosingFunction(at);
  const assigned = body
    ?.descendantsOfType('assignment')
    .filter((assignment) => assignment.childForFieldName('left')?.text === name && assignment.startIndex < at.startIndex && enclosingFunction(assignment)?.id === body.id)
    .pop();
  return assigned?.childForFieldName('right') ?? undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'function_definition') return parent;
  return undefined;
}

/** The class a function is a method of (decorated or not). */
function classOfMethod(fn: Node): Node | undefined {
  const statement = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  return statement.parent?.parent?.type === 'class_definition' ? statement.parent.parent : undefined;
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
