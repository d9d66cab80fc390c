/**
 * How observable a Django project is, read from its settings and URL configuration: logging
 * configured, Prometheus metrics wired (django-prometheus' app, its two middlewares at both ends
 * of the stack, the database and cache backends wrapped, the `/metrics` route, one port per
 * worker under a pre-forking server) and a profiler for development (silk or the debug toolbar).
 * The rule reports the gaps; the action fills them, so both read them here.
 */
import type { DjangoModuleFacts, ModuleStatement } from '../django/moduleFacts';
import type { DjangoProjectModel } from '../django/project';
import { dictOf, isUnknown, type Known } from '../django/values';

export type ObservabilityArea = 'logging' | 'metrics' | 'profiling';

/** What is missing, each filled by one part of the action. */
export type ObservabilityGap =
  | { readonly kind: 'logging' }
  | { readonly kind: 'metricsApp' }
  | { readonly kind: 'metricsMiddleware' }
  | { readonly kind: 'metricsRoute' }
  | { readonly kind: 'databaseEngine'; readonly alias: string; readonly engine: string; readonly wrapped: string }
  | { readonly kind: 'cacheBackend'; readonly alias: string; readonly backend: string; readonly wrapped: string }
  | { readonly kind: 'multiprocess'; readonly server: string }
  | { readonly kind: 'profiler' };

export interface ObservabilityHealth {
  readonly logging: boolean;
  readonly metrics: boolean;
  readonly profiling: boolean;
  readonly gaps: readonly ObservabilityGap[];
}

export const PROMETHEUS_APP = 'django_prometheus';
export const BEFORE_MIDDLEWARE = 'django_prometheus.middleware.PrometheusBeforeMiddleware';
export const AFTER_MIDDLEWARE = 'django_prometheus.middleware.PrometheusAfterMiddleware';
export const METRICS_URLS = 'django_prometheus.urls';
/** Settings that give each worker process its own metrics port (django-prometheus' exports.py). */
const EXPORT_SETTINGS = ['PROMETHEUS_METRICS_EXPORT_PORT_RANGE', 'PROMETHEUS_METRICS_EXPORT_PORT'];
const PROFILERS = ['silk', 'debug_toolbar'];

/** The database backends django-prometheus ships a counting wrapper for. */
const WRAPPED_ENGINES: ReadonlyMap<string, string> = new Map([
  ['django.db.backends.sqlite3', 'django_prometheus.db.backends.sqlite3'],
  ['django.db.backends.postgresql', 'django_prometheus.db.backends.postgresql'],
  ['django.db.backends.mysql', 'django_prometheus.db.backends.mysql'],
  ['django.contrib.gis.db.backends.postgis', 'django_prometheus.db.backends.postgis'],
]);
/** The cache backends it wraps (memcached through pylibmc only). */
const WRAPPED_CACHES: ReadonlyMap<string, string> = new Map([
  ['django.core.cache.backends.locmem.LocMemCache', 'django_prometheus.cache.backends.locmem.LocMemCache'],
  ['django.core.cache.backends.filebased.FileBasedCache', 'django_prometheus.cache.backends.filebased.FileBasedCache'],
  ['django.core.cache.backends.memcached.PyLibMCCache', 'django_prometheus.cache.backends.memcached.MemcachedCache'],
  ['django_redis.cache.RedisCache', 'django_prometheus.cache.backends.redis.RedisCache'],
]);

