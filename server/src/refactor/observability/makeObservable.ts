/**
 * "Make the project observable": fills the gaps the observability rule reports, for the parts
 * chosen. Logging: a `LOGGING` dict. Metrics: django-prometheus' app and middlewares, the
 * database and cache backends wrapped, `/metrics` in the root URLs, a port per worker under
 * gunicorn/uwsgi. Profiling: development settings with django-silk beside the settings (never
 * the production ones). Dashboards: `deploy/observability/` (Prometheus, alerts, Grafana).
 * Only what is missing is written, so once applied the rule finds nothing and a second run has
 * nothing to do. `observabilityParts` plans each part alone, for the editor's quick pick.
 *
 * ex) settings.py without LOGGING or django_prometheus; after: both appended at its end,
 * `urlpatterns += [path("", include("django_prometheus.urls"))]` in urls.py, and
 * deploy/observability/{prometheus.yml,alerts.yml,docker-compose.yml,grafana/…} created.
 */
import * as nodePath from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { assembleProject, type DjangoProjectModel } from '../../core/django/project';
import type { DjangoModuleFacts } from '../../core/django/moduleFacts';
import { isUnknown } from '../../core/django/values';
import { deploymentFacts, projectRoot } from '../../core/observability/deployment';
import { AFTER_MIDDLEWARE, BEFORE_MIDDLEWARE, observabilityHealth, type ObservabilityGap } from '../../core/observability/health';
import { parseModuleFacts, wantsModuleFacts } from '../../detectors/projectDetector';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { deployFiles } from './deployFiles';
import { modelMetricsEdits } from './modelMetrics';
import { appendStatements, ensureImport, replaceStringLiterals } from './pythonEdits';
import { OBSERVABILITY_CHOICES, type ObservabilityChoice } from '../../core/observability/parts';
import { loggingBlock, metricsBlock, METRICS_ROUTE, multiprocessBlock, profilingSettings, profilingUrls } from './settingsBlocks';

export { OBSERVABILITY_CHOICES, type ObservabilityChoice };

export interface ObservabilityRequest {
  /** The settings module the finding is on. */
  readonly settingsFile: string;
  readonly choices: readonly ObservabilityChoice[];
}

export const MAKE_OBSERVABLE_TITLE = 'Make the project observable';

/** The title of the action doing only `choices` (all of them: the plain title). */
export function observableTitle(choices: readonly ObservabilityChoice[]): string {
  return choices.length === OBSERVABILITY_CHOICES.length ? MAKE_OBSERVABLE_TITLE : `${MAKE_OBSERVABLE_TITLE}: ${choices.join(', ')}`;
}

/** Accumulates the edits per file and what they do. */
class Plan {
  readonly edits = new Map<string, TextEdit[]>();
  readonly created: string[] = [];
  readonly done: string[] = [];
  readonly notes: string[] = [];

  edit(file: string, ...edits: TextEdit[]): void {
    this.edits.set(file, [...(this.edits.get(file) ?? []), ...edits]);
  }

  create(file: string, text: string): void {
    this.created.push(file);
    this.edit(file, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text });
  }
}

/** What the planner reads of the project, assembled once for every part. */
interface ProjectView {
  readonly parser: PythonParser;
  readonly snapshot: WorkspaceSnapshot;
  readonly modules: ReadonlyMap<string, DjangoModuleFacts>;
  readonly project: DjangoProjectModel;
  readonly root: string;
  readonly deployment: ReturnType<typeof deploymentFacts>;
  readonly gaps: readonly ObservabilityGap[];
}

/** The edit, planned on `snapshot`. */
export function makeObservable(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ObservabilityRequest): { title: string; result: RefactorResult } {
  const title = observableTitle(request.choices);
  const view = projectView(parser, snapshot, request.settingsFile);
  if (typeof view === 'string') return { title, result: refuse(view) };
  const plan = planParts(view, request.choices);
  if (plan.edits.size === 0) return { title, result: refuse(['nothing to do: the project is observable for the parts chosen', ...plan.notes].join('; ')) };
  const summary = [`writes ${plan.done.join(', ')}`, ...plan.notes].join('; ');
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: plan.created, edits: plan.edits }, summary }) };
}

/** One part as the quick pick shows it: whether it has anything to write, and what (or what to do by hand). */
export interface ObservabilityPartState {
  readonly part: ObservabilityChoice;
  readonly pending: boolean;
  readonly detail: string;
}

