/**
 * What a template's `{% for %}` loops need a context variable's queryset to load: each row's
 * relations the loop body reads (`{{ review.product.name }}` → `select_related("product")`,
 * `{% for i in o.items.all %}` → `prefetch_related("items")`), and, for loops over a relation of
 * a row or of one object (`{% for item in order.items.all %}{{ item.product.name }}`), the
 * relation path down to them (`prefetch_related("items__product")`). An include not followed
 * inside such a loop is named too: what it reads of the rows is not checked.
 */
import type { DjangoModelClass } from '../django/models';
import type { SourceRange } from '../model/sourceRange';
import type { ModelGraph } from './modelGraph';
import { needOf, type RelatedNeed } from './relatedReads';
import type { TemplatePath, TemplateScan, UnfollowedInclude } from './templateSyntax';

/** A context variable: many rows (a queryset) or one object (`get_object_or_404`, a detail view's `object`). */
export interface ContextRows {
  readonly name: string;
  readonly model: DjangoModelClass;
  readonly many: boolean;
}

/** A relation the template reads per row, and where. */
export interface TemplateNeed extends RelatedNeed {
  /** `review.product.name`, as written. */
  readonly read: string;
  /** The template file it is read in (the view's, or one it extends or includes). */
  readonly file: string;
  readonly range: SourceRange;
}

/** Where a loop's rows come from: the relation path from the queryset's (or context variable's) model, and the rows' model. */
export interface LoopRows {
  readonly prefix: readonly string[];
  readonly model: DjangoModelClass;
}

/** An include not followed inside a loop over the rows of a context variable (or their relations), and the innermost such loop. */
export interface UncheckedInclude extends UnfollowedInclude {
  /** `{% for order in orders %}`, as written. */
  readonly loop: string;
  readonly model: DjangoModelClass;
}

/** The relations the template's loops read on the rows of `context`, by read. */
export function templateNeeds(scan: TemplateScan, graph: ModelGraph, context: ContextRows): TemplateNeed[] {
  const rows = loopRows(scan, graph, context);
  const needs: TemplateNeed[] = [];
  for (const read of scan.reads) {
    const from = read.loop === undefined ? undefined : rows[read.loop];
    const need = from && needOf(graph, from.model, read.path);
    if (!from || !need) continue;
    needs.push({ ...throughRows(from, need), read: read.written, file: read.file, range: read.range });
  }
  return needs;
}

/** The includes not followed whose template is given rows of `context` (or of their relations) in a loop. */
export function uncheckedIncludes(scan: TemplateScan, graph: ModelGraph, context: ContextRows): UncheckedInclude[] {
  const rows = loopRows(scan, graph, context);
  return scan.unfollowed.flatMap((include) => {
    const index = include.loops.filter((loop) => rows[loop]).pop();
    if (index === undefined) return [];
    return [{ ...include, loop: scan.loops[index].written, model: rows[index]!.model }];
  });
}

/** Each loop's rows, by index: undefined for a loop over anything but the rows of `context` or their relations. */
function loopRows(scan: TemplateScan, graph: ModelGraph, context: ContextRows): (LoopRows | undefined)[] {
  const rows: (LoopRows | undefined)[] = [];
  scan.loops.forEach((loop, index) => {
    const outer = loop.iterableLoop === undefined ? undefined : rows[loop.iterableLoop];
    if (loop.iterableLoop !== undefined) rows[index] = outer && relatedRows(graph, outer, loop.iterable);
    else if (loop.iterable.root !== context.name) rows[index] = undefined;
    else if (context.many) rows[index] = loop.iterable.path.every((part) => part === 'all') ? { prefix: [], model: context.model } : undefined;
    else rows[index] = relatedRows(graph, { prefix: [], model: context.model }, loop.iterable);
  });
  return rows;
}

/** What a row's `need` takes from the queryset its rows come through: `items__product` for `item.product` of `order.items.all`. */
export function throughRows(from: LoopRows, need: RelatedNeed): RelatedNeed {
  return from.prefix.length === 0 ? need : { lookup: [...from.prefix, need.lookup].join('__'), kind: 'prefetch_related', nonNull: false };
}

/** The rows of `row.<relation>….all` iterated: foreign keys followed, ending in a many relation's `all`. */
export function relatedRows(graph: ModelGraph, from: LoopRows, iterable: TemplatePath): LoopRows | undefined {
  const prefix = [...from.prefix];
  let model: DjangoModelClass | undefined = from.model;
  for (let i = 0; i < iterable.path.length && model; i++) {
    const relation = graph.relation(model, iterable.path[i]);
    if (!relation) return undefined;
    prefix.push(iterable.path[i]);
    model = graph.model(relation.target);
    if (relation.cardinality === 'many') return model && iterable.path.slice(i + 1).join('.') === 'all' ? { prefix, model } : undefined;
  }
  return undefined;
}
