/**
 * Each module's URL configuration as written: its `urlpatterns` (built with lists, `+`, `+=`,
 * `.append`/`.extend`, other pattern lists of the module or imported ones, `router.urls`), its
 * `app_name`, and its DRF routers with their registrations. `path`/`re_path`/`url` entries name a
 * view (a function, `X.as_view(…)`, a dotted string) or an `include()` (a module, a list, a
 * router, with its namespace). What cannot be read statically is an `unknown` entry.
 */
import { argumentOf, calleeName, keywordOf, nameOf, sourceOf, stringOf, type Expr } from '../expr';
import type { ModuleStatement } from '../moduleFacts';
import type { NameRef, ProjectNames } from '../names';
import { knownString, type Known, type ModuleValues } from '../values';

/** A router variable: the module defining it and its name. */
export interface RouterRef {
  readonly path: string;
  readonly name: string;
}

export type ViewTarget =
  /** A function view, or a class view's `as_view(…)` (with the names of the initkwargs given). */
  | { readonly kind: 'view'; readonly ref: NameRef; readonly asView: boolean; readonly initkwargs?: readonly string[] }
  /** A viewset a router routes, with its HTTP method → action mapping. */
  | { readonly kind: 'viewset'; readonly ref: NameRef; readonly actions: Known<Readonly<Record<string, string>>> }
  | { readonly kind: 'unknown'; readonly source: string };

export type IncludeTarget =
  /** A URL module by dotted name; `path` when it is in the workspace. */
  | { readonly kind: 'module'; readonly module: string; readonly path?: string }
  | { readonly kind: 'patterns'; readonly entries: readonly UrlEntry[] }
  | { readonly kind: 'router'; readonly router: RouterRef }
  /** Something outside the workspace that is no module name (`admin.site.urls`). */
  | { readonly kind: 'outside'; readonly name: string }
  | { readonly kind: 'unknown'; readonly source: string };

interface PatternCall {
  /** `path`, `re_path` or `url`. */
  readonly function: string;
  readonly route: Known<string>;
  readonly regex: boolean;
  readonly line: number;
}

export type UrlEntry =
  | (PatternCall & { readonly kind: 'route'; readonly view: ViewTarget; readonly name?: Known<string> })
  | (PatternCall & {
      readonly kind: 'include';
      readonly target: IncludeTarget;
      readonly namespace?: Known<string>;
      /** The app name of `include((patterns, "app_name"))`. */
      readonly appName?: Known<string>;
    })
  /** `urlpatterns += router.urls`: the router's routes, without a prefix. */
  | { readonly kind: 'router'; readonly router: RouterRef; readonly line?: number }
  | { readonly kind: 'unknown'; readonly source: string; readonly line?: number };

export interface RouterRegistration {
  readonly prefix: Known<string>;
  readonly viewset: NameRef;
  readonly basename?: Known<string>;
  readonly line: number;
}

export interface UrlRouter {
  readonly name: string;
  /** `DefaultRouter`, `SimpleRouter`, or another router class's name. */
  readonly kind: string;
  /** `/`, or empty for `trailing_slash=False`. */
  readonly trailingSlash: Known<string>;
  readonly registrations: readonly RouterRegistration[];
}

export interface UrlConf {
  readonly path: string;
  readonly module: string;
  readonly appName?: Known<string>;
  /** Undefined when the module has no `urlpatterns` (it may still define routers). */
  readonly patterns?: readonly UrlEntry[];
  readonly routers: readonly UrlRouter[];
}

const PATTERN_FUNCTIONS = new Set(['path', 're_path', 'url']);

/** Reads the URL configuration of modules, each once; a module that includes another reads it too. */
export class UrlConfs {
  private readonly confs = new Map<string, UrlConf | undefined>();

  constructor(
    private readonly names: ProjectNames,
    private readonly values: ModuleValues,
  ) {}