/** The project's health; `servers` are the pre-forking servers its deployment files start (deployment.ts). */
export function observabilityHealth(project: DjangoProjectModel, modules: ReadonlyMap<string, DjangoModuleFacts>, servers: readonly string[]): ObservabilityHealth {
  const settings = project.settings;
  if (!settings) return { logging: false, metrics: false, profiling: false, gaps: [] };
  const statements = [...modules.values()].flatMap((module) => module.statements);
  const gaps: ObservabilityGap[] = [];
  if (!settings.logging) gaps.push({ kind: 'logging' });
  const apps = settings.installedApps;
  if (isUnknown(apps) ? !mentions(statements, 'INSTALLED_APPS', PROMETHEUS_APP) : !apps.includes(PROMETHEUS_APP)) gaps.push({ kind: 'metricsApp' });
  if (!middlewareInPlace(settings.middleware, statements)) gaps.push({ kind: 'metricsMiddleware' });
  if (!project.urlConfs.some((conf) => namesString(modules.get(conf.path), METRICS_URLS))) gaps.push({ kind: 'metricsRoute' });
  for (const { alias, engine } of isUnknown(settings.databases) ? [] : settings.databases) {
    const wrapped = typeof engine === 'string' && WRAPPED_ENGINES.get(engine);
    if (typeof engine === 'string' && wrapped) gaps.push({ kind: 'databaseEngine', alias, engine, wrapped });
  }
  for (const [alias, options] of Object.entries(dictOf(settings.values.CACHES) ?? {})) {
    const backend = dictOf(options)?.BACKEND;
    const wrapped = typeof backend === 'string' && WRAPPED_CACHES.get(backend);
    if (typeof backend === 'string' && wrapped) gaps.push({ kind: 'cacheBackend', alias, backend, wrapped });
  }
  if (servers.length > 0 && !EXPORT_SETTINGS.some((name) => settings.values[name] !== undefined)) gaps.push({ kind: 'multiprocess', server: servers[0] });
  const metrics = !gaps.some((gap) => gap.kind !== 'logging');
  const profiling = PROFILERS.some((app) => mentions(statements, 'INSTALLED_APPS', app) || (!isUnknown(apps) && apps.includes(app)));
  if (!profiling) gaps.push({ kind: 'profiler' });
  return { logging: settings.logging, metrics, profiling, gaps };
}

/** One line for the finding and the sidebar: `logging ✓ · metrics ✗ · profiling ✗`. */
export function healthLine(health: ObservabilityHealth): string {
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  return `logging ${mark(health.logging)} · metrics ${mark(health.metrics)} · profiling ${mark(health.profiling)}`;
}

/** What a gap asks for, in a few words. */
export function gapText(gap: ObservabilityGap): string {
  switch (gap.kind) {
    case 'logging':
      return 'no LOGGING configuration';
    case 'metricsApp':
      return `\`${PROMETHEUS_APP}\` not in INSTALLED_APPS`;
    case 'metricsMiddleware':
      return 'the Prometheus middlewares are not first and last in MIDDLEWARE';
    case 'metricsRoute':
      return 'no `/metrics` route';
    case 'databaseEngine':
      return `database \`${gap.alias}\` not counted (ENGINE ${gap.engine})`;
    case 'cacheBackend':
      return `cache \`${gap.alias}\` not counted (BACKEND ${gap.backend})`;
    case 'multiprocess':
      return `runs under ${gap.server} with several workers but exports metrics from one process`;
    case 'profiler':
      return 'no profiler for development (silk or the debug toolbar)';
  }
}

/** Before first and After last; with a list computed in code, both named at least. */
function middlewareInPlace(middleware: Known<string[]>, statements: readonly ModuleStatement[]): boolean {
  if (isUnknown(middleware)) {
    return mentions(statements, 'MIDDLEWARE', BEFORE_MIDDLEWARE) && mentions(statements, 'MIDDLEWARE', AFTER_MIDDLEWARE);
  }
  return middleware[0] === BEFORE_MIDDLEWARE && middleware[middleware.length - 1] === AFTER_MIDDLEWARE;
}

/** Whether a statement setting or extending `name` (in any module) names the string `value`. */
function mentions(statements: readonly ModuleStatement[], name: string, value: string): boolean {
  const quoted = JSON.stringify(value);
  return statements.some((statement) => targetOf(statement) === name && JSON.stringify(statement).includes(quoted));
}

/** Whether a module-level statement of the module names the string `value` (an `include("…")`). */
function namesString(module: DjangoModuleFacts | undefined, value: string): boolean {
  return !!module && JSON.stringify(module.statements).includes(JSON.stringify(value));
}

function targetOf(statement: ModuleStatement): string | undefined {
  switch (statement.kind) {
    case 'assign':
      return statement.targets[0];
    case 'augment':
    case 'mutate':
      return statement.target;
    case 'call':
      return statement.call.callee.kind === 'name' ? statement.call.callee.name.split('.')[0] : undefined;
    case 'starImport':
      return undefined;
  }
}
