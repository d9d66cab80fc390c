/**
 * `untangle check` on the example shop reports the unsafe-migration findings of its inventory
 * migration (a file no other rule reads): in the text report, as the Database stage's in JSON,
 * and in SARIF with the code that still reads the renamed field as related locations; and
 * `untangle fix --rule unsafe-migration` writing the safe sequence where it can, saying why not
 * elsewhere.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyExample } from '../../helpers/django/djangoProject';
import { untangle } from '../../helpers/processes/cli';
import { assertValidSarif } from '../../helpers/processes/sarif';

const MIGRATION = 'inventory/migrations/0002_stock_changes.py';

describe('untangle check: unsafe-migration', function () {
  this.timeout(120_000);
  let shop: string;

  before(() => {
    shop = copyExample('shop');
  });

  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('reports the migration risks in the Database stage, in text, JSON and SARIF', () => {
    const text = untangle(['check', '.', '--no-cache', '--fail-on', 'never'], shop);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`${MIGRATION}:20:1: warning \\[unsafe-migration\\] not-null-without-default: `));

    const json = untangle(['check', '.', '--no-cache', '--format', 'json', '--fail-on', 'never'], shop);
    const report = JSON.parse(json.stdout) as { findings: { rule: string; stage?: string; path: string; line: number }[]; summary: { analyzedFiles: number } };
    const migrationFindings = report.findings.filter((finding) => finding.rule === 'unsafe-migration');
    assert.equal(migrationFindings.length, 12);
    assert.ok(migrationFindings.every((finding) => finding.stage === 'database' && finding.path === MIGRATION), JSON.stringify(migrationFindings[0]));

    const sarif = untangle(['check', '.', '--no-cache', '--format', 'sarif', '--fail-on', 'never'], shop);
    const log = JSON.parse(sarif.stdout);
    assertValidSarif(log);
    const [run] = log.runs;
    assert.ok(run.tool.driver.rules.some((rule: { id: string; helpUri: string }) => rule.id === 'unsafe-migration' && /docs\/rules\/unsafe-migration\.md$/.test(rule.helpUri)));
    const rename = run.results.find((result: { ruleId: string; message: { text: string } }) => result.ruleId === 'unsafe-migration' && /renames column `location`/.test(result.message.text));
    assert.deepEqual(
      rename.relatedLocations.map((related: { physicalLocation: { artifactLocation: { uri: string } } }) => related.physicalLocation.artifactLocation.uri).sort(),
      ['inventory/admin.py', 'inventory/serializers.py'],
    );
  });

  it('fails --fail-on error once production stats put an operation over the budget', () => {
    const stats = {
      version: 1,
      serverVersion: 150004,
      collectedAt: '2026-12-06T00:00:00Z',
      tables: [{ schema: 'public', table: 'inventory_stockitem', rows: 300_000_000, tableBytes: 30e9, totalBytes: 40e9, indexes: [{ name: 'inventory_stockitem_pkey', bytes: 6e9 }] }],
      applied: ['inventory.0001_initial'],
    };
    fs.mkdirSync(path.join(shop, '.untangle'), { recursive: true });
    fs.writeFileSync(path.join(shop, '.untangle', 'db-stats.json'), JSON.stringify(stats));
    const run = untangle(['check', '.', '--no-cache', '--fail-on', 'error'], shop);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /error \[unsafe-migration\] type-change: .* 300\.0 M rows, 30\.0 GB: ~\d+–\d+ min, over the 3 min budget/);
  });

  it('fix --rule unsafe-migration writes the sequence of each operation it can, one after another, and refuses the rest with the reasons', () => {
    fs.writeFileSync(path.join(shop, 'pyproject.toml'), '[tool.untangle.unsafe-migration.backfill]\nvalues = [{ field = "inventory.StockItem.batch", value = \'"unassigned"\' }, { field = "inventory.StockItem.quantity", value = "0" }]\n');
    const run = untangle(['fix', '.', '--rule', 'unsafe-migration', '--no-cache'], shop);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Write the safe migration sequence: AddField of 0002_stock_changes written as a safe sequence of 4 migrations: 0002_stock_changes, 0003_fill_batch, 0004_batch_not_null_check, 0005_batch_not_null$/m);
    // The type change of `quantity`, which the check constraint reads: rebuilt on the new column and swapped at the switch.
    assert.match(run.stdout, /^applied: Write the safe migration sequence: AlterField of 0002_stock_changes written as a safe sequence of 3 migrations: 0002_stock_changes, 0006_copy_quantity, 0007_switch_quantity$/m);
    assert.match(run.stdout, /^applied: Write the safe migration sequence: AddIndex of 0002_stock_changes written as a safe sequence of 1 migration: 0008_inventory_sku_idx$/m);
    assert.match(run.stdout, /^applied: Write the safe migration sequence: AddField of 0002_stock_changes written as a safe sequence of 4 migrations: 0002_stock_changes, 0009_warehouse_index, 0010_warehouse_foreign_key, 0011_validate_warehouse_foreign_key$/m);
    assert.match(run.stdout, /^applied: Write the safe migration sequence: AddConstraint of 0002_stock_changes written as a safe sequence of 2 migrations: 0002_stock_changes, 0012_validate_inventory_quantity_positive$/m);
    assert.match(run.stdout, /^5 applied, 6 refused, 0 not offered, 11 files changed$/m);
    const migrations = path.join(shop, 'inventory', 'migrations');
    assert.match(fs.readFileSync(path.join(migrations, '0002_stock_changes.py'), 'utf8'), /model_name='stockitem',\n {12}name='batch',\n {12}field=models\.CharField\(max_length=20, null=True\),/);
    assert.match(fs.readFileSync(path.join(migrations, '0003_fill_batch.py'), 'utf8'), /fill_nulls\(apps\.get_model\("inventory", "stockitem"\), "batch", "unassigned"\)/);
    const check = untangle(['check', '.', '--no-cache', '--fail-on', 'never'], shop);
    assert.doesNotMatch(check.stdout, /not-null-without-default/);
  });
});
