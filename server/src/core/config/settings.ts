/**
 * The one schema of Untangle's settings. VS Code's `untangle.*` settings, `[tool.untangle]` in
 * pyproject.toml and the CLI flags are all validated against it; package.json's
 * `contributes.configuration` defaults are tested to equal these.
 */
import { z } from 'zod';
import { SEVERITIES } from '../model/finding';
import { DUPLICATE_LANGUAGES } from '../webClones/webLanguages';
import { HAND_ROLLED_ENTRIES } from '../handRolled/catalogue';

/**
 * Folders no one wants analysed: virtualenvs, dependencies, generated migrations, build output
 * and caches. Folders holding a `pyvenv.cfg` are skipped as virtualenvs whatever their name.
 */
export const DEFAULT_EXCLUDE = [
  '**/.git/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.tox/**',
  '**/.nox/**',
  '**/node_modules/**',
  '**/site-packages/**',
  '**/migrations/**',
  '**/build/**',
  '**/dist/**',
  '**/__pycache__/**',
  '**/.mypy_cache/**',
  '**/.pytest_cache/**',
  '**/.ruff_cache/**',
  '**/*.egg-info/**',
];

const severity = z.enum(SEVERITIES);

/** A path pattern for generated modules: `{feature}` (and `{module}`, the split module's name). */
const modulePattern = z
  .string()
  .regex(/\{feature\}/, 'must contain {feature}')
  .regex(/^[\w{}/.-]+\.py$/, 'must be a relative path ending in .py, e.g. controllers/{feature}_controllers.py')
  // The module is written there: a leading `/` or a `..` would put it outside the project.
  .refine((pattern) => !pattern.startsWith('/') && !pattern.split('/').includes('..'), 'must stay inside the app folder: a relative path without a leading / or a .. segment, e.g. controllers/{feature}_controllers.py');

/** Test modules, as pytest and Django's runner find them. */
const TEST_FILES = ['**/tests/**', '**/test_*.py', '**/*_test.py', '**/tests.py', '**/conftest.py'];

