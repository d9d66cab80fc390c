import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { missingIndex } from '../../../server/src/detectors/missingIndex';
import { nPlusOne } from '../../../server/src/detectors/nPlusOne';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { applyEdit, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { sourcesOf, workspaceOf } from '../../helpers/django/querySources';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const MIGRATIONS = {
  'shop/migrations/0001_initial.py': `
    from django.db import migrations
    class Migration(migrations.Migration):
        initial = True
        dependencies = []
        operations = []
  `,
  'shop/migrations/0002_more.py': `
    from django.db import migrations
    class Migration(migrations.Migration):
        dependencies = [("shop", "0001_initial")]
        operations = []
  `,
};

const VIEWS = `
  from .models import Order

  def a(request):
      return Order.objects.filter(status="a"), Order.objects.order_by("status")
`;

function settingsModule(engine: string): string {
  return `INSTALLED_APPS = ["shop"]\nDATABASES = {"default": {"ENGINE": "django.db.backends.${engine}", "NAME": "shop"}}\n`;
}

/** Plans the code action of the first finding of `rule` and returns the workspace after it (or the refusal). */
async function afterAction(files: Record<string, string>, rule: Finding['rule']): Promise<Map<string, string> | string> {
  const workspace = workspaceOf(files);
  const sources = await sourcesOf(workspace);
  const findings = rule === 'missing-index' ? missingIndex(sources, DEFAULT_SETTINGS) : nPlusOne(sources, DEFAULT_SETTINGS);
  assert.ok(findings.length > 0, `no ${rule} finding`);
  const { result } = refactoringForFinding(await loadPythonParser(), snapshotOf(workspace), findings[0], DEFAULT_SETTINGS);
  return result.safe ? applyEdit(workspace, result.edit) : result.reason;
}

function file(workspace: Map<string, string> | string, name: string): string | undefined {
  assert.ok(typeof workspace !== 'string', workspace as string);
  return workspace.get(`${ROOT}/${name}`);
}

describe('missing-index code action', () => {
  it('adds the index to Meta and in a migration after the latest one (AddIndex off PostgreSQL)', async () => {
    const after = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': `
        from django.db import models

        class Order(models.Model):
            status = models.CharField(max_length=20)

            class Meta:
                ordering = ["status"]
      `,
      'shop/views.py': VIEWS,
      ...MIGRATIONS,
    }, 'missing-index');
    assert.equal(file(after, 'shop/models.py'), dedent(`
      from django.db import models

      class Order(models.Model):
          status = models.CharField(max_length=20)

          class Meta:
              ordering = ["status"]
              indexes = [models.Index(fields=["status"], name="order_status_idx")]
    `));
    assert.equal(file(after, 'shop/migrations/0003_order_status_idx.py'), [
      '# Written by Untangle: index Order.status.',
      '# Indexes the field the code looks rows up by.',
      '',
      'from django.db import migrations, models',
      '',
      '',
      'class Migration(migrations.Migration):',
      '',
      '    dependencies = [',
      '        ("shop", "0002_more"),',
      '    ]',
      '',
      '    operations = [',
      '        migrations.AddIndex(',
      '            model_name="order",',
      '            index=models.Index(fields=["status"], name="order_status_idx"),',
      '        ),',
      '    ]',
      '',
    ].join('\n'));
  });

  it('builds the index concurrently on PostgreSQL, outside a transaction, and appends to Meta.indexes', async () => {
    const after = await afterAction({
      'proj/settings.py': settingsModule('postgresql'),
      'shop/models.py': `
        from django.db import models

        class Order(models.Model):
            status = models.CharField(max_length=20)
            placed = models.DateTimeField()

            class Meta:
                indexes = [
                    models.Index(fields=["placed"], name="order_placed_idx"),
                ]
      `,
      'shop/views.py': VIEWS,
      ...MIGRATIONS,
    }, 'missing-index');
    assert.match(file(after, 'shop/models.py')!, /models\.Index\(fields=\["placed"\], name="order_placed_idx"\), models\.Index\(fields=\["status"\], name="order_status_idx"\),\n {8}\]/);
    const migration = file(after, 'shop/migrations/0003_order_status_idx.py')!;
    assert.match(migration, /\nfrom django\.contrib\.postgres\.operations import AddIndexConcurrently\n/);
    assert.match(migration, /\n {4}atomic = False\n/);
    assert.match(migration, /AddIndexConcurrently\(\n {12}model_name="order",\n {12}index=models\.Index\(fields=\["status"\], name="order_status_idx"\),\n {8}\),/);
  });

  it('writes a Meta class when the model has none', async () => {
    const after = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': `
        from django.db import models

        class Order(models.Model):
            status = models.CharField(max_length=20)

            def __str__(self):
                return self.status
      `,
      'shop/views.py': VIEWS,
      ...MIGRATIONS,
    }, 'missing-index');
    assert.match(file(after, 'shop/models.py')!, /return self\.status\n\n {4}class Meta:\n {8}indexes = \[models\.Index\(fields=\["status"\], name="order_status_idx"\)\]\n$/);
  });

  it('refuses with two leaf migrations, an inherited Meta, or on a redundant index', async () => {
    const twoLeaves = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': 'from django.db import models\n\nclass Order(models.Model):\n    status = models.CharField(max_length=20)\n',
      'shop/views.py': VIEWS,
      ...MIGRATIONS,
      'shop/migrations/0002_other.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0001_initial")]\n',
    }, 'missing-index');
    assert.match(twoLeaves as string, /has 2 latest migrations \(0002_more, 0002_other\)/);
    const inherited = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': `
        from django.db import models

        class Base(models.Model):
            class Meta:
                abstract = True
                ordering = ["pk"]

        class Order(Base):
            status = models.CharField(max_length=20)
      `,
      'shop/views.py': VIEWS,
      ...MIGRATIONS,
    }, 'missing-index');
    assert.match(inherited as string, /inherits its Meta/);
    const redundant = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': `
        from django.db import models

        class Order(models.Model):
            status = models.CharField(max_length=20, db_index=True)

            class Meta:
                index_together = [("status", "id")]
      `,
      ...MIGRATIONS,
    }, 'missing-index');
    assert.match(redundant as string, /redundant index is reported only/);
  });
});

describe('n-plus-one code action', () => {
  const MODELS = `
    from django.db import models

    class Customer(models.Model):
        name = models.CharField(max_length=80)

    class Order(models.Model):
        customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
  `;

  it('loads the relation where the queryset is built', async () => {
    const after = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': MODELS,
      'shop/views.py': `
        from .models import Order

        def names(request):
            orders = Order.objects.order_by("pk")
            return [order.customer.name for order in orders]
      `,
    }, 'n-plus-one');
    assert.match(file(after, 'shop/views.py')!, /orders = Order\.objects\.select_related\("customer"\)\.order_by\("pk"\)\n/);
  });

  it('adds list_select_related to an admin', async () => {
    const after = await afterAction({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': MODELS,
      'shop/admin.py': `
        from django.contrib import admin
        from .models import Order

        @admin.register(Order)
        class OrderAdmin(admin.ModelAdmin):
            list_display = ["pk", "customer_name"]

            def customer_name(self, order):
                return order.customer.name
      `,
    }, 'n-plus-one');
    assert.match(file(after, 'shop/admin.py')!, /class OrderAdmin\(admin\.ModelAdmin\):\n {4}list_select_related = \["customer"\]\n {4}list_display = \["pk", "customer_name"\]\n/);
  });

  it('adds to super().get_queryset(), and refuses when the workspace does not build the queryset', async () => {
    const view = (body: string) => ({
      'proj/settings.py': settingsModule('sqlite3'),
      'shop/models.py': MODELS,
      'shop/views.py': `
        from django.views.generic import ListView
        from .models import Order

        class OrderList(ListView):
            model = Order
${body}
            def names(self):
                return [order.customer.name for order in self.get_queryset()]
      `,
    });
    const after = await afterAction(view('\n            def get_queryset(self):\n                return super().get_queryset().order_by("pk")\n'), 'n-plus-one');
    assert.match(file(after, 'shop/views.py')!, /return super\(\)\.get_queryset\(\)\.select_related\("customer"\)\.order_by\("pk"\)\n/);
    const refused = await afterAction(view(''), 'n-plus-one');
    assert.match(refused as string, /not built in the workspace/);
  });
});
