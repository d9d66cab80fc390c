import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { makeObservable, OBSERVABILITY_CHOICES, type ObservabilityChoice } from '../../../server/src/refactor/observability/makeObservable';
import { dashboardSchema } from '../../../server/src/refactor/observability/grafanaDashboard';
import { applyEdit, memoryWorkspace, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { observabilityFindings, SMALL_PROJECT } from './observabilityFixture';

const SETTINGS = '/ws/site_conf/settings.py';

async function observable(files: ReadonlyMap<string, string>, choices: readonly ObservabilityChoice[] = OBSERVABILITY_CHOICES) {
  const { result } = makeObservable(await loadPythonParser(), snapshotOf(files), { settingsFile: SETTINGS, choices });
  return result;
}

async function applied(files: ReadonlyMap<string, string>, choices?: readonly ObservabilityChoice[]): Promise<Map<string, string>> {
  const result = await observable(files, choices);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  return applyEdit(files, result.edit);
}

describe('make the project observable', () => {
  it('fills every gap, after which the rule finds nothing and a second run has nothing to do', async () => {
    const before = memoryWorkspace(SMALL_PROJECT);
    const after = await applied(before);
    assert.deepEqual(await observabilityFindings(after), []);
    const again = await observable(after);
    assert.ok(!again.safe);
    assert.match(again.reason, /^nothing to do/);
  });

  it('appends logging and metrics to the settings and wraps the backends in place', async () => {
    const settings = (await applied(memoryWorkspace(SMALL_PROJECT))).get(SETTINGS)!;
    assert.match(settings, /^"""Settings\."""\nimport os\nfrom pathlib import Path\n/, 'where isort puts it');
    assert.match(settings, /"ENGINE": "django_prometheus\.db\.backends\.sqlite3"/);
    assert.match(settings, /"BACKEND": 'django_prometheus\.cache\.backends\.locmem\.LocMemCache'/);
    assert.match(settings, /LOG_LEVEL = os\.environ\.get\("DJANGO_LOG_LEVEL", "INFO"\)/);
    assert.match(settings, /"formatters": \{"plain": /, 'python-json-logger is no dependency: plain lines');
    assert.match(settings, / {8}"orders": \{"handlers": \["console"\], "level": LOG_LEVEL, "propagate": False\},/);
    assert.match(settings, /INSTALLED_APPS = \[\*INSTALLED_APPS, "django_prometheus"\]\nMIDDLEWARE = \[\n {4}"django_prometheus\.middleware\.PrometheusBeforeMiddleware",\n {4}\*MIDDLEWARE,\n {4}"django_prometheus\.middleware\.PrometheusAfterMiddleware",\n\]\n$/);
  });

  it('logs JSON lines when python-json-logger is a dependency', async () => {
    const files = memoryWorkspace(`${SMALL_PROJECT}\n  #- requirements.txt\n  Django>=3.2\n  python-json-logger==2.0.7\n`);
    const settings = (await applied(files, ['logging'])).get(SETTINGS)!;
    assert.match(settings, /"\(\)": "pythonjsonlogger\.jsonlogger\.JsonFormatter"/);
    assert.doesNotMatch(settings, /django_prometheus/, 'only the part chosen');
  });

  it('routes /metrics in the root URLs, joining include to the import of path', async () => {
    const urls = (await applied(memoryWorkspace(SMALL_PROJECT), ['metrics'])).get('/ws/site_conf/urls.py')!;
    assert.equal(urls, 'from django.urls import path, include\n\nfrom orders import views\n\nurlpatterns = [path("orders/", views.orders)]\n\nurlpatterns += [path("", include("django_prometheus.urls"))]\n');
  });

  it('puts silk in development settings beside the production ones, never in them', async () => {
    const after = await applied(memoryWorkspace(SMALL_PROJECT), ['profiling']);
    const profiling = after.get('/ws/site_conf/settings_profiling.py')!;
    assert.match(profiling, /DJANGO_SETTINGS_MODULE=site_conf\.settings_profiling/);
    assert.match(profiling, /^from \.settings import \*/m);
    assert.match(profiling, /^INSTALLED_APPS = \[\*INSTALLED_APPS, "silk"\]$/m);
    assert.match(profiling, /^SILKY_AUTHORISATION = True$/m);
    assert.match(profiling, /^ROOT_URLCONF = "site_conf\.urls_profiling"$/m);
    assert.match(after.get('/ws/site_conf/urls_profiling.py')!, /^from site_conf\.urls import urlpatterns as project_urlpatterns$/m);
    assert.doesNotMatch(after.get(SETTINGS)!, /silk/);
  });

  it('writes deploy/observability with a dashboard Grafana can load', async () => {
    const after = await applied(memoryWorkspace(SMALL_PROJECT), ['dashboards']);
    const created = [...after.keys()].filter((file) => file.startsWith('/ws/deploy/')).sort();
    assert.deepEqual(created, [
      '/ws/deploy/observability/alerts.yml',
      '/ws/deploy/observability/docker-compose.yml',
      '/ws/deploy/observability/grafana/dashboards/django.json',
      '/ws/deploy/observability/grafana/provisioning/dashboards/dashboards.yml',
      '/ws/deploy/observability/grafana/provisioning/datasources/prometheus.yml',
      '/ws/deploy/observability/prometheus.yml',
    ]);
    const dashboard = dashboardSchema.parse(JSON.parse(after.get('/ws/deploy/observability/grafana/dashboards/django.json')!));
    assert.equal(dashboard.panels.length, 7);
    assert.match(after.get('/ws/deploy/observability/prometheus.yml')!, /targets: \["host\.docker\.internal:8000"\]/);
  });

  it('scrapes one port per worker when gunicorn runs the app', async () => {
    const files = memoryWorkspace(`${SMALL_PROJECT}\n  #- Procfile\n  web: gunicorn site_conf.wsgi\n`);
    const after = await applied(files, ['metrics', 'dashboards']);
    assert.match(after.get(SETTINGS)!, /^PROMETHEUS_METRICS_EXPORT_PORT_RANGE = range\(8001, 8009\)$/m);
    assert.match(after.get('/ws/deploy/observability/prometheus.yml')!, /"host\.docker\.internal:8001", .*"host\.docker\.internal:8008"\]/);
  });

  it('counts the writes of the models the code creates most, the mixin first among their bases', async () => {
    const models = `
      #- orders/models.py
      from django.db import models


      class Order(models.Model):
          pass


      class Line(models.Model):
          pass


      class Base(models.Model):
          class Meta:
              abstract = True
      #- orders/services.py
      from orders.models import Line, Order


      def place():
          Order.objects.create()
          Line.objects.bulk_create([Line(), Line()])
          Line.objects.get_or_create()
      #- orders/tests/test_services.py
      from orders.models import Order
      Order.objects.create()
      Order.objects.create()
    `;
    const after = await applied(new Map([...memoryWorkspace(SMALL_PROJECT), ...memoryWorkspace(models)]), ['metrics']);
    assert.equal(
      after.get('/ws/orders/models.py'),
      'from django.db import models\nfrom django_prometheus.models import ExportModelOperationsMixin\n\n\nclass Order(ExportModelOperationsMixin("orders.order"), models.Model):\n    pass\n\n\nclass Line(ExportModelOperationsMixin("orders.line"), models.Model):\n    pass\n\n\nclass Base(models.Model):\n    class Meta:\n        abstract = True\n',
    );
  });

  it('is refused on a module that is not the settings', async () => {
    const { result } = makeObservable(await loadPythonParser(), snapshotOf(memoryWorkspace(SMALL_PROJECT)), { settingsFile: '/ws/site_conf/urls.py', choices: ['logging'] });
    assert.ok(!result.safe);
    assert.match(result.reason, /urls\.py is not the project's settings module/);
  });
});