/** Every part planned on its own, the project assembled once; a string: why there is no action at all. */
export function observabilityParts(parser: PythonParser, snapshot: WorkspaceSnapshot, settingsFile: string): ObservabilityPartState[] | string {
  const view = projectView(parser, snapshot, settingsFile);
  if (typeof view === 'string') return view;
  return OBSERVABILITY_CHOICES.map((part) => {
    const plan = planParts(view, [part]);
    const pending = plan.edits.size > 0;
    return { part, pending, detail: [...(pending ? [`writes ${plan.done.join(', ')}`] : ['nothing to do']), ...plan.notes].join('; ') };
  });
}

/** The project around its settings module, or why `settingsFile` is not that module. */
function projectView(parser: PythonParser, snapshot: WorkspaceSnapshot, settingsFile: string): ProjectView | string {
  const modules = djangoFacts(parser, snapshot);
  const project = assembleProject(modules);
  const settings = project.settings;
  if (!settings || settings.path !== settingsFile) return `${nodePath.basename(settingsFile)} is not the project's settings module`;
  const root = projectRoot(snapshot.pythonFiles(), settings.path);
  const deployment = deploymentFacts(root, (file) => snapshot.read(file));
  return { parser, snapshot, modules, project, root, deployment, gaps: observabilityHealth(project, modules, deployment.servers).gaps };
}

/** The edits of the parts chosen; none for a part with nothing missing. */
function planParts(view: ProjectView, choices: readonly ObservabilityChoice[]): Plan {
  const { parser, snapshot, project, modules, root, deployment } = view;
  const settings = project.settings!;
  const gaps = (kind: ObservabilityGap['kind']) => view.gaps.filter((gap) => gap.kind === kind);
  const plan = new Plan();
  const settingsText = snapshot.read(settings.path) ?? '';
  const blocks: string[] = [];
  const chosen = new Set(choices);

  if (chosen.has('logging') && gaps('logging').length > 0) {
    plan.edit(settings.path, ...ensureImport(parser, settingsText, ['os']));
    blocks.push(loggingBlock(workspaceApps(project, snapshot, root), deployment.jsonLogger));
    plan.done.push(`LOGGING (${deployment.jsonLogger ? 'JSON lines through python-json-logger' : 'plain lines: python-json-logger is no dependency'})`);
  }
  if (chosen.has('metrics')) blocks.push(...metricsParts(parser, plan, project, modules, snapshot, gaps));
  if (blocks.length > 0) plan.edit(settings.path, appendStatements(settingsText, blocks));
  if (chosen.has('profiling') && gaps('profiler').length > 0) profilingPart(plan, project, view.gaps, deployment.silk);
  if (chosen.has('dashboards')) {
    for (const [file, text] of deployFiles(nodePath.basename(root), deployment.servers.length > 0)) {
      const target = nodePath.join(root, file);
      if (!snapshot.exists(target)) plan.create(target, text);
    }
    if (plan.created.some((file) => file.includes(`${nodePath.sep}deploy${nodePath.sep}`))) plan.done.push('deploy/observability/ (Prometheus, alert rules, Grafana, docker-compose.yml)');
  }
  return plan;
}

