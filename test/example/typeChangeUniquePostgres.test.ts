/**
 * The type-change sequence (refactor/database/sequences/typeChangeSequence.ts) of a unique field
 * that a Meta index and a Meta unique constraint also name, on a copy of the example shop with a
 * few thousand subscriptions in a real PostgreSQL: a unique `CharField` becomes a unique
 * `IntegerField`. The unique index, the Meta index and the Meta constraint are built concurrently
 * on the new column and take their names at the switch; uniqueness holds on the new column.
 * Forwards, backwards and forwards again; `makemigrations --check` clean; the newsletter's suite
 * passes; Django's own migrations dropping the unique, the index and the constraint find them.
 * Then the same for an integer → bigint field in `unique_together` and `index_together` and read
 * by a check constraint: the groups rebuilt under Django's digest names of the new columns, the
 * check NOT VALID then validated, all swapped at the switch; the old release's writes still checked.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { schemaIndexName } from '../../server/src/core/database/migrationNames';
import { shopSuiteOnPostgres, typeChangeUnderOldRelease } from '../helpers/django/fixMigration';

const TABLE = 'newsletter_subscription';
const ROWS = 3000;
/** A third of the rows without a code (NULLs are distinct in a unique index). */
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"c{i}@example.com", topic=f"t{i % 7}", code=None if i % 3 == 0 else str(i)) for i in range(${ROWS})])
`;
const OLD_CODE = 'code = models.CharField(max_length=10, null=True, unique=True)';
const NEW_CODE = 'code = models.IntegerField(null=True, unique=True)';
const META = `
    class Meta:
        indexes = [models.Index(fields=["code", "-created_at"], name="subscription_code_idx")]
        constraints = [models.UniqueConstraint(fields=["code", "topic"], name="subscription_code_topic")]
