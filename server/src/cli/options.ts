/**
 * The CLI's flags, parsed with node's parseArgs (argv.ts) and validated with zod. A usage error becomes a
 * UsageError, which main.ts turns into exit code 2 and a message naming the flag.
 */
import { z } from 'zod';
import { FIX_STAGES, RULE_IDS, SEVERITIES } from '../core/model/finding';
import type { DbStatsOptions } from './dbStats';
import { parseArgv, type RawArguments } from './argv';

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** What `check` and `fix` share: which files are analysed, what counts as a finding, and the cache. */
const thresholdOptions = {
  maxCodeLines: z.coerce.number().int().min(1).optional(),
  minTokens: z.coerce.number().int().min(10).optional(),
  minLines: z.coerce.number().int().min(1).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  /** Whether analyses are kept between runs (`--no-cache` turns it off), and where (`--cache-dir`). */
  cache: z.boolean().optional(),
  cacheDir: z.string().min(1).optional(),
};

/** The settings `check` and `fix` both take from flags. */
export type ThresholdOptions = { [K in keyof typeof thresholdOptions]?: z.infer<(typeof thresholdOptions)[K]> };

const checkOptionsSchema = z.object({
  paths: z.array(z.string().min(1)).min(1),
  format: z.enum(FORMATS),
  config: z.string().min(1).optional(),
  failOn: z.enum([...SEVERITIES, 'never']),
  ...thresholdOptions,
  output: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  writeBaseline: z.string().min(1).optional(),
});

export type CheckOptions = z.infer<typeof checkOptionsSchema>;

const MODULE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** `APP.MODEL.FIELD`, as the model's label and the field. */
const fieldOption = z
  .string()
  .regex(/^[A-Za-z_]\w*\.[A-Za-z_]\w*\.[A-Za-z_]\w*$/, 'expected APP.MODEL.FIELD, e.g. newsletter.Subscription.frequency')
  .transform((value) => ({ model: value.slice(0, value.lastIndexOf('.')), field: value.slice(value.lastIndexOf('.') + 1) }));

const fixOptionsSchema = z
  .object({
    paths: z.array(z.string().min(1)).min(1),
    // Every rule: one whose findings have no refactoring lists them as not offered, with the reason.
    rule: z.enum(RULE_IDS).optional(),
    stage: z.enum(FIX_STAGES).optional(),
    move: z
      .string()
      .regex(/^[A-Za-z_][\w.]*:[A-Za-z_]\w*$/, 'expected MODULE:NAME, e.g. shop.views:checkout')
      .transform((value) => ({ module: value.split(':')[0], name: value.split(':')[1] }))
      .optional(),
    renameField: fieldOption.optional(),
    moveField: fieldOption.optional(),
    to: z.string().regex(MODULE, 'expected a dotted module name, e.g. shop.controllers.order_controllers').optional(),
    dryRun: z.boolean(),
    config: z.string().min(1).optional(),
    ...thresholdOptions,
  })
  .superRefine((options, context) => {
    if ([options.rule, options.move, options.renameField, options.moveField].filter((given) => given !== undefined).length !== 1) {
      context.addIssue({ code: 'custom', path: ['rule'], message: 'give either --rule RULE, --move MODULE:NAME --to MODULE, --rename-field APP.MODEL.FIELD --to NAME or --move-field APP.MODEL.FIELD --to APP.MODEL' });
    } else if (options.move && !options.to) {
      context.addIssue({ code: 'custom', path: ['to'], message: '--move needs --to MODULE' });
    } else if (options.renameField && !/^[A-Za-z_]\w*$/.test(options.to ?? '')) {
      context.addIssue({ code: 'custom', path: ['to'], message: '--rename-field needs --to NAME, the new field name' });
    } else if (options.moveField && !/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(options.to ?? '')) {
      context.addIssue({ code: 'custom', path: ['to'], message: '--move-field needs --to APP.MODEL, the model it moves to (reached through a one-to-one)' });
    } else if (options.stage !== undefined && options.rule !== 'duplicate-block') {
      context.addIssue({ code: 'custom', path: ['stage'], message: '--stage chooses between the soft and hard refactorings of --rule duplicate-block; every other rule has one stage' });
    }
  })
  .transform((options) => {
    // duplicate-block's findings of both stages look alike: its soft refactoring unless asked otherwise.
    const stage = options.stage ?? (options.rule === 'duplicate-block' ? 'soft' : undefined);
    const renameField = options.renameField ? { ...options.renameField, to: options.to! } : undefined;
    const moveField = options.moveField ? { ...options.moveField, to: options.to! } : undefined;
    return options.move ? { ...options, stage, move: { ...options.move, to: options.to! }, renameField, moveField } : { ...options, stage, move: undefined, renameField, moveField };
  });

