/**
 * Rule `logic-heavy-view`: a Django view that does the work itself (queries, loops, branches,
 * mail) instead of reading the request, calling a controller and returning the response.
 *
 * Which functions are views needs the whole workspace: a class is a view when it inherits, by
 * name and through any number of the workspace's own classes, from a Django or DRF view class;
 * a function is a view when it wears a view decorator, is routed from a urls.py, or takes
 * `request` first in a views/api module (elsewhere such functions are helpers, like
 * `django.contrib.auth.login(request, user)`). Only handler methods (`get`, `post`, `create`,
 * `perform_*`, `@action`s…) of view classes are measured.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import { VIEW_DECORATOR, type FunctionFacts, type LogicMetrics } from '../core/python/functionFacts';
import type { AnalyzedModule } from './fileDetector';

/** Django's and DRF's view classes, by the names code imports them under. */
const FRAMEWORK_VIEWS = [
  'View', 'TemplateView', 'RedirectView', 'ListView', 'DetailView', 'CreateView', 'UpdateView', 'DeleteView',
  'FormView', 'ArchiveIndexView', 'YearArchiveView', 'MonthArchiveView', 'DayArchiveView', 'DateDetailView',
  'APIView', 'GenericAPIView', 'ListAPIView', 'CreateAPIView', 'RetrieveAPIView', 'UpdateAPIView',
  'DestroyAPIView', 'ListCreateAPIView', 'RetrieveUpdateAPIView', 'RetrieveDestroyAPIView',
  'RetrieveUpdateDestroyAPIView', 'ViewSet', 'GenericViewSet', 'ModelViewSet', 'ReadOnlyModelViewSet',
  'ViewSetMixin',
];

/** Modules where a function taking `request` is a view: views.py, api.py, views/…, api_views.py. */
const VIEW_MODULE = /(\/(views?|apis?)\/[^/]*|\/[^/]*(views?|api)[^/]*\.py)$/;

/** Names of every class in the workspace that is a view, framework classes included. */
export function viewClassNames(modules: readonly AnalyzedModule[]): Set<string> {
  const views = new Set(FRAMEWORK_VIEWS);
  const classes = modules.flatMap((module) =>
    module.outline.symbols.filter((s) => s.kind === 'class').map((s) => ({ name: s.name, bases: s.bases.map(simpleName) })),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const cls of classes) {
      if (!views.has(cls.name) && cls.bases.some((base) => views.has(base))) {
        views.add(cls.name);
        grew = true;
      }
    }
  }
  return views;
}

/** `generic.ListView` → ListView; `Base[Order]` → Base. */
function simpleName(expression: string): string {
  return expression.replace(/\[.*$/s, '').split('.').pop()!.trim();
}

/** Every view in the workspace over one of the limits. */
export function detectLogicHeavyViews(modules: readonly AnalyzedModule[], settings: Settings): Finding[] {
  const rule = settings.logicHeavyView;
  if (!rule.enabled) return [];
  const views = viewClassNames(modules);
  const routed = new Set(modules.flatMap((module) => module.outline.routedNames));
  const findings: Finding[] = [];
  for (const module of modules) {
    const viewModule = VIEW_MODULE.test(module.path.split('\\').join('/'));
    for (const fn of module.outline.functions) {
      const isView =
        fn.className !== undefined
          ? views.has(fn.className)
          : viewModule || routed.has(fn.name) || fn.decorators.some((decorator) => VIEW_DECORATOR.test(decorator));
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
  }
  return findings;
}

type Limits = Settings['logicHeavyView'];

/** The measures over their limit, by name. */
function overLimits(metrics: LogicMetrics, limits: Limits): string[] {
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
