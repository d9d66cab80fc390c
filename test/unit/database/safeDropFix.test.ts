/**
 * The quick fix of `unsafe-migration` on what drops a constraint or an index group
 * (refactor/database/sequences/dropSequences.ts): `RemoveConstraint`, `unique=True` taken off a
 * field, `unique_together`/`index_together` groups removed. Each becomes one non-atomic step: a
 * constraint dropped under a short lock_timeout, retried; an index dropped CONCURRENTLY; rebuilt
 * without a long lock when reversed; the operation as Django's state.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { schemaIndexName } from '../../../server/src/core/database/migrationNames';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { sourcesOf } from '../../helpers/django/querySources';
import { BASE, CHECK, files, fixed, migration, NULLABLE_NOTE, Q, RETRIED, second } from '../../helpers/django/migrationFixFixture';

/** A migration after 0002 holding `operations`. */
const third = (operations: readonly string[], after = '0002_note') => second(operations).replace('0001_initial', after);
/** The findings left but those of 0002, which stands for what production has run for a while. */
const leftAfter = async (after: Map<string, string>) => detectUnsafeMigrations(await sourcesOf(after), DEFAULT_SETTINGS).filter((finding) => !finding.path.endsWith('0002_note.py')).map((finding) => finding.message);

describe('the safe migration sequence fix: drops', () => {
  it('drops a check constraint under a short lock_timeout, retried; reversed NOT VALID then VALIDATE', async () => {
    const added = { ...BASE, 'shop/migrations/0002_note.py': second([CHECK]) };
    const remove = 'migrations.RemoveConstraint(model_name="order", name="order_total_positive")';
    const after = files(await fixed({ ...added, 'shop/migrations/0003_remove.py': third([remove]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py'));
    const text = migration(after, '0003_remove');
    assert.match(text, /atomic = False/);
    assert.match(text, new RegExp(`database_operations=\\[\\n\\s+migrations\\.RunSQL\\(\\n\\s+\\[\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} DROP CONSTRAINT ${Q}order_total_positive${Q}`)}",\\n\\s+\\],`));
    assert.match(text, new RegExp(`reverse_sql=\\[\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} ADD CONSTRAINT ${Q}order_total_positive${Q} CHECK \\(${Q}total${Q} >= 0\\) NOT VALID`)}",\\n\\s+'ALTER TABLE "shop_order" VALIDATE CONSTRAINT "order_total_positive"',\\n\\s+\\]`));
    assert.match(text, /state_operations=\[\n\s+migrations\.RemoveConstraint\(\n\s+model_name="order",\n\s+name="order_total_positive",\n\s+\)/);
    assert.deepEqual(await leftAfter(after), []);
  });

  it('finds the constraint where CreateModel\'s options or an earlier safe sequence\'s state declares it', async () => {
    const check = 'models.CheckConstraint(check=models.Q(total__gte=0), name="order_total_positive")';
    const created = BASE['shop/migrations/0001_initial.py'].replace('decimal_places=2))]),', `decimal_places=2))], options={"constraints": [${check}]}),`);
    const remove = 'migrations.RemoveConstraint(model_name="order", name="order_total_positive")';
    const fromOptions = migration(files(await fixed({ ...BASE, 'shop/migrations/0001_initial.py': created, 'shop/migrations/0002_remove.py': second([remove]) }, DEFAULT_SETTINGS, 'shop/migrations/0002_remove.py')), '0002_remove');
    assert.match(fromOptions, new RegExp(`reverse_sql=\\[\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} ADD CONSTRAINT ${Q}order_total_positive${Q} CHECK \\(${Q}total${Q} >= 0\\) NOT VALID`)}"`));
    // Fields as makemigrations writes them: a tuple.
    const unique = "models.UniqueConstraint(fields=('total', 'id'), name='order_total_unique')";
    const sequence = `migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[migrations.AddConstraint(model_name="order", constraint=${unique})])`;
    const removeUnique = 'migrations.RemoveConstraint(model_name="order", name="order_total_unique")';
    const fromState = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_note.py': second([sequence]), 'shop/migrations/0003_remove.py': third([removeUnique]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py')), '0003_remove');
    assert.match(fromState, /reverse_sql=\[\n\s+'CREATE UNIQUE INDEX CONCURRENTLY "order_total_unique" ON "shop_order" \("total", "id"\)'/);
  });

  it('refuses a constraint removed since its last declaration, or last declared in a way it cannot read, instead of rebuilding an older one', async () => {
    const added = { ...BASE, 'shop/migrations/0002_note.py': second([CHECK]) };
    const remove = 'migrations.RemoveConstraint(model_name="order", name="order_total_positive")';
    const removedTwice = { ...added, 'shop/migrations/0003_remove.py': third([remove]), 'shop/migrations/0004_remove_again.py': third([remove], '0003_remove') };
    assert.match(String(await fixed(removedTwice, DEFAULT_SETTINGS, 'shop/migrations/0004_remove_again.py')), /the constraint `order_total_positive` was removed by 0003_remove already: its definition, which the reverse rebuilds, is not known/);
    // Removed, then added again from a name the migration defines: not the first definition.
    const again = 'migrations.AddConstraint(model_name="order", constraint=STRICTER)';
    const readdedUnread = { ...removedTwice, 'shop/migrations/0004_remove_again.py': third([again], '0003_remove').replace('class Migration', 'STRICTER = models.CheckConstraint(check=models.Q(total__gte=1), name="order_total_positive")\n\n\nclass Migration'), 'shop/migrations/0005_remove.py': third([remove], '0004_remove_again') };
    assert.match(String(await fixed(readdedUnread, DEFAULT_SETTINGS, 'shop/migrations/0005_remove.py')), /0004_remove_again adds a constraint to `order` that is not written as a literal call: its definition, which the reverse rebuilds, is not known/);
  });

  it('drops a UniqueConstraint so, rebuilt concurrently and attached when reversed; a conditional one is a partial index dropped CONCURRENTLY', async () => {
    const unique = 'migrations.AddConstraint(model_name="order", constraint=models.UniqueConstraint(fields=["total", "id"], name="order_total_unique"))';
    const remove = 'migrations.RemoveConstraint(model_name="order", name="order_total_unique")';
    const plain = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_note.py': second([unique]), 'shop/migrations/0003_remove.py': third([remove]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py')), '0003_remove');
    assert.match(plain, new RegExp(RETRIED(`ALTER TABLE ${Q}shop_order${Q} DROP CONSTRAINT ${Q}order_total_unique${Q}`)));
    assert.match(plain, new RegExp(`reverse_sql=\\[\\n\\s+'CREATE UNIQUE INDEX CONCURRENTLY "order_total_unique" ON "shop_order" \\("total", "id"\\)',\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} ADD CONSTRAINT ${Q}order_total_unique${Q} UNIQUE USING INDEX ${Q}order_total_unique${Q}`)}",`));
    const partial = unique.replace('name="order_total_unique"', 'condition=models.Q(total__gt=0), name="order_total_unique"');
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_note.py': second([partial]), 'shop/migrations/0003_remove.py': third([remove]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py'));
    assert.match(migration(after, '0003_remove'), /\[\n\s+'DROP INDEX CONCURRENTLY "order_total_unique"',\n\s+\],\n\s+reverse_sql=\[\n\s+'CREATE UNIQUE INDEX CONCURRENTLY "order_total_unique" ON "shop_order" \("total", "id"\) WHERE "total" > 0',/);
    assert.deepEqual(await leftAfter(after), []);
    assert.match(String(await fixed({ ...BASE, 'shop/migrations/0002_note.py': third([remove], '0001_initial') }, DEFAULT_SETTINGS, 'shop/migrations/0002_note.py')), /no migration of the workspace adds the constraint `order_total_unique` \(AddConstraint, a safe sequence.s state or CreateModel.s constraints, as a literal call\): its definition, which the reverse rebuilds, is not known/);
  });

  it('takes unique=True off a field: its constraint found by its column and dropped so, its _like index CONCURRENTLY; rebuilt under Django\'s names when reversed', async () => {
    const uniqueNote = { 'shop/migrations/0002_note.py': NULLABLE_NOTE['shop/migrations/0002_note.py'].replace('null=True)', 'null=True, unique=True)') };
    const plain = 'migrations.AlterField(model_name="order", name="note", field=models.CharField(max_length=20, null=True))';
    const after = files(await fixed({ ...BASE, ...uniqueNote, 'shop/migrations/0003_plain.py': third([plain]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_plain.py'));
    const text = migration(after, '0003_plain');
    const name = (suffix: string) => schemaIndexName('shop_order', ['note'], suffix);
    const byColumn = `EXECUTE \\(SELECT format\\('ALTER TABLE ${Q}shop_order${Q} DROP CONSTRAINT %I', conname\\) FROM pg_constraint WHERE conrelid = '${Q}shop_order${Q}'::regclass AND contype = 'u' AND conkey = ARRAY\\[\\(SELECT attnum FROM pg_attribute WHERE [^)]*attname = 'note'\\)\\]\\)`;
    assert.match(text, new RegExp(`atomic = False[\\s\\S]*\\[\\n\\s+"${RETRIED(byColumn)}",\\n\\s+'DROP INDEX CONCURRENTLY "${name('_like')}"',\\n\\s+\\],`));
    assert.match(text, new RegExp(`reverse_sql=\\[\\n\\s+'CREATE UNIQUE INDEX CONCURRENTLY "${name('_uniq')}" ON "shop_order" \\("note"\\)',\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} ADD CONSTRAINT ${Q}${name('_uniq')}${Q} UNIQUE USING INDEX ${Q}${name('_uniq')}${Q}`)}",\\n\\s+'CREATE INDEX CONCURRENTLY "${name('_like')}" ON "shop_order" \\("note" varchar_pattern_ops\\)',\\n\\s+\\]`));
    assert.match(text, /state_operations=\[\n\s+migrations\.AlterField\([\s\S]*max_length=20, null=True\)/);
    assert.deepEqual(await leftAfter(after), []);
    const indexed = plain.replace('null=True)', 'null=True, db_index=True)');
    assert.match(String(await fixed({ ...BASE, ...uniqueNote, 'shop/migrations/0003_plain.py': third([indexed]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_plain.py')), /loses its unique constraint and gets an index at once: make it two AlterField migrations/);
  });

  it('removes unique_together and index_together groups: the constraint dropped so under Django\'s name, the index CONCURRENTLY; a swap builds the new group first', async () => {
    const together = ['migrations.AlterUniqueTogether(name="order", unique_together={("total", "id")})', 'migrations.AlterIndexTogether(name="order", index_together={("id", "total")})'];
    const base = { ...BASE, 'shop/migrations/0002_note.py': second(together) };
    const unique = schemaIndexName('shop_order', ['total', 'id'], '_uniq');
    const removeUnique = 'migrations.AlterUniqueTogether(name="order", unique_together=set())';
    const dropped = files(await fixed({ ...base, 'shop/migrations/0003_free.py': third([removeUnique]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_free.py'));
    const text = migration(dropped, '0003_free');
    assert.match(text, new RegExp(`atomic = False[\\s\\S]*\\[\\n\\s+"${RETRIED(`ALTER TABLE ${Q}shop_order${Q} DROP CONSTRAINT ${Q}${unique}${Q}`)}",\\n\\s+\\],\\n\\s+reverse_sql=\\[\\n\\s+'CREATE UNIQUE INDEX CONCURRENTLY "${unique}" ON "shop_order" \\("total", "id"\\)'`));
    assert.match(text, /state_operations=\[\n\s+migrations\.AlterUniqueTogether\(\n\s+name="order",\n\s+unique_together=set\(\),\n\s+\)/);
    assert.deepEqual(await leftAfter(dropped), []);

    const index = schemaIndexName('shop_order', ['id', 'total'], '_idx');
    const removeIndex = 'migrations.AlterIndexTogether(name="order", index_together=set())';
    const unindexed = migration(files(await fixed({ ...base, 'shop/migrations/0003_free.py': third([removeIndex]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_free.py')), '0003_free');
    assert.match(unindexed, new RegExp(`\\[\\n\\s+'DROP INDEX CONCURRENTLY "${index}"',\\n\\s+\\],\\n\\s+reverse_sql=\\[\\n\\s+'CREATE INDEX CONCURRENTLY "${index}" ON "shop_order" \\("id", "total"\\)',`));

    const swap = 'migrations.AlterUniqueTogether(name="order", unique_together={("id", "total")})';
    const swapped = migration(files(await fixed({ ...base, 'shop/migrations/0003_free.py': third([swap]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_free.py')), '0003_free');
    const built = schemaIndexName('shop_order', ['id', 'total'], '_uniq');
    assert.match(swapped, new RegExp(`CREATE UNIQUE INDEX CONCURRENTLY "${built}"[\\s\\S]*UNIQUE USING INDEX ${Q}${built}${Q}[\\s\\S]*DROP CONSTRAINT ${Q}${unique}${Q}`), 'the new group built before the old one is dropped');
  });
});
