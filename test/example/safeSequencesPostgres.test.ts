/**
 * The safe-sequence writers (refactor/database/sequences/safeSequences.ts) on the example shop and a real
 * PostgreSQL with rows: a NOT NULL field, an index, a check constraint and a foreign key added to
 * `newsletter.Subscription`, each step migrated on its own and checked in the catalog (nullable
 * first, filled, NOT VALID then validated, the index valid), the migration state equal to the
 * models, the suites passing (the old release's while the field is still nullable), and
 * everything reversed.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { assembleProject } from '../../server/src/core/django/project';
import { appMigrations, writeMigrations, type MigrationStep } from '../../server/src/core/database/migrationWriter';
import { checkConstraintSteps, concurrentIndexSteps, foreignKeySteps, notNullFieldSteps } from '../../server/src/refactor/database/sequences/safeSequences';
import { DEFAULT_LOCK_RETRY } from '../../server/src/refactor/database/sequences/ddl';
import { factsOfFiles, pythonFiles } from '../helpers/django/djangoModel';
import { canStartPostgres } from '../helpers/processes/postgresCluster';
import { shopOnPostgres, type ShopOnPostgres } from '../helpers/processes/shopOnPostgres';

const TABLE = 'newsletter_subscription';
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"r{i}@example.com", topic="news", frequency="weekly") for i in range(2500)])
`;
const NEW_FIELDS = `    channel = models.CharField(max_length=20)
    referrer = models.ForeignKey("shop.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["topic"], name="newsletter_topic_idx")]
        constraints = [models.CheckConstraint(check=models.Q(frequency__in=["daily", "weekly", "monthly", "never"]), name="newsletter_known_frequency")]
`;

function stepsOrThrow(steps: MigrationStep[] | string): MigrationStep[] {
  if (typeof steps === 'string') throw new Error(steps);
  return steps;
}

describe('the safe sequences on PostgreSQL, step by step', function () {
  this.timeout(300_000);
  let postgres: ShopOnPostgres | undefined;
  let shop: string;

  before(async function () {
    if (!canStartPostgres()) this.skip();
    postgres = await shopOnPostgres();
    shop = postgres.copy();
  });
  after(async () => postgres?.stop());

  const manage = (...args: string[]) => postgres!.manage(shop, ...args);
  const sql = (query: string) => postgres!.sql(query);
  const column = (name: string) => sql(`SELECT is_nullable FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = '${name}'`);
  const constraint = (pattern: string) => sql(`SELECT string_agg(convalidated::text, ',') FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND conname LIKE '${pattern}'`);

  it('adds a NOT NULL field, an index, a check and a foreign key without a locking step, and reverses', async () => {
    manage('migrate', '--noinput');
    postgres!.script(shop, SEED);

    const parser = await loadPythonParser();
    const app = appMigrations(assembleProject(await factsOfFiles(pythonFiles(shop))), 'newsletter');
    assert.ok(typeof app !== 'string', String(app));
    const facts = { app: 'newsletter', model: 'subscription', table: TABLE, lockRetry: DEFAULT_LOCK_RETRY };
    const steps = [
      ...stepsOrThrow(notNullFieldSteps(parser, { ...facts, field: 'channel', column: 'channel', fieldSource: 'models.CharField(max_length=20)' }, '"web"')),
      ...concurrentIndexSteps({ ...facts, fields: ['topic'], columns: ['topic'], name: 'newsletter_topic_idx' }),
      ...stepsOrThrow(checkConstraintSteps(parser, { ...facts, name: 'newsletter_known_frequency', check: 'models.Q(frequency__in=["daily", "weekly", "monthly", "never"])' })),
      ...stepsOrThrow(foreignKeySteps(parser, {
        ...facts, field: 'referrer', column: 'referrer_id', targetTable: 'shop_customer', targetColumn: 'id',
        fieldSource: 'models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="shop.customer")',
        imports: ['import django.db.models.deletion'], dependencies: [['shop', '0002_support']],
      })),
    ];
    const written = writeMigrations(app, steps, 'Safe sequences');
    assert.equal(written[0].name, '0002_add_channel_nullable');

    // The previous release, with the field still nullable: its suite passes on the expanded schema.
    for (const migration of written.slice(0, 2)) fs.writeFileSync(migration.path, migration.text);
    manage('migrate', 'newsletter', written[1].name, '--noinput');
    assert.equal(await column('channel'), 'YES');
    assert.equal(await sql(`SELECT count(*) FROM ${TABLE} WHERE channel = 'web'`), '2500');
    assert.match(manage('test', 'newsletter', '--noinput'), /Ran 7 tests/);

    // The new release: the models declare what the sequences add; each step on its own.
    const models = path.join(shop, 'newsletter', 'models.py');
    fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace('    created_at = models.DateTimeField(default=timezone.now)\n', (line) => line + NEW_FIELDS));
    for (const migration of written.slice(2)) fs.writeFileSync(migration.path, migration.text);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);
    const after: Record<string, () => Promise<void>> = {
      '0004_channel_not_null_check': async () => {
        assert.equal(await constraint('%channel_notnull'), 'false');
        assert.equal(await column('channel'), 'YES');
      },
      '0005_channel_not_null': async () => {
        assert.equal(await column('channel'), 'NO');
        assert.equal(await constraint('%channel_notnull'), '', 'the CHECK is dropped once NOT NULL holds');
      },
      '0006_subscription_topic_index': async () => assert.equal(await sql("SELECT indisvalid FROM pg_index WHERE indexrelid = 'newsletter_topic_idx'::regclass"), 't'),
      '0007_newsletter_known_frequency_not_valid': async () => assert.equal(await constraint('newsletter_known_frequency'), 'false'),
      '0008_validate_newsletter_known_frequency': async () => assert.equal(await constraint('newsletter_known_frequency'), 'true'),
      '0011_referrer_foreign_key': async () => assert.equal(await constraint('%_fk_%'), 'false'),
      '0012_validate_referrer_foreign_key': async () => assert.equal(await constraint('%_fk_%'), 'true'),
    };
    for (const migration of written.slice(2)) {
      manage('migrate', 'newsletter', migration.name, '--noinput');
      await after[migration.name]?.();
    }
    assert.equal(await sql(`SELECT count(*) FROM pg_indexes WHERE tablename = '${TABLE}' AND indexdef LIKE '%(referrer_id)'`), '1');
    assert.match(manage('test', 'newsletter', '--noinput'), /Ran 7 tests/);

    // Backwards, all of it.
    manage('migrate', 'newsletter', '0001', '--noinput');
    assert.equal(await column('channel'), '');
    assert.equal(await column('referrer_id'), '');
    assert.equal(await sql(`SELECT count(*) FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND contype IN ('c', 'f')`), '0');
    assert.equal(await sql(`SELECT count(*) FROM pg_indexes WHERE tablename = '${TABLE}'`), '1', 'the primary key only');
  });
});