  /** The URL configuration of the module at `path`; undefined when it has neither patterns nor routers. */
  of(path: string): UrlConf | undefined {
    if (this.confs.has(path)) return this.confs.get(path);
    this.confs.set(path, undefined);
    const facts = this.names.modules.get(path);
    if (!facts) return undefined;
    const routers = routersOf(facts.path, facts.statements, this.names, this.values);
    const lists = this.patternLists(path, facts.statements, routers);
    const appName = facts.statements.some((s) => s.kind === 'assign' && s.targets.includes('app_name'))
      ? knownString(this.values.environment(path).get('app_name'))
      : undefined;
    const patterns = lists.get('urlpatterns');
    const conf = patterns || routers.length > 0 ? { path, module: this.names.moduleName(path), appName, patterns, routers } : undefined;
    this.confs.set(path, conf);
    return conf;
  }

  /** Every module-level list of patterns, by name, after the module ran. */
  private patternLists(path: string, statements: readonly ModuleStatement[], routers: readonly UrlRouter[]): Map<string, UrlEntry[]> {
    const lists = new Map<string, UrlEntry[]>();
    const read = (expr: Expr) => this.entries(path, expr, lists, routers);
    for (const statement of statements) {
      if (statement.kind === 'assign') {
        const entries = isPatternList(statement.value, lists) ? read(statement.value) : undefined;
        for (const target of statement.targets) {
          if (entries) lists.set(target, entries);
          else lists.delete(target);
        }
      } else if (statement.kind === 'augment' && statement.operator === '+' && lists.has(statement.target)) {
        lists.set(statement.target, [...lists.get(statement.target)!, ...read(statement.value)]);
      } else if (statement.kind === 'call') {
        const match = /^(\w+)\.(append|extend)$/.exec(nameOf(statement.call.callee) ?? '');
        const list = match && lists.get(match[1]);
        if (!list || !statement.call.args[0]) continue;
        const added = match[2] === 'append' ? [this.entry(path, statement.call.args[0], lists, routers)] : read(statement.call.args[0]);
        lists.set(match[1], [...list, ...added]);
      }
    }
    return lists;
  }

  private entries(path: string, expr: Expr, lists: ReadonlyMap<string, UrlEntry[]>, routers: readonly UrlRouter[]): UrlEntry[] {
    switch (expr.kind) {
      case 'list':
        return expr.items.flatMap((item) => (item.kind === 'spread' ? this.entries(path, item.value, lists, routers) : [this.entry(path, item, lists, routers)]));
      case 'binary':
        return expr.operator === '+'
          ? [...this.entries(path, expr.left, lists, routers), ...this.entries(path, expr.right, lists, routers)]
          : [unknownEntry(expr)];
      case 'name': {
        const local = lists.get(expr.name);
        if (local) return local;
        const routerName = /^(.*)\.urls$/.exec(expr.name)?.[1];
        const router = routerName ? this.routerOf(path, routerName, routers) : undefined;
        if (router) return [{ kind: 'router', router }];
        const imported = this.importedList(path, expr.name);
        return imported ?? [unknownEntry(expr)];
      }
      case 'call': {
        const name = calleeName(expr);
        if (name === 'format_suffix_patterns' && expr.args[0]) return this.entries(path, expr.args[0], lists, routers);
        if (name === 'i18n_patterns') return this.entries(path, { kind: 'list', items: expr.args }, lists, routers);
        return [unknownEntry(expr)];
      }
      default:
        return [unknownEntry(expr)];
    }
  }