export type FixOptions = z.infer<typeof fixOptionsSchema>;

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'fix'; options: FixOptions }
  | { kind: 'db-stats'; options: DbStatsOptions };

export const USAGE = `Usage: untangle check [paths...] [options]
       untangle fix [paths...] --rule RULE [--stage soft|hard] [--dry-run] [--config FILE] [--exclude GLOB] [thresholds]
       untangle fix [paths...] --move MODULE:NAME --to MODULE [--dry-run] [--config FILE] [--exclude GLOB]
       untangle fix [paths...] --rename-field APP.MODEL.FIELD --to NAME [--dry-run] [--config FILE] [--exclude GLOB]
       untangle fix [paths...] --move-field APP.MODEL.FIELD --to APP.MODEL [--dry-run] [--config FILE] [--exclude GLOB]
       untangle db-stats [path] [--database-url postgresql://…]

Finds long files, duplicated blocks and logic-heavy views in Python/Django code. Paths default to the current folder.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of standard output
  --config FILE              pyproject.toml to read [tool.untangle] from
                             (default: the nearest one at or above each path)
  --fail-on LEVEL            exit 1 when a finding is at least this severe:
                             error|warning|information|hint|never (default: error)
  --max-code-lines N         long-file limit (overrides the config)
  --min-tokens N             duplicate-block: smallest clone in tokens (default 50)
  --min-lines N              duplicate-block: smallest clone in lines (default 5)
  --exclude GLOB             exclude files matching GLOB (repeatable; adds to the config)
  --no-cache                 analyse every file afresh, and leave the analysis cache alone
  --cache-dir DIR            keep the analysis cache in DIR (default: .untangle/cache in
                             each project, with a .gitignore so it is never committed)
  --baseline FILE            report only findings FILE does not hold (.untangle/baseline.json)
  --write-baseline FILE      save every current finding to FILE as the accepted baseline
  -h, --help                 show this help
  -v, --version              show the version

Fix applies the refactoring of a rule everywhere it is safe, and says why where not:
  --rule long-file           split each long module into a package of feature modules
  --rule logic-heavy-view    move each view's logic to controllers/<feature>_controllers.py
  --rule duplicate-block     extract each exactly duplicated block into utils/<name>.py
  --rule duplicate-block --stage hard
                             generalise near-copies into one function taking the differences;
                             pull the members classes repeat up into one mixin, abstract
                             model, base serializer or base admin (the plan's Hard refactor)
  --rule missing-index       index each field looked up without one: Meta.indexes and a
                             migration (AddIndexConcurrently on PostgreSQL)
  --rule n-plus-one          add select_related/prefetch_related (or list_select_related)
                             where each queryset read row by row is built
  --rule unsafe-migration    write the safe migration sequence: NOT NULL field nullable,
                             batched fill, CHECK NOT VALID, VALIDATE; index concurrently;
                             check and foreign key NOT VALID then VALIDATE; indexes dropped
                             concurrently, constraints under a short lock_timeout, retried
  --rule RULE                any other rule's refactoring where it has one (hand-rolled:
                             a retry loop to tenacity's @retry; hand-written-crud-view:
                             each CRUD view to its generic view); see docs/rules/RULE.md
  --rename-field APP.MODEL.FIELD --to NAME
                             rename a model field in production: new column, batched copy, a property
                             under the old name, serializers keep their keys; the migrations are
                             numbered after the app's latest, the contract step is printed for later
  --move-field APP.MODEL.FIELD --to APP.MODEL
                             the same, moving the field to the model it reaches through a one-to-one:
                             lookups become \`relation__field\`, the property reads through the relation
  --move MODULE:NAME --to MODULE
                             move one top-level class, function or constant to MODULE
                             (created if missing), updating every importer
  --dry-run                  print the changes as a unified diff; write nothing
  --config, --exclude, --max-code-lines, --min-tokens, --min-lines, --no-cache and --cache-dir work as for check:
  fix refactors only the findings check reports with them, never an excluded file.

db-stats prints the read-only SQL that measures the production tables (rows, sizes, indexes, applied
migrations); with --database-url it runs it through psql and writes <path>/.untangle/db-stats.json,
from which unsafe-migration estimates how long each risky operation holds its lock.

Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage or configuration error.`;

