/**
 * The quick fix "Write the safe migration sequence" as a developer applies it: on the latest
 * migration of an app of a project on disk, written to disk; and the copy of the shop on
 * PostgreSQL the tests of the sequences apply it to.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { loadProjects } from '../../../server/src/cli/project';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';
import { canStartPostgres, type PostgresCluster } from '../processes/postgresCluster';
import { shopOnPostgres, type ShopOnPostgres } from '../processes/shopOnPostgres';

/** The numbered migrations of `app` in `project`, by name, in order. */
function appMigrations(project: string, app: string): string[] {
  return fs.readdirSync(path.join(project, app, 'migrations')).filter((name) => /^\d{4}_.*\.py$/.test(name)).map((name) => name.slice(0, -3)).sort();
}

/** Plans the fix of the first unsafe-migration finding of the app's latest migration and writes it to disk; the app's findings left after it. */
async function fixLatestMigration(parser: PythonParser, project: string, app: string): Promise<string[]> {
  const [index] = await loadProjects([project], project, { parser });
  const latest = path.join(project, app, 'migrations', `${appMigrations(project, app).at(-1)}.py`);
  const finding = index.findings().find((candidate) => candidate.rule === 'unsafe-migration' && candidate.path === latest);
  assert.ok(finding, `no unsafe-migration finding in ${latest}`);
  const snapshot = { read: (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined), exists: fs.existsSync, pythonFiles: () => index.projectPaths() };
  const { result } = refactoringForFinding(parser, snapshot, finding, index.settings);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  for (const file of result.edit.createFiles) fs.writeFileSync(file, '');
  for (const [file, edits] of result.edit.edits) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
  const [after] = await loadProjects([project], project, { parser });
  return after.findings().filter((candidate) => candidate.rule === 'unsafe-migration' && candidate.path.includes(`${path.sep}${app}${path.sep}`)).map((f) => f.message);
}

/** One copy of the shop on PostgreSQL for a suite, with what its tests do to it. */
export interface ShopSuite {
  readonly shop: string;
  /** The cluster the shop's database `shop` is on, for sessions of a test's own. */
  readonly cluster: PostgresCluster;
  readonly parser: PythonParser;
  manage(...args: string[]): string;
  script(source: string): string;
  sql(query: string): Promise<string>;
  /** The newsletter's migrations. */
  migrations(): string[];
  /** The text of the newsletter's latest migration. */
  latest(): string;
  /** Fixes the newsletter's latest migration: its findings left. */
  fixLatest(): Promise<string[]>;
  /** Rewrites the newsletter's models.py: `from` → `to`. */
  editModels(from: string, to: string): void;
  /** The table's valid indexes besides the primary key (those whose definition holds `like`), each as `name(u) (columns)` with the kind of constraint holding it, by name. */
  indexes(table: string, like?: string): Promise<string[]>;
  /**
   * The table as production has had it for a while: the models edited (`from` → `to`),
   * makemigrations writing `name`, the newsletter's migrations listed as applied in production
   * (`.untangle/db-stats.json`, so their risks are not findings), migrated, then `seed` run.
   * Returns the migration's name.
   */
  deployed(from: string, to: string, name: string, seed: string): string;
}

