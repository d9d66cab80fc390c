/**
 * Rule `n-plus-one` (monitoring stage): code that reads a related object of each row of a
 * queryset that does not load it with the rows, so the page makes one query per row:
 * - a `for` loop or a comprehension over a queryset reading `row.customer…` or `row.items.all()`;
 * - `Serializer(queryset, many=True)`, and a DRF list view's serializer, whose nested serializers,
 *   dotted sources, related fields or method fields read a relation;
 * - a template's `{% for %}` over a view's context queryset (a `render()` context, a `ListView`'s
 *   rows, what `get_context_data` adds) or an inclusion tag's, reading `{{ row.customer.name }}`
 *   or `{% for i in row.items.all %}`; a tag taking the context loops over the rows of each view
 *   whose template uses it; an `{% include %}` in such a loop whose template is not read is noted
 *   (at most `information`: nothing is known to be wrong, only unchecked);
 * - an admin's `list_display` naming a nullable foreign key, or a method reading a relation,
 *   without `list_select_related` (or a prefetching `get_queryset`).
 * Each finding carries the fix: the lookup to add where the queryset is built.
 */
import type { Settings } from '../core/config/settings';
import { severityRank, type Finding, type RelatedLocation } from '../core/model/finding';
import type { SourcePosition } from '../core/model/sourceRange';
import type { DjangoModelClass } from '../core/django/models';
import { chainsLoad, needOf, loads, yieldsInstances, type RelatedNeed } from '../core/queries/relatedReads';
import { QuerysetResolver, type PlacedChain, type ResolvedQueryset } from '../core/queries/querysets';
import { serializerNeeds } from '../core/queries/serializerReads';
import { excludedPaths } from '../core/queries/excluded';
import { TemplateFinder, type TemplateFile } from '../core/queries/templateFiles';
import { relatedRows, templateNeeds, throughRows, uncheckedIncludes, type LoopRows, type UncheckedInclude } from '../core/queries/templateNeeds';
import { scanTemplate, type TemplateScan } from '../core/queries/templateSyntax';
import type { TemplateVariables } from '../core/queries/templateComposition';
import { contextTags, viewTemplates, type ViewTemplate } from '../core/queries/viewTemplates';
import type { AdminClass } from '../core/queries/admins';
import type { QueryFacts } from '../core/queries/queryFacts';
import { isUnknown } from '../core/django/values';
import type { ProjectDetector, ProjectSources } from './projectDetector';

/** Text to insert for the fix: `.select_related("customer")` after a queryset's manager, or a `list_select_related` line. */
export interface QuerysetFix {
  readonly path: string;
  readonly at: SourcePosition;
  readonly text: string;
  readonly title: string;
  /** The other `return`s of a manager method building the queryset, each given the lookups it lacks. */
  readonly also?: readonly Pick<QuerysetFix, 'path' | 'at' | 'text'>[];
}

export interface NPlusOne {
  readonly finding: Finding;
  readonly fix?: QuerysetFix;
  /** Why there is no fix, when there is none. */
  readonly noFix?: string;
}

/** Why a note on an include not followed has no fix. */
export const UNCHECKED_INCLUDE = 'the included template is not read, so nothing is known to load: name it with a literal, or count its queries with assertNumQueries';

/** How many loops deep a loop over a relation of an enclosing loop's row is followed. */
const MAX_NESTING = 8;

export const nPlusOne: ProjectDetector = (sources, settings) => nPlusOnes(sources, settings).map((found) => found.finding);

export function nPlusOnes(sources: ProjectSources, settings: Settings): NPlusOne[] {
  if (!settings.nPlusOne.enabled) return [];
  return new Detector(sources, settings).run();
}

class Detector {
  private readonly resolver: QuerysetResolver;
  private readonly excluded: (path: string) => boolean;
  private readonly found: NPlusOne[] = [];
  /** Includes not followed in loops over rows, by place: one note each, naming every view whose rows reach it. */
  private readonly unchecked = new Map<string, { include: UncheckedInclude; views: RelatedLocation[] }>();

  constructor(private readonly sources: ProjectSources, private readonly settings: Settings) {
    this.resolver = QuerysetResolver.of(sources.project, sources.modules);
    this.excluded = excludedPaths(sources.root, settings.nPlusOne.exclude);
  }

