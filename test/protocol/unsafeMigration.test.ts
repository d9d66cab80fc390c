/**
 * unsafe-migration over the real server: the finding of a migration (a file no other rule reads)
 * published as a diagnostic with its rule page and the code still reading the old name, listed in
 * the plan's Database stage, and gone once the migration is edited safe.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { TestLspClient } from '../helpers/lspClient';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';
import { PlanRequest } from '../../server/src/protocol';

describe('unsafe-migration over the protocol', function () {
  this.timeout(60_000);
  let root: string;
  let client: TestLspClient;
  let migration: string;

  before(async () => {
    root = writeWorkspace(`
      #- proj/__init__.py
      #- proj/settings.py
      INSTALLED_APPS = ["shop"]
      #- shop/__init__.py
      #- shop/models.py
      from django.db import models

      class Order(models.Model):
          amount = models.IntegerField()
      #- shop/views.py
      from django.http import JsonResponse
      from .models import Order

      def totals(request):
          return JsonResponse(list(Order.objects.values("total")), safe=False)
      #- shop/migrations/__init__.py
      #- shop/migrations/0001_initial.py
      from django.db import migrations, models

      class Migration(migrations.Migration):
          initial = True
          operations = [migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("total", models.IntegerField())])]
      #- shop/migrations/0002_rename.py
      from django.db import migrations

      class Migration(migrations.Migration):
          dependencies = [("shop", "0001_initial")]
          operations = [migrations.RenameField(model_name="order", old_name="total", new_name="amount")]
    `);
    migration = path.join(root, 'shop/migrations/0002_rename.py');
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('publishes the finding with its rule page and the places still reading the old name', async () => {
    const diagnostics = await client.waitForDiagnostics(migration, (found) => found.some((d) => d.code === 'unsafe-migration'));
    const [diagnostic] = diagnostics;
    assert.match(String(diagnostic.message), /^breaks-running-code: RenameField renames column `total` → `amount`.*1 place in the code still reads `total`/);
    assert.ok(diagnostic.codeDescription?.href.endsWith('/docs/rules/unsafe-migration.md'));
    assert.deepEqual(
      diagnostic.relatedInformation?.map((related) => [path.relative(root, new URL(related.location.uri).pathname), related.location.range.start.line]),
      [['shop/views.py', 4]],
    );
  });

  it('lists it in the plan’s Database stage', async () => {
    const plan = PlanRequest.resultSchema.parse(await client.connection.sendRequest(PlanRequest.method, {}));
    const finding = plan.folders[0].findings.find((f) => f.rule === 'unsafe-migration');
    assert.equal(finding?.stage, 'database');
    assert.equal(finding?.path, 'shop/migrations/0002_rename.py');
    // Every notification the server sent before this answer has arrived: the migration, which is no analysed
    // file, keeps its diagnostics (they were once cleared right after being published).
    await client.waitForDiagnostics(migration, (found) => found.some((d) => d.code === 'unsafe-migration'), 2_000);
  });

  it('drops the finding once the rename only changes the state (the column kept with db_column)', async () => {
    const safe = fs.readFileSync(migration, 'utf8').replace('operations = [migrations.RenameField(', 'operations = [migrations.SeparateDatabaseAndState(state_operations=[migrations.RenameField(').replace(')]\n', ')])]\n');
    client.open(migration, safe);
    await client.waitForDiagnostics(migration, (found) => !found.some((d) => d.code === 'unsafe-migration'));
  });
});
