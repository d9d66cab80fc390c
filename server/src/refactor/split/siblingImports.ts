/**
 * The imports between the modules a split creates: which group uses which sibling's names, and
 * the cycles among those imports broken by lazy model strings and function-local imports.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../domainEdit';
import { functionLocalImport } from '../localImport';
import { isRelationTarget, rangeOfNode, type NameUse } from '../analysis/nameUses';
import type { Unit } from './splitUnits';
import type { FeatureGroup } from '../../core/features/featureGrouping';

/** Uses of one group's names by another: the imports between the new modules. */
export interface GroupEdge {
  readonly from: string;
  readonly to: string;
  readonly names: string[];
  readonly uses: NameUse[];
  /** Imported at the top of the module (false once the cycle breaking made it lazy or local). */
  strong: boolean;
}

export function crossGroupUses(units: readonly Unit[], destination: ReadonlyMap<Unit, string>, definedIn: ReadonlyMap<string, string>): GroupEdge[] {
  const edges = new Map<string, GroupEdge>();
  for (const unit of units) {
    const from = destination.get(unit);
    if (!from) continue;
    for (const use of unit.uses) {
      const to = definedIn.get(use.name);
      if (!to || to === from) continue;
      const key = `${from}>${to}`;
      const edge = edges.get(key) ?? { from, to, names: [], uses: [], strong: true };
      if (!edge.names.includes(use.name)) edge.names.push(use.name);
      edge.uses.push(use);
      edges.set(key, edge);
    }
  }
  return [...edges.values()];
}

/**
 * Makes the imports between groups acyclic: inside each cycle, an edge whose import-time uses
 * are all relation-field targets stops being a top-level import (the uses become lazy strings,
 * the deferred ones function-local imports). Returns the edges, or which cycle remains.
 */
export function breakCycles(groups: readonly string[], edges: GroupEdge[]): GroupEdge[] | string {
  const cycle = unbreakableCycle(groups, edges);
  if (!cycle) return edges;
  const path = [...cycle.groups, cycle.groups[0]].join(' → ');
  const example = cycle.edges[0];
  return `the feature groups would import each other in a cycle (${path}): \`${example.names[0]}\` is used by ${example.from} when the module is imported; move it to another group`;
}

/** Weakens what it can (see breakCycles); the first cycle left, with its edges, or undefined. */
function unbreakableCycle(groups: readonly string[], edges: GroupEdge[]): { groups: string[]; edges: GroupEdge[] } | undefined {
  for (;;) {
    const cycle = findCycle(groups, edges.filter((e) => e.strong));
    if (!cycle) return undefined;
    const inCycle = edges.filter((e) => e.strong && cycle.includes(e.from) && cycle.includes(e.to));
    const weakenable = inCycle.filter((e) => e.uses.every((u) => u.deferred || isRelationTarget(u)));
    if (weakenable.length === 0) return { groups: cycle, edges: inCycle };
    weakenable.forEach((e) => (e.strong = false));
  }
}

/**
 * Groups whose definitions use each other's when the module is imported (a form subclassing
 * another group's form, and back) would import each other in a cycle nothing lazy can break:
 * they become one group, named after the largest. Statements that are no definition are left
 * to the plan, which refuses the cycles they make.
 */
export function mergeImportCycles(groups: readonly FeatureGroup[], units: readonly Unit[]): FeatureGroup[] {
  let merged = [...groups];
  for (;;) {
    const groupOfName = new Map(merged.flatMap((g) => g.symbols.map((name) => [name, g.name] as const)));
    const destination = new Map<Unit, string>();
    const definedIn = new Map<string, string>();
    for (const unit of units) {
      const group = unit.symbol && groupOfName.get(unit.symbol.name);
      if (!group) continue;
      destination.set(unit, group);
      for (const name of unit.symbol!.names) definedIn.set(name, group);
    }
    const cycle = unbreakableCycle(merged.map((g) => g.name), crossGroupUses(units, destination, definedIn));
    if (!cycle) return merged;
    const members = merged.filter((g) => cycle.groups.includes(g.name));
    const largest = members.reduce((a, b) => (b.codeLines > a.codeLines ? b : a));
    const symbols = new Set(members.flatMap((g) => g.symbols));
    const union: FeatureGroup = { name: largest.name, symbols: units.flatMap((u) => (u.symbol && symbols.has(u.symbol.name) ? [u.symbol.name] : [])), codeLines: members.reduce((n, g) => n + g.codeLines, 0) };
    merged = merged.flatMap((g) => (g === largest ? [union] : cycle.groups.includes(g.name) ? [] : [g]));
  }
}

/** A cycle of groups as a list, or undefined (depth-first search; the graph is small). */
function findCycle(groups: readonly string[], edges: readonly GroupEdge[]): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (group: string): string[] | undefined => {
    state.set(group, 'open');
    stack.push(group);
    for (const edge of edges.filter((e) => e.from === group)) {
      if (state.get(edge.to) === 'open') return stack.slice(stack.indexOf(edge.to));
      if (!state.has(edge.to)) {
        const found = visit(edge.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(group, 'done');
    return undefined;
  };
  for (const group of groups) {
    if (state.has(group)) continue;
    const found = visit(group);
    if (found) return found;
  }
  return undefined;
}

export interface Rewrites {
  /** Node ids of relation targets written as lazy strings. */
  readonly lazy: Set<number>;
  /** Edits per unit, in source coordinates. */
  readonly edits: Map<Unit, TextEdit[]>;
}

/** The edits that make the weakened edges' uses lazy strings or function-local imports. */
export function rewritesFor(edges: readonly GroupEdge[], units: readonly Unit[], moduleOf: (group: string) => string): Rewrites | string {
  const lazy = new Set<number>();
  const edits = new Map<Unit, TextEdit[]>();
  const unitOf = (node: Node) => units.find((u) => u.statement.startIndex <= node.startIndex && node.endIndex <= u.statement.endIndex)!;
  const add = (unit: Unit, edit: TextEdit) => edits.set(unit, [...(edits.get(unit) ?? []), edit]);
  const localImports = new Map<number, { fn: Node; lines: Set<string> }>();
  for (const edge of edges.filter((e) => !e.strong)) {
    for (const use of edge.uses) {
      if (use.deferred && use.functionNode) {
        const entry = localImports.get(use.functionNode.id) ?? { fn: use.functionNode, lines: new Set<string>() };
        entry.lines.add(`from .${moduleOf(edge.to)} import ${use.name}`);
        localImports.set(use.functionNode.id, entry);
      } else {
        lazy.add(use.node.id);
        add(unitOf(use.node), { range: rangeOfNode(use.node), newText: JSON.stringify(use.name) });
      }
    }
  }
  for (const { fn, lines } of localImports.values()) {
    const inserted = functionLocalImport(fn, [...lines].sort());
    if (typeof inserted === 'string') return inserted;
    add(unitOf(fn), inserted);
  }
  return { lazy, edits };
}