  run(): NPlusOne[] {
    for (const [path, facts] of this.sources.modules) {
      if (this.excluded(path)) continue;
      this.loops(path, facts.queries);
      this.serializerCalls(path, facts.queries);
    }
    this.views();
    this.templates();
    this.uncheckedNotes();
    this.admins();
    return this.found;
  }

  private loops(path: string, facts: QueryFacts): void {
    facts.loops.forEach((loop, index) => {
      const found = loop.variable ? this.loopRows(path, facts, index, 0) : undefined;
      if (!found) return;
      const { queryset, rows } = found;
      const byLookup = new Map<string, { need: RelatedNeed; reads: RelatedLocation[] }>();
      for (const read of facts.reads) {
        if (read.loop !== index) continue;
        const own = needOf(this.resolver.graph, rows.model, read.path);
        const need = own && throughRows(rows, own);
        if (!need || loads(queryset, need)) continue;
        const entry = byLookup.get(need.lookup) ?? { need, reads: [] };
        entry.reads.push({ path, range: read.range, message: `${read.root}.${read.path.join('.')}` });
        byLookup.set(need.lookup, entry);
      }
      for (const { need, reads } of byLookup.values()) {
        const what = loop.kind === 'for' ? 'This loop' : 'This comprehension';
        this.report(path, reads[0].range, `${what} reads ${reads[0].message} of each ${rows.model.name} row: one query per row. Add ${calls([need])} to the queryset.`, [...reads.slice(1), ...origins(queryset)], queryset, [need]);
      }
    });
  }

  /**
   * The rows a loop iterates: a queryset's, or a relation's of an enclosing loop's row (`for item
   * in order.items.all()`, whose iterable is a read of the outer loop), as a path from that queryset.
   */
  private loopRows(path: string, facts: QueryFacts, index: number, depth: number): { queryset: ResolvedQueryset; rows: LoopRows } | undefined {
    const loop = facts.loops[index];
    const queryset = this.rows(path, loop.scope, loop.iterable, loop.iterableChain);
    if (queryset) return { queryset, rows: { prefix: [], model: queryset.model } };
    const header = loop.range;
    const read = facts.reads.find((r) => r.loop !== undefined && r.loop !== index && r.range.start.line >= header.start.line && r.range.end.line <= header.end.line && loop.iterable === `${r.root}.${r.path.join('.')}()`);
    const outer = read && depth < MAX_NESTING ? this.loopRows(path, facts, read.loop!, depth + 1) : undefined;
    const rows = outer && relatedRows(this.resolver.graph, outer.rows, read!);
    return rows && { queryset: outer!.queryset, rows };
  }

  private serializerCalls(path: string, facts: QueryFacts): void {
    for (const use of facts.serializerCalls) {
      const ref = this.serializerNamed(path, use.serializer);
      const queryset = ref && this.rows(path, use.scope, use.argument, use.argumentChain);
      if (!ref || !queryset) continue;
      const needs = serializerNeeds(this.sources.project, this.sources.modules, this.resolver.graph, ref, queryset.model).filter((need) => !loads(queryset, need));
      if (needs.length === 0) continue;
      const fields = needs.map((need) => ({ path: need.path, range: need.range, message: `${need.field} reads ${need.lookup.replace(/__/g, '.')}` }));
      this.report(path, use.range, `${ref.name}(…, many=True) reads ${listed(needs)} of each ${queryset.model.name}: one query per row. Add ${calls(needs)} to the queryset.`, [...fields, ...origins(queryset)], queryset, needs);
    }
  }

