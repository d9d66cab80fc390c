/**
 * The query rules through the CLI, on a small Django project whose database is PostgreSQL:
 * `untangle check` reports the missing index and the N+1 loop (SARIF too); `untangle fix --rule
 * missing-index` writes `Meta.indexes` and an `AddIndexConcurrently` migration that a real
 * PostgreSQL applies (the index valid, `makemigrations --check` clean); `untangle fix --rule
 * n-plus-one` adds the `select_related`, after which check reports neither.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { pythonWithDjango, runPython } from '../../helpers/django/djangoProject';
import { canStartPostgres, startPostgres } from '../../helpers/processes/postgresCluster';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { DESK_APP, PROJ_MANAGE } from '../../helpers/django/deskApp';

const DESK = `${PROJ_MANAGE}#- proj/settings.py
import os

SECRET_KEY = "test"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "desk"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": os.environ.get("DESK_PG_PORT", "5432"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
ROOT_URLCONF = "proj.urls"
#- proj/urls.py
urlpatterns = []
${DESK_APP}`;

describe('untangle check and fix: missing-index and n-plus-one', function () {
  this.timeout(180_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(DESK);
  });
  afterEach(() => removeWorkspace(root));

  it('reports both rules, in text and SARIF', () => {
    const text = untangle(['check', '.', '--fail-on', 'never'], root);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^desk\/models\.py:\d+:\d+: information \[missing-index\] Ticket\.status is looked up in 2 places/m);
    assert.match(text.stdout, /^desk\/reports\.py:5:\d+: warning \[n-plus-one\] This comprehension reads ticket\.agent\.name of each Ticket row/m);
    const sarif = JSON.parse(untangle(['check', '.', '--format', 'sarif', '--fail-on', 'never'], root).stdout);
    const results = sarif.runs[0].results as { ruleId: string; relatedLocations?: unknown[] }[];
    // The fixture's settings have no LOGGING either: the observability rule reports that too.
    assert.deepEqual([...new Set(results.map((result) => result.ruleId))].filter((rule) => rule !== 'observability').sort(), ['missing-index', 'n-plus-one']);
    assert.equal(results.find((result) => result.ruleId === 'missing-index')!.relatedLocations!.length, 2);
  });

  it('fixes both; PostgreSQL builds the index concurrently and valid', async function () {
    if (!canStartPostgres()) this.skip();
    const python = pythonWithDjango();
    const cluster = await startPostgres();
    try {
      const env = { ...process.env, DESK_PG_PORT: String(cluster.port) };
      const django = (...args: string[]) => {
        const run = runPython(python, ['manage.py', ...args], root, 120_000, env);
        assert.equal(run.status, 0, `manage.py ${args.join(' ')}:\n${run.output}`);
        return run.output;
      };
      django('makemigrations', 'desk');
      const index = untangle(['fix', '.', '--rule', 'missing-index'], root);
      assert.equal(index.code, 0, index.stderr);
      assert.match(index.stdout, /^applied: .*Index Ticket\.status \(ticket_status_idx\) in Meta\.indexes and in migration 0002_ticket_status_idx\.py$/m);
      const migration = fs.readFileSync(path.join(root, 'desk/migrations/0002_ticket_status_idx.py'), 'utf8');
      assert.match(migration, /atomic = False/);
      assert.match(migration, /AddIndexConcurrently\(\n {12}model_name="ticket",\n {12}index=models\.Index\(fields=\["status"\], name="ticket_status_idx"\),/);
      assert.match(django('sqlmigrate', 'desk', '0002'), /CREATE INDEX CONCURRENTLY "ticket_status_idx" ON "desk_ticket" \("status"\)/);
      django('migrate');
      assert.equal((await cluster.psql("SELECT indisvalid FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid WHERE relname = 'ticket_status_idx'")).trim(), 't');
      assert.match(django('makemigrations', '--check', '--dry-run'), /No changes detected/);

      const loads = untangle(['fix', '.', '--rule', 'n-plus-one'], root);
      assert.equal(loads.code, 0, loads.stderr);
      assert.match(fs.readFileSync(path.join(root, 'desk/reports.py'), 'utf8'), /for ticket in Ticket\.objects\.select_related\("agent"\)\.filter\(status="open"\)\]/);
      const after = untangle(['check', '.', '--fail-on', 'never'], root);
      assert.doesNotMatch(after.stdout, /missing-index\] Ticket|n-plus-one/);
    } finally {
      await cluster.stop();
    }
  });
});
