/**
 * Which template each view (or inclusion tag) renders, and the querysets its context holds:
 * - a view's `render(request, "shop/orders.html", {"orders": orders})`, in a function view or a
 *   class view's method (`self.template_name` as the class or its nearest project base sets it):
 *   each context value resolved to the queryset it is (many rows) or the object it gets
 *   (`get_object_or_404`, `.get()`, `.first()`);
 * - a Django `ListView` or date archive (`object_list`, `<model>_list` or `context_object_name`),
 *   or a `DetailView`, `UpdateView` or `DeleteView` (`object`, `<model>`), its `template_name` or
 *   Django's default (`<app>/<model>_list.html`), or each name its `get_template_names` returns,
 *   over its `queryset`, `get_queryset` or `model`;
 * - what a Django class view's `get_context_data` adds (its own, and its project bases'), rendered
 *   in its template;
 * - an inclusion tag's template, over the dict its function returns; a tag that takes the context
 *   is listed apart (contextTags), as its rows are those of each view whose template uses it.
 * Context values that are template names (`"row_template": "shop/row.html"`) are kept for
 * `{% include row_template %}`.
 */
import type { DjangoView } from '../django/views';
import { classKey, type ProjectClass } from '../django/classes';
import type { ClassFacts } from '../django/moduleFacts';
import { sourceOf, stringOf } from '../django/expr';
import type { SourceRange } from '../model/sourceRange';
import { lastPart } from '../python/workspaceNames';
import { yieldsInstances } from './relatedReads';
import type { QueryModule, QuerysetResolver, ResolvedQueryset } from './querysets';
import type { TemplateRender } from './templateRenders';
import type { TemplateVariables } from './templateComposition';
import type { ContextRows } from './templateNeeds';

/** A context variable with the queryset it comes from. */
export interface TemplateContext {
  readonly rows: ContextRows;
  readonly queryset: ResolvedQueryset;
}

/** What renders a template: a view, or an inclusion tag (`label` is how the finding names it). */
export interface Renderer {
  readonly label: string;
  readonly path: string;
  readonly range: SourceRange;
}

export interface ViewTemplate {
  readonly renderer: Renderer;
  /** The template names tried in turn. */
  readonly templates: readonly string[];
  readonly contexts: readonly TemplateContext[];
  /** A class view's `model = Order`, when no queryset is written: where one can be added. */
  readonly modelAttribute?: { readonly range: SourceRange; readonly written: string };
  /** Context variables holding template names, for `{% include row_template %}`. */
  readonly includes: TemplateVariables;
}

/** An inclusion tag with `takes_context=True`: its template's variables read from the context of the template using it. */
export interface ContextTag {
  /** The name templates use it by: `{% recent_orders %}`. */
  readonly name: string;
  readonly renderer: Renderer;
  readonly templates: readonly string[];
  /** Its dict's name → the context variable it reads (`"orders": context["orders"]`); undefined when it returns the context itself. */
  readonly reads?: ReadonlyMap<string, string>;
}