`;

describe('the type-change sequence of a unique field a Meta index and constraint name, on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, sql, script, migrations, fixLatest } = suite;
  const models = () => path.join(suite.shop, 'newsletter', 'models.py');
  const edit = suite.editModels;

  const indexes = () => suite.indexes(TABLE);
  const column = () => sql(`SELECT data_type FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'code'`);
  const codes = () => sql(`SELECT count(*) || ':' || count(*) FILTER (WHERE code IS NULL) || ':' || sum(code::integer) FROM ${TABLE}`);
  const name = (column: string, suffix: string) => schemaIndexName(TABLE, [column], suffix);

  it('builds the unique index, the Meta index and the Meta constraint on the new column, and switches under their names', async () => {
    // The unique column, its Meta index and its Meta constraint, each a migration fixed as written.
    edit('    created_at = models.DateTimeField(default=timezone.now)\n', `    created_at = models.DateTimeField(default=timezone.now)\n    ${OLD_CODE}\n${META}`);
    for (const [slug, hidden] of [['subscription_code', META], ['code_idx', META.replace(/\n {8}constraints.*\n/, '\n')], ['code_topic', undefined]] as const) {
      const modelsNow = fs.readFileSync(models(), 'utf8');
      if (hidden !== undefined) fs.writeFileSync(models(), modelsNow.replace(META, hidden === META ? '\n' : hidden));
      manage('makemigrations', 'newsletter', '--noinput', '-n', slug);
      assert.deepEqual(await fixLatest(), []);
      fs.writeFileSync(models(), modelsNow);
    }
    manage('migrate', '--noinput');
    script(SEED);
    const coded = migrations().at(-1)!;
    const start = await indexes();
    assert.deepEqual(start, [
      `${name('code', '_like')} (code varchar_pattern_ops)`,
      `${name('code', '_uniq')}(u) (code)`,
      'subscription_code_idx (code, created_at DESC)',
      'subscription_code_topic(u) (code, topic)',
    ]);
    const before = await codes();
    assert.match(before, new RegExp(`^${ROWS}:${ROWS / 3}:\\d+$`));

    // The old release (the model before the change) writes while the new column is filled.
    const oldWrites = 'Subscription.objects.create(email="none@example.com", topic="news")\nSubscription.objects.create(email="nine@example.com", topic="news", code="9001")\n';
    await typeChangeUnderOldRelease(suite, { from: OLD_CODE, to: NEW_CODE, slug: 'code_integer', field: 'code', oldWrites });
    assert.equal(await column(), 'integer');
    const [count, nulls, sum] = before.split(':').map(Number);
    assert.equal(await codes(), `${count + 2}:${nulls + 1}:${sum + 9001}`, 'every value cast, the old release\'s too');
    const switched = [
      `${name('code', '_uniq')}(u) (code)`,
      `${name('code_old', '_like')} (code_old varchar_pattern_ops)`,
      `${name('code_old', '_uniq')}(u) (code_old)`,
      'subscription_code_idx (code, created_at DESC)',
      'subscription_code_idx_old (code_old, created_at DESC)',
      'subscription_code_topic(u) (code, topic)',
      'subscription_code_topic_old(u) (code_old, topic)',
    ];
    assert.deepEqual(await indexes(), switched, 'the integer column\'s under the names Django gives them; the old ones renamed after `code_old`');
    const duplicate = script('from django.db import IntegrityError\nfrom newsletter.models import Subscription\ntry:\n    Subscription.objects.create(email="again@example.com", topic="news", code=9001)\nexcept IntegrityError:\n    print("refused")\n');
    assert.match(duplicate, /refused/, 'the new column is unique');
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', coded, '--noinput');
    assert.equal(await column(), 'character varying');
    assert.deepEqual(await indexes(), start, 'backwards: the varchar\'s own indexes and constraints under their names again');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), switched, 'forwards again: the same');

    // Django's own migrations find the unique constraint, the index and the constraint where they look.
    edit(NEW_CODE, NEW_CODE.replace(', unique=True', ''));
    edit(META, '\n');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'code_plain');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), switched.filter((index) => index.includes('code_old')));
  });

  it('rebuilds unique_together, index_together and a check reading the field on the new column, and switches under Django\'s names', async () => {
    const RULES = '\n    class Meta:\n        unique_together = [("rank", "topic")]\n        index_together = [("topic", "rank")]\n        constraints = [models.CheckConstraint(check=models.Q(rank__gte=0), name="subscription_rank_positive")]\n';
    // The groups and the check stand for what production runs already.
    const ruled = suite.deployed('\n    def __str__', `    rank = models.IntegerField(null=True)\n${RULES}\n    def __str__`, 'rank_rules', 'from django.db.models import F\nfrom newsletter.models import Subscription\nSubscription.objects.update(rank=F("id"))\n');
    /** The table's indexes and check constraints on `rank` or `rank_old`, each with its definition. */
    const catalog = async () => {
      const checks = await sql(`SELECT string_agg(conname || '=' || convalidated::text || ' ' || pg_get_constraintdef(oid), E'\\n' ORDER BY conname) FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND contype = 'c'`);
      return [...(await indexes()).filter((index) => index.includes('rank')), ...checks.split('\n')];
    };
    const [unique, together] = [(rank: string) => schemaIndexName(TABLE, [rank, 'topic'], '_uniq'), (rank: string) => schemaIndexName(TABLE, ['topic', rank], '_idx')];
    const on = (rank: string) => [`${unique(rank)}(u) (${rank}, topic)`, `${together(rank)} (topic, ${rank})`];
    const start = [...on('rank'), 'subscription_rank_positive=true CHECK ((rank >= 0))'];
    assert.deepEqual((await catalog()).sort(), start.sort(), 'Django named the groups by the digests of their columns');
    const ranks = () => sql(`SELECT count(*) || ':' || sum(rank) FROM ${TABLE}`);
    const [count, sum] = (await ranks()).split(':').map(Number);

    // The old release writes a rank, and its duplicate and a negative one are refused meanwhile.
    const refusals = (rank: number) => `from django.db import IntegrityError, transaction\nfrom newsletter.models import Subscription\nfor rank in (${rank}, -1):\n    try:\n        with transaction.atomic():\n            Subscription.objects.create(email="again@example.com", topic="news", rank=rank)\n    except IntegrityError:\n        print("refused", rank)\n`;
    const oldWrites = `Subscription.objects.create(email="old@example.com", topic="news", rank=70000)\n${refusals(70000)}`;
    await typeChangeUnderOldRelease(suite, { from: 'rank = models.IntegerField(null=True)', to: 'rank = models.BigIntegerField(null=True)', slug: 'rank_bigint', field: 'rank', oldWrites });
    assert.equal(await sql(`SELECT data_type FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'rank'`), 'bigint');
    assert.equal(await ranks(), `${count + 1}:${sum + 70000}`, 'every rank copied, the old release\'s too, and nothing it was refused');
    const switched = [...on('rank'), ...on('rank_old'), 'subscription_rank_positive=true CHECK ((rank >= 0))', 'subscription_rank_positive_old=true CHECK ((rank_old >= 0))'];
    assert.deepEqual((await catalog()).sort(), switched.sort(), 'the bigint column\'s under the names Django gives them; the old ones after `rank_old`');
    assert.deepEqual(script(refusals(70000)).trim().split('\n'), ['refused 70000', 'refused -1'], 'the new column is unique with the topic, and checked');
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', ruled, '--noinput');
    assert.deepEqual((await catalog()).sort(), start.sort(), 'backwards: the integer column\'s under their names again');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual((await catalog()).sort(), switched.sort(), 'forwards again: the same');

    // Django's own migration dropping the groups and the check finds each where it looks.
    edit(RULES, '\n');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'rank_free');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual((await catalog()).sort(), [...on('rank_old'), 'subscription_rank_positive_old=true CHECK ((rank_old >= 0))'].sort());
  });
});
