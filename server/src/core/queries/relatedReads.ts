/**
 * What reading a related object costs, and what a queryset does about it: an attribute path read
 * on each row (`order.customer.name`, `order.items.all()`) becomes the lookup that loads it with
 * the rows (`select_related("customer")`, `prefetch_related("items")`), and a queryset's chains
 * say whether they already load it.
 */
import type { DjangoModelClass } from '../django/models';
import type { ModelGraph } from './modelGraph';
import type { PlacedChain, ResolvedQueryset } from './querysets';

/** A relation each row loads on its own unless the queryset loads it with the rows. */
export interface RelatedNeed {
  /** `customer__user`, `items`. */
  readonly lookup: string;
  readonly kind: 'select_related' | 'prefetch_related';
  /** Each relation of the path allows no NULL (Django's `select_related()` without arguments follows only those). */
  readonly nonNull: boolean;
}

/** Manager methods a prefetch serves from its cache; others (`filter`, `first`) query again whatever is prefetched. */
const CACHED_MANAGER_READS = new Set(['all', 'count', 'exists']);

/**
 * The relation an attribute path on a `model` row loads: forward foreign keys and one-to-ones as
 * far as the path follows them, or a manager read through its cache. `iterated`: the path's
 * last relation is iterated as a whole (a nested serializer with `many=True`).
 */
export function needOf(graph: ModelGraph, model: DjangoModelClass, path: readonly string[], iterated = false): RelatedNeed | undefined {
  const segments: string[] = [];
  let current: DjangoModelClass | undefined = model;
  let kind: RelatedNeed['kind'] = 'select_related';
  let nonNull = true;
  for (let i = 0; i < path.length && current; i++) {
    const relation = graph.relation(current, path[i]);
    if (!relation) break;
    if (relation.cardinality === 'many') {
      const next = path[i + 1];
      if (!(next === undefined ? iterated : CACHED_MANAGER_READS.has(next))) break;
      segments.push(path[i]);
      kind = 'prefetch_related';
      break;
    }
    segments.push(path[i]);
    if (!relation.field || relation.field.null !== false) nonNull = false;
    current = graph.model(relation.target);
  }
  return segments.length > 0 ? { lookup: segments.join('__'), kind, nonNull } : undefined;
}

/**
 * Whether a queryset loads `need` with its rows, or may (what it loads is not a literal): a chain
 * building it on every way, so each `return` of a manager method on the way (`branches`) must
 * load it unless a chain outside them does.
 */
export function loads({ chains, branches = [] }: Pick<ResolvedQueryset, 'chains' | 'branches'>, need: RelatedNeed): boolean {
  const branched = new Set(branches.flat());
  return chainsLoad(chains.filter((chain) => !branched.has(chain)), need) || (branches.length > 0 && branches.every((branch) => chainsLoad(branch, need)));
}

/** Whether one of `chains` loads `need`. */
export function chainsLoad(chains: readonly PlacedChain[], need: RelatedNeed): boolean {
  return chains.some(({ chain }) =>
    chain.steps.some((step) => {
      if (step.name !== 'select_related' && step.name !== 'prefetch_related') return false;
      // select_related() follows every non-null foreign key; an argument that is no string literal may name anything.
      if (step.strings.length === 0) return step.name === 'prefetch_related' || need.kind === 'select_related';
      return step.strings.some((lookup) => lookup === need.lookup || lookup.startsWith(`${need.lookup}__`));
    }),
  );
}

/** Whether the queryset's rows are model instances (not `values()` dicts, not one row or a number). */
export function yieldsInstances(chains: readonly PlacedChain[]): boolean {
  // A call of a project method (`Order.objects.recent()`) has no step: the chains it returns end the rows.
  const final = [...chains].reverse().find(({ chain }) => chain.steps.length > 0)?.chain.steps.at(-1)?.name;
  if (final && !yieldsRows(final)) return false;
  return !chains.some(({ chain }) => chain.steps.some((step) => step.name === 'values' || step.name === 'values_list' || step.name === 'raw'));
}

/** Whether a queryset method's result is rows (a queryset), not one row, a number or nothing. */
export function yieldsRows(method: string): boolean {
  return !NOT_ROWS.has(method);
}

const NOT_ROWS = new Set(['get', 'first', 'last', 'count', 'exists', 'aggregate', 'latest', 'earliest', 'create', 'get_or_create', 'update_or_create', 'update', 'delete', 'in_bulk', 'bulk_create', 'get_object_or_404']);
