/**
 * A split keeps every function that rebinds a global (`global COUNTER`) in the module that
 * defines the global, with every reader of it: in separate modules the function would rebind a
 * copy, and readers would keep the old value. The feature grouping is adjusted so; groups the
 * user chose that separate them are refused, as is code outside that reads such a global from
 * the package (its `__init__.py` re-exports the value it had at import).
 */
import type { FeatureGroup } from '../../core/features/featureGrouping';
import { globalsRebound } from '../analysis/globalRebinds';
import type { OutsideUses } from './moduleImporters';
import type { Unit } from './splitUnits';

/** For each global some function rebinds, the units that define, rebind or read it, in source order. */
function unitsTouching(units: readonly Unit[]): Map<string, Unit[]> {
  const rebound = new Map(units.map((u) => [u, globalsRebound(u.statement)]));
  const touching = new Map<string, Unit[]>();
  for (const name of new Set(units.flatMap((u) => [...rebound.get(u)!]))) {
    touching.set(name, units.filter((u) => u.symbol?.names.includes(name) || rebound.get(u)!.has(name) || u.uses.some((use) => use.name === name)));
  }
  return touching;
}

/**
 * The groups with each rebound global's definition, rebinders and readers in one group (the
 * definition's, or the first rebinder's): moved there when the grouping is the core's (`movable`),
 * refused with the reason when the user chose the groups.
 */
export function withReboundGlobalsTogether(groups: readonly FeatureGroup[], units: readonly Unit[], movable: boolean): FeatureGroup[] | string {
  const groupOf = new Map(groups.flatMap((g) => g.symbols.map((s) => [s, g.name] as const)));
  const moveTo = new Map<string, string>();
  for (const [name, touching] of unitsTouching(units)) {
    const definitions = touching.filter((u) => u.symbol && groupOf.has(u.symbol.name));
    const owner = definitions.find((u) => u.symbol!.names.includes(name)) ?? definitions.find((u) => globalsRebound(u.statement).has(name));
    if (!owner) continue;
    const target = groupOf.get(owner.symbol!.name)!;
    for (const unit of definitions) {
      const symbol = unit.symbol!.name;
      const group = moveTo.get(symbol) ?? groupOf.get(symbol)!;
      if (group === target) continue;
      const why = `\`${owner.symbol!.name}\` and \`${symbol}\` share the global \`${name}\`, which code rebinds (\`global ${name}\`): in separate modules one would change a copy`;
      if (!movable) return `${why}; put them in one group`;
      if (moveTo.has(symbol)) return `${why}, and \`${symbol}\` shares another rebound global with group ${group}`;
      moveTo.set(symbol, target);
    }
  }
  if (moveTo.size === 0) return [...groups];
  const order = new Map(units.flatMap((u) => (u.symbol ? [[u.symbol.name, u.index] as const] : [])));
  return groups
    .map((g) => ({ ...g, symbols: [...g.symbols.filter((s) => !moveTo.has(s)), ...[...moveTo].filter(([, to]) => to === g.name).map(([s]) => s)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) }))
    .filter((g) => g.symbols.length > 0);
}

/**
 * Why the split would still separate a rebound global from code using it: a module-level
 * statement reading it runs in another module, or code outside reads it from the package.
 */
export function reboundGlobalProblem(units: readonly Unit[], destination: ReadonlyMap<Unit, string>, outside: OutsideUses): string | undefined {
  for (const [name, touching] of unitsTouching(units)) {
    const apart = touching.find((u) => destination.get(u) !== destination.get(touching[0]));
    if (apart) return `line ${apart.statement.startPosition.row + 1} uses the global \`${name}\`, which code rebinds (\`global ${name}\`), from another module than line ${touching[0].statement.startPosition.row + 1}: one would see a copy`;
    if (outside.names.has(name) || outside.anyName) return `code outside reads \`${name}\` from the module and code rebinds it (\`global ${name}\`): through the package it would read a copy`;
  }
  return undefined;
}
