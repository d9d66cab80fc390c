/**
 * The parts "Make the project observable" can write, one a choice of the editor's quick pick and
 * of the `untangle/makeObservable` request. Kept apart from the engine so the protocol (and the
 * extension, which bundles it) names them without pulling the planner in.
 */
export const OBSERVABILITY_CHOICES = ['logging', 'metrics', 'profiling', 'dashboards'] as const;
export type ObservabilityChoice = (typeof OBSERVABILITY_CHOICES)[number];

/** Each part's name and what it writes, in the words of the quick pick and the docs. */
export const OBSERVABILITY_CHOICE_LABELS: Readonly<Record<ObservabilityChoice, { readonly label: string; readonly description: string }>> = {
  logging: { label: 'Logging', description: 'LOGGING: JSON lines when python-json-logger is a dependency, level from DJANGO_LOG_LEVEL' },
  metrics: { label: 'Metrics', description: 'django-prometheus: app, middlewares first and last, backends wrapped, /metrics' },
  profiling: { label: 'Profiling', description: 'django-silk in development-only settings, never in production ones' },
  dashboards: { label: 'deploy/observability/', description: 'Prometheus scrape config, alert rules, Grafana dashboard, docker-compose.yml' },
};
