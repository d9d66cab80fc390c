/**
 * Names the feature groups from the evidence a Django developer recognises, strongest first:
 *
 * 1. `model`: the model at the centre of the group: the one the grouping gathered it around
 *    (`Address` joined `Customer`; views named after `Project` use it), else among its own models the one the others refer to most,
 *    else, in a views module, the project model its views use (`get_checks` and `create_check`
 *    read `Check` → check).
 * 2. `url`: the word the URL names and paths routed to its views share (`path("login/", …,
 *    name="login")`), when the caller knows the routes.
 * 3. `view-name`: the word of its views' own names (`LoginView` → login).
 * 4. `words`: `base` for the group holding a class that classes of two other groups extend
 *    (django-filter's `Filter`: its group is the module's base, not a feature of a few of its
 *    subclasses); else the word most of its definitions share, in their names and the libraries
 *    their classes extend (`EscapeHtml(Extension)` from markdown and `render_markdown` → markdown).
 *    Weak: the user should be asked.
 *
 * Evidence counts only when the definitions that carry it hold half of the group's code lines
 * (of its views, for URLs and view names), so an incidental word of a helper (`bad` of
 * `BadRequest`) never names a group. The largest group chooses first; names stay unique.
 */
import type { ModuleOutline, TopLevelSymbol } from '../python/moduleOutline';
import type { DjangoClasses } from './djangoClasses';
import { canNameFeature, canNameRoute, isHttpMethod, isVerb, modelWordOf, nameTokens } from './nameTokens';

/** What a group's name comes from, strongest first; `shared` is the fixed name of `_common`. */
export type FeatureEvidence = 'model' | 'url' | 'view-name' | 'words' | 'shared';

/** A URL route to a definition of the module: `path("checks/", views.get_checks, name="hc-api-checks")`. */
export interface RoutedView {
  /** The routed function or class, as the module names it (`get_checks`, `LoginView`). */
  readonly view: string;
  /** The route's pattern as written (`checks/<uuid:code>/`). */
  readonly path: string;
  /** The route's `name=`, if it has one. */
  readonly name?: string;
}

/** What a caller that sees the workspace can add to the module's outline. */
export interface FeatureHints {
  /** The URL routes to the module's views (urlEvidence.ts finds them). */
  readonly routes?: readonly RoutedView[];
}

export interface FeatureName {
  readonly name: string;
  readonly evidence: FeatureEvidence;
}

/** What naming reads of the grouping. */
export interface NamingInput {
  readonly outline: Pick<ModuleOutline, 'symbols' | 'imports' | 'functions'>;
  readonly classes: DjangoClasses;
  /** Each definition's group key, by index. */
  readonly features: readonly string[];
  /** The fixed name of the shared group, which is not renamed. */
  readonly common: string;
  readonly hints?: FeatureHints;
}

interface Candidate {
  readonly word: string;
  readonly evidence: FeatureEvidence;
}

/** The name and evidence of each group key. */
export function nameFeatures(input: NamingInput): Map<string, FeatureName> {
  const members = new Map<string, number[]>();
  input.features.forEach((feature, i) => members.set(feature, [...(members.get(feature) ?? []), i]));
  const lines = (indices: readonly number[]) => indices.reduce((sum, i) => sum + input.outline.symbols[i].codeLines, 0);
  const order = [...members.keys()].sort((a, b) => lines(members.get(b)!) - lines(members.get(a)!));
  const names = new Map<string, FeatureName>();
  const taken = new Set<string>([input.common]);
  const bases = baseGroups(input, members);
  for (const key of order) {
    if (key === input.common) {
      names.set(key, { name: key, evidence: 'shared' });
      continue;
    }
    const free = candidatesOf(input, key, members.get(key)!, bases.has(key)).find((candidate) => !taken.has(candidate.word));
    const chosen = free ?? { word: freeName(key, taken), evidence: 'words' as const };
    taken.add(chosen.word);
    names.set(key, { name: chosen.word, evidence: chosen.evidence });
  }
  return names;
}

/** `base`, or `base_2`, `base_3`… the first not in `taken`. */
export function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

