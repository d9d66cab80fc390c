/**
 * unsafe-migration over the real server: the finding of a migration (a file no other rule reads)
 * published as a diagnostic with its rule page and the code still reading the old name, listed in
 * the plan's Database stage, and gone once the migration is edited safe; its quick fix "Write the
 * safe migration sequence" offered, refused with the reason where it writes nothing, and resolved
 * to an edit that rewrites the migration and creates the steps after it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { PlanRequest } from '../../../server/src/protocol';

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

  it('lists the safe sequence fix on the rename as disabled, with the reason, and refuses it when resolved', async () => {
    const [diagnostic] = await client.waitForDiagnostics(migration, (found) => found.some((d) => d.code === 'unsafe-migration'));
    const action = await safeSequenceAction(client, migration, diagnostic);
    assert.match(action.disabled?.reason ?? '', /no safe sequence is written for this operation/);
    await assert.rejects(client.connection.sendRequest('codeAction/resolve', action), /no safe sequence is written for this operation/);
  });

  it('drops the finding once the rename only changes the state (the column kept with db_column)', async () => {
    const safe = fs.readFileSync(migration, 'utf8').replace('operations = [migrations.RenameField(', 'operations = [migrations.SeparateDatabaseAndState(state_operations=[migrations.RenameField(').replace(')]\n', ')])]\n');
    client.open(migration, safe);
    await client.waitForDiagnostics(migration, (found) => !found.some((d) => d.code === 'unsafe-migration'));
  });
});

/** The listed "Write the safe migration sequence" quick fix of a diagnostic. */
async function safeSequenceAction(client: TestLspClient, file: string, diagnostic: Diagnostic): Promise<CodeAction> {
  const uri = URI.file(file).toString();
  const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  const action = actions.find((candidate) => candidate.title === 'Write the safe migration sequence');
  assert.ok(action, `no safe sequence fix among ${actions.map((a) => a.title).join(', ')}`);
  assert.equal(action.edit, undefined, 'listing plans nothing');
  return action;
}

describe('the safe migration sequence fix over the protocol', function () {
  this.timeout(60_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(`
      #- pyproject.toml
      [tool.untangle.unsafe-migration.backfill]
      values = [{ field = "shop.Order.channel", value = '"web"' }]
      #- proj/__init__.py
      #- proj/settings.py
      INSTALLED_APPS = ["shop"]
      #- shop/__init__.py
      #- shop/models.py
      from django.db import models

      class Order(models.Model):
          channel = models.CharField(max_length=20)
      #- shop/migrations/__init__.py
      #- shop/migrations/0001_initial.py
      from django.db import migrations, models

      class Migration(migrations.Migration):
          initial = True
          operations = [migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True))])]
      #- shop/migrations/0002_order_channel.py
      from django.db import migrations, models

      class Migration(migrations.Migration):
          dependencies = [("shop", "0001_initial")]
          operations = [
              migrations.AddField(model_name="order", name="channel", field=models.CharField(max_length=20)),
          ]
    `);
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('rewrites the migration and creates the steps after it', async () => {
    const migration = path.join(root, 'shop/migrations/0002_order_channel.py');
    const [diagnostic] = await client.waitForDiagnostics(migration, (found) => found.some((d) => d.code === 'unsafe-migration'));
    assert.match(String(diagnostic.message), /^not-null-without-default: /);
    const action = await safeSequenceAction(client, migration, diagnostic);
    assert.equal(action.disabled, undefined);
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    const { created, changed } = applyWorkspaceEdit(resolved.edit!);
    assert.deepEqual(created.map((file) => path.relative(root, file)).sort(), ['shop/migrations/0003_fill_channel.py', 'shop/migrations/0004_channel_not_null_check.py', 'shop/migrations/0005_channel_not_null.py']);
    assert.ok(changed.includes(migration));
    assert.match(fs.readFileSync(migration, 'utf8'), /field=models\.CharField\(max_length=20, null=True\)/);
    assert.match(fs.readFileSync(path.join(root, 'shop/migrations/0003_fill_channel.py'), 'utf8'), /fill_nulls\(apps\.get_model\("shop", "order"\), "channel", "web"\)/);
  });
});
