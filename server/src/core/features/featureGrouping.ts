/**
 * Groups a module's top-level definitions into features (order, product, customer…). The
 * long-file message names the groups and the split-file refactoring creates one module per group,
 * so the grouping must be deterministic and explainable:
 *
 * 1. Feature words come from class names (`OrderItem` → order) and, for modules without many
 *    classes such as views, from the project's model classes the module imports and uses. A
 *    model's word counts even when it is also a verb (`Check` → check), except where it opens a
 *    function's name (`check_token`).
 * 2. A definition whose name contains a feature word joins that feature (`ORDER_STATUSES`,
 *    `calculate_order_total` → order).
 * 3. The others join the feature they are most connected to: the definitions and imported
 *    classes they use and the definitions that use them (ties: the earliest feature word).
 * 4. A constant or plain function whose name names no feature and that two or more groups use
 *    goes to `_common`, with the plain definitions it needs (`money` and its `CENTS`), so that
 *    features import shared helpers from below instead of from each other. One that needs a class
 *    or a definition named after a feature stays with that feature: `_common` imports from no
 *    feature module, so it can never be part of an import cycle.
 * 5. A group of one class (and at most one more definition) that uses exactly one other group
 *    joins it (`Address`, whose foreign key points at `Customer`, joins customer even though
 *    orders use addresses too), unless another such group depends on it (`Payment`, with
 *    `Refund`, is a feature of its own). What is in `_common` counts as no dependency.
 * 6. A group of one that is connected to exactly one other group joins it (`Category`, used only
 *    by `Product`, joins product); one used by several groups goes to `_common`. Neither merge
 *    makes a view part of another view's feature (`LoginView` calling a logout helper).
 * 7. A `_common` definition that uses a feature's joins that feature, and a plain definition
 *    that the merges left used by one feature only goes back to it.
 * 8. A group of a few lines without a class joins the group holding most of the other
 *    definitions named after its word (`pdc_help` joins the group of `add_pdc`): a module of four
 *    lines is no feature.
 * Groups are listed largest first (code lines), then in order of first appearance, and named
 * by featureNaming.ts from the strongest evidence they hold (a model, URLs, view names, words).
 */
import type { ImportBinding, ModuleOutline, TopLevelSymbol } from '../python/moduleOutline';
import { djangoClassesOf, type DjangoClasses } from './djangoClasses';
import { nameFeatures, type FeatureEvidence, type FeatureHints } from './featureNaming';
import { featureWordOf, isVerb, modelWordOf, nameTokens } from './nameTokens';

export type { FeatureEvidence, FeatureHints, RoutedView } from './featureNaming';

/**
 * The group of definitions shared by several features. The underscore marks its module
 * (`_common_models.py`) as the package's own: other code imports those names from the package.
 */
export const COMMON_GROUP = '_common';

export interface FeatureGroup {
  readonly name: string;
  /** Names of the member definitions (their first bound name), in source order. */
  readonly symbols: readonly string[];
  readonly codeLines: number;
}

/** A group as the grouping proposes it, with what its name comes from (featureNaming.ts). */
export interface ProposedFeatureGroup extends FeatureGroup {
  /** `model`, `url`, `view-name`: a name a Django developer recognises; `words`: ask the user. */
  readonly evidence: FeatureEvidence;
}

/** What the grouping reads of a module: a class's methods can be grouped the same way (mixed-responsibilities). */
export type GroupedDefinitions = Pick<ModuleOutline, 'symbols' | 'imports' | 'functions'>;

/**
 * Groups the module's top-level definitions into features. `hints` adds what only the
 * workspace knows (the URL routes to the module's views); without them the outline decides.
 */
