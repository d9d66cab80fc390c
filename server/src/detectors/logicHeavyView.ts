/**
 * Rule `logic-heavy-view`: a Django view that does the work itself (queries, loops, branches,
 * mail) instead of reading the request, calling a controller and returning the response.
 *
 * Which functions are views needs the whole workspace, so names are resolved through each
 * module's imports (workspaceNames.ts). A class is a view when it inherits, through any number of
 * the workspace's own classes, from a Django or DRF view class. A function is a view when a
 * urls.py routes to it, when it wears a view decorator, or when it takes `request` first in a
 * views/api module (elsewhere such functions are helpers, like
 * `django.contrib.auth.login(request, user)`). Only handler methods (`get`, `post`, `create`,
 * `perform_*`, `@action`s…) of view classes are measured.
 */
import type { Settings } from '../core/config/settings';
import { assertNever } from '../core/model/assertNever';
import type { Finding } from '../core/model/finding';
import { FRAMEWORK_MODULE, VIEW_DECORATOR, type FunctionFacts, type LogicMetrics } from '../core/python/functionFacts';
import { lastPart, WorkspaceNames, type Resolution } from '../core/python/workspaceNames';
import type { AnalyzedModule } from './fileDetector';

/** Django's and DRF's view classes, for bases whose import cannot be followed (a star import). */
const FRAMEWORK_VIEWS = new Set([
  'View', 'TemplateView', 'RedirectView', 'ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView',
  'FormView', 'ArchiveIndexView', 'YearArchiveView', 'MonthArchiveView', 'DayArchiveView', 'DateDetailView',
  'APIView', 'GenericAPIView', 'ListAPIView', 'CreateAPIView', 'RetrieveAPIView', 'UpdateAPIView',
  'DestroyAPIView', 'ListCreateAPIView', 'RetrieveUpdateAPIView', 'RetrieveDestroyAPIView',
  'RetrieveUpdateDestroyAPIView', 'ViewSet', 'GenericViewSet', 'ModelViewSet', 'ReadOnlyModelViewSet',
  'ViewSetMixin',
]);

/** Words that make a module a views module, in its name (`api_views.py`) or its folder's (`views/orders.py`). */
const VIEW_WORDS = new Set(['view', 'views', 'viewset', 'viewsets', 'api', 'apis']);

/**
 * Modules where a function taking `request` is a view: whole words of the file name, split at
 * `_`, so `reviews.py` and `capital.py` are not; test modules are not either (pytest fixtures
 * take `request` first).
 */
function isViewModule(file: string): boolean {
  const parts = file.split(/[\\/]/);
  const words = parts[parts.length - 1].replace(/\.py$/, '').split('_');
  if (words.includes('test') || words.includes('tests')) return false;
  return words.some((word) => VIEW_WORDS.has(word)) || VIEW_WORDS.has(parts[parts.length - 2] ?? '');
}

/** A top-level class or function of a module, as one key. */
const symbolKey = (path: string, name: string) => `${path}\n${name}`;

/** A class of Django or DRF that is a view: all are named so (`LoginView`, `PasswordResetView`…). */
function isFrameworkView(qualifiedName: string): boolean {
  const name = lastPart(qualifiedName);
  return FRAMEWORK_MODULE.test(qualifiedName) && (FRAMEWORK_VIEWS.has(name) || /View(Set)?$/.test(name));
}

/** The view classes of the workspace, as `symbolKey`s. */
function viewClasses(modules: readonly AnalyzedModule[], names: WorkspaceNames): Set<string> {
  const classes = modules.flatMap((module) =>
    module.outline.symbols
      .filter((s) => s.kind === 'class')
      .map((s) => ({
        key: symbolKey(module.path, s.name),
        name: s.name,
        // Django's own source, when it is the workspace or vendored in it.
        isFramework: isFrameworkView(`${names.moduleName(module.path)}.${s.name}`),
        bases: s.bases.map((base) => names.resolve(module, base)),
      })),
  );
  const views = new Set<string>();
  const viewNames = new Set<string>();
  const isViewBase = (base: Resolution): boolean => {
    switch (base.kind) {
      case 'workspace':
        return views.has(symbolKey(base.path, base.name));
      case 'external':
        // Another package may still be the workspace's own, imported from a folder it cannot name.
        return FRAMEWORK_MODULE.test(base.qualifiedName) ? isFrameworkView(base.qualifiedName) : viewNames.has(lastPart(base.qualifiedName));
      case 'unbound':
        return FRAMEWORK_VIEWS.has(base.name) || viewNames.has(base.name);
      default:
        return assertNever(base);
    }
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const cls of classes) {
      if (!views.has(cls.key) && (cls.isFramework || cls.bases.some(isViewBase))) {
        views.add(cls.key);
        viewNames.add(cls.name);
        grew = true;
      }
    }
  }
  return views;
}

/** The functions urls.py modules route to: as keys where resolved, by name where not. */
function routedFunctions(modules: readonly AnalyzedModule[], names: WorkspaceNames): { keys: Set<string>; names: Set<string> } {
  const routed = { keys: new Set<string>(), names: new Set<string>() };
  for (const module of modules) {
    for (const route of module.outline.routes) {
      const resolved = route.qualified ? names.resolveQualified(route.target) : names.resolve(module, route.target);
      if (resolved.kind === 'workspace') routed.keys.add(symbolKey(resolved.path, resolved.name));
      else if (resolved.kind === 'unbound' || !FRAMEWORK_MODULE.test(resolved.qualifiedName)) routed.names.add(lastPart(route.target));
    }
  }
  return routed;
}

