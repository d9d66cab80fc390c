/**
 * The quick fix "Write the safe migration sequence" (refactor/database/sequences/safeMigrationFix.ts) on a
 * copy of the example shop with a few thousand subscriptions in a real PostgreSQL: four risky
 * migrations of `newsletter` (a NOT NULL field, a nullable foreign key, an index, a check), each
 * written as makemigrations would and fixed before the next is written, as a developer would.
 * The sequences then migrate forwards, backwards and forwards again, the state matches the
 * models (`makemigrations --check`), the catalog holds what the models say, and the shop's
 * suite passes on PostgreSQL. The inventory's migration of every risk is fixed by `untangle fix`
 * first, and its sequences reversed and re-applied too. Then what makemigrations itself writes for
 * a SET NOT NULL, a `unique=True`, a `db_index=True`, two UniqueConstraints and a foreign key
 * added without its constraint, then with it, is fixed the same
 * way, and Django's own migration undoing them finds each index under the name it would give it.
 * Last, a type change (integer → numeric) written as a new column, a batched copy and a switch:
 * what the old release writes meanwhile reaches the new column, and a reversal keeps what the new
 * release wrote.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../helpers/processes/cli';
import { shopSuiteOnPostgres } from '../helpers/django/fixMigration';

const TABLE = 'newsletter_subscription';
const ROWS = 3000;
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"r{i}@example.com", topic="news", frequency="weekly") for i in range(${ROWS})])
`;
const PYPROJECT = `[tool.untangle.unsafe-migration.backfill]
batch-size = 700
values = [
  { field = "newsletter.Subscription.channel", value = '"web"' },
  { field = "inventory.StockItem.batch", value = '"unassigned"' },
  { field = "inventory.StockItem.quantity", value = '0' },
]
`;

/** What each risky migration adds to the model, and the operation makemigrations writes for it. */
const CHANGES = [
  {
    slug: 'subscription_channel',
    model: '    channel = models.CharField(max_length=20)\n',
    operation: "migrations.AddField(\n            model_name='subscription',\n            name='channel',\n            field=models.CharField(max_length=20),\n        )",
  },
  {
    slug: 'subscription_referrer',
    model: '    referrer = models.ForeignKey("shop.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")\n',
    operation: "migrations.AddField(\n            model_name='subscription',\n            name='referrer',\n            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='shop.customer'),\n        )",
    dependency: "('shop', '0002_support')",
  },
  {
    slug: 'newsletter_topic_idx',
    meta: 'indexes = [models.Index(fields=["topic"], name="newsletter_topic_idx")]',
    operation: "migrations.AddIndex(\n            model_name='subscription',\n            index=models.Index(fields=['topic'], name='newsletter_topic_idx'),\n        )",
  },
  {
    slug: 'newsletter_known_frequency',
    meta: 'constraints = [models.CheckConstraint(check=models.Q(frequency__in=["daily", "weekly", "monthly", "never"]), name="newsletter_known_frequency")]',
    operation: "migrations.AddConstraint(\n            model_name='subscription',\n            constraint=models.CheckConstraint(check=models.Q(frequency__in=['daily', 'weekly', 'monthly', 'never']), name='newsletter_known_frequency'),\n        )",
  },
];

/** A foreign key added without its constraint, which a later migration turns on. */
const OWNER = '    owner = models.ForeignKey("shop.Customer", null=True, blank=True, db_constraint=False, on_delete=models.SET_NULL, related_name="+")\n';

/** The Subscription model's source with `line` in its Meta (added when it has none). */
function withMeta(text: string, line: string): string {
  return text.includes('    class Meta:\n')
    ? text.replace('    class Meta:\n', `    class Meta:\n        ${line}\n`)
    : text.replace('\n    def __str__', `\n    class Meta:\n        ${line}\n\n    def __str__`);
}

/** The Subscription model's source with `constraint` added to its Meta's constraints. */
function withConstraint(text: string, constraint: string): string {
  return text.includes('constraints = [') ? text.replace('constraints = [', `constraints = [${constraint}, `) : withMeta(text, `constraints = [${constraint}]`);
}

function migrationText(previous: string, operation: string, dependency?: string): string {
  return `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '${previous}'),${dependency ? `\n        ${dependency},` : ''}
    ]

    operations = [
        ${operation},
    ]
`;
}

