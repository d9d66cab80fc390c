/**
 * The safe sequence of an index dropped (refactor/database/sequences/indexSequences.ts) on a copy
 * of the example shop with rows in a real PostgreSQL: a Meta index removed (RemoveIndex →
 * RemoveIndexConcurrently) and `db_index=True` taken off a `CharField` (its index and its `_like`
 * index dropped CONCURRENTLY under Django's names, the AlterField as state). Each migration is
 * written by makemigrations and fixed as a developer would; `makemigrations --check` stays clean;
 * backwards, the indexes come back under the same names and definitions; forwards again.
 */
import { strict as assert } from 'node:assert';
import { schemaIndexName } from '../../server/src/core/database/migrationNames';
import { shopSuiteOnPostgres } from '../helpers/django/fixMigration';

const TABLE = 'newsletter_subscription';
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"d{i}@example.com", topic=f"t{i % 7}", code=str(i)) for i in range(2000)])
`;
const CODE = 'code = models.CharField(max_length=10, null=True, db_index=True)';
const META = '\n    class Meta:\n        indexes = [models.Index(fields=["topic"], name="subscription_topic_idx")]\n';

describe('dropping indexes concurrently on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, fixLatest, latest } = suite;
  const edit = suite.editModels;
  const indexes = () => suite.indexes(TABLE);
  const name = (suffix: string) => schemaIndexName(TABLE, ['code'], suffix);

  it('removes a Meta index and a field\'s db_index without a locking step, and reverses', async () => {
    // The indexes stand for what production has had for a while.
    const indexed = suite.deployed('    created_at = models.DateTimeField(default=timezone.now)\n', `    created_at = models.DateTimeField(default=timezone.now)\n    ${CODE}\n${META}`, 'indexed', SEED);
    const start = await indexes();
    assert.deepEqual(start, [`${name('')} (code)`, `${name('_like')} (code varchar_pattern_ops)`, 'subscription_topic_idx (topic)']);

    edit(META, '\n');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'drop_topic_idx');
    assert.deepEqual(await fixLatest(), [], 'no unsafe-migration finding left after the fix');
    assert.match(latest(), /atomic = False[\s\S]*RemoveIndexConcurrently\(/);
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), start.slice(0, 2));

    edit(CODE, CODE.replace(', db_index=True', ''));
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'code_plain');
    assert.deepEqual(await fixLatest(), []);
    assert.match(latest(), /atomic = False[\s\S]*DROP INDEX CONCURRENTLY[\s\S]*state_operations/);
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), ['']);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', indexed, '--noinput');
    assert.deepEqual(await indexes(), start, 'backwards: each index again under its name and definition');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), ['']);
  });
});
