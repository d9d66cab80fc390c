/**
 * The field move of refactor/database/renameField.ts on the example shop, on a real PostgreSQL:
 * the previous release keeps working (its suite passes, its API answers the same) while each
 * generated migration is applied in turn; the new release answers exactly what the old one did;
 * and the migrations reverse, the rows the new release wrote getting their old column back. The
 * atomic steps each run while another session holds the table 8 s: the reads queued behind their
 * lock wait about the lock_timeout, not until that session ends. Then the contract step, written
 * from what fix prints and applied so too: the rows the previous release wrote meanwhile caught
 * up, the new column NOT NULL, the old one gone.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../helpers/processes/cli';
import { canStartPostgres } from '../helpers/processes/postgresCluster';
import { shopOnPostgres, type ShopOnPostgres } from '../helpers/processes/shopOnPostgres';
import { assertShortWaits, whileHeld } from '../helpers/processes/heldTable';
import { writeContract } from '../helpers/django/databaseContract';

const RECORD_API = `import json
from django.test import Client
client = Client()
urls = ["/newsletter/subscriptions/", "/newsletter/subscriptions/?frequency=daily", "/newsletter/digest/", "/newsletter/subscriptions/7/"]
print(json.dumps({url: [client.get(url).status_code, client.get(url).json()] for url in urls}))
`;
const SEED = `from datetime import datetime, timezone
from newsletter.models import Subscription
Subscription.objects.bulk_create([
    Subscription(email=f"reader{i}@example.com", topic=("deals", "news")[i % 2], frequency=("daily", "weekly", "monthly")[i % 3], created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    for i in range(2500)
])
`;
const NEW_ROW = `from newsletter.models import Subscription
Subscription.objects.create(email="late@example.com", topic="news", cadence="daily")
`;
/** A row the previous release writes after the steps: its old column only. */
const OLD_RELEASE_ROW = `from newsletter.models import Subscription
Subscription.objects.create(email="older@example.com", topic="deals", frequency="monthly")
`;
const STEPS = ['0002_add_cadence', '0003_copy_frequency_to_cadence', '0004_cadence_replaces_frequency'];
/** How long another session holds the table while each atomic step is applied. */
const HOLD_SECONDS = 8;

describe('moving a field of the example shop on PostgreSQL, step by step', function () {
  this.timeout(300_000);
  let shop: ShopOnPostgres | undefined;
  let oldRelease: string;
  let newRelease: string;

  before(async function () {
    if (!canStartPostgres()) this.skip();
    shop = await shopOnPostgres();
    [oldRelease, newRelease] = [shop.copy(), shop.copy()];
  });
  after(async () => shop?.stop());

  const manage = (project: string, ...args: string[]) => shop!.manage(project, ...args);
  const script = (project: string, source: string) => shop!.script(project, source);
  const sql = (query: string) => shop!.sql(query);
  const suitePasses = (project: string) => assert.match(manage(project, 'test', 'newsletter', '--noinput'), /Ran 7 tests/);

  it('keeps the old release working through each step, answers the same after, and reverses', async () => {
    manage(oldRelease, 'migrate', '--noinput');
    script(oldRelease, SEED);
    const recorded = script(oldRelease, RECORD_API);
    assert.match(recorded, /reader6@example.com/);

    const fix = untangle(['fix', '.', '--rename-field', 'newsletter.Subscription.frequency', '--to', 'cadence'], newRelease);
    assert.equal(fix.code, 0, fix.stderr + fix.stdout);
    assert.match(fix.stdout, /0005_remove_frequency/);
    const migrations = path.join(newRelease, 'newsletter', 'migrations');
    assert.deepEqual(fs.readdirSync(migrations).filter((f) => /^000[2-9]/.test(f)).sort(), STEPS.map((step) => `${step}.py`));
    assert.match(manage(newRelease, 'makemigrations', '--check', '--dry-run'), /No changes detected/);

    // The previous release runs while the migrations are applied: each step, its suite and its answers.
    for (const step of STEPS) {
      fs.copyFileSync(path.join(migrations, `${step}.py`), path.join(oldRelease, 'newsletter', 'migrations', `${step}.py`));
      const migrate = () => manage(oldRelease, 'migrate', 'newsletter', step, '--noinput');
      // The atomic steps take the table's lock first under the retried lock_timeout: the reads queued behind them wait about that long, not the holding session's 8 s.
      if (step === '0003_copy_frequency_to_cadence') migrate();
      else assertShortWaits(await whileHeld(shop!.cluster.port, 'newsletter_subscription', HOLD_SECONDS, migrate), HOLD_SECONDS);
      suitePasses(oldRelease);
      assert.equal(script(oldRelease, RECORD_API), recorded, `the old release answers differently newRelease ${step}`);
    }
    assert.equal(await sql('SELECT count(*) FROM newsletter_subscription WHERE cadence IS DISTINCT FROM frequency'), '0');
    assert.equal(await sql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'newsletter_subscription' AND column_name = 'frequency'"), 'YES');

    // The new release, on the same database: the same answers, its suite passes, its rows leave the old column empty.
    assert.match(manage(newRelease, 'migrate', '--noinput'), /No migrations to apply/);
    assert.equal(script(newRelease, RECORD_API), recorded);
    suitePasses(newRelease);
    script(newRelease, NEW_ROW);
    assert.equal(await sql("SELECT coalesce(frequency, 'NULL') || ' ' || cadence FROM newsletter_subscription WHERE email = 'late@example.com'"), 'NULL daily');
    const withNewRow = script(newRelease, RECORD_API);

    // Backwards: the old column gets the new release's rows back, NOT NULL again; the old release answers as the new one did.
    manage(newRelease, 'migrate', 'newsletter', '0001', '--noinput');
    assert.equal(await sql("SELECT frequency FROM newsletter_subscription WHERE email = 'late@example.com'"), 'daily');
    assert.equal(await sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'newsletter_subscription' AND column_name = 'cadence'"), '0');
    for (const step of STEPS) fs.rmSync(path.join(oldRelease, 'newsletter', 'migrations', `${step}.py`));
    assert.equal(script(oldRelease, RECORD_API), withNewRow);

    // Forwards again, the previous release writing a row meanwhile; later, the contract step, while a session holds the table.
    manage(newRelease, 'migrate', '--noinput');
    script(oldRelease, OLD_RELEASE_ROW);
    const beforeContract = script(oldRelease, RECORD_API);
    assert.equal(writeContract(fix.stdout, newRelease), '0005_remove_frequency');
    assertShortWaits(await whileHeld(shop!.cluster.port, 'newsletter_subscription', HOLD_SECONDS, () => manage(newRelease, 'migrate', 'newsletter', '--noinput')), HOLD_SECONDS);
    const columns = "SELECT string_agg(column_name || ':' || is_nullable, ',') FROM information_schema.columns WHERE table_name = 'newsletter_subscription' AND column_name IN ('frequency', 'cadence')";
    assert.equal(await sql(columns), 'cadence:NO', 'the old column dropped, the new one NOT NULL');
    assert.equal(await sql("SELECT count(*) FROM pg_constraint WHERE conrelid = 'newsletter_subscription'::regclass AND contype = 'c'"), '0', 'no check left behind');
    assert.equal(await sql("SELECT cadence FROM newsletter_subscription WHERE email = 'older@example.com'"), 'monthly', 'the previous release\'s row caught up');
    assert.match(manage(newRelease, 'makemigrations', '--check', '--dry-run'), /No changes detected/);
    assert.equal(script(newRelease, RECORD_API), beforeContract);
    suitePasses(newRelease);
  });
});
