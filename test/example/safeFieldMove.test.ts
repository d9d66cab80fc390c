/**
 * The field move of refactor/database/renameField.ts on the example shop, on a real PostgreSQL:
 * the previous release keeps working (its suite passes, its API answers the same) while each
 * generated migration is applied in turn; the new release answers exactly what the old one did;
 * and the migrations reverse, the rows the new release wrote getting their old column back.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyExample, pythonWithDjango, runPython } from '../helpers/djangoProject';
import { untangle } from '../helpers/cli';
import { canStartPostgres, startPostgres, type PostgresCluster } from '../helpers/postgresCluster';

const RECORD_API = `import json, os
import django
django.setup()
from django.test import Client
client = Client()
urls = ["/newsletter/subscriptions/", "/newsletter/subscriptions/?frequency=daily", "/newsletter/digest/", "/newsletter/subscriptions/7/"]
print(json.dumps({url: [client.get(url).status_code, client.get(url).json()] for url in urls}))
`;
const SEED = `import django
django.setup()
from datetime import datetime, timezone
from newsletter.models import Subscription
Subscription.objects.bulk_create([
    Subscription(email=f"reader{i}@example.com", topic=("deals", "news")[i % 2], frequency=("daily", "weekly", "monthly")[i % 3], created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    for i in range(2500)
])
`;
const NEW_ROW = `import django
django.setup()
from newsletter.models import Subscription
Subscription.objects.create(email="late@example.com", topic="news", cadence="daily")
`;
const STEPS = ['0002_add_cadence', '0003_copy_frequency_to_cadence', '0004_cadence_replaces_frequency'];

describe('moving a field of the example shop on PostgreSQL, step by step', function () {
  this.timeout(300_000);
  let python: string;
  let cluster: PostgresCluster | undefined;
  let oldRelease: string;
  let newRelease: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!canStartPostgres()) this.skip();
    python = pythonWithDjango();
    cluster = await startPostgres();
    await cluster.psql('CREATE DATABASE shop');
    env = { ...process.env, DJANGO_SETTINGS_MODULE: 'shop_project.settings_postgres', UNTANGLE_DATABASE_URL: cluster.url.replace(/\/postgres$/, '/shop') };
    oldRelease = copyExample('shop');
    newRelease = copyExample('shop');
    for (const project of [oldRelease, newRelease]) {
      fs.writeFileSync(path.join(project, 'record_api.py'), RECORD_API);
    }
  });
  after(async () => {
    await cluster?.stop();
    for (const project of [oldRelease, newRelease]) if (project) fs.rmSync(path.dirname(project), { recursive: true, force: true });
  });

  const manage = (project: string, ...args: string[]) => {
    const run = runPython(python, ['manage.py', ...args], project, 300_000, env);
    assert.equal(run.status, 0, `manage.py ${args.join(' ')} in ${project}:\n${run.output}`);
    return run.output;
  };
  const script = (project: string, source: string) => {
    const file = path.join(project, 'step_script.py');
    fs.writeFileSync(file, source);
    const run = runPython(python, [file], project, 120_000, env);
    assert.equal(run.status, 0, run.output);
    return run.output;
  };
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
      manage(oldRelease, 'migrate', 'newsletter', step, '--noinput');
      suitePasses(oldRelease);
      assert.equal(script(oldRelease, RECORD_API), recorded, `the old release answers differently newRelease ${step}`);
    }
    assert.equal((await cluster!.psql('SELECT count(*) FROM newsletter_subscription WHERE cadence IS DISTINCT FROM frequency', 'shop')).trim(), '0');
    assert.equal((await cluster!.psql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'newsletter_subscription' AND column_name = 'frequency'", 'shop')).trim(), 'YES');

    // The new release, on the same database: the same answers, its suite passes, its rows leave the old column empty.
    assert.match(manage(newRelease, 'migrate', '--noinput'), /No migrations to apply/);
    assert.equal(script(newRelease, RECORD_API), recorded);
    suitePasses(newRelease);
    script(newRelease, NEW_ROW);
    assert.equal((await cluster!.psql("SELECT coalesce(frequency, 'NULL') || ' ' || cadence FROM newsletter_subscription WHERE email = 'late@example.com'", 'shop')).trim(), 'NULL daily');
    const withNewRow = script(newRelease, RECORD_API);

    // Backwards: the old column gets the new release's rows back, NOT NULL again; the old release answers as the new one did.
    manage(newRelease, 'migrate', 'newsletter', '0001', '--noinput');
    assert.equal((await cluster!.psql("SELECT frequency FROM newsletter_subscription WHERE email = 'late@example.com'", 'shop')).trim(), 'daily');
    assert.equal((await cluster!.psql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'newsletter_subscription' AND column_name = 'cadence'", 'shop')).trim(), '0');
    for (const step of STEPS) fs.rmSync(path.join(oldRelease, 'newsletter', 'migrations', `${step}.py`));
    assert.equal(script(oldRelease, RECORD_API), withNewRow);
  });
});
