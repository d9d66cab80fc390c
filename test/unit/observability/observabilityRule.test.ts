import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { memoryWorkspace } from '../../helpers/refactor/refactorFixture';
import { writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { observabilityFindings, SMALL_PROJECT } from './observabilityFixture';

const WIRED_SETTINGS = `
  #- site_conf/settings.py
  import os

  INSTALLED_APPS = ["django.contrib.contenttypes", "orders.apps.OrdersConfig", "django_prometheus"]
  MIDDLEWARE = [
      "django_prometheus.middleware.PrometheusBeforeMiddleware",
      "django.middleware.common.CommonMiddleware",
      "django_prometheus.middleware.PrometheusAfterMiddleware",
  ]
  ROOT_URLCONF = "site_conf.urls"
  DATABASES = {"default": {"ENGINE": "django_prometheus.db.backends.sqlite3", "NAME": "db.sqlite3"}}
  LOGGING = {"version": 1}
  if os.environ.get("DEBUG_TOOLBAR"):
      INSTALLED_APPS += ["debug_toolbar"]
  #- site_conf/urls.py
  from django.urls import include, path

  from orders import views

  urlpatterns = [path("orders/", views.orders), path("", include("django_prometheus.urls"))]
`;

/** The small project with some files replaced or added. */
function projectWith(...overrides: string[]): Map<string, string> {
  return new Map([SMALL_PROJECT, ...overrides].flatMap((fixture) => [...memoryWorkspace(fixture)]));
}

describe('observability rule', () => {
  it('reports what the settings miss, with the health line, on INSTALLED_APPS', async () => {
    const findings = await observabilityFindings(projectWith());
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.stage, 'monitoring');
    assert.equal(finding.path, '/ws/site_conf/settings.py');
    assert.equal(finding.range.start.line, 4);
    assert.match(finding.message, /^Observability: logging ✗ · metrics ✗ · profiling ✗\. Missing: no LOGGING configuration; `django_prometheus` not in INSTALLED_APPS; /);
    assert.match(finding.message, /database `default` not counted \(ENGINE django\.db\.backends\.sqlite3\); cache `default` not counted/);
    assert.match(finding.message, /no `\/metrics` route; .*no profiler for development/);
  });

  it('finds nothing on a wired project, a conditional debug toolbar counting as the profiler', async () => {
    assert.deepEqual(await observabilityFindings(projectWith(WIRED_SETTINGS)), []);
  });

  it('wants the Before middleware first and the After one last', async () => {
    const swapped = WIRED_SETTINGS.replace('PrometheusBeforeMiddleware",\n      "django.middleware.common.CommonMiddleware"', 'CommonMiddleware",\n      "django_prometheus.middleware.PrometheusBeforeMiddleware"').replace(
      '"django.middleware.common.CommonMiddleware",\n      "django_prometheus.middleware.PrometheusAfterMiddleware"',
      '"django_prometheus.middleware.PrometheusAfterMiddleware",\n      "django.middleware.common.CommonMiddleware"',
    );
    const findings = await observabilityFindings(projectWith(swapped.replace('"django_prometheus.middleware.PrometheusAfterMiddleware",\n  ]', '"django_prometheus.middleware.PrometheusAfterMiddleware",\n      "x.Last",\n  ]')));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /logging ✓ · metrics ✗ · profiling ✓\. Missing: the Prometheus middlewares are not first and last in MIDDLEWARE$/);
  });

  it('reports handlers swallowing every error and print() in server code, not in tests, commands or scripts', async () => {
    const code = `
      #- orders/services.py
      from django.db import transaction


      def ship(order):
          try:
              order.ship()
          except Exception:
              pass
          try:
              order.notify()
          except (ValueError, BaseException) as error:  # noqa
              return None
          try:
              order.archive()
          except:
              ...
          try:
              order.log()
          except KeyError:
              pass
          try:
              order.bill()
          except Exception:
              logger.exception("billing failed")
          print("shipped", order)
      #- orders/tests/test_services.py
      from django.test import TestCase
      print("in a test")
      #- orders/management/commands/ship.py
      from django.core.management.base import BaseCommand
      print("a command")
      #- orders/report.py
      from django.db import models
      if __name__ == "__main__":
          print("a script")
    `;
    const findings = (await observabilityFindings(projectWith(WIRED_SETTINGS, code))).map((f) => `${path.basename(f.path)}:${f.range.start.line} ${f.message.split(' ')[0]}`);
    assert.deepEqual(findings, ['services.py:6 `except', 'services.py:10 `except', 'services.py:14 `except:`', 'services.py:24 `print()`']);
  });

  it('wants one metrics port per worker when a Procfile starts gunicorn', async () => {
    const wired = [...projectWith(WIRED_SETTINGS)].map(([file, text]) => `#- ${file.replace('/ws/', '')}\n${text}`).join('\n');
    const root = writeWorkspace(`${wired}\n#- Procfile\nweb: gunicorn site_conf.wsgi --workers 4\n`);
    try {
      const files = new Map(fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.py')).map((f) => [path.join(root, f), fs.readFileSync(path.join(root, f), 'utf8')]));
      const findings = await observabilityFindings(files, root);
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /metrics ✗.*Missing: runs under gunicorn with several workers but exports metrics from one process$/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