  private entry(path: string, expr: Expr, lists: ReadonlyMap<string, UrlEntry[]>, routers: readonly UrlRouter[]): UrlEntry {
    if (expr.kind !== 'call' || !PATTERN_FUNCTIONS.has(calleeName(expr) ?? '')) return unknownEntry(expr);
    const fn = calleeName(expr)!;
    const routeExpr = argumentOf(expr, 0, 'route') ?? argumentOf(expr, 0, 'regex');
    const pattern: PatternCall = {
      function: fn,
      route: routeExpr ? knownString(this.values.evaluate(path, routeExpr)) : knownString(undefined, 'no route'),
      regex: fn !== 'path',
      line: expr.line,
    };
    const view = argumentOf(expr, 1, 'view');
    const include = view?.kind === 'call' && calleeName(view) === 'include' ? view : undefined;
    if (include) {
      const namespace = keywordOf(include, 'namespace') ?? include.args[1];
      const included = include.args[0];
      const appName = included?.kind === 'list' && included.items.length === 2 ? stringOf(included.items[1]) : undefined;
      return {
        ...pattern,
        kind: 'include',
        target: this.includeTarget(path, included, lists, routers),
        namespace: namespace ? knownString(this.values.evaluate(path, namespace)) : undefined,
        appName,
      };
    }
    const name = argumentOf(expr, 3, 'name');
    const urls = view?.kind === 'name' && /\.urls$/.test(view.name) ? this.includeTarget(path, view, lists, routers) : undefined;
    if (urls) return { ...pattern, kind: 'include', target: urls };
    return {
      ...pattern,
      kind: 'route',
      view: view ? this.viewTarget(path, view) : { kind: 'unknown', source: 'no view' },
      name: name ? knownString(this.values.evaluate(path, name)) : undefined,
    };
  }

  private viewTarget(path: string, view: Expr): ViewTarget {
    if (view.kind === 'name') return { kind: 'view', ref: this.names.resolve(path, view.name), asView: false };
    const dotted = stringOf(view);
    if (dotted !== undefined && /^\w+(\.\w+)+$/.test(dotted)) return { kind: 'view', ref: this.names.resolveQualified(dotted), asView: false };
    const owner = view.kind === 'call' && view.callee.kind === 'name' ? /^(.*)\.as_view$/.exec(view.callee.name)?.[1] : undefined;
    if (owner && view.kind === 'call') {
      const initkwargs = view.keywords.flatMap((keyword) => (keyword.name ? [keyword.name] : []));
      return { kind: 'view', ref: this.names.resolve(path, owner), asView: true, initkwargs };
    }
    return { kind: 'unknown', source: sourceOf(view) };
  }

  private includeTarget(path: string, arg: Expr | undefined, lists: ReadonlyMap<string, UrlEntry[]>, routers: readonly UrlRouter[]): IncludeTarget {
    if (!arg) return { kind: 'unknown', source: 'include()' };
    const module = stringOf(arg);
    if (module !== undefined) return { kind: 'module', module, path: this.names.moduleFile(module) };
    if (arg.kind === 'list' && arg.items.length === 2 && stringOf(arg.items[1]) !== undefined) {
      // `include((patterns, app_name))`: the entry keeps the app name.
      return this.includeTarget(path, arg.items[0], lists, routers);
    }
    if (arg.kind === 'list') return { kind: 'patterns', entries: this.entries(path, arg, lists, routers) };
    if (arg.kind !== 'name') return { kind: 'unknown', source: sourceOf(arg) };
    const local = lists.get(arg.name);
    if (local) return { kind: 'patterns', entries: local };
    const routerName = /^(.*)\.urls$/.exec(arg.name)?.[1];
    const router = routerName ? this.routerOf(path, routerName, routers) : undefined;
    if (router) return { kind: 'router', router };
    const ref = this.names.resolve(path, routerName ?? arg.name);
    if (ref.kind === 'module') return { kind: 'module', module: ref.qualifiedName, path: ref.path };
    const imported = this.importedList(path, arg.name);
    if (imported) return { kind: 'patterns', entries: imported };
    return ref.kind === 'external' ? { kind: 'outside', name: routerName ? `${ref.qualifiedName}.urls` : ref.qualifiedName } : { kind: 'unknown', source: arg.name };
  }