/** Parses argv (without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: RawArguments;
  try {
    parsed = parseArgv(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values['no-cache'] && values['cache-dir'] !== undefined) throw new UsageError('--cache-dir: not with --no-cache, which turns the cache off');
  const [command, ...paths] = positionals;
  if (command === undefined) return { kind: 'help' };
  if (command === 'db-stats') return dbStatsCommand(values, paths);
  if (command !== 'check' && command !== 'fix') throw new UsageError(`unknown command "${command}" (expected "check", "fix" or "db-stats")`);
  // A flag the command would silently ignore is refused: `fix --exclude` must not refactor excluded files.
  for (const [flag, why] of Object.entries(NOT_AN_OPTION_OF[command])) {
    if (values[flag as keyof typeof values] !== undefined) throw new UsageError(`--${flag}: not an option of untangle ${command}: ${why}`);
  }
  if (command === 'fix') {
    const fix = fixOptionsSchema.safeParse({
      paths: paths.length > 0 ? paths : ['.'],
      rule: values.rule,
      stage: values.stage,
      move: values.move,
      renameField: values['rename-field'],
      moveField: values['move-field'],
      to: values.to,
      dryRun: values['dry-run'] ?? false,
      config: values.config,
      maxCodeLines: values['max-code-lines'],
      minTokens: values['min-tokens'],
      minLines: values['min-lines'],
      exclude: values.exclude,
      cache: !values['no-cache'],
      cacheDir: values['cache-dir'],
    });
    if (!fix.success) throw new UsageError(flagError(fix.error.issues[0]));
    return { kind: 'fix', options: fix.data };
  }
  const result = checkOptionsSchema.safeParse({
    paths: paths.length > 0 ? paths : ['.'],
    format: values.format ?? 'text',
    config: values.config,
    failOn: values['fail-on'] ?? 'error',
    maxCodeLines: values['max-code-lines'],
    minTokens: values['min-tokens'],
    minLines: values['min-lines'],
    exclude: values.exclude,
    cache: !values['no-cache'],
    cacheDir: values['cache-dir'],
    output: values.output,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
  });
  if (!result.success) throw new UsageError(flagError(result.error.issues[0]));
  return { kind: 'check', options: result.data };
}

/** `db-stats` takes one folder and `--database-url`: any other flag would be silently ignored. */
function dbStatsCommand(values: RawArguments['values'], paths: readonly string[]): Command {
  const other = Object.keys(values).find((flag) => flag !== 'database-url' && values[flag as keyof typeof values] !== undefined);
  if (other) throw new UsageError(`--${other}: not an option of untangle db-stats (it takes a project folder and --database-url)`);
  if (paths.length > 1) throw new UsageError('db-stats: one project folder at most');
  const url = values['database-url'];
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url: expected postgresql://user@host:port/database');
  return { kind: 'db-stats', options: { path: paths[0] ?? '.', databaseUrl: url } };
}

/** The flags of one command that the other does not take, and why. */
const NOT_AN_OPTION_OF: Record<'check' | 'fix', Record<string, string>> = {
  check: {
    rule: 'check reports every rule (untangle fix --rule RULE applies one)',
    stage: 'check reports every stage (untangle fix --rule duplicate-block --stage hard applies the hard one)',
    move: 'check moves nothing (untangle fix --move MODULE:NAME --to MODULE does)',
    to: 'check moves nothing (untangle fix --move MODULE:NAME --to MODULE does)',
    'rename-field': 'check renames nothing (untangle fix --rename-field APP.MODEL.FIELD --to NAME does)',
    'move-field': 'check moves nothing (untangle fix --move-field APP.MODEL.FIELD --to APP.MODEL does)',
    'dry-run': 'check never writes source files',
    'database-url': 'untangle db-stats reads the database',
  },
  fix: {
    format: 'fix prints what it applied and refused as text (untangle check --format reports findings)',
    output: 'fix prints what it applied and refused (untangle check --output writes a report)',
    'fail-on': 'fix exits 0 once its changes are written (untangle check --fail-on fails on findings)',
    baseline: 'fix refactors every finding of the rule; keep it away from accepted ones with `# untangle: ignore RULE` or --exclude',
    'write-baseline': 'untangle check --write-baseline saves the baseline',
    'database-url': 'untangle db-stats reads the database',
  },
};

function flagError(issue: z.core.$ZodIssue): string {
  const flag = FLAG_OF[String(issue.path[0])] ?? String(issue.path[0]);
  return `${flag}: ${issue.message}`;
}

const FLAG_OF: Record<string, string> = {
  format: '--format',
  config: '--config',
  failOn: '--fail-on',
  maxCodeLines: '--max-code-lines',
  minTokens: '--min-tokens',
  minLines: '--min-lines',
  exclude: '--exclude',
  cache: '--no-cache',
  cacheDir: '--cache-dir',
  output: '--output',
  baseline: '--baseline',
  writeBaseline: '--write-baseline',
  rule: '--rule',
  stage: '--stage',
  move: '--move',
  renameField: '--rename-field',
  moveField: '--move-field',
  to: '--to',
  dryRun: '--dry-run',
  paths: 'paths',
};