export function groupFeatures(outline: GroupedDefinitions, hints?: FeatureHints): ProposedFeatureGroup[] {
  const symbols = outline.symbols;
  if (symbols.length === 0) return [];
  const graph = referenceGraph(symbols);
  const classes = djangoClassesOf(outline);
  const { anchors, viewWords } = featureWords(outline, graph.usedNames, classes);
  const keys: (string | undefined)[] = symbols.map((symbol) => anchorOf(symbol, anchors));
  const plain = plainDefinitions(symbols, keys);
  assignByConnections(symbols, graph, keys, anchors, outline, classes);
  const features = keys.map((key, i) => key ?? featureWordOf(symbols[i].name) ?? COMMON_GROUP);
  // Before the merges, which then judge a class by the features it depends on, not by where a
  // helper it calls happened to land.
  shareHelpers(graph, features, plain);
  // A view is not a satellite of another view (`LoginView` calling a logout helper).
  const absorbs = (feature: string, target: string) => !(viewWords.has(feature) && viewWords.has(target));
  mergeSatellites(symbols, graph, features, absorbs);
  mergeSingletons(graph, features, absorbs);
  keepCommonSelfContained(graph, features);
  returnUnshared(graph, features, plain);
  mergeTinyGroups(symbols, features);
  const names = nameFeatures({ outline, classes, features, common: COMMON_GROUP, hints });
  return toGroups(symbols, features).map((group) => ({ ...group, ...names.get(group.name)! }));
}

/**
 * The feature word in a definition's name. A verb that is also a model's word does not count
 * where it opens a function's name: `check_token` is not about the `Check` model, `get_checks` is.
 */
function anchorOf(symbol: TopLevelSymbol, anchors: ReadonlyMap<string, number>): string | undefined {
  return nameTokens(symbol.name).find((word, k) => anchors.has(word) && !(k === 0 && symbol.kind === 'function' && isVerb(word)));
}

interface ReferenceGraph {
  /** For each symbol, the indices of the symbols it references. */
  readonly uses: readonly number[][];
  /** For each symbol, the indices of the symbols that reference it. */
  readonly usedBy: readonly number[][];
  /** Every name referenced by some definition. */
  readonly usedNames: ReadonlySet<string>;
}

function referenceGraph(symbols: readonly TopLevelSymbol[]): ReferenceGraph {
  const indexByName = new Map<string, number>();
  symbols.forEach((symbol, i) => symbol.names.forEach((name) => indexByName.set(name, i)));
  const uses = symbols.map(() => [] as number[]);
  const usedBy = symbols.map(() => [] as number[]);
  const usedNames = new Set<string>();
  symbols.forEach((symbol, i) => {
    const targets = new Set<number>();
    for (const name of symbol.references) {
      usedNames.add(name);
      const target = indexByName.get(name);
      if (target !== undefined && target !== i) targets.add(target);
    }
    for (const target of targets) {
      uses[i].push(target);
      usedBy[target].push(i);
    }
  });
  return { uses, usedBy, usedNames };
}

/**
 * Feature words in a stable order: local classes first, then imported classes in use; and the
 * words that come from a view class's name.
 */
function featureWords(
  outline: GroupedDefinitions,
  usedNames: ReadonlySet<string>,
  classes: DjangoClasses,
): { anchors: Map<string, number>; viewWords: Set<string> } {
  const anchors = new Map<string, number>();
  const viewWords = new Set<string>();
  const add = (name: string) => {
    const word = classWordOf(name, classes);
    if (!word || anchors.has(word)) return;
    anchors.set(word, anchors.size);
    if (classes.views.has(name)) viewWords.add(word);
  };
  for (const symbol of outline.symbols) if (symbol.kind === 'class') add(symbol.name);
  for (const binding of outline.imports) {
    if (isProjectClass(binding) && usedNames.has(binding.localName)) add(binding.localName);
  }
  return { anchors, viewWords };
}

/** A class's feature word; a model's may be a verb too (`Check`, `Post`). */
function classWordOf(name: string, classes: DjangoClasses): string | undefined {
  return classes.models.has(name) ? modelWordOf(name) : featureWordOf(name);
}

/**
 * An imported class that names a feature of the project: one from the project's own models
 * (`from .models import Order`, `from shop.models import Order`), not a library's
 * (`JsonResponse`, `Decimal`, `APIView` name no feature of the shop).
 */
function isProjectClass(binding: ImportBinding): boolean {
  return /^[A-Z]/.test(binding.localName) && (binding.module.startsWith('.') || /(^|\.)(\w+_)?models(\.|$)/.test(binding.module));
}