  /** A router of the module, or imported from another (`from .api import router`). */
  private routerOf(path: string, name: string, routers: readonly UrlRouter[]): RouterRef | undefined {
    if (routers.some((router) => router.name === name)) return { path, name };
    const ref = this.names.resolve(path, name);
    if (ref.kind !== 'workspace' || ref.path === path) return undefined;
    return this.of(ref.path)?.routers.some((router) => router.name === ref.name) ? { path: ref.path, name: ref.name } : undefined;
  }

  /** A pattern list imported from another module (`from .api_urls import urlpatterns as api_patterns`). */
  private importedList(path: string, name: string): UrlEntry[] | undefined {
    const ref = this.names.resolve(path, name);
    if (ref.kind === 'module') return this.of(ref.path)?.patterns?.slice();
    if (ref.kind !== 'workspace' || ref.path === path) return undefined;
    const other = this.names.modules.get(ref.path);
    return other ? this.patternLists(ref.path, other.statements, this.of(ref.path)?.routers ?? []).get(ref.name) : undefined;
  }

  /** The router a reference names, by its `RouterRef`. */
  router(ref: RouterRef): UrlRouter | undefined {
    return this.of(ref.path)?.routers.find((router) => router.name === ref.name);
  }
}

/** Whether an assigned value is a list of patterns (and not `app_name = "shop"`). */
function isPatternList(expr: Expr, lists: ReadonlyMap<string, UrlEntry[]>): boolean {
  switch (expr.kind) {
    case 'list':
      return expr.items.length === 0 || expr.items.some((item) => item.kind === 'call' || item.kind === 'spread' || (item.kind === 'name' && lists.has(item.name)));
    case 'binary':
      return isPatternList(expr.left, lists) || isPatternList(expr.right, lists);
    case 'name':
      return lists.has(expr.name) || /\.urls$/.test(expr.name);
    case 'call':
      return ['format_suffix_patterns', 'i18n_patterns'].includes(calleeName(expr) ?? '');
    default:
      return false;
  }
}

function routersOf(path: string, statements: readonly ModuleStatement[], names: ProjectNames, values: ModuleValues): UrlRouter[] {
  const routers = new Map<string, { kind: string; trailingSlash: Known<string>; registrations: RouterRegistration[] }>();
  for (const statement of statements) {
    if (statement.kind === 'assign' && statement.value.kind === 'call') {
      const callee = nameOf(statement.value.callee);
      const ref = callee ? names.resolve(path, callee) : undefined;
      const kind = ref?.kind === 'workspace' ? ref.name : ref?.kind === 'unbound' ? ref.name : ref?.qualifiedName.split('.').pop();
      if (!kind || !/Router$/.test(kind)) continue;
      const slash = argumentOf(statement.value, 0, 'trailing_slash');
      const slashValue = slash ? values.evaluate(path, slash) : true;
      const trailingSlash = typeof slashValue === 'boolean' ? (slashValue ? '/' : '') : knownString(slashValue);
      for (const target of statement.targets) routers.set(target, { kind, trailingSlash, registrations: [] });
    } else if (statement.kind === 'call') {
      const match = /^(\w+)\.register$/.exec(nameOf(statement.call.callee) ?? '');
      const router = match && routers.get(match[1]);
      const call = statement.call;
      const viewset = nameOf(call.args[1] ?? keywordOf(call, 'viewset'));
      if (!router || !viewset) continue;
      const prefix = argumentOf(call, 0, 'prefix');
      const basename = argumentOf(call, 2, 'basename') ?? keywordOf(call, 'base_name');
      router.registrations.push({
        prefix: prefix ? knownString(values.evaluate(path, prefix)) : knownString(undefined, 'no prefix'),
        viewset: names.resolve(path, viewset),
        basename: basename ? knownString(values.evaluate(path, basename)) : undefined,
        line: call.line,
      });
    }
  }
  return [...routers].map(([name, router]) => ({ name, ...router }));
}

function unknownEntry(expr: Expr): UrlEntry {
  return { kind: 'unknown', source: sourceOf(expr), line: expr.kind === 'call' ? expr.line : undefined };
}