  /** DRF views that list: their serializer runs over the whole queryset. */
  private views(): void {
    for (const view of this.sources.project.views) {
      if (view.kind !== 'class' || !view.serializer || !view.model || this.excluded(view.path)) continue;
      const lists = view.viewset ? !!view.viewsetActions && !isUnknown(view.viewsetActions) && view.viewsetActions.includes('list') : view.frameworkBases.some((base) => /List/.test(base));
      const serializer = this.sources.project.serializers.find((candidate) => candidate.qualifiedName === view.serializer);
      const queryset = lists && serializer ? this.resolver.classQueryset(view.path, view.name) : undefined;
      if (!serializer || !queryset || queryset.chains.length === 0) continue;
      const needs = serializerNeeds(this.sources.project, this.sources.modules, this.resolver.graph, serializer, queryset.model).filter((need) => !loads(queryset, need));
      if (needs.length === 0) continue;
      const fields = needs.map((need) => ({ path: need.path, range: need.range, message: `${need.field} reads ${need.lookup.replace(/__/g, '.')}` }));
      this.report(view.path, view.range, `${view.name} lists ${queryset.model.name} rows with ${serializer.name}, which reads ${listed(needs)} of each: one query per row. Add ${calls(needs)} to its queryset.`, [...fields, ...origins(queryset)], queryset, needs);
    }
  }

  /** Views and inclusion tags rendering a template whose `{% for %}` loops read a relation of each row of a context queryset. */
  private templates(): void {
    const { project, files } = this.sources;
    const finder = new TemplateFinder(files, project.settings, project.apps, (module) => this.resolver.moduleFile(module));
    const scans = new Map<string, TemplateScan>();
    const scan = (template: TemplateFile, from: string, includes: TemplateVariables) => {
      const key = [template.path, ...[...includes].flat(2)].join('\n');
      if (!scans.has(key)) scans.set(key, scanTemplate(template, (name) => finder.find([name], from), includes));
      return scans.get(key)!;
    };
    const tags = contextTags(this.sources.modules);
    for (const view of viewTemplates(this.resolver, this.sources.modules)) {
      const template = this.excluded(view.renderer.path) ? undefined : finder.find(view.templates, view.renderer.path);
      if (!template) continue;
      const scanned = scan(template, view.renderer.path, view.includes);
      this.templateLoops(view, template, scanned);
      // A tag given the context loops over this view's rows under the names its dict gives them.
      for (const tag of tags.filter((candidate) => scanned.tags.has(candidate.name))) {
        const contexts = !tag.reads ? view.contexts : [...tag.reads].flatMap(([name, read]) => view.contexts.filter(({ rows }) => rows.name === read).map(({ rows, queryset }) => ({ rows: { ...rows, name }, queryset })));
        const tagTemplate = contexts.length > 0 && !this.excluded(tag.renderer.path) ? finder.find(tag.templates, tag.renderer.path) : undefined;
        const renderer = { ...tag.renderer, label: `${tag.renderer.label} (in ${template.name} of ${view.renderer.label})` };
        if (tagTemplate) this.templateLoops({ renderer, templates: tag.templates, contexts, includes: new Map() }, tagTemplate, scan(tagTemplate, tag.renderer.path, new Map()));
      }
    }
  }

  private templateLoops({ renderer, contexts, modelAttribute }: ViewTemplate, template: TemplateFile, scan: TemplateScan): void {
    for (const { rows, queryset } of contexts) {
      for (const include of uncheckedIncludes(scan, this.resolver.graph, rows)) {
        const key = `${include.file}:${include.range.start.line}:${include.range.start.character}`;
        const entry = this.unchecked.get(key) ?? { include, views: [] };
        const origin = queryset.chains[0];
        const view = { ...(origin ? { path: origin.path, range: origin.chain.range } : { path: renderer.path, range: renderer.range }), message: `${renderer.label} renders it over ${rows.name}, built here` };
        if (!entry.views.some((one) => one.message === view.message && one.path === view.path && one.range.start.line === view.range.start.line)) entry.views.push(view);
        this.unchecked.set(key, entry);
      }
      const needs = templateNeeds(scan, this.resolver.graph, rows).filter((need) => !loads(queryset, need));
      if (needs.length === 0) continue;
      const shown = unique(needs.map((need) => need.read));
      const reads = needs.map((need) => ({ path: need.file, range: need.range, message: need.read }));
      const origin = queryset.chains[0];
      const [path, range] = origin ? [origin.path, origin.chain.range] : [renderer.path, modelAttribute?.range ?? renderer.range];
      const message = `${renderer.label} renders ${template.name}, which reads ${shown.join(', ')} in a {% for %} over ${rows.name}: one query per row. Add ${calls(needs)} to the queryset.`;
      this.report(path, range, message, [...reads, ...origins(queryset)], queryset, needs, modelAttribute && queryAttributeFix(path, modelAttribute, needs));
    }
  }

