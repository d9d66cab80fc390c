import { strict as assert } from 'node:assert';
import { isUnknown } from '../../../server/src/core/django/values';
import { projectOf } from '../../helpers/django/djangoModel';

const MIGRATIONS = {
  'proj/settings.py': 'INSTALLED_APPS = ["accounts", "shop.apps.ShopConfig"]\nAUTH_USER_MODEL = "accounts.Member"\n',
  'shop/apps.py': 'from django.apps import AppConfig\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n    label = "store"\n',
  'shop/migrations/0001_initial.py': `
    from django.conf import settings
    from django.db import migrations, models
    import django.db.models.deletion

    def fill(apps, schema_editor):
        pass

    class Migration(migrations.Migration):
        initial = True
        dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]
        operations = [
            migrations.CreateModel(
                name="Order",
                fields=[
                    ("id", models.AutoField(primary_key=True, serialize=False)),
                    ("owner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                ],
                options={"ordering": ["-id"]},
            ),
            migrations.RunPython(fill, migrations.RunPython.noop),
        ]
  `,
  'shop/migrations/0002_changes.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        dependencies = [("store", "0001_initial")]
        replaces = [("store", "0002_old"), ("store", "0003_old")]
        operations = [
            migrations.AddField(model_name="order", name="total", field=models.DecimalField(max_digits=8, decimal_places=2)),
            migrations.AlterField("order", "total", models.DecimalField(max_digits=10, decimal_places=2)),
            migrations.RenameField(model_name="order", old_name="total", new_name="amount"),
            migrations.RemoveField(model_name="order", name="owner"),
            migrations.AddIndex(model_name="order", index=models.Index(fields=["amount"], name="order_amount_idx")),
            migrations.AlterUniqueTogether(name="order", unique_together={("amount", "id")}),
            migrations.RenameModel(old_name="Order", new_name="Purchase"),
            migrations.RunSQL("UPDATE x SET y = 1"),
            migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Gone")]),
            custom_operation(),
        ]
  `,
  'shop/migrations/__init__.py': '',
  'shop/not_migrations.py': 'from django.db import migrations\n\nclass Migration(migrations.Migration):\n    pass\n',
};

describe('Django project model: migrations', () => {
  it('reads app, name, dependencies and operations of each migration', async () => {
    const { migrations } = await projectOf(MIGRATIONS);
    assert.deepEqual(migrations.map((m) => [m.app, m.name, m.initial]), [
      ['store', '0001_initial', true],
      ['store', '0002_changes', false],
    ], 'the app label of the app config; a Migration class outside a migrations package is none');
    const [initial, changes] = migrations;
    assert.deepEqual(initial.dependencies, [{ app: 'accounts', name: '__first__', swappable: 'AUTH_USER_MODEL' }]);
    const [create, run] = initial.operations;
    assert.equal(create.kind, 'CreateModel');
    assert.equal(create.model, 'Order');
    assert.deepEqual(create.fields?.map((f) => [f.name, f.fieldClass]), [['id', 'AutoField'], ['owner', 'ForeignKey']]);
    assert.deepEqual(create.fields?.[1].spec.relation, { to: 'settings.AUTH_USER_MODEL', dbConstraint: true });
    assert.equal(initial.atomic, true);
    assert.deepEqual(create.options, ['ordering']);
    assert.deepEqual([run.kind, run.code, run.reverse], ['RunPython', 'fill', 'migrations.RunPython.noop']);

    assert.deepEqual(changes.dependencies, [{ app: 'store', name: '0001_initial' }]);
    assert.deepEqual(changes.replaces.map((r) => r.name), ['0002_old', '0003_old']);
    const summary = changes.operations.map((op) => [op.kind, op.model, op.field ?? op.newName ?? op.indexName ?? '']);
    assert.deepEqual(summary.slice(0, 8), [
      ['AddField', 'order', 'total'],
      ['AlterField', 'order', 'total'],
      ['RenameField', 'order', 'amount'],
      ['RemoveField', 'order', 'owner'],
      ['AddIndex', 'order', 'order_amount_idx'],
      ['AlterUniqueTogether', 'order', ''],
      ['RenameModel', undefined, 'Purchase'],
      ['RunSQL', undefined, ''],
    ]);
    assert.equal(changes.operations[0].fieldClass, 'DecimalField');
    assert.deepEqual([changes.operations[0].spec?.null, changes.operations[0].spec?.hasDefault, changes.operations[0].spec?.maxDigits], [false, false, 8]);
    assert.equal(changes.operations[4].indexClass, 'Index');
    assert.equal(changes.operations[2].oldName, 'total');
    assert.deepEqual(changes.operations[4].indexFields, ['amount']);
    assert.deepEqual(changes.operations[8].stateOperations?.map((op) => [op.kind, op.model]), [['DeleteModel', 'Gone']]);
    assert.equal(changes.operations[9].kind, 'custom_operation');
  });

  it('leaves the app of a swappable dependency unknown without settings', async () => {
    const files: Record<string, string> = { ...MIGRATIONS };
    delete files['proj/settings.py'];
    const { migrations } = await projectOf(files);
    assert.ok(isUnknown(migrations[0].dependencies[0].app));
  });
});