export const settingsSchema = z.strictObject({
  exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDE),
  useGitignore: z.boolean().default(true),
  /** Files above this size are generated or data, not code anyone maintains by hand. */
  maxFileSizeKb: z.number().int().min(1).max(1_048_576).default(1024),
  longFile: z
    .strictObject({
      enabled: z.boolean().default(true),
      /**
       * 500 code lines: about ten screens of code. Past it a Django module nearly always holds
       * several features (pylint's 1,000-line limit counts blanks, comments and docstrings too,
       * which are a third to a half of a typical Django module).
       */
      maxCodeLines: z.number().int().min(1).default(500),
      severity: severity.default('warning'),
    })
    .prefault({}),
  duplicateBlock: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** jscpd's defaults, so results compare with the tool teams already know. */
      minTokens: z.number().int().min(10).max(10_000).default(50),
      minLines: z.number().int().min(1).default(5),
      severity: severity.default('warning'),
      /** Tests repeat set-up code on purpose; migrations are excluded from everything already. */
      exclude: z
        .array(z.string().min(1))
        // Minified files are generated, and one of their lines is a whole file: no clone of them spans five lines.
        .default([...TEST_FILES, '**/*.min.js', '**/*.min.css']),
      /** Python through Untangle's own engine; templates and static files through jscpd's. */
      languages: z.array(z.enum(DUPLICATE_LANGUAGES)).default([...DUPLICATE_LANGUAGES]),
      /** Parameters (inputs and what the copies differ in) one function generalizing near-copies may take: past it, the copies read better. */
      maxParameters: z.number().int().min(0).max(12).default(4),
    })
    .prefault({}),
  logicHeavyView: z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: severity.default('warning'),
      /** A view may fetch what it shows; three queries is already a use case of its own. */
      maxOrmCalls: z.number().int().min(0).default(3),
      maxLoops: z.number().int().min(0).default(1),
      maxBranches: z.number().int().min(0).default(4),
      maxStatements: z.number().int().min(1).default(20),
      maxNesting: z.number().int().min(1).default(3),
      maxSideEffects: z.number().int().min(0).default(1),
    })
    .prefault({}),
  handRolled: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** A suggestion, not a defect; `timestamps` is always a hint (adopting the library renames fields). */
      severity: severity.default('information'),
      /** Catalogue entries not to report (a team that wants its own retry helper). */
      ignore: z.array(z.enum(HAND_ROLLED_ENTRIES)).default([]),
    })
    .prefault({}),
  mixedResponsibilities: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Modest on purpose: a class doing several things is a design choice to look at, not an error. */
      severity: severity.default('hint'),
      /** Feature groups (besides the class's own) before a class is said to mix them. */
      minGroups: z.number().int().min(2).default(3),
      /** Methods a group needs to count: one method about coupons is a detail, two a responsibility. */
      minMethods: z.number().int().min(1).default(2),
    })
    .prefault({}),
  observability: z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: severity.default('warning'),
      /** A team may profile with py-spy or an APM instead of silk or the debug toolbar. */
      requireProfiler: z.boolean().default(true),
      swallowedExceptions: z.boolean().default(true),
      printCalls: z.boolean().default(true),
    })
    .prefault({}),
  missingIndex: z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: severity.default('information'),
      /** One lookup is a one-off; a field filtered or ordered on in several places is an access path worth an index. */
      minCallSites: z.number().int().min(1).default(2),
      /** Tests query whatever they check: their lookups say nothing of production's access paths. */
      exclude: z.array(z.string().min(1)).default([...TEST_FILES]),
    })
    .prefault({}),
  nPlusOne: z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: severity.default('warning'),
      exclude: z.array(z.string().min(1)).default([...TEST_FILES]),
    })
    .prefault({}),
  /** The database the migrations run on: what locks an operation takes depends on it. */
  database: z.enum(['postgresql', 'mysql', 'sqlite']).default('postgresql'),
  unsafeMigration: z
    .strictObject({
      enabled: z.boolean().default(true),
      severity: severity.default('warning'),
      /** GitLab's budget for a migration run at deploy time: past it, a deploy holds its locks too long. */
      budgetSeconds: z.number().min(1).default(180),
      /**
       * How long a brief ACCESS EXCLUSIVE change the safe sequences write (a constraint added NOT
       * VALID or dropped, a rename) may queue behind running queries per attempt, so stopping the
       * queries queued behind it as long: PostgreSQL's form, `1s`, `500ms`.
       */
      lockTimeout: z.string().regex(/^[1-9][0-9]*(ms|s|min)$/, 'must be a duration such as "1s", "500ms" or "1min"').default('1s'),
      /** Attempts at such a change before the migration fails (nothing changed; it can run again): pauses of 1, 2 … s between them. */
      lockAttempts: z.number().int().min(1).max(50).default(10),
      /** What the "Write the safe migration sequence" fix fills existing rows with when it adds a NOT NULL column. */
      backfill: z
        .strictObject({
          /** Rows per UPDATE: each batch is its own short transaction, so no row lock lasts the whole table. */
          batchSize: z.number().int().min(1).max(1_000_000).default(1000),
          /** The value per field (`app.Model.field`), a Python expression: `"web"`, `0`, `models.F("created_at")`. */
          values: z
            .array(z.strictObject({ field: z.string().regex(/^\w+\.\w+\.\w+$/, 'must be app.Model.field'), value: z.string().min(1) }))
            .default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  handWrittenCrudView: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** A suggestion: the view works, a generic view says the same in fewer lines. */
      severity: severity.default('information'),
    })
    .prefault({}),
  refactor: z
    .strictObject({
      /**
       * A moved symbol stays importable from its old module, and a split module's imports from
       * its package: code outside the workspace (other repositories, pickled paths, plugins) may
       * import them from there. Unset, moves keep them, and splits keep a split module's imports
       * only in a distributed package (refactor/analysis/distribution.ts).
       */
      keepReexports: z.boolean().optional(),
      /** Where a view's logic goes, relative to its app folder (the seed's layout). */
      controllerModule: modulePattern.default('controllers/{feature}_controllers.py'),
      /** The name of each module a long module is split into, inside the new package. */
      featureModule: modulePattern.default('{feature}_{module}.py'),
    })
    .prefault({}),
  trace: z.strictObject({ server: z.enum(['off', 'messages', 'verbose']).default('off') }).prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

/** The settings with every default applied. */
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});