describe('the safe migration sequence fix on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, sql, script, migrations, fixLatest } = suite;

  it('writes sequences that migrate forwards, backwards and forwards, match the models, and keep the suite green', async () => {
    fs.writeFileSync(path.join(suite.shop, 'pyproject.toml'), PYPROJECT);
    // The inventory's migration of every risk, fixed from the command line: each sequence the fix writes there.
    const inventoryFix = untangle(['fix', 'inventory', '--rule', 'unsafe-migration', '--no-cache'], suite.shop);
    assert.match(inventoryFix.stdout, /^5 applied, /m, inventoryFix.stdout + inventoryFix.stderr);
    manage('migrate', '--noinput');
    script(SEED);

    const models = path.join(suite.shop, 'newsletter', 'models.py');
    for (const change of CHANGES) {
      let text = fs.readFileSync(models, 'utf8');
      if (change.model) text = text.replace('    created_at = models.DateTimeField(default=timezone.now)\n', (line) => line + change.model);
      if (change.meta) text = withMeta(text, change.meta);
      fs.writeFileSync(models, text);
      const previous = migrations().at(-1)!;
      const number = String(Number(previous.slice(0, 4)) + 1).padStart(4, '0');
      fs.writeFileSync(path.join(suite.shop, 'newsletter', 'migrations', `${number}_${change.slug}.py`), migrationText(previous, change.operation, change.dependency));
      assert.deepEqual(await fixLatest(), [], `no unsafe-migration finding left after fixing ${change.slug}`);
    }
    assert.deepEqual(migrations(), [
      '0001_initial', '0002_subscription_channel', '0003_fill_channel', '0004_channel_not_null_check', '0005_channel_not_null',
      '0006_subscription_referrer', '0007_referrer_index', '0008_referrer_foreign_key', '0009_validate_referrer_foreign_key',
      '0010_newsletter_topic_idx', '0011_newsletter_known_frequency', '0012_validate_newsletter_known_frequency',
    ]);
    assert.match(fs.readFileSync(path.join(suite.shop, 'newsletter', 'migrations', '0003_fill_channel.py'), 'utf8'), /BATCH_SIZE = 700/);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);

    const channel = async () => {
      const nullable = await sql(`SELECT is_nullable FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'channel'`);
      return nullable && `${nullable}:${await sql(`SELECT count(*) FROM ${TABLE} WHERE channel = 'web'`)}`;
    };
    const catalog = async () => ({
      channel: await channel(),
      checks: await sql(`SELECT string_agg(conname || '=' || convalidated::text, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND contype IN ('c', 'f')`),
      indexes: await sql(`SELECT string_agg(indexrelid::regclass::text || '=' || indisvalid::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = '${TABLE}'::regclass AND NOT indisprimary`),
    });
    manage('migrate', 'newsletter', '--noinput');
    const forwards = await catalog();
    assert.equal(forwards.channel, `NO:${ROWS}`);
    assert.match(forwards.checks, /^newsletter_known_frequency=true,newsletter_subscript\w*_referrer_id_[0-9a-f]{8}_fk_shop_cust\w*=true$/);
    assert.match(forwards.indexes, /^newsletter_subscription_referrer_id_[0-9a-f]{8}=true,newsletter_topic_idx=true$/);

    manage('migrate', 'newsletter', '0001', '--noinput');
    assert.deepEqual(await catalog(), { channel: '', checks: '', indexes: '' });
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await catalog(), forwards, 'forwards again: the same schema and data');

    const inventory = () => sql("SELECT string_agg(conname || '=' || convalidated::text, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'inventory_stockitem'::regclass AND contype IN ('c', 'f')");
    const inventoryForwards = await inventory();
    // The check on the bigint `quantity` (built with it, validated after the copy); the one 0002 adds NOT VALID went with the old column at the switch.
    assert.match(inventoryForwards, /^inventory_quantity_positive=true,inventory_quantity_positive_old=false,inventory_stockitem_warehouse_id_[0-9a-f]{8}_fk_\w+=true$/);
    assert.equal(await sql("SELECT data_type || ':' || is_nullable FROM information_schema.columns WHERE table_name = 'inventory_stockitem' AND column_name = 'quantity'"), 'bigint:NO');
    const batchNullable = () => sql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'inventory_stockitem' AND column_name = 'batch'");
    assert.equal(await batchNullable(), 'NO');
    // Back to 0002, which keeps its first steps: the check it adds NOT VALID, the new column's (validated: VALIDATE is not undone)
    // and its NOT NULL check (back NOT VALID with the switch reversed), the nullable columns.
    manage('migrate', 'inventory', '0002', '--noinput');
    assert.equal(await inventory(), 'inventory_quantity_positive=false,inventory_quantity_positive_new=true,inventory_stockitem_quantity_new_notnull=false');
    assert.equal(await batchNullable(), 'YES');
    manage('migrate', 'inventory', '--noinput');
    assert.equal(await inventory(), inventoryForwards);

    assert.match(manage('test', '--noinput'), /\nOK\b/);
  });

  it('fixes what makemigrations writes for SET NOT NULL, db_index, unique, UniqueConstraints and a foreign key constraint turned on, under the names Django drops them by', async () => {
    const models = path.join(suite.shop, 'newsletter', 'models.py');
    const edit = (from: string | RegExp, to: string) => fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace(from, to));
    const makemigrations = (slug: string) => manage('makemigrations', 'newsletter', '--noinput', '-n', slug);
    manage('migrate', '--noinput');
    // The rows the first test seeded, when it ran before this one.
    if ((await sql(`SELECT count(*) FROM ${TABLE}`)) === '0') script(SEED);
    edit('    created_at = models.DateTimeField(default=timezone.now)\n', '    created_at = models.DateTimeField(default=timezone.now)\n    note = models.CharField(max_length=20, null=True)\n');
    makemigrations('subscription_note');
    manage('migrate', 'newsletter', '--noinput');
    const before = await uniques();
    const noted = migrations().at(-1)!;
    const unique = (constraint: string) => (text: string) => withConstraint(text, `models.UniqueConstraint(${constraint})`);
    const changes: [string, string | ((text: string) => string), string][] = [
      ['note = models.CharField(max_length=20, null=True)', 'note = models.CharField(max_length=20, default="none")', 'note_not_null'],
      ['email = models.EmailField()', 'email = models.EmailField(unique=True)', 'email_unique'],
      ['topic = models.CharField(max_length=40)', 'topic = models.CharField(max_length=40, db_index=True)', 'topic_db_index'],
      ['', unique('fields=["email", "topic"], name="newsletter_email_topic"'), 'email_topic'],
      ['', unique('fields=["email"], condition=models.Q(frequency="never"), name="newsletter_one_never"'), 'one_never'],
      ['    created_at = models.DateTimeField(default=timezone.now)\n', `    created_at = models.DateTimeField(default=timezone.now)\n${OWNER}`, 'subscription_owner'],
      [OWNER, OWNER.replace('db_constraint=False, ', ''), 'owner_constraint'],
    ];
    const original = fs.readFileSync(models, 'utf8');
    for (const [from, to, slug] of changes) {
      if (typeof to === 'string') edit(from, to);
      else fs.writeFileSync(models, to(fs.readFileSync(models, 'utf8')));
      makemigrations(slug);
      assert.deepEqual(await fixLatest(), [], `no unsafe-migration finding left after fixing ${slug}`);
    }
    const written = migrations().slice(migrations().indexOf(noted) + 1).map((name) => name.slice(5));
    assert.deepEqual(written, [
      'note_not_null', 'note_not_null_check', 'note_not_null', 'email_unique', 'topic_db_index', 'email_topic', 'one_never',
      'subscription_owner', 'owner_index', 'owner_constraint', 'validate_owner_foreign_key',
    ]);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);

    manage('migrate', 'newsletter', '--noinput');
    const forwards = await uniques();
    assert.equal(forwards.note, `NO:${ROWS}`);
    assert.match(forwards.constraints, /^newsletter_email_topic=true,newsletter_subscription_email_[0-9a-f]{8}_uniq=true,newsletter_subscript\w*_owner_id_[0-9a-f]{8}_fk_shop_cust\w*=true$/);
    assert.match(forwards.indexes, /^newsletter_one_never=true,newsletter_subscription_email_[0-9a-f]{8}_like=false,newsletter_subscription_owner_id_[0-9a-f]{8}=false,newsletter_subscription_topic_[0-9a-f]{8}=false,newsletter_subscription_topic_[0-9a-f]{8}_like=false$/);
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);
    manage('migrate', 'newsletter', noted, '--noinput');
    // Nullable again; the filled rows keep their value (the fill's reverse is a no-op).
    assert.deepEqual(await uniques(), { ...before, note: `YES:${ROWS}` });
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await uniques(), forwards, 'forwards again: the same schema and data');

    // Django's own migration dropping them finds every index and constraint by the name it would have given it.
    fs.writeFileSync(models, original.replace(changes[0][0], changes[0][1] as string));
    makemigrations('drop_uniques');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await uniques(), { ...before, note: forwards.note });
  });

  it('changes a column\'s type without a rewrite: the old release\'s writes reach the new column, the new release\'s survive the reversal', async () => {
    const models = path.join(suite.shop, 'newsletter', 'models.py');
    const edit = (from: string, to: string) => fs.writeFileSync(models, fs.readFileSync(models, 'utf8').replace(from, to));
    manage('migrate', '--noinput');
    if ((await sql(`SELECT count(*) FROM ${TABLE}`)) === '0') script(SEED);
    edit('    created_at = models.DateTimeField(default=timezone.now)\n', '    created_at = models.DateTimeField(default=timezone.now)\n    score = models.IntegerField(default=0)\n');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'subscription_score');
    manage('migrate', 'newsletter', '--noinput');
    const scored = migrations().at(-1)!;
    await sql(`UPDATE ${TABLE} SET score = id % 1000`);
    edit('score = models.IntegerField(default=0)', 'score = models.DecimalField(max_digits=12, decimal_places=2, default=0)');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'score_decimal');
    // The other test's last migration (dropping `owner`) keeps its own finding when it ran first.
    assert.deepEqual((await fixLatest()).filter((message) => message.includes('score')), [], 'no unsafe-migration finding on score left after the fix');
    const written = migrations().slice(migrations().indexOf(scored) + 1);
    assert.deepEqual(written.map((name) => name.slice(5)), ['score_decimal', 'copy_score', 'switch_score']);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);

    const column = async () => sql(`SELECT data_type || ':' || is_nullable FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'score'`);
    const scores = async () => sql(`SELECT count(*) || ':' || sum(score) FROM ${TABLE}`);
    // The new column and its trigger: the old release (the model before the change) goes on writing `score` alone.
    manage('migrate', 'newsletter', written[0], '--noinput');
    const release = (field: string, source: string) => {
      const current = fs.readFileSync(models, 'utf8');
      fs.writeFileSync(models, current.replace(/score = models\.\w+\([^)]*\)/, field));
      script(`from decimal import Decimal\nfrom newsletter.models import Subscription\n${source}\n`);
      fs.writeFileSync(models, current);
    };
    release('score = models.IntegerField(default=0)', 'Subscription.objects.create(email="old@example.com", topic="news", score=7)');
    await sql(`UPDATE ${TABLE} SET score = 999 WHERE id = (SELECT min(id) FROM ${TABLE})`);
    const oldRelease = await scores();
    manage('migrate', 'newsletter', '--noinput');
    assert.equal(await column(), 'numeric:NO');
    assert.equal(await scores(), oldRelease.replace(/:(\d+)$/, ':$1.00'), 'every value, the old release\'s writes included, in the new column');
    assert.equal(await sql(`SELECT count(*) FROM ${TABLE} WHERE score_old IS DISTINCT FROM score`), '0');
    assert.equal(await sql(`SELECT count(*) FROM pg_trigger WHERE tgrelid = '${TABLE}'::regclass AND NOT tgisinternal`), '0');
    // The new release writes `score` alone: the old column, nullable now, lets it.
    release('score = models.DecimalField(max_digits=12, decimal_places=2, default=0)', 'Subscription.objects.create(email="new@example.com", topic="news", score=Decimal("2.50"))');
    assert.match(manage('test', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', scored, '--noinput');
    assert.equal(await column(), 'integer:NO');
    assert.equal(await sql(`SELECT score FROM ${TABLE} WHERE email = 'new@example.com'`), '3', 'the new release\'s row keeps its value, cast back');
    manage('migrate', 'newsletter', '--noinput');
    assert.equal(await column(), 'numeric:NO');
    assert.equal(await sql(`SELECT count(*) || ':' || sum(score) FROM ${TABLE} WHERE email <> 'new@example.com'`), oldRelease.replace(/:(\d+)$/, ':$1.00'), 'forwards again: the same values');
  });

  /** The note column, the unique constraints and the indexes of the table besides the primary key and the first test's. */
  async function uniques() {
    const nullable = await sql(`SELECT is_nullable FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'note'`);
    return {
      note: nullable && `${nullable}:${await sql(`SELECT count(*) FROM ${TABLE} WHERE note = 'none'`)}`,
      constraints: await sql(`SELECT string_agg(conname || '=' || convalidated::text, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND contype IN ('u', 'f') AND conname NOT LIKE '%referrer%'`),
      // Each index with whether it is unique (all valid: a failed concurrent build would leave one invalid).
      indexes: await sql(`SELECT string_agg(indexrelid::regclass::text || '=' || indisunique::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = '${TABLE}'::regclass AND NOT indisprimary AND indisvalid
        AND indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE contype = 'u') AND indexrelid::regclass::text NOT IN ('newsletter_topic_idx') AND indexrelid::regclass::text NOT LIKE '%referrer%'`),
    };
  }
});