/** The group's possible names, strongest evidence first. */
function candidatesOf(input: NamingInput, key: string, indices: readonly number[], isBase: boolean): Candidate[] {
  const symbols = indices.map((i) => input.outline.symbols[i]);
  const views = symbols.filter((symbol) => isView(input, symbol));
  const routes = input.hints?.routes ?? [];
  const routed = symbols.filter((symbol) => routes.some((route) => route.view === symbol.name));
  const prefix = commonRouteWords(routes);
  // The grouping gathered the group around this model (its satellites joined it, its views use
  // it): it is central.
  const isKeyModel = (name: string) => input.classes.models.has(name) && modelWordOf(name) === key;
  const keyModel = symbols.some((symbol) => isKeyModel(symbol.name) || symbol.references.some(isKeyModel));
  // Views name a group they make up: a helper taking `request` does not name 630 lines of model code.
  const lines = (members: readonly TopLevelSymbol[]) => members.reduce((sum, symbol) => sum + symbol.codeLines, 0);
  const ofViews = lines(views) * 2 >= lines(symbols);
  return [
    ...(keyModel ? [{ word: key, evidence: 'model' as const }] : []),
    ...central(symbols, (symbol) => modelsOf(input, symbol, symbols), key).map((word) => ({ word, evidence: 'model' as const })),
    ...central(ofViews ? routed : [], (symbol) => routeWords(symbol, routes, prefix), key).map((word) => ({ word, evidence: 'url' as const })),
    ...central(ofViews ? views : [], (symbol) => viewWords(symbol), key).map((word) => ({ word, evidence: 'view-name' as const })),
    ...(isBase ? [{ word: 'base', evidence: 'words' as const }] : []),
    ...shared(input, symbols, key).map((word) => ({ word, evidence: 'words' as const })),
  ];
}

/** The groups holding a class that classes of at least two other groups extend. */
function baseGroups(input: NamingInput, members: ReadonlyMap<string, readonly number[]>): Set<string> {
  const { symbols } = input.outline;
  const groupOf = new Map(symbols.flatMap((symbol, i) => (symbol.kind === 'class' ? [[symbol.name, input.features[i]] as const] : [])));
  const extendedBy = new Map<string, Set<string>>();
  symbols.forEach((symbol, i) => {
    for (const base of symbol.bases) {
      const group = groupOf.get(base);
      if (group !== undefined && group !== input.features[i]) extendedBy.set(group, (extendedBy.get(group) ?? new Set()).add(input.features[i]));
    }
  });
  return new Set([...members.keys()].filter((key) => key !== input.common && (extendedBy.get(key)?.size ?? 0) >= 2));
}

/**
 * The words carried by definitions holding at least half of the code lines of `symbols`, the
 * heaviest first (ties: the word said most often, then the group's key, then the first seen).
 * `wordsOf` gives a definition's words, a word as often as the definition says it.
 */
function central(symbols: readonly TopLevelSymbol[], wordsOf: (symbol: TopLevelSymbol) => string[], key: string): string[] {
  const total = symbols.reduce((sum, symbol) => sum + symbol.codeLines, 0);
  const weight = new Map<string, { lines: number; said: number }>();
  for (const symbol of symbols) {
    const words = wordsOf(symbol);
    for (const word of new Set(words)) {
      const { lines, said } = weight.get(word) ?? { lines: 0, said: 0 };
      weight.set(word, { lines: lines + symbol.codeLines, said: said + words.filter((w) => w === word).length });
    }
  }
  return [...weight.entries()]
    .filter(([, { lines }]) => total > 0 && lines * 2 >= total)
    .sort((a, b) => b[1].lines - a[1].lines || b[1].said - a[1].said || Number(b[0] === key) - Number(a[0] === key))
    .map(([word]) => word);
}

/**
 * The models a definition is about: itself when it is a model of the group, else the models it
 * refers to. In a group with models of its own, only those count, each carried by itself and
 * by the definitions of the group that refer to it.
 */
function modelsOf(input: NamingInput, symbol: TopLevelSymbol, group: readonly TopLevelSymbol[]): string[] {
  const { models } = input.classes;
  const own = group.filter((member) => member.kind === 'class' && models.has(member.name)).map((member) => member.name);
  const refersTo = symbol.references.filter((name) => models.has(name) && (own.length === 0 || own.includes(name)));
  const about = own.includes(symbol.name) ? [symbol.name, ...refersTo] : refersTo;
  return about.flatMap((name) => modelWordOf(name) ?? []);
}

/** Whether the definition is a view: a class-based view, or a function taking `request` first. */
function isView(input: NamingInput, symbol: TopLevelSymbol): boolean {
  if (symbol.kind === 'class') return input.classes.views.has(symbol.name);
  return input.outline.functions.some((fn) => fn.className === undefined && fn.name === symbol.name && fn.parameters[0] === 'request');
}

