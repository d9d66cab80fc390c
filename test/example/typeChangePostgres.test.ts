/**
 * The type-change sequence (refactor/database/sequences/typeChangeSequence.ts) on the harder
 * case, on a copy of the example shop with a few thousand subscriptions in a real PostgreSQL: an
 * indexed, nullable `CharField` becomes an indexed `IntegerField` NOT NULL with a default, as
 * makemigrations writes it. The new column's index is built concurrently and takes Django's name
 * at the switch; the NULL rows, and the NULLs the old release writes meanwhile, get the default.
 * The first step and the switch each run while another session holds the table for 8 s: each waits
 * that out, and the reads queued behind its lock wait at most about the lock_timeout instead of
 * until that session ends.
 * Forwards, backwards and forwards again; `makemigrations --check` clean; the newsletter's suite
 * passes; Django's own migration dropping the index finds it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { schemaIndexName } from '../../server/src/core/database/migrationNames';
import { shopSuiteOnPostgres, typeChangeUnderOldRelease } from '../helpers/django/fixMigration';
import { assertShortWaits, whileHeld } from '../helpers/processes/heldTable';

const TABLE = 'newsletter_subscription';
const ROWS = 3000;
/** A third of the rows without a rank: the NULLs the NOT NULL change must fill. */
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"r{i}@example.com", topic="news", rank=None if i % 3 == 0 else str(i % 50)) for i in range(${ROWS})])
`;
const OLD_RANK = 'rank = models.CharField(max_length=10, null=True, db_index=True)';
const NEW_RANK = 'rank = models.IntegerField(db_index=True, default=0)';
const HOLD_SECONDS = 8;

describe('the type-change sequence of an indexed field that becomes NOT NULL, on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, sql, script, migrations, fixLatest } = suite;
  const models = () => path.join(suite.shop, 'newsletter', 'models.py');
  const edit = (from: string, to: string) => fs.writeFileSync(models(), fs.readFileSync(models(), 'utf8').replace(from, to));

  /** The valid indexes of the table on `rank` and `rank_old`, by name, besides the primary key. */
  const indexes = () => sql(`SELECT string_agg(indexrelid::regclass::text, ',' ORDER BY indexrelid::regclass::text) FROM pg_index WHERE indrelid = '${TABLE}'::regclass AND NOT indisprimary AND indisvalid`);
  const column = () => sql(`SELECT data_type || ':' || is_nullable FROM information_schema.columns WHERE table_name = '${TABLE}' AND column_name = 'rank'`);
  const ranks = () => sql(`SELECT count(*) || ':' || count(*) FILTER (WHERE rank IS NULL) || ':' || sum(rank::integer) FROM ${TABLE}`);
  const name = (column: string, suffix = '') => schemaIndexName(TABLE, [column], suffix);

  it('builds the index on the new column, gives the NULLs the default, and switches under Django\'s index names', async () => {
    edit('    created_at = models.DateTimeField(default=timezone.now)\n', `    created_at = models.DateTimeField(default=timezone.now)\n    ${OLD_RANK}\n`);
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'subscription_rank');
    // The indexed column itself, added as the fix writes it: the column, then its indexes concurrently.
    assert.deepEqual(await fixLatest(), []);
    manage('migrate', '--noinput');
    script(SEED);
    const ranked = migrations().at(-1)!;
    assert.equal(await indexes(), [name('rank'), name('rank', '_like')].sort().join(','));
    const before = await ranks();
    assert.match(before, new RegExp(`^${ROWS}:${ROWS / 3}:\\d+$`));

    // The old release (the model before the change) writes a NULL and a value while the new column is filled.
    const oldWrites = 'Subscription.objects.create(email="none@example.com", topic="news")\nSubscription.objects.create(email="seven@example.com", topic="news", rank="7")\n';
    // The first step (its AddField and trigger under the lock taken first) and the switch, each while a session holds the table.
    const migrating = async (target: string, migrate: () => void) =>
      target.endsWith('_copy_rank') ? migrate() : assertShortWaits(await whileHeld(suite.cluster.port, TABLE, HOLD_SECONDS, migrate), HOLD_SECONDS);
    await typeChangeUnderOldRelease(suite, { from: OLD_RANK, to: NEW_RANK, slug: 'rank_integer', field: 'rank', oldWrites, migrating });
    assert.equal(await column(), 'integer:NO');
    const [count, nulls, sum] = before.split(':').map(Number);
    assert.equal(await ranks(), `${count + 2}:0:${sum + 7}`, 'every value cast, the NULLs (the old release\'s too) the default 0');
    assert.equal(await sql(`SELECT count(*) FROM ${TABLE} WHERE rank = 0`), await sql(`SELECT count(*) FROM ${TABLE} WHERE rank_old IS NULL OR rank_old = '0'`));
    assert.ok(Number(await sql(`SELECT count(*) FROM ${TABLE} WHERE rank_old IS NULL`)) === nulls + 1, 'the old column keeps its NULLs for a reversal');
    const switched = [name('rank'), name('rank_old'), name('rank_old', '_like')].sort().join(',');
    assert.equal(await indexes(), switched, 'the integer column\'s index under the name Django gives `rank`; the old ones renamed after `rank_old`');
    assert.match(await sql(`SELECT indexdef FROM pg_indexes WHERE indexname = '${name('rank')}'`), /\(rank\)$/);
    assert.equal(await sql(`SELECT count(*) FROM pg_trigger WHERE tgrelid = '${TABLE}'::regclass AND NOT tgisinternal`), '0');
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', ranked, '--noinput');
    assert.equal(await column(), 'character varying:YES');
    assert.equal(await indexes(), [name('rank'), name('rank', '_like')].sort().join(','), 'backwards: the varchar\'s own indexes under their names again');
    manage('migrate', 'newsletter', '--noinput');
    assert.equal(await column(), 'integer:NO');
    assert.equal(await indexes(), switched, 'forwards again: the same indexes');

    // Django's own migration dropping the index finds it where it looks.
    edit(NEW_RANK, NEW_RANK.replace('db_index=True, ', ''));
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'rank_unindexed');
    manage('migrate', 'newsletter', '--noinput');
    assert.equal(await indexes(), [name('rank_old'), name('rank_old', '_like')].sort().join(','));
  });
});
