/**
 * The real open-source Django projects `npm run acceptance` refactors (issue #11, "How it is
 * proven"): where each comes from, the pinned commit, and how its own suite, `check` and
 * `makemigrations --check` run on Debian's Python. Pins are chosen for Debian bookworm's
 * python3-django 3.2 and Python 3.11; their code is never committed, only this manifest.
 */

/** A Python module a project needs at test time and the Debian package that provides it. */
export interface DebianModule {
  readonly module: string;
  readonly debianPackage: string;
}

/** One project: a public GitHub repository pinned to a tag and its commit. */
export interface AcceptanceProject {
  /** Short name used in the table and on the command line. */
  readonly name: string;
  /** `owner/name` on GitHub, as `fetch github:owner/name` takes it. */
  readonly repo: string;
  readonly tag: string;
  /** The tag's commit; the checkout is of this commit, so a moved tag cannot change the run. */
  readonly commit: string;
  /** The project's own test suite (Django's test runner), run from the checkout with Debian's Python. */
  readonly tests: readonly string[];
  /** Python statements that configure Django with the project's test settings (before
   *  `django.setup()`), for `check` and `makemigrations --check --dry-run`. */
  readonly settings: string;
  /** The apps `makemigrations --check` looks at; all when empty. */
  readonly migrationApps: readonly string[];
  /** Modules the suite imports beyond Django, DRF, pyflakes and pytest. */
  readonly needs: readonly DebianModule[];
  /** Widely imported names to move (`module:name`) and the new module each goes to. */
  readonly moves: readonly { readonly symbol: string; readonly to: string }[];
  /** Python arguments run once in the export, before it becomes the baseline (code the suite tests but the project generates). */
  readonly prepare?: readonly string[];
}

/** Django set up from a settings module, as `manage.py` or `python -m django --settings` would. */
function settingsModule(module: string): string {
  return `import os\nos.environ["DJANGO_SETTINGS_MODULE"] = ${JSON.stringify(module)}`;
}

