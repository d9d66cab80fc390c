/**
 * The safe sequence of `unique_together`/`index_together` groups added to an existing table
 * (refactor/database/sequences/indexSequences.ts `togetherSteps`) on a copy of the example shop
 * with rows in a real PostgreSQL: each group's index built CONCURRENTLY under the name Django
 * gives it, the unique one then made the constraint `USING INDEX`, the state through
 * SeparateDatabaseAndState. `makemigrations --check` stays clean; the constraint refuses a
 * duplicate; backwards and forwards again; Django's own migration removing the groups finds them.
 */
import { strict as assert } from 'node:assert';
import { schemaIndexName } from '../../server/src/core/database/migrationNames';
import { shopSuiteOnPostgres } from '../helpers/django/fixMigration';

const TABLE = 'newsletter_subscription';
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"g{i}@example.com", topic=f"t{i % 7}", rank=i) for i in range(2000)])
`;
const UNIQUE = '\n    class Meta:\n        unique_together = [("rank", "topic")]\n';
const BOTH = '\n    class Meta:\n        unique_together = [("rank", "topic")]\n        index_together = [("topic", "rank")]\n';

describe('unique_together and index_together added concurrently on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, script, fixLatest, latest } = suite;
  const edit = suite.editModels;
  const indexes = () => suite.indexes(TABLE, 'rank');

  it('builds each group without a locking step, under Django\'s names, and reverses', async () => {
    const ranked = suite.deployed('    created_at = models.DateTimeField(default=timezone.now)\n', '    created_at = models.DateTimeField(default=timezone.now)\n    rank = models.IntegerField(null=True)\n', 'rank', SEED);

    const unique = `${schemaIndexName(TABLE, ['rank', 'topic'], '_uniq')}(u) (rank, topic)`;
    const together = `${schemaIndexName(TABLE, ['topic', 'rank'], '_idx')} (topic, rank)`;
    edit('\n    def __str__', `${UNIQUE}\n    def __str__`);
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'rank_unique');
    assert.deepEqual(await fixLatest(), [], 'no unsafe-migration finding left after the fix');
    assert.match(latest(), /atomic = False[\s\S]*CREATE UNIQUE INDEX CONCURRENTLY[\s\S]*UNIQUE USING INDEX[\s\S]*state_operations=\[\n\s+migrations\.AlterUniqueTogether\(/);
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), [unique]);
    const duplicate = script('from django.db import IntegrityError\nfrom newsletter.models import Subscription\ntry:\n    Subscription.objects.create(email="again@example.com", topic="t1", rank=1)\nexcept IntegrityError:\n    print("refused")\n');
    assert.match(duplicate, /refused/, 'the group is unique');

    edit(UNIQUE, BOTH);
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'rank_index');
    assert.deepEqual(await fixLatest(), []);
    assert.match(latest(), /atomic = False[\s\S]*CREATE INDEX CONCURRENTLY[\s\S]*state_operations=\[\n\s+migrations\.AlterIndexTogether\(/);
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), [unique, together]);
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', ranked, '--noinput');
    assert.deepEqual(await indexes(), [''], 'backwards: both gone');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), [unique, together], 'forwards again: the same');

    // Django's own migration removing the groups finds them by their columns.
    edit(BOTH, '\n');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'rank_free');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await indexes(), ['']);
  });
});