/** A template name literal, or a choice of two (`"a.html" if wide else "b.html"`). */
const TEMPLATE_LITERALS = /^(["'])([\w./-]+)\1(?:\s+if\s+.+\s+else\s+(["'])([\w./-]+)\3)?$/;
const ONE_ROW = new Set(['get', 'first', 'last', 'latest', 'earliest', 'get_object_or_404']);
/** Django's generic views over rows or one object, with their `template_name_suffix`. */
const MULTIPLE_OBJECTS: ReadonlyMap<string, string> = new Map([
  ['ListView', '_list'], ['ArchiveIndexView', '_archive'], ['YearArchiveView', '_archive_year'], ['MonthArchiveView', '_archive_month'],
  ['WeekArchiveView', '_archive_week'], ['DayArchiveView', '_archive_day'], ['TodayArchiveView', '_archive_day'],
]);
const SINGLE_OBJECT: ReadonlyMap<string, string> = new Map([['DetailView', '_detail'], ['DateDetailView', '_detail'], ['UpdateView', '_form'], ['DeleteView', '_confirm_delete']]);

/** The templates the project's views and inclusion tags render with querysets in their context. */
export function viewTemplates(resolver: QuerysetResolver, modules: ReadonlyMap<string, QueryModule>): ViewTemplate[] {
  const views = resolver.project.views.flatMap((view) => [...renderCalls(resolver, modules, view), ...(view.kind === 'class' ? classView(resolver, modules, view) : [])]);
  const tags = inclusionTags(modules).map(({ path, render }) => ({ renderer: tagRenderer(path, render), templates: render.templates, contexts: contextsOf(resolver, path, render), includes: includesOf([render]) }));
  return [...views, ...tags];
}

/** The project's inclusion tags that take the context, with the context variables their dicts pass on. */
export function contextTags(modules: ReadonlyMap<string, QueryModule>): ContextTag[] {
  return inclusionTags(modules).filter(({ render }) => render.contextParameter !== undefined).map(({ path, render }) => {
    const read = new RegExp(`^${render.contextParameter}(?:\\[|\\.get\\()(["'])(\\w+)\\1[\\])]$`);
    const reads = render.context.flatMap((entry) => {
      const name = read.exec(entry.value)?.[2];
      return name ? [[entry.name, name] as const] : [];
    });
    return { name: lastPart(render.scope), renderer: tagRenderer(path, render), templates: render.templates, reads: render.returnsContext ? undefined : new Map(reads) };
  });
}

function inclusionTags(modules: ReadonlyMap<string, QueryModule>): { path: string; render: TemplateRender }[] {
  return [...modules].flatMap(([path, module]) => module.queries.renders.filter((render) => render.kind === 'inclusionTag').map((render) => ({ path, render })));
}

function tagRenderer(path: string, render: TemplateRender): Renderer {
  return { label: `inclusion tag ${render.scope}`, path, range: render.range };
}

/** The `render(…)` calls of a function view, or of a class view's methods. */
function renderCalls(resolver: QuerysetResolver, modules: ReadonlyMap<string, QueryModule>, view: DjangoView): ViewTemplate[] {
  const owned = (scope: string) => (view.kind === 'function' ? scope === view.name : scope.slice(0, scope.lastIndexOf('.')) === view.name);
  const renders = modules.get(view.path)?.queries.renders.filter((render) => render.kind === 'call' && owned(render.scope)) ?? [];
  const own = view.kind === 'class' ? resolver.classes.get(classKey(view.path, view.name)) : undefined;
  return renders.map((render) => {
    const attribute = render.selfAttribute !== undefined && own ? inherited(resolver, own, render.selfAttribute) : undefined;
    const templates = render.templates.length > 0 ? render.templates : attribute !== undefined ? [attribute] : [];
    return { renderer: rendererOf(view), templates, contexts: contextsOf(resolver, view.path, render), includes: includesOf([render]) };
  });
}

/** The string a class attribute has on the nearest class of `cls`'s project lineage setting it. */
function inherited(resolver: QuerysetResolver, cls: ProjectClass, name: string): string | undefined {
  return resolver.classes.lineage(cls).map((owner) => stringOf(attribute(owner.facts, name))).find((value) => value !== undefined);
}

/**
 * The string literals context entries of `renders` may hold (`"shop/row.html"`, or either of
 * `"a.html" if wide else "b.html"`), by name; a name's literals are those of the first render
 * setting it (a class view's nearest `get_context_data`).
 */
function includesOf(renders: readonly TemplateRender[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const render of renders) {
    const own = new Map<string, string[]>();
    for (const entry of render.context) {
      const literals = TEMPLATE_LITERALS.exec(entry.value);
      const values = literals ? [literals[2], literals[4]].filter((value) => value !== undefined) : [];
      if (values.length > 0 && !names.has(entry.name)) own.set(entry.name, [...(own.get(entry.name) ?? []), ...values]);
    }
    for (const [name, values] of own) names.set(name, values);
  }
  return names;
}

/** A render's context values that are querysets, or one object of one. */
function contextsOf(resolver: QuerysetResolver, path: string, render: TemplateRender): TemplateContext[] {
  return render.context.flatMap((entry) => {
    const queryset = entry.chain !== undefined ? resolver.chain(path, entry.chain) : resolver.expression(path, render.scope, entry.value);
    // A bare model class passed to a template is no queryset.
    if (!queryset || (entry.chain === undefined && queryset.chains.length === 0)) return [];
    const many = yieldsInstances(queryset.chains);
    const steps = queryset.chains[queryset.chains.length - 1]?.chain.steps ?? [];
    if (!many && !ONE_ROW.has(steps[steps.length - 1]?.name ?? '')) return [];
    return [{ rows: { name: entry.name, model: queryset.model, many }, queryset }];
  });
}

/**
 * A Django class view's template: the rows of a generic list or detail view, and what the
 * `get_context_data` of each project class in its MRO adds (each calls `super()` in turn);
 * `template_name` and `context_object_name` as the nearest of those classes sets them.
 */
function classView(resolver: QuerysetResolver, modules: ReadonlyMap<string, QueryModule>, view: DjangoView): ViewTemplate[] {
  const own = resolver.classes.get(classKey(view.path, view.name));
  if (view.framework !== 'django' || !own) return [];
  const lineage = resolver.classes.lineage(own);
  const generic = genericRows(resolver, modules, view, own.facts, inherited(resolver, own, 'context_object_name'));
  const methods = (kind: TemplateRender['kind'], name: string) =>
    lineage.map((cls) => ({ cls, renders: (modules.get(cls.path)?.queries.renders ?? []).filter((render) => render.kind === kind && render.scope === `${cls.name}.${name}`) }));
  const added = methods('contextMethod', 'get_context_data').flatMap(({ cls, renders }) => renders.flatMap((render) => contextsOf(resolver, cls.path, render)));
  const contexts = [...(generic?.contexts ?? []), ...added];
  const template = inherited(resolver, own, 'template_name');
  // Django tries `get_template_names()`; the nearest one overriding it says which names, one list per `return`.
  const named = methods('templateNames', 'get_template_names').find(({ renders }) => renders.length > 0)?.renders.map((render) => render.templates);
  const choices = named ?? [template !== undefined ? [template] : (generic?.templates ?? [])];
  const includes = includesOf(methods('contextMethod', 'get_context_data').flatMap(({ renders }) => renders));
  return contexts.length === 0 ? [] : choices.filter((templates) => templates.length > 0).map((templates) => ({ renderer: rendererOf(view), templates, contexts, modelAttribute: generic?.modelAttribute, includes }));
}

/** The rows a generic list or detail view puts in its context, and Django's default template for them. */
function genericRows(resolver: QuerysetResolver, modules: ReadonlyMap<string, QueryModule>, view: DjangoView, cls: ClassFacts, named: string | undefined): Omit<ViewTemplate, 'renderer' | 'includes'> | undefined {
  const bases = view.frameworkBases.map(lastPart);
  const listing = bases.find((base) => MULTIPLE_OBJECTS.has(base));
  const single = bases.find((base) => SINGLE_OBJECT.has(base));
  const many = listing !== undefined;
  if (!listing && !single) return undefined;
  const queryset = resolver.classQueryset(view.path, view.name) ?? ownQueryset(resolver, modules, view);
  if (!queryset) return undefined;
  const model = queryset.model;
  const lower = model.name.toLowerCase();
  // ArchiveIndexView names its rows `latest`.
  const names = many ? ['object_list', named ?? (listing === 'ArchiveIndexView' ? 'latest' : `${lower}_list`)] : ['object', named ?? lower];
  const suffix = listing ? MULTIPLE_OBJECTS.get(listing)! : SINGLE_OBJECT.get(single!)!;
  const modelAttribute = cls.attributes.find((candidate) => candidate.name === 'model');
  return {
    templates: [`${model.label.split('.')[0].toLowerCase()}/${lower}${suffix}.html`],
    contexts: names.map((name) => ({ rows: { name, model, many }, queryset })),
    modelAttribute: queryset.chains.length === 0 && modelAttribute ? { range: modelAttribute.range, written: sourceOf(modelAttribute.value) } : undefined,
  };
}

function rendererOf(view: DjangoView): Renderer {
  return { label: view.name, path: view.path, range: view.range };
}

/** What a view's `get_queryset` returns, when no `model` or `queryset` names the model. */
function ownQueryset(resolver: QuerysetResolver, modules: ReadonlyMap<string, QueryModule>, view: DjangoView): ResolvedQueryset | undefined {
  const chains = modules.get(view.path)?.queries.chains ?? [];
  const returned = chains.flatMap((chain, index) => (chain.scope === `${view.name}.get_queryset` && chain.returned ? [index] : []));
  return returned.map((index) => resolver.chain(view.path, index)).find((queryset) => !!queryset);
}

function attribute(cls: ClassFacts, name: string) {
  return cls.attributes.find((candidate) => candidate.name === name)?.value;
}
