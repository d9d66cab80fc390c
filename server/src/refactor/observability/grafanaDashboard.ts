/**
 * The Grafana dashboard the action provisions, over django-prometheus' metrics: requests per
 * second and latency (p50, p95) by view, responses by status, database queries and their
 * duration, model inserts/updates/deletes, errors. Grafana is not packaged for Debian, so the
 * dashboard is checked against the part of Grafana's dashboard schema it relies on
 * (`dashboardSchema`) and its queries are run by a real Prometheus in the tests.
 *
 * Ranges are a fixed `[5m]` rather than Grafana's `$__rate_interval`: every expression then runs
 * as written in Prometheus itself (its console, the alert rules, the tests).
 */
import { z } from 'zod';

/** The datasource uid the provisioning file gives Prometheus and every panel names. */
export const DATASOURCE_UID = 'prometheus';

const datasource = z.strictObject({ type: z.literal('prometheus'), uid: z.string().min(1) });

/** What Grafana needs of a dashboard to load it and run its panels' queries (dashboard JSON model, schemaVersion 39). */
export const dashboardSchema = z.object({
  uid: z.string().min(1).max(40),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  time: z.object({ from: z.string(), to: z.string() }),
  panels: z
    .array(
      z.object({
        id: z.number().int().positive(),
        type: z.enum(['timeseries', 'stat']),
        title: z.string().min(1),
        gridPos: z.object({ x: z.number().int().min(0), y: z.number().int().min(0), w: z.number().int().min(1).max(24), h: z.number().int().min(1) }),
        datasource,
        targets: z.array(z.object({ refId: z.string().regex(/^[A-Z]$/), expr: z.string().min(1), legendFormat: z.string(), datasource })).min(1),
        fieldConfig: z.object({ defaults: z.object({ unit: z.string() }), overrides: z.array(z.unknown()) }),
      }),
    )
    .min(1)
    .refine((panels) => new Set(panels.map((p) => p.id)).size === panels.length, 'panel ids must be unique'),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

const rate = (metric: string) => `rate(${metric}[5m])`;
const quantile = (q: number, by: string, metric: string) => `histogram_quantile(${q}, sum by (${by}, le) (${rate(`${metric}_bucket`)}))`;
const LATENCY = 'django_http_requests_latency_seconds_by_view_method';
const DB_DURATION = 'django_db_query_duration_seconds';

interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly (readonly [expr: string, legend: string])[];
}

const PANELS: readonly PanelSpec[] = [
  { title: 'Requests per second by view', unit: 'reqps', queries: [[`sum by (view) (${rate('django_http_requests_total_by_view_transport_method_total')})`, '{{view}}']] },
  { title: 'Latency by view (p50, p95)', unit: 's', queries: [[quantile(0.5, 'view', LATENCY), 'p50 {{view}}'], [quantile(0.95, 'view', LATENCY), 'p95 {{view}}']] },
  { title: 'Responses by status', unit: 'reqps', queries: [[`sum by (status) (${rate('django_http_responses_total_by_status_total')})`, '{{status}}']] },
  { title: 'Errors', unit: 'short', queries: [[`sum by (type) (${rate('django_http_exceptions_total_by_type_total')})`, '{{type}}'], [`sum(${rate('django_http_responses_total_by_status_total{status=~"5.."}')})`, '5xx responses']] },
  { title: 'Database queries per second', unit: 'ops', queries: [[`sum by (alias, vendor) (${rate('django_db_execute_total')})`, '{{alias}} ({{vendor}})'], [`sum by (alias, vendor) (${rate('django_db_errors_total')})`, 'errors {{alias}}']] },
  { title: 'Database query duration (p50, p95)', unit: 's', queries: [[quantile(0.5, 'alias', DB_DURATION), 'p50 {{alias}}'], [quantile(0.95, 'alias', DB_DURATION), 'p95 {{alias}}']] },
  {
    title: 'Model inserts, updates, deletes',
    unit: 'ops',
    queries: [
      [`sum by (model) (${rate('django_model_inserts_total')})`, 'inserts {{model}}'],
      [`sum by (model) (${rate('django_model_updates_total')})`, 'updates {{model}}'],
      [`sum by (model) (${rate('django_model_deletes_total')})`, 'deletes {{model}}'],
    ],
  },
];

/** The dashboard, as Grafana's file provisioning loads it. */
export function djangoDashboard(title: string): Dashboard {
  const source = { type: 'prometheus' as const, uid: DATASOURCE_UID };
  return dashboardSchema.parse({
    uid: 'django-observability',
    title,
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    tags: ['django', 'untangle'],
    panels: PANELS.map((panel, index) => ({
      id: index + 1,
      type: 'timeseries',
      title: panel.title,
      gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
      datasource: source,
      targets: panel.queries.map(([expr, legendFormat], at) => ({ refId: String.fromCharCode(65 + at), expr, legendFormat, datasource: source })),
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
    })),
  });
}

/** The alert rules: server errors above 5% of responses, p95 latency above a second, the app not scraped. */
export const ALERT_RULES: readonly { readonly alert: string; readonly expr: string; readonly for: string; readonly summary: string }[] = [
  {
    alert: 'DjangoHighErrorRate',
    expr: `sum(${rate('django_http_responses_total_by_status_total{status=~"5.."}')}) / sum(${rate('django_http_responses_total_by_status_total')}) > 0.05`,
    for: '5m',
    summary: 'More than 5% of responses are server errors',
  },
  { alert: 'DjangoSlowResponses', expr: `histogram_quantile(0.95, sum by (le) (${rate(`${LATENCY}_bucket`)})) > 1`, for: '10m', summary: 'p95 latency above one second' },
  { alert: 'DjangoDown', expr: 'up{job="django"} == 0', for: '2m', summary: 'Prometheus cannot scrape the Django app' },
];