function assignByConnections(
  symbols: readonly TopLevelSymbol[],
  graph: ReferenceGraph,
  keys: (string | undefined)[],
  anchors: ReadonlyMap<string, number>,
  outline: GroupedDefinitions,
  classes: DjangoClasses,
): void {
  const importedWord = new Map<string, string>();
  for (const binding of outline.imports) {
    const word = isProjectClass(binding) ? classWordOf(binding.localName, classes) : undefined;
    if (word && anchors.has(word)) importedWord.set(binding.localName, word);
  }
  for (let changed = true; changed; ) {
    changed = false;
    symbols.forEach((symbol, i) => {
      if (keys[i] !== undefined) return;
      const votes = new Map<string, number>();
      const vote = (key: string | undefined) => key !== undefined && votes.set(key, (votes.get(key) ?? 0) + 1);
      graph.uses[i].forEach((j) => vote(keys[j]));
      graph.usedBy[i].forEach((j) => vote(keys[j]));
      symbol.references.forEach((name) => vote(importedWord.get(name)));
      const best = [...votes.entries()].sort(
        (a, b) => b[1] - a[1] || (anchors.get(a[0]) ?? Infinity) - (anchors.get(b[0]) ?? Infinity),
      )[0];
      if (best) {
        keys[i] = best[0];
        changed = true;
      }
    });
  }
}

/** Whether a group may join `target` (the other merge conditions hold). */
type Absorbs = (feature: string, target: string) => boolean;

function mergeSingletons(graph: ReferenceGraph, features: string[], absorbs: Absorbs): void {
  for (let changed = true; changed; ) {
    changed = false;
    const sizes = new Map<string, number>();
    features.forEach((feature) => sizes.set(feature, (sizes.get(feature) ?? 0) + 1));
    features.forEach((feature, i) => {
      if (sizes.get(feature) !== 1 || feature === COMMON_GROUP) return;
      const users = new Set(graph.usedBy[i].map((j) => features[j]));
      const connected = new Set([...users, ...graph.uses[i].map((j) => features[j])]);
      // What is shared connects a definition to no feature in particular.
      for (const group of [feature, COMMON_GROUP]) {
        users.delete(group);
        connected.delete(group);
      }
      let target: string;
      if (connected.size === 1) target = [...connected][0];
      else if (users.size >= 2) target = COMMON_GROUP;
      else return;
      if (!absorbs(feature, target)) return;
      features[i] = target;
      sizes.set(feature, 0);
      sizes.set(target, (sizes.get(target) ?? 0) + 1);
      changed = true;
    });
  }
}

/** A group this small that depends on one other group only is part of that feature. */
const MAX_SATELLITE_SIZE = 2;

/**
 * Rule 5: a group of one class (and maybe a constant) that uses exactly one other group joins it
 * (`Address`, whose foreign key points at `Customer`), even when other groups use it in turn:
 * what it belongs to is what it depends on. A group that such satellites depend on is the root
 * of a feature (`Payment`, which `Refund` depends on) and stays. One pass, no cascade.
 */
function mergeSatellites(symbols: readonly TopLevelSymbol[], graph: ReferenceGraph, features: string[], absorbs: Absorbs): void {
  const members = new Map<string, number[]>();
  features.forEach((feature, i) => members.set(feature, [...(members.get(feature) ?? []), i]));
  if (members.size <= 2) return;
  const dependency = new Map<string, string>();
  for (const [feature, indices] of members) {
    if (feature === COMMON_GROUP || indices.length > MAX_SATELLITE_SIZE) continue;
    if (indices.filter((i) => symbols[i].kind === 'class').length !== 1) continue;
    const used = new Set(indices.flatMap((i) => graph.uses[i].map((j) => features[j])).filter((f) => f !== feature && f !== COMMON_GROUP));
    if (used.size === 1 && absorbs(feature, [...used][0])) dependency.set(feature, [...used][0]);
  }
  const roots = new Set(dependency.values());
  for (const [feature, target] of dependency) {
    if (roots.has(feature)) continue;
    for (const i of members.get(feature)!) features[i] = target;
  }
}

/**
 * Plain definitions: constants and functions whose name names no feature, bound by one statement.
 * They serve whichever features use them, so several features' helpers can be shared.
 */
function plainDefinitions(symbols: readonly TopLevelSymbol[], namedKeys: readonly (string | undefined)[]): boolean[] {
  const bindings = new Map<string, number>();
  symbols.forEach((symbol) => symbol.names.forEach((name) => bindings.set(name, (bindings.get(name) ?? 0) + 1)));
  return symbols.map((symbol, i) => symbol.kind !== 'class' && namedKeys[i] === undefined && symbol.names.every((name) => bindings.get(name) === 1));
}

