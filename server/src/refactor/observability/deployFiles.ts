/**
 * `deploy/observability/`: what starts Prometheus and Grafana against the app. A scrape config
 * (the app's `/metrics`, or each worker's port under gunicorn/uwsgi), alert rules, Grafana's
 * provisioning (the Prometheus datasource, the dashboard folder) with the dashboard, and a
 * docker-compose.yml running both. The app runs on the host; containers reach it as
 * `host.docker.internal`.
 */
import * as nodePath from 'path';
import { ALERT_RULES, DATASOURCE_UID, djangoDashboard } from './grafanaDashboard';
import { WORKER_PORTS } from './settingsBlocks';

export const DEPLOY_FOLDER = 'deploy/observability';
/** The app's port on the host, as `manage.py runserver` and gunicorn default to. */
const APP_PORT = 8000;

/** Each file's path below the project root, and its text. */
export function deployFiles(projectName: string, multiprocess: boolean): Map<string, string> {
  const files = new Map<string, string>();
  const put = (file: string, text: string) => files.set(nodePath.posix.join(DEPLOY_FOLDER, file), text);
  put('prometheus.yml', scrapeConfig(multiprocess));
  put('alerts.yml', alertRules());
  put('docker-compose.yml', compose());
  put('grafana/provisioning/datasources/prometheus.yml', datasource());
  put('grafana/provisioning/dashboards/dashboards.yml', dashboardProvider());
  put('grafana/dashboards/django.json', `${JSON.stringify(djangoDashboard(`${projectName}: Django`), null, 2)}\n`);
  return files;
}

function scrapeConfig(multiprocess: boolean): string {
  const ports = multiprocess ? Array.from({ length: WORKER_PORTS.last - WORKER_PORTS.first + 1 }, (_, i) => WORKER_PORTS.first + i) : [APP_PORT];
  const targets = ports.map((port) => `"host.docker.internal:${port}"`).join(', ');
  return [
    multiprocess
      ? '# Scrapes each worker process on its own port (PROMETHEUS_METRICS_EXPORT_PORT_RANGE in the settings).'
      : "# Scrapes the app's /metrics (django-prometheus); change the target when the app runs elsewhere.",
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_interval: 15s',
    'rule_files:',
    '  - alerts.yml',
    'scrape_configs:',
    '  - job_name: django',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: [${targets}]`,
    '',
  ].join('\n');
}

function alertRules(): string {
  const rules = ALERT_RULES.flatMap((rule) => [
    `      - alert: ${rule.alert}`,
    `        expr: '${rule.expr.replace(/'/g, "''")}'`,
    `        for: ${rule.for}`,
    '        labels:',
    '          severity: page',
    '        annotations:',
    `          summary: ${JSON.stringify(rule.summary)}`,
  ]);
  return ['groups:', '  - name: django', '    rules:', ...rules, ''].join('\n');
}

function compose(): string {
  return [
    '# Prometheus on :9090 and Grafana on :3000 (admin/admin at first login) against the app on the host.',
    'services:',
    '  prometheus:',
    '    image: prom/prometheus:v2.42.0',
    '    command: ["--config.file=/etc/prometheus/prometheus.yml"]',
    '    volumes:',
    '      - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    '      - ./alerts.yml:/etc/prometheus/alerts.yml:ro',
    '    ports: ["9090:9090"]',
    '    extra_hosts: ["host.docker.internal:host-gateway"]',
    '  grafana:',
    '    image: grafana/grafana:10.4.2',
    '    volumes:',
    '      - ./grafana/provisioning:/etc/grafana/provisioning:ro',
    '      - ./grafana/dashboards:/var/lib/grafana/dashboards:ro',
    '    ports: ["3000:3000"]',
    '    depends_on: [prometheus]',
    '',
  ].join('\n');
}

function datasource(): string {
  return [
    'apiVersion: 1',
    'datasources:',
    '  - name: Prometheus',
    '    type: prometheus',
    `    uid: ${DATASOURCE_UID}`,
    '    access: proxy',
    '    url: http://prometheus:9090',
    '    isDefault: true',
    '',
  ].join('\n');
}

function dashboardProvider(): string {
  return ['apiVersion: 1', 'providers:', '  - name: django', '    folder: Django', '    type: file', '    options:', '      path: /var/lib/grafana/dashboards', ''].join('\n');
}