/**
 * What deciding which functions are views needs from the whole workspace. It depends only on
 * each module's `viewShapeOf`, so an edit that keeps those leaves it valid.
 */
export interface ViewContext {
  readonly views: ReadonlySet<string>;
  readonly routed: { readonly keys: ReadonlySet<string>; readonly names: ReadonlySet<string> };
  /**
   * Every name a class base, a route or an import spells: a function or variable defined or
   * removed under another name cannot change which functions are views (the edit that pastes a
   * helper needs no new context).
   */
  readonly spelled: ReadonlySet<string>;
}

export function viewContextOf(modules: readonly AnalyzedModule[]): ViewContext {
  const names = new WorkspaceNames(modules);
  const spelled = new Set<string>();
  const spell = (dotted: string | undefined) => dotted?.split('.').forEach((part) => spelled.add(part));
  for (const { outline } of modules) {
    outline.symbols.forEach((s) => s.bases.forEach(spell));
    outline.routes.forEach((r) => spell(r.target));
    outline.imports.forEach((i) => [i.localName, i.importedName].forEach(spell));
  }
  return { views: viewClasses(modules, names), routed: routedFunctions(modules, names), spelled };
}

/** What of a module the view context reads, as comparable values: its classes, imports and routes, and the other names it defines. */
export function viewShapeOf(module: AnalyzedModule): { readonly structure: string; readonly definedNames: ReadonlySet<string> } {
  const { symbols, imports, routes } = module.outline;
  return {
    structure: JSON.stringify([
      symbols.filter((s) => s.kind === 'class').map((s) => [s.names, s.bases]),
      imports.map((i) => [i.localName, i.module, i.importedName]),
      routes.map((r) => [r.target, r.qualified]),
    ]),
    definedNames: new Set(symbols.filter((s) => s.kind !== 'class').flatMap((s) => s.names)),
  };
}

/** Whether a module going from shape `before` to `after` may change the view context. */
export function changesViewContext(context: ViewContext | undefined, before: ReturnType<typeof viewShapeOf> | undefined, after: ReturnType<typeof viewShapeOf> | undefined): boolean {
  if (before === undefined || after === undefined) return before !== after;
  if (!context || before.structure !== after.structure) return true;
  const spelledChange = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].some((name) => !b.has(name) && context.spelled.has(name));
  return spelledChange(before.definedNames, after.definedNames) || spelledChange(after.definedNames, before.definedNames);
}

/** Whether two contexts make the same functions views (then only edited modules need measuring again). */
export function sameViews(a: ViewContext, b: ViewContext): boolean {
  const same = (x: ReadonlySet<string>, y: ReadonlySet<string>) => x.size === y.size && [...x].every((v) => y.has(v));
  return same(a.views, b.views) && same(a.routed.keys, b.routed.keys) && same(a.routed.names, b.routed.names);
}

/** The views of one module over one of the limits. */
export function logicHeavyViewsIn(module: AnalyzedModule, context: ViewContext, settings: Settings): Finding[] {
  const rule = settings.logicHeavyView;
  if (!rule.enabled) return [];
  const viewModule = isViewModule(module.path);
  const findings: Finding[] = [];
  for (const fn of module.outline.functions) {
    const takesRequest = fn.parameters[0] === 'request';
    const isView =
      fn.className !== undefined
        ? context.views.has(symbolKey(module.path, fn.className))
        : context.routed.keys.has(symbolKey(module.path, fn.name)) ||
          fn.decorators.some((decorator) => VIEW_DECORATOR.test(decorator)) ||
          (takesRequest && (viewModule || context.routed.names.has(fn.name)));
    if (!isView) continue;
    const over = overLimits(fn.metrics, rule);
    if (over.length === 0) continue;
    findings.push({
      rule: 'logic-heavy-view',
      severity: rule.severity,
      path: module.path,
      range: fn.nameRange,
      message: describe(fn, over),
      related: [],
    });
  }
  return findings;
}

type Limits = Settings['logicHeavyView'];

/** The measures over their limit, by name (also what a move of the view's logic must bring under). */
export function overLimits(metrics: LogicMetrics, limits: Limits): string[] {
  const over: string[] = [];
  if (metrics.ormCalls > limits.maxOrmCalls) over.push('ORM calls');
  if (metrics.loops > limits.maxLoops) over.push('loops');
  if (metrics.branches > limits.maxBranches) over.push('branches');
  if (metrics.statements > limits.maxStatements) over.push('statements');
  if (metrics.nesting > limits.maxNesting) over.push('nesting');
  if (metrics.sideEffects.length > limits.maxSideEffects) over.push('side effects');
  return over;
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

/** "view `checkout` holds business logic: 7 ORM calls, 3 loops, 11 branches in 64 statements…" */
function describe(fn: FunctionFacts, over: readonly string[]): string {
  const m = fn.metrics;
  const name = fn.className ? `${fn.className}.${fn.name}` : fn.name;
  const parts = [plural(m.ormCalls, 'ORM call'), plural(m.loops, 'loop'), plural(m.branches, 'branch', 'branches')];
  if (m.sideEffects.length > 0) parts.push(`${plural(m.sideEffects.length, 'side effect')} (${[...new Set(m.sideEffects)].join(', ')})`);
  const nesting = m.nesting > 2 ? `, nested ${m.nesting} deep` : '';
  return (
    `view \`${name}\` holds business logic: ${parts.join(', ')} in ${plural(m.statements, 'statement')}${nesting} ` +
    `(over the limit: ${over.join(', ')}); move it to a controller so the view only reads the request and returns the response`
  );
}
