/**
 * What a module does when it is imported, kept by its split: registrations (`@register`,
 * `@receiver(post_save)`, `checks.register(f)`) and other module-level statements run in the
 * order the source has them, each after the definitions it uses.
 *
 * The package's `__init__.py` imports every part, so everything still runs when the package is
 * imported. It imports them in the order of their first registration, each part its siblings
 * first; a statement that would then run before a registration the source has above it (a
 * `print(REGISTRY)` in the registry's part, imported first) moves to the end of `__init__.py`,
 * where every part has run. When no such placement keeps the order (registrations of two parts
 * interleaved in the source), the split is refused.
 */
import { isUnorderedRegistration, registeringDecorators } from '../../core/python/registrations';
import type { GroupEdge } from './siblingImports';
import type { Unit } from './splitUnits';

/** Whether the unit does something at import whose order counts: a statement that is no definition, or a registering decorator. */
function hasOrderedEffect(unit: Unit, wrappers: ReadonlySet<string>): boolean {
  if (!unit.symbol) return !isUnorderedRegistration(unit.statement);
  return registeringDecorators(unit.statement, true, wrappers).length > 0;
}

export interface ImportPlan {
  /** The imports between parts, cycles broken. */
  readonly broken: GroupEdge[];
  /** The order `__init__.py` imports the groups in. */
  readonly initOrder: string[];
}

export interface ImportOrderInput {
  readonly units: readonly Unit[];
  readonly groups: readonly string[];
  /** Where each unit goes; loose statements may be moved to `init`. */
  readonly destination: Map<Unit, string>;
  readonly init: string;
  /** The imports between parts for a placement, cycles broken, or why they cannot be. */
  readonly siblings: (destination: ReadonlyMap<Unit, string>) => GroupEdge[] | string;
  /** Whether `__init__.py` imports names from the group's module (the others it imports last, as modules). */
  readonly reexported: (group: string) => boolean;
  readonly fileName: string;
  /** The project's decorators the module uses that only wrap (wrappingDecorators.ts). */
  readonly wrappers: ReadonlySet<string>;
}

/** The imports between parts and `__init__.py`'s order of them that keep import-time effects in source order, or why there are none. */
export function keepImportTimeOrder(input: ImportOrderInput): ImportPlan | string {
  const { units, destination, init } = input;
  const ordered = (unit: Unit) => hasOrderedEffect(unit, input.wrappers);
  for (;;) {
    const broken = input.siblings(destination);
    if (typeof broken === 'string') return broken;
    const firstEffect = (group: string) => units.find((u) => destination.get(u) === group && ordered(u))?.index ?? Infinity;
    const byEffect = [...input.groups].sort((a, b) => firstEffect(a) - firstEffect(b));
    const initOrder = [...byEffect.filter(input.reexported), ...byEffect.filter((g) => !input.reexported(g))];
    const inversion = firstInversion(runOrder(units, destination, initOrder, broken, init).filter(ordered));
    if (!inversion) return { broken, initOrder };
    const [early, late] = inversion;
    // A statement run too early can wait until every part has run.
    if (!early.symbol && destination.get(early) !== init) {
      destination.set(early, init);
      continue;
    }
    const line = (u: Unit) => `line ${u.statement.startPosition.row + 1}`;
    return `${line(early)} of ${input.fileName} would run at import before ${line(late)} above it, in another module: registrations and module-level statements would change order; put them in one group`;
  }
}

/** The units in the order importing the package runs them: `__init__.py`'s parts in turn, each after the siblings it imports, then `__init__.py`'s own code. */
function runOrder(units: readonly Unit[], destination: ReadonlyMap<Unit, string>, initOrder: readonly string[], edges: readonly GroupEdge[], init: string): Unit[] {
  const order: Unit[] = [];
  const loaded = new Set<string>();
  const load = (group: string) => {
    if (loaded.has(group)) return;
    loaded.add(group);
    edges.filter((e) => e.from === group && e.strong).forEach((e) => load(e.to));
    order.push(...units.filter((u) => destination.get(u) === group));
  };
  initOrder.forEach(load);
  return [...order, ...units.filter((u) => destination.get(u) === init)];
}

/** The first unit that runs before one the source has above it, with that one. */
function firstInversion(effects: readonly Unit[]): [Unit, Unit] | undefined {
  let latest: Unit | undefined;
  for (const unit of effects) {
    if (latest && unit.index < latest.index) return [latest, unit];
    if (!latest || unit.index > latest.index) latest = unit;
  }
  return undefined;
}
