/**
 * The unsafe-migration rule with `.untangle/db-stats.json`: each lock with the table's size and
 * an estimated duration against the budget; migrations production has applied are skipped, and
 * tables created by migrations it has not applied count as new.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { DbStats } from '../../../server/src/core/database/dbStats';
import { readDbStats } from '../../../server/src/core/database/dbStats';
import { DISK_FILES } from '../../../server/src/fs/projectFiles';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { sourcesOf } from '../../helpers/workspace/projectSources';

const FILES = {
  'proj/settings.py': 'INSTALLED_APPS = ["shop"]\n',
  'shop/models.py': 'from django.db import models\n\nclass Order(models.Model):\n    code = models.BigIntegerField()\n\nclass Coupon(models.Model):\n    code = models.BigIntegerField()\n',
  'shop/migrations/0001_initial.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        operations = [migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("code", models.IntegerField())])]
  `,
  'shop/migrations/0002_coupon.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        dependencies = [("shop", "0001_initial")]
        operations = [migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True)), ("code", models.IntegerField())])]
  `,
  'shop/migrations/0003_bigger_codes.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        dependencies = [("shop", "0002_coupon")]
        operations = [
            migrations.AlterField(model_name="order", name="code", field=models.BigIntegerField()),
            migrations.AlterField(model_name="coupon", name="code", field=models.BigIntegerField()),
        ]
  `,
};

function statsWith(rows: number, applied?: string[]): DbStats {
  const table = (name: string) => ({ schema: 'public', table: name, rows, tableBytes: rows * 80, totalBytes: rows * 120, indexes: [{ name: `${name}_pkey`, bytes: rows * 20 }] });
  return { version: 1, serverVersion: 150004, collectedAt: '2026-12-06T00:00:00Z', tables: [table('shop_order'), table('shop_coupon')], applied };
}

describe('unsafe-migration with db-stats', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-stats-'));
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function findings(stats: DbStats | string | undefined) {
    if (stats !== undefined) {
      fs.mkdirSync(path.join(root, '.untangle'), { recursive: true });
      fs.writeFileSync(path.join(root, '.untangle', 'db-stats.json'), typeof stats === 'string' ? stats : JSON.stringify(stats));
    }
    return detectUnsafeMigrations(await sourcesOf(FILES, root), DEFAULT_SETTINGS);
  }

  it('says the lock, the size and the estimated duration, an error past the budget', async () => {
    const [order, coupon] = await findings(statsWith(200_000_000));
    assert.match(order.message, / — ACCESS EXCLUSIVE lock while the table and its indexes are rewritten \(reads and writes wait\); 200\.0 M rows, 16\.0 GB: ~2–7 min, over the 3 min budget\. Safe: /);
    assert.equal(order.severity, 'error');
    assert.equal(coupon.range.start.line, 6);
    const within = await findings(statsWith(3_000_000));
    assert.match(within[0].message, /3\.0 M rows, 240\.0 MB: ~\d+–\d+ s, within the 3 min budget/);
    assert.equal(within[0].severity, 'warning');
  });

  it('reports a column added with a default only when production runs PostgreSQL before 11', async () => {
    const flag = 'from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0003_bigger_codes")]\n    operations = [migrations.AddField(model_name="order", name="flag", field=models.BooleanField(default=False))]\n';
    const sources = await sourcesOf({ ...FILES, 'shop/migrations/0004_flag.py': flag }, root);
    const applied = ['shop.0001_initial', 'shop.0002_coupon', 'shop.0003_bigger_codes'];
    const checksOn = (serverVersion: number) => {
      fs.mkdirSync(path.join(root, '.untangle'), { recursive: true });
      fs.writeFileSync(path.join(root, '.untangle', 'db-stats.json'), JSON.stringify({ ...statsWith(50_000_000, applied), serverVersion }));
      return detectUnsafeMigrations(sources, DEFAULT_SETTINGS).map((finding) => finding.message.slice(0, finding.message.indexOf(':')));
    };
    assert.deepEqual(checksOn(100023), ['table-copy']);
    assert.deepEqual(checksOn(110000), []);
  });

  it('leaves out a table so small that the lock lasts under a second', async () => {
    assert.deepEqual(await findings(statsWith(1000)), []);
  });

  it('says a dropped index waits behind the queries on the table, a full scan of it at most', async () => {
    const drop = 'from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0003_bigger_codes")]\n    operations = [migrations.RemoveIndex(model_name="order", name="order_code_idx")]\n';
    const applied = ['shop.0001_initial', 'shop.0002_coupon', 'shop.0003_bigger_codes'];
    const dropped = async (rows: number) => {
      fs.mkdirSync(path.join(root, '.untangle'), { recursive: true });
      fs.writeFileSync(path.join(root, '.untangle', 'db-stats.json'), JSON.stringify(statsWith(rows, applied)));
      return detectUnsafeMigrations(await sourcesOf({ ...FILES, 'shop/migrations/0004_drop.py': drop }, root), DEFAULT_SETTINGS);
    };
    const [big] = await dropped(50_000_000);
    assert.match(big.message, /index-drop-not-concurrent: RemoveIndex drops index `order_code_idx` — ACCESS EXCLUSIVE lock, brief once granted.*; 50\.0 M rows, 4\.0 GB: ~3–8 s, within the 3 min budget/);
    assert.deepEqual(await dropped(1_000_000), [], 'a table scanned in well under a second');
  });

  it('skips the migrations production has applied, and counts tables it has not created yet as new', async () => {
    const found = await findings(statsWith(50_000_000, ['shop.0001_initial']));
    assert.deepEqual(found.map((f) => f.range.start.line), [5], 'the Order change; the Coupon table is created by 0002, not deployed yet');
    assert.deepEqual(await findings(statsWith(50_000_000, ['shop.0001_initial', 'shop.0002_coupon', 'shop.0003_bigger_codes'])), []);
  });

  it('without stats, reports every operation on a table an earlier migration created', async () => {
    const found = await findings(undefined);
    assert.equal(found.length, 2);
    assert.doesNotMatch(found[0].message, /rows/);
  });

  it('reads no stats from a file that is not what db-stats writes, and says why', async () => {
    assert.equal((await findings('{"version": 2}')).length, 2);
    assert.match(readDbStats(root, DISK_FILES).problem ?? '', /db-stats\.json is not what untangle db-stats writes \(version: /);
  });
});