/** The metrics statements for the settings; the engine, backend and URL edits go to the plan directly. */
function metricsParts(parser: PythonParser, plan: Plan, project: DjangoProjectModel, modules: ReadonlyMap<string, DjangoModuleFacts>, snapshot: WorkspaceSnapshot, gaps: (kind: ObservabilityGap['kind']) => ObservabilityGap[]): string[] {
  const settings = project.settings!;
  const blocks: string[] = [];
  const middleware = settings.middleware;
  const misplaced = !isUnknown(middleware) && middleware.some((name) => name === BEFORE_MIDDLEWARE || name === AFTER_MIDDLEWARE);
  const wantsMiddleware = gaps('metricsMiddleware').length > 0 && !misplaced;
  if (misplaced && gaps('metricsMiddleware').length > 0) plan.notes.push('move the Prometheus middlewares yourself: Before first, After last in MIDDLEWARE');
  if (gaps('metricsApp').length > 0 || wantsMiddleware) {
    blocks.push(metricsBlock(gaps('metricsApp').length > 0, wantsMiddleware, settings.values.MIDDLEWARE !== undefined));
    plan.done.push('django-prometheus in INSTALLED_APPS and MIDDLEWARE');
  }
  if (gaps('metricsApp').length > 0) {
    // With the app, once: the mixin is no gap the rule reports, so a second run leaves the models alone.
    const { edits, labels } = modelMetricsEdits(parser, project.models, snapshot);
    for (const [file, fileEdits] of edits) plan.edit(file, ...fileEdits);
    if (labels.length > 0) plan.done.push(`model inserts/updates/deletes counted for ${labels.join(', ')}`);
  }
  const replacements = new Map<string, string>();
  for (const gap of [...gaps('databaseEngine'), ...gaps('cacheBackend')]) {
    if (gap.kind === 'databaseEngine') replacements.set(gap.engine, gap.wrapped);
    if (gap.kind === 'cacheBackend') replacements.set(gap.backend, gap.wrapped);
  }
  if (replacements.size > 0) {
    // Where DATABASES or CACHES names the backend: the settings module or one it builds on.
    const quoted = [...replacements.keys()].map((name) => JSON.stringify(name));
    for (const [path, facts] of modules) {
      const statements = JSON.stringify(facts.statements);
      if (quoted.some((name) => statements.includes(name))) plan.edit(path, ...replaceStringLiterals(snapshot.read(path) ?? '', replacements));
    }
    plan.done.push(`counting database/cache backends (${[...replacements.values()].join(', ')})`);
  }
  for (const gap of gaps('multiprocess')) {
    if (gap.kind === 'multiprocess') blocks.push(multiprocessBlock(gap.server));
    plan.done.push('one metrics port per worker process');
  }
  if (gaps('metricsRoute').length > 0) {
    const conf = project.urlConfs.find((c) => !isUnknown(settings.rootUrlconf) && c.module === settings.rootUrlconf);
    if (!conf) plan.notes.push('add `path("", include("django_prometheus.urls"))` to the root URLs yourself: ROOT_URLCONF is not known');
    else {
      const text = snapshot.read(conf.path) ?? '';
      plan.edit(conf.path, ...ensureImport(parser, text, ['include', 'path'], 'django.urls'), appendStatements(text, [METRICS_ROUTE]));
      plan.done.push(`/metrics in ${nodePath.basename(conf.path)}`);
    }
  }
  return blocks;
}

/** Development settings and URLs with silk, beside the settings and the root URLs. */
function profilingPart(plan: Plan, project: DjangoProjectModel, gaps: readonly ObservabilityGap[], silkDependency: boolean): void {
  const settings = project.settings!;
  const conf = project.urlConfs.find((c) => !isUnknown(settings.rootUrlconf) && c.module === settings.rootUrlconf);
  if (!conf) {
    plan.notes.push('no profiling settings: ROOT_URLCONF is not known');
    return;
  }
  const beforeFirst = !gaps.some((gap) => gap.kind === 'metricsMiddleware') || plan.done.some((done) => done.startsWith('django-prometheus'));
  plan.create(besideModule(settings.path, settings.module), profilingSettings(settings.module, conf.module, beforeFirst));
  plan.create(besideModule(conf.path, conf.module), profilingUrls(conf.module));
  plan.done.push(`profiling settings ${settings.module}_profiling (django-silk, development only)`);
  if (!silkDependency) plan.notes.push('django-silk is no dependency: install it (pip install django-silk; Debian has no package) before using the profiling settings');
}

/** `x/settings_profiling.py` beside `x/settings.py` (or beside the package `x/settings/`). */
function besideModule(path: string, module: string): string {
  const dir = nodePath.basename(path) === '__init__.py' ? nodePath.dirname(nodePath.dirname(path)) : nodePath.dirname(path);
  return nodePath.join(dir, `${module.slice(module.lastIndexOf('.') + 1)}_profiling.py`);
}

/** The installed apps whose code is in the workspace, below the project root: their loggers are routed. */
function workspaceApps(project: DjangoProjectModel, snapshot: WorkspaceSnapshot, root: string): string[] {
  return project.apps
    .filter((app) => app.installed)
    .map((app) => app.name)
    .filter((name) => {
      const base = nodePath.join(root, ...name.split('.'));
      return snapshot.exists(`${base}.py`) || snapshot.exists(nodePath.join(base, '__init__.py'));
    });
}

/** Every module's Django facts, from the editor's text or the disk. */
function djangoFacts(parser: PythonParser, snapshot: WorkspaceSnapshot): Map<string, DjangoModuleFacts> {
  const modules = new Map<string, DjangoModuleFacts>();
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (text === undefined || !wantsModuleFacts(file, text)) continue;
    const tree = parser.parse(text);
    try {
      modules.set(file, parseModuleFacts(file, tree, text).django);
    } finally {
      tree.delete();
    }
  }
  return modules;
}