  /** A note on each include not followed in a loop over rows: what its template reads of them is not checked. */
  private uncheckedNotes(): void {
    const severity = severityRank(this.settings.nPlusOne.severity) < severityRank('information') ? this.settings.nPlusOne.severity : 'information';
    for (const { include, views } of this.unchecked.values()) {
      if (this.excluded(include.file)) continue;
      const missing = include.missing?.map((name) => JSON.stringify(name)).join(', ');
      const why = missing ? `${missing} ${include.missing!.length > 1 ? 'are' : 'is'} not found among the workspace's templates` : 'its name is known only when rendering';
      const advice = missing ? 'Count the queries with assertNumQueries.' : "Name it with a literal (or a string the view's context sets) to have it checked, or count the queries with assertNumQueries.";
      const message = `{% include ${include.name} %} inside ${include.loop} is not followed: ${why}, so what it reads of each ${include.model.name} row is not checked for N+1 queries. ${advice}`;
      this.found.push({ finding: { ...this.finding(include.file, include.range, message, views), severity }, noFix: UNCHECKED_INCLUDE });
    }
  }

  private admins(): void {
    for (const admin of this.resolver.admins) {
      const model = this.resolver.graph.model(admin.model);
      if (!admin.listDisplay || !model || this.excluded(admin.path)) continue;
      const prefetching = this.resolver.classQueryset(admin.path, admin.name)?.chains ?? [];
      const fkColumns = admin.listDisplay.names.filter((name) => this.resolver.graph.relation(model, name)?.cardinality === 'single' && this.resolver.graph.field(model, name)?.field.name === name);
      const needs = admin.listDisplay.names.flatMap((name) =>
        this.displayNeeds(admin, model, name)
          .filter((need) => !covered(admin, need, fkColumns.length > 0) && !chainsLoad(prefetching, need))
          .map((need) => ({ ...need, name })),
      );
      if (needs.length === 0) continue;
      const selects = unique(needs.filter((need) => need.kind === 'select_related').map((need) => need.lookup));
      const prefetches = unique(needs.filter((need) => need.kind === 'prefetch_related').map((need) => need.lookup));
      const shown = unique(needs.map((need) => `${need.name} (${need.lookup.replace(/__/g, '.')})`)).join(', ');
      const advice = [
        selects.length > 0 ? `list_select_related = ${JSON.stringify(selects)}` : '',
        prefetches.length > 0 ? `prefetch_related(${prefetches.map((l) => JSON.stringify(l)).join(', ')}) in get_queryset` : '',
      ].filter(Boolean).join(' and ');
      this.found.push({
        finding: this.finding(admin.path, admin.listDisplay.range, `${admin.name ? `${admin.name}.list_display` : `admin.site.register(${model.name})`} shows ${shown} of each ${model.name}: one query per row of the change list. Add ${advice}.`, []),
        ...adminFix(admin, unique([...fkColumns, ...selects]), prefetches),
      });
    }
  }

  /** What showing a `list_display` entry reads: a foreign key column, or what its method reads on the row. */
  private displayNeeds(admin: AdminClass, model: DjangoModelClass, name: string): RelatedNeed[] {
    const graph = this.resolver.graph;
    const relation = graph.relation(model, name);
    if (relation) return relation.cardinality === 'single' ? [needOf(graph, model, [name])!] : [];
    const adminFacts = this.sources.modules.get(admin.path)?.queries;
    const method = adminFacts?.functions.find((fn) => fn.scope === `${admin.name}.${name}`);
    const [facts, scope, row] = method
      ? [adminFacts!, method.scope, method.parameters[1]]
      : [this.sources.modules.get(model.path)?.queries, `${model.name}.${name}`, 'self'];
    if (!facts || !row) return [];
    return facts.reads.filter((read) => read.scope === scope && read.root === row && read.loop === undefined).flatMap((read) => needOf(graph, model, read.path) ?? []);
  }

