/**
 * The `hand-rolled` catalogue: code that re-implements what a well-known library does, each
 * entry with the library that replaces it and how. One entry per page of the rule's docs
 * (`docs/rules/hand-rolled-<entry>.md`), so the diagnostic links to the page of what it found.
 *
 * Only framework- and library-level patterns: stdlib idioms are ruff's (FURB, SIM, PERF) and
 * pylint's `consider-using-*`, which Untangle does not repeat.
 */

export const HAND_ROLLED_ENTRIES = [
  'retry-loop',
  'query-filtering',
  'slice-pagination',
  'json-body-validation',
  'requests-timeout',
  'timestamps',
  'environ-settings',
  'cors-headers',
] as const;
export type HandRolledEntry = (typeof HAND_ROLLED_ENTRIES)[number];

export interface CatalogueEntry {
  /** What was found, as the message opens: "Retry loop with sleep". */
  readonly found: string;
  /** The distribution whose presence in the dependency files is checked (normalised, PEP 503). */
  readonly distribution: string;
  /** The replacement, as the message names it. */
  readonly replacement: string;
  /** The recipe in one sentence, for the message (the page has the long form). */
  readonly recipe: string;
  /** A hint (the fix changes more than the code found, such as a model's fields), not a warning. */
  readonly hintOnly: boolean;
  /** What needs no new dependency, said when the library is not one ("Django's `Paginator` needs none"). */
  readonly alternative?: string;
}

export const CATALOGUE: Readonly<Record<HandRolledEntry, CatalogueEntry>> = {
  'retry-loop': {
    found: 'Retry loop with sleep',
    distribution: 'tenacity',
    replacement: 'tenacity `@retry`',
    recipe: 'decorate the function with `@retry(stop=stop_after_attempt(n), wait=wait_fixed(s), retry=retry_if_exception_type(E), reraise=True)` and keep only the attempt',
    hintOnly: false,
  },
  'query-filtering': {
    found: 'Queryset filtered by query parameters by hand',
    distribution: 'django-filter',
    replacement: 'a django-filter `FilterSet`',
    recipe: 'declare a `FilterSet` with these fields and set `filterset_class` (DRF: with `DjangoFilterBackend` in `filter_backends`)',
    hintOnly: false,
  },
  'slice-pagination': {
    found: 'Pagination by slicing',
    distribution: 'djangorestframework',
    replacement: "Django's `Paginator` or DRF pagination",
    recipe: "use `django.core.paginator.Paginator(queryset, per_page).get_page(number)`, or a DRF `pagination_class` (`PageNumberPagination`, `LimitOffsetPagination`) on a generic view",
    hintOnly: false,
    alternative: "Django's `Paginator` needs none",
  },
  'json-body-validation': {
    found: 'JSON body parsed and validated by hand',
    distribution: 'djangorestframework',
    replacement: 'a DRF serializer (or a Django form)',
    recipe: 'declare the fields on a `Serializer` (or `Form`), call `is_valid()` and answer `serializer.errors` with status 400',
    hintOnly: false,
    alternative: 'a Django form needs none',
  },
  'requests-timeout': {
    found: '`requests` call without `timeout`',
    distribution: 'requests',
    replacement: 'an explicit `timeout=`',
    recipe: 'pass `timeout=(connect, read)` seconds: without it a stalled server blocks the worker forever (not added automatically: a timeout changes behaviour)',
    hintOnly: false,
  },
  timestamps: {
    found: 'Hand-written created/modified timestamps',
    distribution: 'django-model-utils',
    replacement: 'django-model-utils `TimeStampedModel`',
    recipe: 'inherit from `model_utils.models.TimeStampedModel` (fields `created` and `modified`: renaming yours needs a migration)',
    hintOnly: true,
  },
  'environ-settings': {
    found: 'Environment variables parsed by hand in settings',
    distribution: 'django-environ',
    replacement: 'django-environ',
    recipe: '`env = environ.Env()`, then `env.bool("DEBUG", default=False)`, `env.list(…)`, `env.int(…)`, `env.db()`',
    hintOnly: false,
  },
  'cors-headers': {
    found: 'CORS headers written by hand',
    distribution: 'django-cors-headers',
    replacement: 'django-cors-headers',
    recipe: 'add `corsheaders` to `INSTALLED_APPS`, `corsheaders.middleware.CorsMiddleware` to `MIDDLEWARE` and set `CORS_ALLOWED_ORIGINS`',
    hintOnly: false,
  },
};

/** The docs page of an entry, relative to docs/rules without `.md`. */
export function entryPage(entry: HandRolledEntry): string {
  return `hand-rolled-${entry}`;
}