export const PROJECTS: readonly AcceptanceProject[] = [
  {
    name: 'django-filter',
    repo: 'carltongibson/django-filter',
    tag: '23.5',
    commit: '00e88652d9308c4c6c4e707c3e0d735dd6843dca',
    tests: ['runtests.py'],
    settings: settingsModule('tests.settings'),
    migrationApps: ['django_filters'],
    needs: [],
    moves: [
      { symbol: 'django_filters.widgets:BooleanWidget', to: 'django_filters.boolean_widgets' },
      { symbol: 'django_filters.filters:CharFilter', to: 'django_filters.char_filters' },
      { symbol: 'django_filters.exceptions:FieldLookupError', to: 'django_filters.lookup_errors' },
      { symbol: 'django_filters.utils:get_model_field', to: 'django_filters.model_fields' },
    ],
  },
  {
    name: 'django-taggit',
    repo: 'jazzband/django-taggit',
    tag: '4.0.0',
    commit: '63c9a97066cdd3d0dc0ed1283eefacff54d605e2',
    tests: ['-m', 'django', 'test', '--settings=tests.settings'],
    // The test app's own migrations lag Django 3.2's field defaults; taggit's are the ones shipped.
    settings: settingsModule('tests.settings'),
    migrationApps: ['taggit'],
    needs: [],
    moves: [
      { symbol: 'taggit.utils:parse_tags', to: 'taggit.parsing' },
      { symbol: 'taggit.utils:edit_string_for_tags', to: 'taggit.formatting' },
      { symbol: 'taggit.models:CommonGenericTaggedItemBase', to: 'taggit.generic_bases' },
      { symbol: 'taggit.managers:TaggableManager', to: 'taggit.taggable' },
    ],
  },
  {
    name: 'django-simple-history',
    repo: 'jazzband/django-simple-history',
    tag: '3.3.0',
    commit: '6a849cee088dd8d3e11217ac723ea74a5cdd4dae',
    tests: ['runtests.py'],
    // runtests.py configures the settings in code and turns migrations off for the suite; the
    // checks take the same settings with migrations on and an in-memory database.
    settings: [
      'import runtests',
      'from django.conf import settings',
      'options = {key: value for key, value in runtests.DEFAULT_SETTINGS.items() if key != "MIGRATION_MODULES"}',
      'settings.configure(**options, DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})',
    ].join('\n'),
    migrationApps: ['simple_history'],
    needs: [],
    moves: [
      { symbol: 'simple_history.models:HistoricalRecords', to: 'simple_history.records' },
      { symbol: 'simple_history.exceptions:NotHistoricalModelError', to: 'simple_history.errors' },
      { symbol: 'simple_history.utils:update_change_reason', to: 'simple_history.change_reasons' },
      { symbol: 'simple_history.signals:pre_create_historical_record', to: 'simple_history.record_signals' },
    ],
  },
  {
    name: 'django-allauth',
    repo: 'pennersr/django-allauth',
    tag: '0.54.0',
    commit: '77368a84903d32283f07a260819893ec15df78fb',
    tests: ['manage.py', 'test', 'allauth'],
    settings: settingsModule('test_settings'),
    migrationApps: [],
    needs: [
      { module: 'requests_oauthlib', debianPackage: 'python3-requests-oauthlib' },
      { module: 'openid', debianPackage: 'python3-openid' },
      { module: 'jwt', debianPackage: 'python3-jwt' },
      { module: 'cryptography', debianPackage: 'python3-cryptography' },
    ],
    moves: [
      { symbol: 'allauth.socialaccount.providers.base:ProviderAccount', to: 'allauth.socialaccount.providers.accounts' },
      { symbol: 'allauth.tests:MockedResponse', to: 'allauth.mocked_responses' },
      { symbol: 'allauth.socialaccount.providers.oauth2.views:OAuth2Adapter', to: 'allauth.socialaccount.providers.oauth2.adapters' },
      { symbol: 'allauth.socialaccount.providers.oauth2.client:OAuth2Error', to: 'allauth.socialaccount.providers.oauth2.errors' },
    ],
  },
  {
    // A Django application (not a library): views full of logic, for the logic-heavy-view rows.
    // v1.15.0 is the last tag before cron-descriptor, which Debian does not package.
    name: 'healthchecks',
    repo: 'healthchecks/healthchecks',
    tag: 'v1.15.0',
    commit: 'ffc45f0c74694d06679aefe3b92a0b0778473ca7',
    tests: ['manage.py', 'test'],
    settings: settingsModule('hc.settings'),
    migrationApps: [],
    needs: [
      { module: 'croniter', debianPackage: 'python3-croniter' },
      { module: 'compressor', debianPackage: 'python3-django-compressor' },
      { module: 'statsd', debianPackage: 'python3-statsd' },
    ],
    moves: [
      { symbol: 'hc.test:BaseTestCase', to: 'hc.test_base' },
      { symbol: 'hc.api.models:TokenBucket', to: 'hc.api.token_buckets' },
      { symbol: 'hc.lib.date:month_boundaries', to: 'hc.lib.months' },
      { symbol: 'hc.payments.models:Subscription', to: 'hc.payments.subscriptions' },
    ],
  },
  {
    // A scaffolding tool whose suite generates DRF views for its test app and tests them by HTTP:
    // the `function` format writes `@api_view` list and detail views by hand, the shape
    // `hand-written-crud-view` converts (the `modelviewset` format is what they amount to).
    // Its suite runs from tests/ with the package importable from the root, as after `pip install -e .`.
    name: 'drf-generators',
    repo: 'Brobin/drf-generators',
    tag: '0.5.0',
    commit: '33a280b322dfb8384c1dbaa0fd536698183b72ce',
    prepare: ['tests/manage.py', 'generate', 'api', '--format', 'function', '--force'],
    tests: ['tests/manage.py', 'test', 'api'],
    settings: ['import sys', 'sys.path.insert(0, "tests")', settingsModule('test_api.settings')].join('\n'),
    migrationApps: ['api'],
    needs: [],
    moves: [],
  },
];