  /** A queryset whose rows are model instances, from a loop's iterable or a serializer's argument. */
  private rows(path: string, scope: string, text: string, chain: number | undefined): ResolvedQueryset | undefined {
    const queryset = chain !== undefined ? this.resolver.chain(path, chain) : this.resolver.expression(path, scope, text);
    // A bare model class name is no queryset (`for field in Model._meta…` aside, iterating a class is an error).
    if (!queryset || (chain === undefined && /^\w+$/.test(text) && queryset.chains.length === 0)) return undefined;
    return yieldsInstances(queryset.chains) ? queryset : undefined;
  }

  private serializerNamed(path: string, name: string) {
    const ref = this.resolver.qualifiedName(path, name);
    return ref && this.sources.project.serializers.find((serializer) => serializer.qualifiedName === ref);
  }

  private report(path: string, range: Finding['range'], message: string, related: RelatedLocation[], queryset: ResolvedQueryset, needs: readonly RelatedNeed[], orElse?: QuerysetFix): void {
    const through = throughOwnQueryset(queryset, needs);
    const fix = through ? undefined : (querysetFix(queryset, needs) ?? orElse);
    const noFix = through ?? (fix ? undefined : 'the queryset is not built in the workspace (it comes from a base class outside it): add the lookup where it is built');
    this.found.push({ finding: this.finding(path, range, message, related), fix, noFix });
  }

  private finding(path: string, range: Finding['range'], message: string, related: RelatedLocation[]): Finding {
    return { rule: 'n-plus-one', stage: 'monitoring', severity: this.settings.nPlusOne.severity, path, range, message, related };
  }
}

/** `select_related("customer").prefetch_related("items")`. */
function calls(needs: readonly RelatedNeed[]): string {
  return (['select_related', 'prefetch_related'] as const)
    .map((kind) => widest(needs.filter((need) => need.kind === kind).map((need) => need.lookup)))
    .map((lookups, i) => (lookups.length > 0 ? `${i === 0 ? 'select_related' : 'prefetch_related'}(${lookups.map((l) => JSON.stringify(l)).join(', ')})` : ''))
    .filter(Boolean)
    .join('.');
}

function listed(needs: readonly RelatedNeed[]): string {
  return unique(needs.map((need) => need.lookup.replace(/__/g, '.'))).join(', ');
}

