/**
 * The safe-sequence writers (refactor/database/sequences/safeSequences.ts) and the migration writer
 * (core/database/migrationWriter.ts): numbering after the app's latest, Django's own index names
 * (checked against Debian's Django), and each sequence's steps.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { appMigrations, writeMigrations } from '../../../server/src/core/database/migrationWriter';
import { modelIndexName, schemaIndexName } from '../../../server/src/core/database/migrationNames';
import { checkConstraintSteps, concurrentIndexSteps, foreignKeySteps, notNullFieldSteps } from '../../../server/src/refactor/database/sequences/safeSequences';
import { DEFAULT_LOCK_RETRY } from '../../../server/src/refactor/database/sequences/ddl';
import { projectOf } from '../../helpers/django/djangoModel';

const FIELD = { app: 'shop', model: 'order', table: 'shop_order', field: 'channel', column: 'channel', fieldSource: 'models.CharField(max_length=20)', lockRetry: DEFAULT_LOCK_RETRY };

describe('safe migration sequences', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('numbers new migrations after the app latest and chains their dependencies', async () => {
    const project = await projectOf({
      'site_settings.py': 'INSTALLED_APPS = ["shop"]',
      'shop/migrations/0001_initial.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = []\n    operations = []',
      'shop/migrations/0009_later.py': 'from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [("shop", "0001_initial")]\n    operations = []',
    }, { settingsModule: 'site_settings' });
    const app = appMigrations(project, 'shop');
    assert.ok(typeof app !== 'string', String(app));
    assert.equal(app.latest, '0009_later');
    const written = writeMigrations(app, concurrentIndexSteps({ ...FIELD, fields: ['channel'], columns: ['channel'] }).concat(concurrentIndexSteps({ ...FIELD, fields: ['-channel'], columns: ['-channel'] })), 'Index');
    assert.deepEqual(written.map((m) => m.path), ['shop/migrations/0010_order_channel_index.py', 'shop/migrations/0011_order_channel_index.py']);
    assert.match(written[1].text, /\("shop", "0010_order_channel_index"\)/);
    assert.match(written[0].text, /from django\.contrib\.postgres\.operations import AddIndexConcurrently\nfrom django\.db import migrations, models[\s\S]*atomic = False[\s\S]*AddIndexConcurrently\(\n\s+model_name="order",\n\s+index=models\.Index\(fields=\["channel"\], name="shop_order_channel_[0-9a-f]{6}_idx"\)/);
    assert.match(appMigrations(await projectOf({ 'site_settings.py': 'INSTALLED_APPS = ["shop"]', 'shop/models.py': '' }, { settingsModule: 'site_settings' }), 'shop') as string, /no migrations yet/);
  });

  it('names indexes and constraints as Django does', () => {
    const oracle = spawnSync('/usr/bin/python3', ['-c', `
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=[], DATABASES={"default": {"ENGINE": "django.db.backends.postgresql"}})
django.setup()
from django.db import connection, models
class Order(models.Model):
    channel = models.CharField(max_length=20)
    created_at = models.DateTimeField()
    class Meta:
        app_label = "shop"
        db_table = "shop_order_with_a_long_table_name_for_names"
index = models.Index(fields=["channel", "-created_at"])
index.set_name_with_model(Order)
editor = connection.schema_editor()
print(index.name)
print(editor._create_index_name(Order._meta.db_table, ["channel"]))
print(editor._create_index_name(Order._meta.db_table, ["customer_id"], suffix="_fk_shop_customer_id"))
`], { encoding: 'utf8' });
    assert.equal(oracle.status, 0, oracle.stderr);
    const table = 'shop_order_with_a_long_table_name_for_names';
    assert.deepEqual(oracle.stdout.trim().split('\n'), [
      modelIndexName(table, ['channel', '-created_at']),
      schemaIndexName(table, ['channel']),
      schemaIndexName(table, ['customer_id'], '_fk_shop_customer_id'),
    ]);
  });

  it('adds a NOT NULL field nullable, fills it in batches, then CHECK NOT VALID, VALIDATE and SET NOT NULL', () => {
    const steps = notNullFieldSteps(parser, FIELD, '"web"');
    assert.ok(typeof steps !== 'string', String(steps));
    assert.deepEqual(steps.map((s) => s.slug), ['add_channel_nullable', 'fill_channel', 'channel_not_null_check', 'channel_not_null']);
    // Django's AddField takes the table's lock without a timeout: the lock is taken first under the retries, forwards and backwards.
    const lock = /^migrations\.RunSQL\(\n\s+\[\n\s+"DO \$\$[^\n]*set_config\('lock_timeout', '1s', true\); LOCK TABLE \\"shop_order\\" IN ACCESS EXCLUSIVE MODE; PERFORM[^\n]*",\n\s+\],\n\s+reverse_sql=migrations\.RunSQL\.noop,\n\)$/;
    const unlock = /^migrations\.RunSQL\(\n\s+migrations\.RunSQL\.noop,\n\s+reverse_sql=\[\n\s+"DO \$\$[^\n]*LOCK TABLE \\"shop_order\\" IN ACCESS EXCLUSIVE MODE;[^\n]*",\n\s+\],\n\)$/;
    assert.equal(steps[0].operations.length, 3);
    assert.match(steps[0].operations[0], lock);
    assert.match(steps[0].operations[1], /field=models\.CharField\(max_length=20, null=True\)/);
    assert.match(steps[0].operations[2], unlock);
    assert.equal(steps[1].atomic, false);
    assert.match(steps[1].definitions.join('\n'), /fill_nulls\(apps\.get_model\("shop", "order"\), "channel", "web"\)/);
    assert.match(steps[2].operations[0], /RunPython\(fill_channel/, 'post-deploy: the rows written meanwhile are filled first');
    // Neither the fill's row locks nor VALIDATE's lock kept while the retried lock waits.
    assert.deepEqual(steps.slice(2).map((s) => s.atomic), [false, false]);
    assert.match(steps[2].operations[1].replace(/\\"/g, '"'), /set_config\('lock_timeout', '1s', true\); ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_channel_notnull" CHECK \("channel" IS NOT NULL\) NOT VALID[\s\S]*state_operations=\[\n\s+migrations\.AlterField\([\s\S]*models\.CharField\(max_length=20\)/);
    // SET NOT NULL and the check's drop one group under the lock retries; backwards too.
    assert.match(steps[3].operations.join('\n').replace(/\\"/g, '"'), /VALIDATE CONSTRAINT[\s\S]*set_config\('lock_timeout', '1s', true\); ALTER TABLE "shop_order" ALTER COLUMN "channel" SET NOT NULL; ALTER TABLE "shop_order" DROP CONSTRAINT "shop_order_channel_notnull"; PERFORM[\s\S]*reverse_sql=[^\n]*\n[^\n]*set_config\('lock_timeout', '1s', true\); ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_channel_notnull" CHECK \("channel" IS NOT NULL\) NOT VALID; ALTER TABLE "shop_order" ALTER COLUMN "channel" DROP NOT NULL; PERFORM/);
    assert.match(notNullFieldSteps(parser, FIELD) as string, /has no default: say which value/);
    const withDefault = notNullFieldSteps(parser, { ...FIELD, fieldSource: 'models.CharField(max_length=20, default="web")' });
    assert.ok(typeof withDefault !== 'string');
    assert.match(withDefault[1].definitions.join('\n'), /get_field\("channel"\)\.get_default\(\)/);
  });

  it('adds a check constraint NOT VALID then validates it, reading simple Q lookups as SQL', () => {
    const steps = checkConstraintSteps(parser, { ...FIELD, name: 'order_total_positive', check: 'models.Q(total__gte=0, status__in=["new", "paid"])', columns: {} });
    assert.ok(typeof steps !== 'string', String(steps));
    assert.match(steps[0].operations[0].replace(/\\"/g, '"'), /set_config\('lock_timeout', '1s', true\); ALTER TABLE "shop_order" ADD CONSTRAINT "order_total_positive" CHECK \("total" >= 0 AND "status" IN \('new', 'paid'\)\) NOT VALID[\s\S]*AddConstraint\([\s\S]*models\.CheckConstraint\(check=models\.Q\(total__gte=0/);
    assert.match(steps[1].operations[0], /VALIDATE CONSTRAINT "order_total_positive"/);
    const refused = checkConstraintSteps(parser, { ...FIELD, name: 'x', check: 'models.Q(total__gte=models.F("discount"))' });
    assert.match(refused as string, /cannot tell the SQL/);
    const pairs = checkConstraintSteps(parser, { ...FIELD, name: 'x', check: "models.Q(('total__gte', 0), ('status__in', ['new']))" });
    assert.ok(typeof pairs !== 'string', String(pairs));
    assert.match(pairs[0].operations[0].replace(/\\"/g, '"'), /CHECK \("total" >= 0 AND "status" IN \('new'\)\) NOT VALID/);
    assert.match(checkConstraintSteps(parser, { ...FIELD, name: 'x', check: 'models.Q(total__gte=0, status="new", _connector="OR")' }) as string, /`_connector="OR"` is no lookup/);
  });

  it('adds a foreign key as a bare column, its index concurrently, the constraint NOT VALID, then VALIDATE', () => {
    const source = 'models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="shop.customer")';
    const steps = foreignKeySteps(parser, { ...FIELD, field: 'buyer', column: 'buyer_id', fieldSource: source, imports: ['import django.db.models.deletion'], targetTable: 'shop_customer', targetColumn: 'id' });
    assert.ok(typeof steps !== 'string', String(steps));
    assert.match(steps[0].operations[0], /LOCK TABLE \\"shop_order\\" IN ACCESS EXCLUSIVE MODE/);
    assert.match(steps[0].operations[2], /reverse_sql=\[\n[^\n]*LOCK TABLE \\"shop_order\\" IN ACCESS EXCLUSIVE MODE/);
    assert.match(steps[0].operations[1], /database_operations=\[[\s\S]*db_constraint=False, db_index=False[\s\S]*state_operations=\[[\s\S]*to="shop\.customer"\)/);
    assert.equal(steps[1].atomic, false);
    assert.match(steps[1].operations[0], /CREATE INDEX CONCURRENTLY IF NOT EXISTS "shop_order_buyer_id_[0-9a-f]{8}" ON "shop_order" \("buyer_id"\)/);
    assert.match(steps[2].operations[0].replace(/\\"/g, '"'), /set_config\('lock_timeout', '1s', true\); ALTER TABLE "shop_order" ADD CONSTRAINT "[^"]+" FOREIGN KEY \("buyer_id"\) REFERENCES "shop_customer" \("id"\) DEFERRABLE INITIALLY DEFERRED NOT VALID/);
    assert.match(steps[3].operations[0], /VALIDATE CONSTRAINT "shop_order_buyer_id_[0-9a-f]{8}_fk_shop_customer_id"/);
    assert.match(foreignKeySteps(parser, { ...FIELD, fieldSource: 'models.ForeignKey(on_delete=models.CASCADE, to="shop.customer")', targetTable: 'shop_customer', targetColumn: 'id' }) as string, /is NOT NULL/);
  });
});
