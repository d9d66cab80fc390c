/**
 * The safe sequences of constraints and index groups dropped (refactor/database/sequences/
 * dropSequences.ts) on a copy of the example shop with rows in a real PostgreSQL: a
 * UniqueConstraint and a CheckConstraint removed, `unique=True` taken off a CharField, a
 * unique_together and an index_together group removed, each migration written by makemigrations
 * and fixed as a developer would. The UniqueConstraint is dropped while another session holds the
 * table for 8 s: the migration waits it out, and the reads queued behind its DROP wait at most
 * about the lock_timeout instead of until that session ends. `makemigrations --check` stays
 * clean; backwards, every index and constraint comes back (checks validated), forwards again.
 */
import { strict as assert } from 'node:assert';
import { schemaIndexName } from '../../server/src/core/database/migrationNames';
import { shopSuiteOnPostgres } from '../helpers/django/fixMigration';
import { assertShortWaits, whileHeld } from '../helpers/processes/heldTable';

const TABLE = 'newsletter_subscription';
const FIELDS = '    rank = models.IntegerField(null=True)\n    code = models.CharField(max_length=10, null=True, unique=True)\n';
const UNIQUE_TOGETHER = '        unique_together = [("rank", "topic")]\n';
const INDEX_TOGETHER = '        index_together = [("topic", "rank")]\n';
const UNIQUE = '            models.UniqueConstraint(fields=["email", "topic"], name="subscription_email_topic"),\n';
const CHECK = '            models.CheckConstraint(check=models.Q(rank__gte=0), name="subscription_rank_positive"),\n';
const META = `\n    class Meta:\n${UNIQUE_TOGETHER}${INDEX_TOGETHER}        constraints = [\n${UNIQUE}${CHECK}        ]\n`;
const SEED = `from newsletter.models import Subscription
Subscription.objects.bulk_create([Subscription(email=f"c{i}@example.com", topic=f"t{i % 7}", rank=i, code=str(i)) for i in range(2000)])
`;
const HOLD_SECONDS = 8;

describe('constraints and index groups dropped on PostgreSQL', function () {
  this.timeout(600_000);
  const suite = shopSuiteOnPostgres();
  const { manage, fixLatest, latest } = suite;
  const constraints = async () =>
    (await suite.sql(`SELECT string_agg(conname || ' ' || convalidated || ' ' || pg_get_constraintdef(oid), E'\\n' ORDER BY conname) FROM pg_constraint WHERE conrelid = '${TABLE}'::regclass AND contype IN ('u', 'c')`)).split('\n');
  const schema = async () => [...(await suite.indexes(TABLE)), ...(await constraints())].filter(Boolean);
  /** The model edited, makemigrations, the fix (no finding left), migrate. */
  const dropped = async (from: string, to: string, name: string) => {
    suite.editModels(from, to);
    manage('makemigrations', 'newsletter', '--noinput', '-n', name);
    assert.deepEqual(await fixLatest(), [], `no unsafe-migration finding left after the fix of ${name}`);
    assert.match(latest(), /atomic = False[\s\S]*state_operations=/);
    manage('migrate', 'newsletter', '--noinput');
  };

  it('drops each without a long lock, waits out a session holding the table, and reverses', async () => {
    const constrained = suite.deployed('    created_at = models.DateTimeField(default=timezone.now)\n', `    created_at = models.DateTimeField(default=timezone.now)\n${FIELDS}${META}`, 'constrained', SEED);
    const start = await schema();
    const name = (columns: string[], suffix: string) => schemaIndexName(TABLE, columns, suffix);
    assert.deepEqual(start, [
      `${name(['code'], '_like')} (code varchar_pattern_ops)`,
      `${TABLE}_code_key(u) (code)`,
      `${name(['rank', 'topic'], '_uniq')}(u) (rank, topic)`,
      `${name(['topic', 'rank'], '_idx')} (topic, rank)`,
      'subscription_email_topic(u) (email, topic)',
      `${TABLE}_code_key true UNIQUE (code)`,
      `${name(['rank', 'topic'], '_uniq')} true UNIQUE (rank, topic)`,
      'subscription_email_topic true UNIQUE (email, topic)',
      'subscription_rank_positive true CHECK ((rank >= 0))',
    ]);

    suite.editModels(UNIQUE, '');
    manage('makemigrations', 'newsletter', '--noinput', '-n', 'drop_email_topic');
    assert.deepEqual(await fixLatest(), []);
    assert.match(latest(), /set_config\('lock_timeout', '1s', true\); ALTER TABLE \\"newsletter_subscription\\" DROP CONSTRAINT \\"subscription_email_topic\\"/);
    assertShortWaits(await whileHeld(suite.cluster.port, TABLE, HOLD_SECONDS, () => manage('migrate', 'newsletter', '--noinput')), HOLD_SECONDS);

    await dropped(CHECK, '', 'drop_rank_positive');
    await dropped('code = models.CharField(max_length=10, null=True, unique=True)', 'code = models.CharField(max_length=10, null=True)', 'code_not_unique');
    await dropped(UNIQUE_TOGETHER, '', 'drop_unique_together');
    await dropped(INDEX_TOGETHER, '', 'drop_index_together');
    assert.deepEqual(await schema(), [], 'every index and constraint gone');
    assert.match(manage('makemigrations', '--check', '--dry-run'), /No changes detected/);
    assert.match(manage('test', 'newsletter', '--noinput'), /\nOK\b/);

    manage('migrate', 'newsletter', constrained, '--noinput');
    // The unique constraint PostgreSQL named when the column came with it comes back under Django's name, which Django finds by its column too.
    const renamed = start.map((entry) => entry.replace(`${TABLE}_code_key`, name(['code'], '_uniq'))).sort();
    assert.deepEqual((await schema()).sort(), renamed, 'backwards: each index and constraint again, the check validated');
    manage('migrate', 'newsletter', '--noinput');
    assert.deepEqual(await schema(), []);
  });
});
