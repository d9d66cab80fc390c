/**
 * The Python the observability action writes: blocks appended to the settings module (logging,
 * metrics, one metrics port per worker), the `/metrics` route, and the development-only profiling
 * settings and URLs. Appending `X = [*X, …]` rather than editing the lists in place works
 * whatever their layout (tuples, one line, built from a base module) and reads as what it is.
 *
 * ex) settings.py ends with `MIDDLEWARE = [...]`; after:
 *   MIDDLEWARE = [
 *       "django_prometheus.middleware.PrometheusBeforeMiddleware",
 *       *MIDDLEWARE,
 *       "django_prometheus.middleware.PrometheusAfterMiddleware",
 *   ]
 */
import { AFTER_MIDDLEWARE, BEFORE_MIDDLEWARE, METRICS_URLS, PROMETHEUS_APP } from '../../core/observability/health';

/** The environment variable setting the level of the project's loggers. */
export const LOG_LEVEL_VARIABLE = 'DJANGO_LOG_LEVEL';
/** The ports worker processes export their metrics on (django-prometheus' PROMETHEUS_METRICS_EXPORT_PORT_RANGE). */
export const WORKER_PORTS = { first: 8001, last: 8008 } as const;

/**
 * A `LOGGING` dict: every record one line on stderr (JSON through python-json-logger when it is a
 * dependency), Django's request and server loggers and the project's apps routed to it, their
 * level from DJANGO_LOG_LEVEL. `django.server` is named because Django configures it with a
 * handler of its own, which a config leaving it out would keep.
 */
export function loggingBlock(apps: readonly string[], json: boolean): string {
  const formatter = json
    ? '"json": {"()": "pythonjsonlogger.jsonlogger.JsonFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"}'
    : '"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}';
  const loggers = ['django', 'django.request', 'django.server', ...apps].map(
    (name) => `        ${JSON.stringify(name)}: {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},`,
  );
  return [
    `# Logging: one ${json ? 'JSON ' : ''}line per record on stderr, where the process manager collects it;`,
    `# ${LOG_LEVEL_VARIABLE} sets the level of Django's loggers and the project's (INFO by default).`,
    `LOG_LEVEL = os.environ.get("${LOG_LEVEL_VARIABLE}", "INFO")`,
    'LOGGING = {',
    '    "version": 1,',
    '    "disable_existing_loggers": False,',
    `    "formatters": {${formatter}},`,
    `    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "${json ? 'json' : 'plain'}"}},`,
    '    "root": {"handlers": ["console"], "level": "WARNING"},',
    '    "loggers": {',
    ...loggers,
    '    },',
    '}',
  ].join('\n');
}

/** The metrics app, and its middlewares around the whole stack (`hasMiddleware`: MIDDLEWARE is set). */
export function metricsBlock(app: boolean, middleware: boolean, hasMiddleware: boolean): string {
  const lines = ['# Metrics (django-prometheus): its Before middleware runs first and its After middleware last, so they time the whole stack.'];
  if (app) lines.push(`INSTALLED_APPS = [*INSTALLED_APPS, "${PROMETHEUS_APP}"]`);
  if (middleware) lines.push('MIDDLEWARE = [', `    "${BEFORE_MIDDLEWARE}",`, ...(hasMiddleware ? ['    *MIDDLEWARE,'] : []), `    "${AFTER_MIDDLEWARE}",`, ']');
  return lines.join('\n');
}

/** One metrics port per worker: each pre-forked process keeps its own counters. */
export function multiprocessBlock(server: string): string {
  return [
    `# Under ${server} each worker process keeps its own metrics: each exports them on a free port of`,
    '# this range, which deploy/observability/prometheus.yml scrapes.',
    `PROMETHEUS_METRICS_EXPORT_PORT_RANGE = range(${WORKER_PORTS.first}, ${WORKER_PORTS.last + 1})`,
  ].join('\n');
}

/** The statement adding `/metrics` to the root URL configuration. */
export const METRICS_ROUTE = `urlpatterns += [path("", include("${METRICS_URLS}"))]`;

/**
 * The development settings with silk: the project's settings, plus silk's app and middleware
 * (after Prometheus' Before middleware when it is first), staff-only pages and its own URLs.
 */
export function profilingSettings(settingsModule: string, urlsModule: string, beforeFirst: boolean): string {
  const middleware = beforeFirst ? '[*MIDDLEWARE[:1], "silk.middleware.SilkyMiddleware", *MIDDLEWARE[1:]]' : '["silk.middleware.SilkyMiddleware", *MIDDLEWARE]';
  return [
    '"""',
    `Development settings with the django-silk profiler: DJANGO_SETTINGS_MODULE=${settingsModule}_profiling.`,
    '',
    'Never in production: silk stores every request and response, bodies (and passwords) included.',
    'Install django-silk first (pip install django-silk; Debian has no package of it).',
    '"""',
    `from ${relativeName(settingsModule)} import *  # noqa: F401,F403 (the project's settings, plus the profiler)`,
    '',
    'INSTALLED_APPS = [*INSTALLED_APPS, "silk"]',
    `MIDDLEWARE = ${middleware}`,
    `ROOT_URLCONF = "${urlsModule}_profiling"`,
    '# Staff only, every request recorded, with the Python profiler.',
    'SILKY_AUTHENTICATION = True',
    'SILKY_AUTHORISATION = True',
    'SILKY_INTERCEPT_PERCENT = 100',
    'SILKY_PYTHON_PROFILER = True',
    '',
  ].join('\n');
}

/** The project's URLs plus silk's pages at /silk/. */
export function profilingUrls(urlsModule: string): string {
  return [
    `"""The project's URLs plus django-silk's pages at /silk/: the ROOT_URLCONF of the development-only profiling settings."""`,
    'from django.urls import include, path',
    '',
    `from ${urlsModule} import urlpatterns as project_urlpatterns`,
    '',
    'urlpatterns = [*project_urlpatterns, path("silk/", include("silk.urls", namespace="silk"))]',
    '',
  ].join('\n');
}

/** `.settings` for `shop_project.settings`: the profiling module sits beside it. */
function relativeName(module: string): string {
  return `.${lastPart(module)}`;
}

function lastPart(module: string): string {
  return module.slice(module.lastIndexOf('.') + 1);
}
