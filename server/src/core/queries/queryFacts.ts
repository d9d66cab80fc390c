/**
 * The ORM queries a module's code makes, as plain data for the database and monitoring rules
 * (missing-index, n-plus-one): every queryset call chain (`Order.objects.filter(status="paid")`)
 * with the receiver it starts from as written, the lookups of each call, the variable it is
 * assigned to; every loop and comprehension with its iterable; the attribute paths code reads on
 * loop variables and function parameters (`order.customer.name`); and `Serializer(x, many=True)`
 * calls. Nothing here knows which model a receiver is: the rules resolve that through the Django
 * project model, which needs every module.
 *
 * A pure function of one module's tree: cacheable, and computable in a worker thread.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourcePosition, type SourceRange } from '../model/sourceRange';
import { parameterName } from '../python/functionFacts';
import { templateRendersOf, unsliced, type TemplateRender } from './templateRenders';
import { keywordArguments, positionalArguments, stepOf } from './queryArguments';
import { yieldsRows } from './relatedReads';

/** One call of a chain: `filter(customer__email=x, Q(status="paid") | Q(total__gt=0))`. */
export interface QueryStep {
  readonly name: string;
  /** Keyword argument names, `**kwargs` left out. */
  readonly keywords: readonly string[];
  /** Keyword names inside `Q(…)` arguments (through `|`, `&`, `~`). */
  readonly qLookups: readonly string[];
  /** Positional string literals (`select_related("customer")`), and what a `Prefetch` loads (`items`, `items__product`: see lookupStrings). */
  readonly strings: readonly string[];
  /** The lookups a `Prefetch` gives its own queryset (no `to_attr`): a longer lookup must come after it, or Django refuses the queryset. */
  readonly ownQuerysets: readonly string[];
  /** From the method name to the closing parenthesis. */
  readonly range: SourceRange;
}

export interface QueryChain {
  /** What the chain starts from, as written: `Order.objects`, `self.get_queryset()`, `orders`, `self.addresses`. */
  readonly receiver: string;
  /** Where the receiver ends: `.select_related(…)` goes there. */
  readonly receiverEnd: SourcePosition;
  /** The chain that is the receiver (`get_object_or_404(Order.objects.all(), pk=1)`), by index. */
  readonly receiverChain?: number;
  readonly steps: readonly QueryStep[];
  readonly range: SourceRange;
  /** The enclosing function (`OrderList.get_queryset`, `checkout`), or class (`OrderList`), or '' at module level. */
  readonly scope: string;
  /** The local name (or class attribute) it is assigned to: `orders = Order.objects.all()`. */
  readonly assignedTo?: string;
  /** Whether the enclosing function returns it. */
  readonly returned: boolean;
  /** A call of a method that is no Django queryset method on the receiver chain's rows (`Order.objects.filter(…).paid()`): its name; the chain has no step. */
  readonly via?: string;
}

export interface QueryLoop {
  readonly kind: 'for' | 'comprehension';
  /** The loop variable, when it is one plain name. */
  readonly variable?: string;
  /** The iterable as written. */
  readonly iterable: string;
  readonly iterableChain?: number;
  /** The `for` header (or the comprehension's `for … in …` clause). */
  readonly range: SourceRange;
  readonly scope: string;
}

/** An attribute path read on a loop variable or a parameter: `order.customer.name` → root `order`, path `customer.name`. */
export interface AttributeRead {
  readonly root: string;
  readonly path: readonly string[];
  readonly range: SourceRange;
  readonly scope: string;
  /** The innermost loop binding the root, by index; undefined when the root is a parameter. */
  readonly loop?: number;
}

/** `OrderSerializer(orders, many=True)`. */
export interface ManySerializerCall {
  readonly serializer: string;
  readonly argument: string;
  readonly argumentChain?: number;
  readonly range: SourceRange;
  readonly scope: string;
}

export interface FunctionScope {
  /** `Class.method` or `function`. */
  readonly scope: string;
  readonly cls?: string;
  readonly name: string;
  readonly parameters: readonly string[];
  readonly range: SourceRange;
}