/** Mocha hooks starting the shop on PostgreSQL for the suite (skipped without PostgreSQL) and stopping it. */
export function shopSuiteOnPostgres(): ShopSuite {
  let postgres: ShopOnPostgres | undefined;
  let shop = '';
  let parser: PythonParser | undefined;
  before(async function () {
    if (!canStartPostgres()) this.skip();
    postgres = await shopOnPostgres();
    shop = postgres.copy();
    parser = await loadPythonParser();
  });
  after(async () => postgres?.stop());
  const editModels = (from: string, to: string) => {
    const models = path.join(shop, 'newsletter', 'models.py');
    fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace(from, to));
  };
  return {
    get shop() {
      return shop;
    },
    get parser() {
      return parser!;
    },
    get cluster() {
      return postgres!.cluster;
    },
    manage: (...args) => postgres!.manage(shop, ...args),
    script: (source) => postgres!.script(shop, source),
    sql: (query) => postgres!.sql(query),
    migrations: () => appMigrations(shop, 'newsletter'),
    latest: () => fs.readFileSync(path.join(shop, 'newsletter', 'migrations', `${appMigrations(shop, 'newsletter').at(-1)}.py`), 'utf8'),
    fixLatest: () => fixLatestMigration(parser!, shop, 'newsletter'),
    editModels,
    indexes: async (table, like = '') => {
      const constraint = "coalesce('(' || (SELECT contype::text FROM pg_constraint WHERE conindid = indexrelid AND conrelid = indrelid) || ')', '')";
      const definition = "regexp_replace(pg_get_indexdef(indexrelid), '^.* USING btree ', '')";
      const rows = await postgres!.sql(`SELECT string_agg(indexrelid::regclass::text || ${constraint} || ' ' || ${definition}, E'\\n' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = '${table}'::regclass AND NOT indisprimary AND indisvalid AND pg_get_indexdef(indexrelid) LIKE '%${like}%'`);
      return rows.split('\n');
    },
    deployed: (from, to, name, seed) => {
      editModels(from, to);
      postgres!.manage(shop, 'makemigrations', 'newsletter', '--noinput', '-n', name);
      const stats = { version: 1, serverVersion: 150000, collectedAt: '2026-12-07T00:00:00Z', tables: [], applied: appMigrations(shop, 'newsletter').map((migration) => `newsletter.${migration}`) };
      fs.mkdirSync(path.join(shop, '.untangle'), { recursive: true });
      fs.writeFileSync(path.join(shop, '.untangle', 'db-stats.json'), JSON.stringify(stats));
      postgres!.manage(shop, 'migrate', '--noinput');
      postgres!.script(shop, seed);
      return appMigrations(shop, 'newsletter').at(-1)!;
    },
  };
}

/** A field of the newsletter's `Subscription` redeclared: `from` → `to`, as the models write them. */
export interface FieldChange {
  readonly from: string;
  readonly to: string;
  /** The migration's name (`-n`) and the field's, for the steps the fix writes. */
  readonly slug: string;
  readonly field: string;
  /** What the old release (the models before the change) writes while the new column is filled. */
  readonly oldWrites: string;
  /** Runs the `migrate` to each step (`target`, its migration), a test holding the table meanwhile; at once when not given. */
  readonly migrating?: (target: string, migrate: () => void) => Promise<unknown>;
}

/**
 * The type change as a team rolls it out: the migration made and fixed (no finding left, three
 * steps, makemigrations clean), its first step applied, the old release writing, then the rest
 * applied. The migrations written, in order.
 */
export async function typeChangeUnderOldRelease(suite: ShopSuite, change: FieldChange): Promise<string[]> {
  const models = path.join(suite.shop, 'newsletter', 'models.py');
  const latest = suite.migrations().at(-1)!;
  const current = fs.readFileSync(models, 'utf8').replace(change.from, change.to);
  fs.writeFileSync(models, current);
  suite.manage('makemigrations', 'newsletter', '--noinput', '-n', change.slug);
  assert.deepEqual(await suite.fixLatest(), [], 'no unsafe-migration finding left after the fix');
  const written = suite.migrations().slice(suite.migrations().indexOf(latest) + 1);
  assert.deepEqual(written.map((migration) => migration.slice(5)), [change.slug, `copy_${change.field}`, `switch_${change.field}`]);
  assert.match(suite.manage('makemigrations', '--check', '--dry-run'), /No changes detected/);
  const step = async (target: string) => {
    const migrate = () => suite.manage('migrate', 'newsletter', target, '--noinput');
    await (change.migrating ? change.migrating(target, migrate) : migrate());
  };
  await step(written[0]);
  fs.writeFileSync(models, current.replace(change.to, change.from));
  suite.script(`from newsletter.models import Subscription\n${change.oldWrites}`);
  fs.writeFileSync(models, current);
  await step(written[1]);
  await step(written[2]);
  return written;
}
