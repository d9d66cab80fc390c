import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { sourcesOf } from '../../helpers/workspace/projectSources';

const BASE = {
  'proj/settings.py': 'INSTALLED_APPS = ["shop"]\n',
  'shop/models.py': `
    from django.db import models

    class Customer(models.Model):
        name = models.CharField(max_length=100)

    class Order(models.Model):
        customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
        amount = models.DecimalField(max_digits=10, decimal_places=2)
  `,
  'shop/migrations/0001_initial.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        initial = True
        operations = [
            migrations.CreateModel(name="Customer", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=50, null=True))]),
            migrations.CreateModel(name="Order", fields=[
                ("id", models.AutoField(primary_key=True)),
                ("customer", models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")),
                ("total", models.DecimalField(max_digits=8, decimal_places=2)),
                ("code", models.IntegerField()),
            ]),
        ]
  `,
};

interface Options {
  /** More modules of the project. */
  readonly files?: Record<string, string>;
  readonly settings?: Settings;
  /** Module-level code of the migration before its class. */
  readonly head?: string;
  readonly atomic?: boolean;
}

/** The findings of one more migration `0002_change.py` holding `operations`. */
async function findingsOf(operations: string, { files = {}, settings = DEFAULT_SETTINGS, head = '', atomic = true }: Options = {}): Promise<Finding[]> {
  const options = atomic ? '' : '    atomic = False\n';
  const migration = `from django.db import migrations, models\n${head}\nclass Migration(migrations.Migration):\n${options}    dependencies = [("shop", "0001_initial")]\n    operations = [\n${operations
    .trim()
    .split('\n')
    .map((line) => `        ${line.trim()}`)
    .join('\n')}\n    ]\n`;
  const sources = await sourcesOf({ ...BASE, 'shop/migrations/0002_change.py': migration, ...files });
  return detectUnsafeMigrations(sources, settings);
}

const checks = (findings: readonly Finding[]) => findings.map((finding) => finding.message.slice(0, finding.message.indexOf(':')));

describe('unsafe-migration', () => {
  it('reports a NOT NULL column without a default, and nothing for a nullable one or one with a default', async () => {
    const findings = await findingsOf(`
      migrations.AddField(model_name="order", name="note", field=models.TextField()),
      migrations.AddField(model_name="order", name="memo", field=models.TextField(null=True)),
      migrations.AddField(model_name="order", name="paid", field=models.BooleanField(default=False)),
      migrations.AddField(model_name="order", name="placed", field=models.DateTimeField(default=django.utils.timezone.now), preserve_default=False),
      migrations.AddField(model_name="order", name="remark", field=models.TextField(blank=True)),
      migrations.AddField(model_name="order", name="rank", field=models.IntegerField(blank=True)),
      migrations.AddField(model_name="order", name="tags", field=taggit.managers.TaggableManager(to="taggit.Tag", through="taggit.TaggedItem")),
    `);
    assert.deepEqual(checks(findings), ['not-null-without-default', 'not-null-without-default'], "a blank string field gets DEFAULT '' from Django; a blank integer does not; a custom field may have no column");
    assert.equal(findings[1].range.start.line, 10);
    assert.equal(findings[0].stage, 'database');
    assert.equal(findings[0].range.start.line, 5, 'the AddField line');
    assert.match(findings[0].message, /Safe: add it with null=True/);
  });

  it('reports type changes that rewrite the table, not those PostgreSQL does in place', async () => {
    const findings = await findingsOf(`
      migrations.AlterField(model_name="order", name="total", field=models.DecimalField(max_digits=12, decimal_places=2)),
      migrations.AlterField(model_name="order", name="code", field=models.BigIntegerField()),
      migrations.AlterField(model_name="customer", name="name", field=models.CharField(max_length=100, null=True, help_text="x")),
    `);
    assert.deepEqual(checks(findings), ['type-change']);
    assert.match(findings[0].message, /IntegerField → BigIntegerField.*ACCESS EXCLUSIVE lock while the table and its indexes are rewritten/);
  });

  it('reports SET NOT NULL, a shorter varchar, and a new unique index', async () => {
    const findings = await findingsOf(`
      migrations.AlterField(model_name="customer", name="name", field=models.CharField(max_length=20, unique=True)),
    `);
    assert.deepEqual(checks(findings), ['type-change', 'set-not-null', 'index-not-concurrent']);
  });

  it('reports the index a SlugField has by default (makemigrations writes no db_index for it), and not with db_index=False', async () => {
    const slug = await findingsOf(`migrations.AddField(model_name="order", name="slug", field=models.SlugField(null=True)),`);
    assert.deepEqual(checks(slug), ['index-not-concurrent']);
    assert.deepEqual(await findingsOf(`migrations.AddField(model_name="order", name="slug", field=models.SlugField(null=True, db_index=False)),`), []);
  });

  it('reports indexes built in a transaction, and AddIndexConcurrently only in an atomic migration', async () => {
    const plain = await findingsOf(`
      migrations.AddIndex(model_name="order", index=models.Index(fields=["total"], name="order_total_idx")),
    `);
    assert.deepEqual(checks(plain), ['index-not-concurrent']);
    assert.match(plain[0].message, /SHARE lock while the index is built.*AddIndexConcurrently/);
    const concurrent = `AddIndexConcurrently(model_name="order", index=models.Index(fields=["total"], name="order_total_idx")),`;
    const head = 'from django.contrib.postgres.operations import AddIndexConcurrently\n';
    assert.deepEqual(checks(await findingsOf(concurrent, { head })), ['concurrent-in-transaction']);
    assert.deepEqual(await findingsOf(concurrent, { head, atomic: false }), []);
  });

  it('reports indexes and constraints dropped under ACCESS EXCLUSIVE, and RemoveIndexConcurrently only in an atomic migration', async () => {
    const initial = BASE['shop/migrations/0001_initial.py'].replace('("code", models.IntegerField())', '("code", models.IntegerField(unique=True)), ("slug", models.SlugField()), ("note", models.CharField(max_length=9, db_index=True))');
    const findings = await findingsOf(`
      migrations.RemoveIndex(model_name="order", name="order_total_idx"),
      migrations.RemoveConstraint(model_name="order", name="total_positive"),
      migrations.AlterField(model_name="order", name="code", field=models.IntegerField()),
      migrations.AlterField(model_name="order", name="slug", field=models.SlugField(db_index=False)),
      migrations.AlterField(model_name="order", name="note", field=models.CharField(max_length=9, db_index=True, help_text="kept")),
    `, { files: { 'shop/migrations/0001_initial.py': initial } });
    assert.deepEqual(checks(findings), ['index-drop-not-concurrent', 'index-drop-not-concurrent', 'index-drop-not-concurrent', 'index-drop-not-concurrent'], 'the index a field keeps is not dropped');
    assert.match(findings[0].message, /RemoveIndex drops index `order_total_idx` — ACCESS EXCLUSIVE lock, brief once granted, but queued behind every query.*Safe: drop it with RemoveIndexConcurrently/);
    assert.match(findings[1].message, /drops constraint `total_positive`.*no concurrent drop.*lock_timeout/);
    assert.match(findings[2].message, /drops the unique constraint of `code`/);
    assert.match(findings[3].message, /drops the index of `slug`.*DROP INDEX CONCURRENTLY/);
    const concurrent = 'RemoveIndexConcurrently(model_name="order", name="order_total_idx"),';
    const head = 'from django.contrib.postgres.operations import RemoveIndexConcurrently\n';
    assert.deepEqual(checks(await findingsOf(concurrent, { head })), ['concurrent-in-transaction']);
    assert.deepEqual(await findingsOf(concurrent, { head, atomic: false }), []);
    const mysql = { ...DEFAULT_SETTINGS, database: 'mysql' as const };
    assert.deepEqual(await findingsOf('migrations.RemoveIndex(model_name="order", name="order_total_idx"),', { settings: mysql }), [], 'InnoDB drops an index online');
  });

  it('reports no index dropped from a table created in the same migration', async () => {
    const findings = await findingsOf(`
      migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=9, unique=True))], options={"indexes": [models.Index(fields=["code"], name="coupon_code_idx")]}),
      migrations.RemoveIndex(model_name="coupon", name="coupon_code_idx"),
      migrations.AlterField(model_name="coupon", name="code", field=models.CharField(max_length=9)),
    `);
    assert.deepEqual(findings, []);
  });

  it('reports unique_together and index_together groups added to an existing table or removed from it, not those it keeps', async () => {
    const findings = await findingsOf(`
      migrations.AlterUniqueTogether(name="order", unique_together={("customer", "code")}),
      migrations.AlterIndexTogether(name="order", index_together=("code", "total")),
      migrations.AlterUniqueTogether(name="order", unique_together={("customer", "code"), ("total", "code")}),
      migrations.AlterUniqueTogether(name="order", unique_together=set()),
      migrations.AlterIndexTogether(name="order", index_together=set()),
    `);
    assert.deepEqual(checks(findings), ['index-not-concurrent', 'index-not-concurrent', 'index-not-concurrent', 'index-drop-not-concurrent', 'index-drop-not-concurrent', 'index-drop-not-concurrent']);
    assert.match(findings[3].message, /removes unique_together \(`customer`, `code`\) — ACCESS EXCLUSIVE lock.*no concurrent drop: DROP CONSTRAINT .*lock_timeout, retried/);
    assert.match(findings[5].message, /removes index_together \(`code`, `total`\) — ACCESS EXCLUSIVE lock.*DROP INDEX CONCURRENTLY/);
    assert.match(findings[0].message, /adds unique_together \(`customer`, `code`\) — SHARE lock while the index is built.*UNIQUE USING INDEX/);
    assert.match(findings[1].message, /adds index_together \(`code`, `total`\) — SHARE lock.*AddIndexConcurrently/);
    assert.match(findings[2].message, /adds unique_together \(`total`, `code`\)/, 'only the group the table did not have');
  });

  it('reports constraints validated at once, and foreign keys added with their constraint', async () => {
    const findings = await findingsOf(`
      migrations.AddConstraint(model_name="order", constraint=models.CheckConstraint(check=models.Q(total__gte=0), name="total_positive")),
      migrations.AddField(model_name="order", name="buyer", field=models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.customer")),
      migrations.AddField(model_name="order", name="loose", field=models.ForeignKey(null=True, db_constraint=False, db_index=False, on_delete=models.SET_NULL, to="shop.customer")),
      migrations.AlterField(model_name="order", name="customer", field=models.ForeignKey(null=True, related_name="orders", on_delete=models.SET_NULL, to="shop.Customer")),
    `);
    assert.deepEqual(checks(findings), ['constraint-validated', 'foreign-key-validated', 'index-not-concurrent'], 'the same target written in another case is the same constraint');
  });

  it('reports nothing on a table created in the same migration', async () => {
    const findings = await findingsOf(`
      migrations.CreateModel(name="Coupon", fields=[("id", models.AutoField(primary_key=True)), ("code", models.IntegerField(null=True))]),
      migrations.AddField(model_name="coupon", name="label", field=models.TextField()),
      migrations.AlterField(model_name="coupon", name="code", field=models.BigIntegerField()),
      migrations.AddIndex(model_name="coupon", index=models.Index(fields=["code"], name="coupon_code_idx")),
      migrations.RemoveField(model_name="coupon", name="label"),
    `);
    assert.deepEqual(findings, []);
  });

  it('reports RunPython without reverse_code or importing models, and not with apps.get_model', async () => {
    const head = 'from shop.models import Order\n\ndef fill(apps, schema_editor):\n    Order.objects.update(total=0)\n\ndef undo(apps, schema_editor):\n    pass\n';
    assert.deepEqual(checks(await findingsOf('migrations.RunPython(fill),', { head })), ['irreversible-run-python', 'run-python-imports-models']);
    const clean = 'def fill(apps, schema_editor):\n    apps.get_model("shop", "Order").objects.update(total=0)\n';
    assert.deepEqual(await findingsOf('migrations.RunPython(fill, migrations.RunPython.noop),', { head: clean }), []);
  });

  it('reports a rename with every place that still reads the old name, and only those', async () => {
    const code = {
      'shop/views.py': `
        from django.db.models import F
        from .models import Order

        def report(request, customer):
            orders = Order.objects.filter(total__gt=10).order_by("-total")
            for order in orders:
                print(order.total, customer.total)
            return Order.objects.values("total", "customer__name"), F("total")
      `,
      'shop/serializers.py': `
        from rest_framework import serializers
        from .models import Order, Customer

        class OrderSerializer(serializers.ModelSerializer):
            class Meta:
                model = Order
                fields = ["id", "total"]

        class CustomerSerializer(serializers.ModelSerializer):
            class Meta:
                model = Customer
                fields = ["total"]
      `,
    };
    const findings = await findingsOf('migrations.RenameField(model_name="order", old_name="total", new_name="amount"),', { files: code });
    assert.deepEqual(checks(findings), ['breaks-running-code']);
    assert.match(findings[0].message, /renames column `total` → `amount`.*; 6 places in the code still read `total`/);
    const places = findings[0].related.map((r) => `${r.path.replace('/project/', '')}:${r.range.start.line}`).sort();
    assert.deepEqual(places, ['shop/serializers.py:6', 'shop/views.py:4', 'shop/views.py:4', 'shop/views.py:6', 'shop/views.py:7', 'shop/views.py:7'], 'not customer.total, nor the Customer serializer');
  });

  it('reports data dropped without a copy after its replacement was added, and not with a RunPython between', async () => {
    const replaced = await findingsOf(`
      migrations.AddField(model_name="order", name="sum", field=models.DecimalField(max_digits=12, decimal_places=2, null=True)),
      migrations.RemoveField(model_name="order", name="total"),
    `);
    assert.deepEqual(checks(replaced), ['breaks-running-code', 'replaced-without-copy']);
    const copied = await findingsOf(`
      migrations.AddField(model_name="order", name="sum", field=models.DecimalField(max_digits=12, decimal_places=2, null=True)),
      migrations.RunPython(copy, migrations.RunPython.noop),
      migrations.SeparateDatabaseAndState(database_operations=[migrations.RemoveField(model_name="order", name="total")]),
    `, { head: 'def copy(apps, schema_editor):\n    pass\n' });
    assert.deepEqual(copied, []);
  });

  it('follows the database setting: MySQL builds indexes online, SQLite remakes tables', async () => {
    const operations = `
      migrations.AddIndex(model_name="order", index=models.Index(fields=["total"], name="order_total_idx")),
      migrations.AlterField(model_name="order", name="code", field=models.BigIntegerField()),
    `;
    const mysql = await findingsOf(operations, { settings: { ...DEFAULT_SETTINGS, database: 'mysql' } });
    assert.deepEqual(checks(mysql), ['type-change']);
    assert.match(mysql[0].message, /the table is copied/);
    const sqlite = await findingsOf(operations, { settings: { ...DEFAULT_SETTINGS, database: 'sqlite' } });
    assert.match(sqlite[0].message, /Django remakes the table/);
  });

  it('is off when disabled', async () => {
    const settings = { ...DEFAULT_SETTINGS, unsafeMigration: { ...DEFAULT_SETTINGS.unsafeMigration, enabled: false } };
    assert.deepEqual(await findingsOf('migrations.RemoveField(model_name="order", name="total"),', { settings }), []);
  });
});