/**
 * Rule 4: a plain definition used by two or more groups goes to `_common`, with the plain
 * definitions it needs (`money` takes `CENTS`). One that needs a class or a definition named
 * after a feature stays: `_common` imports from no feature module.
 */
function shareHelpers(graph: ReferenceGraph, features: string[], plain: readonly boolean[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    features.forEach((feature, i) => {
      if (feature === COMMON_GROUP || !plain[i]) return;
      if (new Set(graph.usedBy[i].map((j) => features[j])).size < 2) return;
      const needed = dependenciesOutsideCommon(i, graph, features);
      if (!needed.every((j) => plain[j])) return;
      for (const j of [i, ...needed]) features[j] = COMMON_GROUP;
      changed = true;
    });
  }
}

/** What the definition uses, directly or through others, that is not in `_common` yet. */
function dependenciesOutsideCommon(start: number, graph: ReferenceGraph, features: readonly string[]): number[] {
  const found = new Set<number>([start]);
  const visit = (i: number): void =>
    graph.uses[i].forEach((j) => {
      if (found.has(j) || features[j] === COMMON_GROUP) return;
      found.add(j);
      visit(j);
    });
  visit(start);
  found.delete(start);
  return [...found];
}

/** Rule 7: a `_common` definition (by rule 6, or related to nothing) that uses a feature's joins that feature. */
function keepCommonSelfContained(graph: ReferenceGraph, features: string[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    features.forEach((feature, i) => {
      const needed = feature === COMMON_GROUP ? graph.uses[i].find((j) => features[j] !== COMMON_GROUP) : undefined;
      if (needed === undefined) return;
      features[i] = features[needed];
      changed = true;
    });
  }
}

/** Rule 7: a plain definition that the merges left used by one feature only goes back to it. */
function returnUnshared(graph: ReferenceGraph, features: string[], plain: readonly boolean[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    features.forEach((feature, i) => {
      if (feature !== COMMON_GROUP || !plain[i]) return;
      const users = new Set(graph.usedBy[i].map((j) => features[j]));
      if (users.size !== 1 || users.has(COMMON_GROUP)) return;
      features[i] = [...users][0];
      changed = true;
    });
  }
}

/** Below this many code lines, a group without a class is too small for a module of its own. */
const TINY_GROUP_LINES = 20;

/** Rule 8: a tiny group joins the group whose definitions' names most often hold its word. */
function mergeTinyGroups(symbols: readonly TopLevelSymbol[], features: string[]): void {
  const lines = new Map<string, number>();
  const withClass = new Set<string>();
  features.forEach((feature, i) => {
    lines.set(feature, (lines.get(feature) ?? 0) + symbols[i].codeLines);
    if (symbols[i].kind === 'class') withClass.add(feature);
  });
  for (const [feature, size] of lines) {
    if (feature === COMMON_GROUP || size >= TINY_GROUP_LINES || withClass.has(feature)) continue;
    const namesakes = new Map<string, number>();
    features.forEach((other, i) => {
      if (other !== feature && other !== COMMON_GROUP && nameTokens(symbols[i].name).includes(feature)) namesakes.set(other, (namesakes.get(other) ?? 0) + 1);
    });
    const target = [...namesakes].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (target === undefined) continue;
    features.forEach((other, i) => {
      if (other === feature) features[i] = target;
    });
    lines.set(target, lines.get(target)! + size);
  }
}

function toGroups(symbols: readonly TopLevelSymbol[], features: readonly string[]): FeatureGroup[] {
  const groups = new Map<string, { symbols: string[]; codeLines: number; first: number }>();
  symbols.forEach((symbol, i) => {
    const key = features[i];
    const group = groups.get(key) ?? { symbols: [], codeLines: 0, first: i };
    group.symbols.push(symbol.name);
    group.codeLines += symbol.codeLines;
    groups.set(key, group);
  });
  return [...groups.entries()]
    .sort((a, b) => b[1].codeLines - a[1].codeLines || a[1].first - b[1].first)
    .map(([name, group]) => ({ name, symbols: group.symbols, codeLines: group.codeLines }));
}