/** The lookups without those another one loads on its way (`items` with `items__product`). */
function widest(lookups: readonly string[]): string[] {
  return unique(lookups).filter((lookup) => !lookups.some((other) => other.startsWith(`${lookup}__`)));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Where the queryset is built: the chains the fix may go into. */
function origins(queryset: ResolvedQueryset): RelatedLocation[] {
  return queryset.chains.slice(0, 1).map(({ path, chain }) => ({ path, range: chain.range, message: `the ${queryset.model.name} queryset is built here` }));
}

/**
 * `.select_related("customer")` right after what the queryset starts from (`Order.objects`,
 * `super().get_queryset()`); `get_object_or_404(Order, …)` gets its manager too.
 */
function querysetFix({ chains, model, method, branches = [] }: ResolvedQueryset, needs: readonly RelatedNeed[]): QuerysetFix | undefined {
  const origin = chains[0];
  if (!origin) return undefined;
  const bareModel = origin.chain.receiverChain === undefined && /^get_(object|list)_or_404$/.test(origin.chain.steps[0]?.name ?? '');
  const manager = bareModel ? `.${defaultManager(model)}` : '';
  // The method builds the queryset: the lookup goes there, and every caller loads the rows too.
  const returns = branches.some((branch) => branch.includes(origin)) ? branchStarts(branches, needs) : [];
  const querysets = returns.length > 1 ? `each of the ${returns.length} querysets` : 'the queryset';
  const where = method ? `${querysets} the manager method ${method} returns (every caller of it loads them too)` : 'the queryset';
  const [first, ...also] = returns.length > 0 ? returns : [{ path: origin.path, at: origin.chain.receiverEnd, text: `${manager}.${calls(needs)}` }];
  return { ...first, title: `Add ${calls(needs)} to ${where}`, ...(also.length > 0 && { also }) };
}

/** Where each way through a manager method's `return`s starts, with the lookups that way lacks (one insertion per place). */
function branchStarts(branches: readonly (readonly PlacedChain[])[], needs: readonly RelatedNeed[]): Pick<QuerysetFix, 'path' | 'at' | 'text'>[] {
  const starts = new Map<string, { start: PlacedChain; needs: RelatedNeed[] }>();
  for (const branch of branches) {
    const lacking = needs.filter((need) => !chainsLoad(branch, need));
    const key = `${branch[0].path}:${branch[0].index}`;
    const entry = starts.get(key) ?? { start: branch[0], needs: [] };
    entry.needs.push(...lacking.filter((need) => !entry.needs.includes(need)));
    if (entry.needs.length > 0) starts.set(key, entry);
  }
  return [...starts.values()].map(({ start, needs: lacking }) => ({ path: start.path, at: start.chain.receiverEnd, text: `.${calls(lacking)}` }));
}

/**
 * Why no lookup can go before the chain's `Prefetch("items", queryset=…)` when a need goes
 * through it (`items__product`): Django refuses a queryset whose lookup meets `items` again with
 * another queryset. The row's relation belongs in that queryset.
 */
function throughOwnQueryset({ chains }: ResolvedQueryset, needs: readonly RelatedNeed[]): string | undefined {
  const own = chains.flatMap(({ chain }) => chain.steps.flatMap((step) => step.ownQuerysets));
  for (const need of needs) {
    const prefix = own.find((lookup) => need.lookup.startsWith(`${lookup}__`));
    if (prefix) return `${prefix} is prefetched with its own queryset (Prefetch("${prefix}", queryset=…)): load ${need.lookup.slice(prefix.length + 2).replace(/__/g, '.')} in that queryset`;
  }
  return undefined;
}

/** A class view with `model = Order` only: `queryset = Order.objects.select_related(…)` below it. */
function queryAttributeFix(path: string, model: { range: Finding['range']; written: string }, needs: readonly RelatedNeed[]): QuerysetFix {
  const indent = ' '.repeat(model.range.start.character);
  return { path, at: { line: model.range.end.line + 1, character: 0 }, text: `${indent}queryset = ${model.written}.objects.${calls(needs)}\n`, title: `Add queryset = ${model.written}.objects.${calls(needs)}` };
}

/** The manager Django uses by default: `objects`, unless the model declares others only. */
function defaultManager(model: DjangoModelClass): string {
  return model.managers.length === 0 || model.managers.some((manager) => manager.name === 'objects') ? 'objects' : model.managers[0].name;
}

/** Django's change list runs `select_related()` (non-null foreign keys only) when list_display shows a foreign key and list_select_related is False. */
function covered(admin: AdminClass, need: RelatedNeed, showsForeignKey: boolean): boolean {
  const setting = admin.listSelectRelated;
  if (need.kind === 'prefetch_related') return false;
  if (setting === true) return true;
  if (Array.isArray(setting)) return setting.some((lookup) => lookup === need.lookup || lookup.startsWith(`${need.lookup}__`));
  return showsForeignKey && need.nonNull;
}

/** `list_select_related` when it is not set and `list_display` is written; otherwise why not. */
function adminFix(admin: AdminClass, selects: readonly string[], prefetches: readonly string[]): Pick<NPlusOne, 'fix' | 'noFix'> {
  if (prefetches.length > 0) return { noFix: `${admin.name || 'the admin'} must prefetch ${prefetches.join(', ')} in get_queryset: write it by hand` };
  if (admin.listSelectRelated !== undefined) return { noFix: `${admin.name} sets list_select_related already: add the lookups to it by hand` };
  if (!admin.listDisplay?.written) return { noFix: 'the model is registered without list_display: write an admin class with list_select_related' };
  return { fix: listSelectRelatedFix(admin, selects) };
}

function listSelectRelatedFix(admin: AdminClass, lookups: readonly string[]): QuerysetFix {
  const display = admin.listDisplay!.range.start;
  const indent = ' '.repeat(display.character);
  return {
    path: admin.path,
    at: { line: display.line, character: 0 },
    text: `${indent}list_select_related = [${widest(lookups).map((lookup) => JSON.stringify(lookup)).join(', ')}]\n`,
    title: `Add list_select_related to ${admin.name}`,
  };
}