/** `LoginView` → login; `CheckList` → check; `get_checks` → check; `check_token` → token. */
function viewWords(symbol: TopLevelSymbol): string[] {
  const words = nameTokens(symbol.name);
  // A function's first word is a verb or an HTTP method more often than a thing.
  const word = words.find((w, k) => (symbol.kind === 'class' || k > 0 ? canNameRoute(w) && !isHttpMethod(w) : canNameFeature(w)));
  return word ? [word] : [];
}

/**
 * The words of the routes to the definition, less the project's prefix: of a route's name, which
 * the developer chose, else of its path, whose first parts are often a prefix of a whole app.
 */
function routeWords(symbol: TopLevelSymbol, routes: readonly RoutedView[], prefix: ReadonlySet<string>): string[] {
  return routes
    .filter((route) => route.view === symbol.name)
    .flatMap((route) => nameTokens(route.name ?? withoutParameters(route.path)))
    .filter((word) => canNameRoute(word) && !/^v\d+$/.test(word) && !prefix.has(word));
}

/**
 * Words in the name or the path of every route to the module (`hc` of `hc-login`, `hc-logout`;
 * `accounts` of `accounts/login/`, `accounts/logout/`): the project's or the module's, not a feature's.
 */
function commonRouteWords(routes: readonly RoutedView[]): Set<string> {
  const everywhere = (texts: readonly string[]) => {
    if (texts.length < 2) return [];
    const [first, ...rest] = texts.map((text) => new Set(nameTokens(text)));
    return [...first].filter((word) => rest.every((words) => words.has(word)));
  };
  return new Set([
    ...everywhere(routes.flatMap((route) => route.name ?? [])),
    ...everywhere(routes.map((route) => withoutParameters(route.path))),
  ]);
}

/** A route's pattern without its parameters: `checks/<uuid:code>/` → `checks//`. */
function withoutParameters(pattern: string): string {
  return pattern.replace(/<[^>]*>|\(\?P<\w+>[^)]*\)/g, ' ');
}

/**
 * The words most definitions of the group share: of their names, of the module's classes they
 * extend and of the libraries their classes extend (`Extension` from `markdown.extensions`). Ties: the most code lines, then the
 * group's key, then the first seen.
 */
function shared(input: NamingInput, symbols: readonly TopLevelSymbol[], key: string): string[] {
  const count = new Map<string, { members: number; lines: number }>();
  const classBases = new Map(input.outline.symbols.flatMap((symbol) => (symbol.kind === 'class' ? [[symbol.name, symbol.bases] as const] : [])));
  for (const symbol of symbols) {
    for (const word of new Set([...nameWords(symbol), ...libraryWords(input, symbol), ...localBaseWords(classBases, symbol)])) {
      const entry = count.get(word) ?? { members: 0, lines: 0 };
      count.set(word, { members: entry.members + 1, lines: entry.lines + symbol.codeLines });
    }
  }
  return [...count.entries()]
    .sort((a, b) => b[1].members - a[1].members || b[1].lines - a[1].lines || Number(b[0] === key) - Number(a[0] === key))
    .map(([word]) => word);
}

/** The words of a definition's name that may name a feature; a function's opening verb is not one. */
function nameWords(symbol: TopLevelSymbol): string[] {
  return nameTokens(symbol.name).filter((word, k) => canNameFeature(word) && !(k === 0 && symbol.kind === 'function' && isVerb(word)));
}

/**
 * What a class's kind adds to the module's: the words of a class of the module it extends, less
 * those of the class that one extends in turn (`Sms(HttpTransport)`, `HttpTransport(Transport)` →
 * http). A class extending the module's root class (`Email(Transport)`) gets none: every class is one.
 */
function localBaseWords(classBases: ReadonlyMap<string, readonly string[]>, symbol: TopLevelSymbol): string[] {
  return symbol.bases.flatMap((name) => {
    const rootWords = new Set((classBases.get(name) ?? []).filter((root) => classBases.has(root)).flatMap((root) => nameTokens(root)));
    return rootWords.size === 0 ? [] : nameTokens(name).filter((word) => canNameFeature(word) && !rootWords.has(word));
  });
}

/** The top-level packages of the libraries the class extends (`Extension` of `markdown.extensions` → markdown). */
function libraryWords(input: NamingInput, symbol: TopLevelSymbol): string[] {
  const bases = new Set(symbol.bases.map((base) => base.split('.')[0]));
  return input.outline.imports
    .filter((binding) => bases.has(binding.localName))
    .map((binding) => binding.module.split('.')[0])
    .filter((word) => word !== '' && canNameFeature(word) && !/^(django|rest_framework|typing)$/.test(word));
}