export interface QueryFacts {
  readonly chains: readonly QueryChain[];
  readonly loops: readonly QueryLoop[];
  readonly reads: readonly AttributeRead[];
  readonly serializerCalls: readonly ManySerializerCall[];
  readonly functions: readonly FunctionScope[];
  /** Templates its functions render, with their context (templateRenders.ts). */
  readonly renders: readonly TemplateRender[];
}

/** Methods of managers and querysets: a call chain made of them is a query. */
export const QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'order_by', 'select_related', 'prefetch_related', 'values', 'values_list', 'annotate',
  'alias', 'first', 'last', 'count', 'exists', 'distinct', 'only', 'defer', 'none', 'aggregate', 'get_or_create',
  'update_or_create', 'create', 'bulk_create', 'update', 'delete', 'iterator', 'in_bulk', 'latest', 'earliest', 'reverse',
  'union', 'intersection', 'difference', 'select_for_update', 'using', 'extra', 'raw', 'dates', 'datetimes',
]);

const SHORTCUTS = new Set(['get_object_or_404', 'get_list_or_404']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

interface Context {
  readonly scope: string;
  readonly cls?: string;
  readonly parameters: ReadonlySet<string>;
  /** Loop variables in effect, innermost last. */
  readonly loops: readonly { readonly variable: string; readonly index: number }[];
}

/** The query facts of a module. */
export function queryFactsOf(root: SyntaxNode): QueryFacts {
  const facts = new Extractor().run(root);
  return { ...facts, renders: templateRendersOf(root, facts.chains) };
}

class Extractor {
  private readonly chains: QueryChain[] = [];
  private readonly chainIndex = new Map<number, number>();
  private readonly loops: QueryLoop[] = [];
  private readonly reads: AttributeRead[] = [];
  private readonly serializerCalls: ManySerializerCall[] = [];
  private readonly functions: FunctionScope[] = [];

  run(root: SyntaxNode): Omit<QueryFacts, 'renders'> {
    this.visit(root, { scope: '', parameters: new Set(), loops: [] });
    return { chains: this.chains, loops: this.loops, reads: this.reads, serializerCalls: this.serializerCalls, functions: this.functions };
  }

  private visit(node: SyntaxNode, context: Context): void {
    switch (node.type) {
      case 'class_definition': {
        const name = node.childForFieldName('name')?.text ?? '';
        const scope = context.scope ? `${context.scope}.${name}` : name;
        this.visitChildren(node, { scope, cls: scope, parameters: new Set(), loops: [] });
        return;
      }
      case 'function_definition':
        this.visitFunction(node, context);
        return;
      case 'for_statement':
        this.visitFor(node, context);
        return;
      case 'call':
        this.visitCall(node, context);
        break;
      case 'attribute':
        this.visitAttribute(node, context);
        break;
      default:
        if (COMPREHENSIONS.has(node.type)) {
          this.visitComprehension(node, context);
          return;
        }
    }
    this.visitChildren(node, context);
  }

  private visitChildren(node: SyntaxNode, context: Context): void {
    for (const child of node.namedChildren) this.visit(child, context);
  }

  private visitFunction(node: SyntaxNode, context: Context): void {
    const name = node.childForFieldName('name')?.text ?? '';
    const scope = context.scope ? `${context.scope}.${name}` : name;
    const parameters = (node.childForFieldName('parameters')?.namedChildren ?? []).filter((p) => p.type !== 'comment').map(parameterName);
    this.functions.push({ scope, cls: context.cls, name, parameters, range: rangeOf(node) });
    const body = node.childForFieldName('body');
    if (body) this.visit(body, { scope, cls: undefined, parameters: new Set(parameters), loops: [] });
  }

  private visitFor(node: SyntaxNode, context: Context): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (right) this.visit(right, context);
    const header = rangeFromPoints(node.startPosition, (right ?? node).endPosition);
    const inner = this.loop('for', left, right, header, context);
    // By id: web-tree-sitter makes a new object per access, so `child !== left` always held and the loop's iterable was visited twice.
    for (const child of node.namedChildren) {
      if (child.id !== left?.id && child.id !== right?.id) this.visit(child, child.type === 'block' ? inner : context);
    }
  }

  /** A comprehension's clauses bind in order: each `for` sees the variables of the ones before it. */
  private visitComprehension(node: SyntaxNode, context: Context): void {
    let inner = context;
    const rest: SyntaxNode[] = [];
    for (const child of node.namedChildren) {
      if (child.type === 'for_in_clause') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (right) this.visit(right, inner);
        inner = this.loop('comprehension', left, right, rangeOf(child), inner);
      } else rest.push(child);
    }
    for (const child of rest) this.visit(child, inner);
  }

  private loop(kind: QueryLoop['kind'], left: SyntaxNode | null, right: SyntaxNode | null, range: SourceRange, context: Context): Context {
    const variable = left?.type === 'identifier' ? left.text : undefined;
    const index = this.loops.length;
    this.loops.push({ kind, variable, iterable: right?.text ?? '', iterableChain: right ? this.chainIndex.get(right.id) : undefined, range, scope: context.scope });
    const bound = (left?.descendantsOfType('identifier') ?? []).map((name) => name.text);
    // A tuple target rebinds its names too: reads of them are no longer the outer loop's rows.
    const loops = context.loops.filter((loop) => !bound.includes(loop.variable));
    return { ...context, loops: variable ? [...loops, { variable, index }] : loops };
  }

  private visitCall(node: SyntaxNode, context: Context): void {
    const callee = node.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    if (name && SHORTCUTS.has(name)) this.shortcut(node, name, context);
    else if (isOutermostLink(node) && this.chain(node, context) === undefined) this.methodCall(node, context);
    const many = keywordArguments(node).find((kw) => kw.childForFieldName('name')?.text === 'many');
    const first = many?.childForFieldName('value')?.text === 'True' ? positionalArguments(node)[0] : undefined;
    if (callee && first) {
      this.serializerCalls.push({ serializer: callee.text, argument: first.text, argumentChain: this.chainOf(first, context), range: rangeOf(node), scope: context.scope });
    }
  }

  /** Records the chain `node` ends (once), returning its index; undefined when it is no query chain. */
  private chain(node: SyntaxNode, context: Context): number | undefined {
    const known = this.chainIndex.get(node.id);
    if (known !== undefined) return known;
    const steps: QueryStep[] = [];
    let receiver: SyntaxNode = node;
    while (receiver.type === 'call') {
      const callee = receiver.childForFieldName('function');
      const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute') : null;
      const object = callee?.childForFieldName('object');
      if (!method || !object || !QUERYSET_METHODS.has(method.text)) break;
      steps.unshift(stepOf(method.text, receiver, method));
      receiver = object;
    }
    if (steps.length === 0) return this.methodOnChain(node, context);
    return this.record(node, receiver, steps, context, this.methodOnChain(receiver, context));
  }

  /** `Order.objects.filter(…).paid()`: a chain of no step through `paid`, on the chain it is called on. */
  private methodOnChain(node: SyntaxNode, context: Context): number | undefined {
    const callee = node.type === 'call' ? node.childForFieldName('function') : null;
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    const on = object?.type === 'call' ? (this.chain(object, context) ?? this.dottedCall(object, context)) : undefined;
    const last = on !== undefined ? this.chains[on].steps.at(-1)?.name : undefined;
    // On rows only: `Order.objects.get(pk=1).save()` is a call on one object.
    if (on === undefined || (last !== undefined && !yieldsRows(last))) return undefined;
    return this.record(node, node, [], context, on, callee!.childForFieldName('attribute')?.text);
  }

  /**
   * `entries = Entry.objects.published()[:5]`, `return Entry.objects.published()`: a call of a
   * method on a dotted name, assigned or returned, kept as a chain of no step; the rules resolve
   * it when it is a method of the project's manager.
   */
  private methodCall(node: SyntaxNode, context: Context): void {
    if (assignedName(node) !== undefined || node.parent?.type === 'return_statement') this.dottedCall(node, context);
  }

  /** `Order.objects.published()` as a chain of no step (also when a method is called on its rows: `….published().paid()`). */
  private dottedCall(node: SyntaxNode, context: Context): number | undefined {
    const callee = node.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    return object?.type === 'attribute' && /^[\w.]+$/.test(object.text) ? this.record(node, node, [], context) : undefined;
  }

  /** `get_object_or_404(Order, pk=1)`: a `get` (or a `filter`) on its first argument. */
  private shortcut(node: SyntaxNode, name: string, context: Context): void {
    const first = positionalArguments(node)[0];
    if (!first) return;
    const callee = node.childForFieldName('function')!;
    this.record(node, first, [stepOf(name, node, callee)], context, this.chainOf(first, context));
  }

  private chainOf(node: SyntaxNode, context: Context): number | undefined {
    return node.type === 'call' && isOutermostLink(node) ? this.chain(node, context) : undefined;
  }

  private record(node: SyntaxNode, receiver: SyntaxNode, steps: QueryStep[], context: Context, receiverChain?: number, via?: string): number {
    const known = this.chainIndex.get(node.id);
    if (known !== undefined) return known;
    const index = this.chains.length;
    this.chainIndex.set(node.id, index);
    this.chains.push({
      receiver: receiver.text,
      receiverEnd: rangeOf(receiver).end,
      receiverChain,
      steps,
      range: rangeOf(node),
      scope: context.scope,
      assignedTo: assignedName(node),
      returned: node.parent?.type === 'return_statement',
      ...(via !== undefined && { via }),
    });
    return index;
  }

  /** The outermost attribute path on a loop variable or a parameter. */
  private visitAttribute(node: SyntaxNode, context: Context): void {
    if (node.parent?.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) return;
    let object: SyntaxNode | null = node;
    while (object?.type === 'attribute') object = object.childForFieldName('object');
    if (object?.type !== 'identifier') return;
    // The root first: most attribute paths (`models.CharField`, `os.path.join`) start from neither, and their names are never read.
    const root = object.text;
    const loop = innermostLoop(context, root);
    if (!loop && !context.parameters.has(root)) return;
    const path: string[] = [];
    for (let step: SyntaxNode | null = node; step?.type === 'attribute'; step = step.childForFieldName('object')) {
      path.unshift(step.childForFieldName('attribute')?.text ?? '');
    }
    // `row.customer = x` sets the attribute: only what leads to it is read (`row.customer.name = x` reads `customer`).
    if (isAssignmentTarget(node)) path.pop();
    if (path.length > 0) this.reads.push({ root, path, range: rangeOf(node), scope: context.scope, loop: loop?.index });
  }
}

