/**
 * Rule `missing-index` (database stage): a model field the code looks rows up by
 * (`filter`/`exclude`/`get` keywords and `Q(…)` lookups, `get_object_or_404`, `order_by`) in at
 * least `minCallSites` places, with no index that starts with it; and an index whose columns
 * begin another index's (the database can use the longer one: the shorter only costs writes).
 * The queries come from every module's query facts, resolved to their model through the project
 * model, following `__` relations.
 */
import type { Settings } from '../core/config/settings';
import type { Finding, RelatedLocation } from '../core/model/finding';
import type { DjangoModelClass } from '../core/django/models';
import type { ModelField } from '../core/django/modelFields';
import { isIndexed } from '../core/queries/modelGraph';
import { QuerysetResolver } from '../core/queries/querysets';
import { redundantIndexes } from '../core/queries/redundantIndexes';
import { excludedPaths } from '../core/queries/excluded';
import type { ProjectDetector, ProjectSources } from './projectDetector';

/** A field to index, with what the code action needs. */
export interface MissingIndex {
  readonly model: DjangoModelClass;
  readonly field: ModelField;
  readonly finding: Finding;
}

const LOOKUP_STEPS = new Set(['filter', 'exclude', 'get', 'get_object_or_404', 'get_list_or_404']);
/** The steps that select rows by their lookups (`exclude` keeps the others: an index does not find them). */
const SELECTING_STEPS = new Set(['filter', 'get', 'get_object_or_404', 'get_list_or_404']);
/** Two values (or three) do not make an index selective: a partial index is the tool there, not this rule's. */
const LOW_SELECTIVITY = new Set(['BooleanField', 'NullBooleanField']);

export const missingIndex: ProjectDetector = (sources, settings) => {
  if (!settings.missingIndex.enabled) return [];
  const excluded = excludedPaths(sources.root, settings.missingIndex.exclude);
  const redundant = redundantIndexes(sources.project.models.filter((model) => !excluded(model.path))).map(
    (found): Finding => ({ rule: 'missing-index', stage: 'database', severity: settings.missingIndex.severity, ...found, related: found.related }),
  );
  return [...missingIndexes(sources, settings).map((missing) => missing.finding), ...redundant];
};

/** Every field looked up often enough without an index. */
export function missingIndexes(sources: ProjectSources, settings: Settings): MissingIndex[] {
  const rule = settings.missingIndex;
  const excluded = excludedPaths(sources.root, rule.exclude);
  const resolver = QuerysetResolver.of(sources.project, sources.modules);
  const sites = new Map<string, { model: DjangoModelClass; field: ModelField; places: RelatedLocation[]; calls: Set<string> }>();
  for (const [path, facts] of sources.modules) {
    if (excluded(path)) continue;
    facts.queries.chains.forEach((chain, index) => {
      const lookups = chain.steps.flatMap((step) => lookupsOf(step).map((lookup) => ({ step, lookup })));
      if (lookups.length === 0) return;
      const queryset = resolver.chain(path, index);
      const model = queryset?.model;
      // The chains the queryset is built from count too: `qs = Order.objects.filter(user=u); qs.filter(type=t)`.
      const built = queryset?.chains.flatMap(({ chain: from }) => from.steps.flatMap((step) => lookupsOf(step).map((lookup) => ({ step, lookup })))) ?? [];
      if (!model || queryset.viaRelation || servedByIndex(resolver, model, built)) return;
      for (const { step, lookup } of lookups) {
        const target = resolver.graph.lookup(model, lookup);
        if (!target || !target.field.column || target.field.implicit || LOW_SELECTIVITY.has(target.field.djangoClass ?? target.field.fieldClass)) continue;
        if (isIndexed(target.model, target.field)) continue;
        const key = `${target.model.label}.${target.field.name}`;
        const entry = sites.get(key) ?? { model: target.model, field: target.field, places: [], calls: new Set<string>() };
        entry.calls.add(step.name);
        const place = { path, range: step.range, message: `${step.name}(${lookup}…)` };
        const last = entry.places[entry.places.length - 1];
        if (!last || last.path !== path || last.range !== step.range) entry.places.push(place);
        sites.set(key, entry);
      }
    });
  }
  return [...sites.values()]
    .filter((entry) => entry.places.length >= rule.minCallSites)
    .map(({ model, field, places, calls }) => ({
      model,
      field,
      finding: {
        rule: 'missing-index',
        stage: 'database',
        severity: rule.severity,
        path: fieldPath(model, field, sources),
        range: field.range,
        message: `${model.name}.${field.name} is looked up in ${places.length} places (${[...calls].join(', ')}) without an index: each of those queries scans the ${model.label} table. Add an index on it (a migration, concurrently on PostgreSQL).`,
        related: places,
      },
    }));
}

/**
 * Whether the query finds its rows through an index already: an equality on an indexed field of
 * the model (`filter(user=u, type=t)` reads the few rows of `u` through the foreign key's index,
 * whatever `type` is). Then its other lookups need no index of their own.
 */
function servedByIndex(resolver: QuerysetResolver, model: DjangoModelClass, lookups: readonly { step: { name: string }; lookup: string }[]): boolean {
  return lookups.some(({ step, lookup }) => {
    const field = lookup.replace(/__(exact|in)$/, '');
    if (!SELECTING_STEPS.has(step.name) || field.includes('__')) return false;
    const target = resolver.graph.lookup(model, field);
    return !!target && target.model === model && isIndexed(target.model, target.field);
  });
}

/** The lookups a call filters or orders by. */
function lookupsOf(step: { name: string; keywords: readonly string[]; qLookups: readonly string[]; strings: readonly string[] }): string[] {
  if (LOOKUP_STEPS.has(step.name)) return [...step.keywords, ...step.qLookups].filter((name) => name && name !== 'defaults');
  if (step.name === 'order_by') return step.strings.filter((name) => name !== '?' && !name.includes('.')).map((name) => name.replace(/^-/, ''));
  return [];
}

/** The module a field is written in: its model's, or the abstract base's it is inherited from. */
function fieldPath(model: DjangoModelClass, field: ModelField, sources: ProjectSources): string {
  if (!field.inheritedFrom) return model.path;
  return sources.project.models.find((candidate) => candidate.qualifiedName === field.inheritedFrom)?.path ?? model.path;
}