/** The innermost loop in effect whose variable is `name`. */
function innermostLoop(context: Context, name: string): Context['loops'][number] | undefined {
  for (let i = context.loops.length - 1; i >= 0; i--) if (context.loops[i].variable === name) return context.loops[i];
  return undefined;
}

/** The target (or part of the target) of an assignment. */
function isAssignmentTarget(node: SyntaxNode): boolean {
  let target = node;
  let parent = node.parent;
  while (parent && ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression'].includes(parent.type)) {
    target = parent;
    parent = parent.parent;
  }
  return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === target.id;
}

/** A call that is not the receiver of a further queryset method (`x.filter()` in `x.filter().first()` is not). */
function isOutermostLink(call: SyntaxNode): boolean {
  const parent = call.parent;
  if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== call.id) return true;
  const method = parent.childForFieldName('attribute')?.text ?? '';
  return !(QUERYSET_METHODS.has(method) && parent.parent?.type === 'call');
}

/** `name = <node>` or `name = <node>[a:b]` (`self.name = …`'s `name` left out: only plain names and class attributes). */
function assignedName(node: SyntaxNode): string | undefined {
  // `orders = Order.objects.all()[:20]`: a slice is still rows of the queryset.
  const value = node.parent && unsliced(node.parent).id === node.id ? node.parent : node;
  const parent = value.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== value.id) return undefined;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
