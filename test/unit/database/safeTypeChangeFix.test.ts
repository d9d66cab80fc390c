/**
 * The quick fix of `unsafe-migration` for a type change (refactor/database/sequences/typeChangeSequence.ts):
 * a new column kept in step by a trigger, copied in batches and swapped by renames, with the
 * indexes, unique constraints, together groups and checks that name the column rebuilt on it.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { schemaIndexName } from '../../../server/src/core/database/migrationNames';
import { BASE, files, findingsAfter, fixed, later0003, migration, NULLABLE_NOTE, RETRIED, second, WITH_BACKFILL } from '../../helpers/django/migrationFixFixture';

describe('the safe migration sequence fix for a type change', () => {
  it('changes the type of a column through a new column kept in step by a trigger, copied in batches, then swapped by renames', async () => {
    const float = 'migrations.AlterField(model_name="order", name="total", field=models.FloatField())';
    const order = { schema: 'public', table: 'shop_order', rows: 2_100_000, tableBytes: 180e6, totalBytes: 230e6, indexes: [{ name: 'shop_order_pkey', bytes: 50e6 }] };
    const stats = JSON.stringify({ version: 1, serverVersion: 150004, collectedAt: '2026-12-06T00:00:00Z', tables: [order] });
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_float.py': second([float]), '.untangle/db-stats.json': stats }, WITH_BACKFILL));
    const first = migration(after, '0002_float');
    assert.match(first, /AddField\(\n {12}model_name="order",\n {12}name="total_new",\n {12}field=models\.FloatField\(null=True\)/);
    const q = (name: string) => `\\\\"${name}\\\\"`;
    const dropTrigger = [`DROP TRIGGER IF EXISTS ${q('shop_order_total_sync')} ON ${q('shop_order')}`, `DROP FUNCTION IF EXISTS ${q('shop_order_total_sync')}\\(\\)`];
    // The table's lock taken first under the retries, forwards and backwards: the AddField, the trigger (and its drop) wait no more.
    const lock = RETRIED(`LOCK TABLE ${q('shop_order')} IN ACCESS EXCLUSIVE MODE`);
    assert.match(first, new RegExp(`SYNC_TRIGGER = "shop_order_total_sync"[\\s\\S]*operations = \\[\\n\\s+migrations\\.RunSQL\\(\\n\\s+\\[\\n\\s+"${lock}",[\\s\\S]*AddField[\\s\\S]*RunSQL\\(\\n\\s+migrations\\.RunSQL\\.noop,\\n\\s+reverse_sql=\\[\\n\\s+'DROP TRIGGER[\\s\\S]*migrations\\.RunPython\\(create_sync_trigger, reverse_code=migrations\\.RunPython\\.noop\\)[\\s\\S]*reverse_sql=\\[\\n\\s+"${lock}",\\n\\s+\\],\\n\\s+\\),\\n\\s+\\]`));
    assert.match(first, new RegExp(RETRIED(`ALTER TABLE ${q('shop_order')} ADD CONSTRAINT ${q('shop_order_total_new_notnull')} CHECK \\(${q('total_new')} IS NOT NULL\\) NOT VALID`)));
    const copy = migration(after, '0003_copy_total');
    assert.match(copy, /^# Written by Untangle[\s\S]*from django\.db\.models\.functions import Cast\n/);
    assert.match(copy, /BATCH_SIZE = 250[\s\S]*update_in_batches\(model, \{"total_new": Cast\("total", model\._meta\.get_field\("total_new"\)\)\}\)/);
    assert.match(copy, /atomic = False[\s\S]*RunPython\(copy_total, reverse_code=migrations\.RunPython\.noop\)[\s\S]*VALIDATE CONSTRAINT/);
    // The copy's duration from the table's size and its one index: 2.1 M rows × (3 + 2.5 × 1) µs, a third less to twice as long.
    assert.match(copy, /^# 2\.1 M rows, 180\.0 MB: 8,400 batches, ~8–23 s in all, no lock held on the table\.$/m);
    const switched = migration(after, '0004_switch_total');
    // The trigger's drop and the renames one group under the lock retries, forwards and backwards.
    const alter = `ALTER TABLE ${q('shop_order')}`;
    const forward = [...dropTrigger, `${alter} RENAME COLUMN ${q('total')} TO ${q('total_old')}`, `${alter} ALTER COLUMN ${q('total_old')} DROP NOT NULL`, `${alter} RENAME COLUMN ${q('total_new')} TO ${q('total')}`, `${alter} ALTER COLUMN ${q('total')} SET NOT NULL`, `${alter} DROP CONSTRAINT ${q('shop_order_total_new_notnull')}`];
    const backward = [`${alter} ADD CONSTRAINT ${q('shop_order_total_new_notnull')} CHECK \\(${q('total')} IS NOT NULL\\) NOT VALID`, `${alter} ALTER COLUMN ${q('total')} DROP NOT NULL`, `${alter} RENAME COLUMN ${q('total')} TO ${q('total_new')}`, `${alter} RENAME COLUMN ${q('total_old')} TO ${q('total')}`];
    assert.match(switched, new RegExp(`RunPython\\(migrations\\.RunPython\\.noop, reverse_code=create_sync_trigger\\)[\\s\\S]*reverse_code=restore_total[\\s\\S]*database_operations=\\[\\n\\s+migrations\\.RunSQL\\(\\n\\s+\\[\\n\\s+"${RETRIED(...forward)}",\\n\\s+\\],\\n\\s+reverse_sql=\\[\\n\\s+"${RETRIED(...backward)}",\\n\\s+\\],`));
    assert.doesNotMatch(switched, /drop_sync_trigger/);
    assert.match(switched, /state_operations=\[\n\s+migrations\.RemoveField\([\s\S]*name="total_new"[\s\S]*migrations\.AlterField\([\s\S]*field=models\.FloatField\(\)/);
    assert.match(switched, /Contract step, later[^\n]*DROP COLUMN "total_old"/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('changes the type of an indexed nullable column that becomes NOT NULL: the NULLs get the default, the index is built on the new column and renamed at the switch', async () => {
    const indexedNote = { 'shop/migrations/0002_note.py': NULLABLE_NOTE['shop/migrations/0002_note.py'].replace('null=True)', 'null=True, db_index=True)') };
    const integer = 'migrations.AlterField(model_name="order", name="note", field=models.IntegerField(db_index=True, default=0))';
    // 0002's own index is a finding of its own, left as it is.
    const order = { schema: 'public', table: 'shop_order', rows: 100_000, tableBytes: 10e6, totalBytes: 14e6, indexes: [{ name: 'shop_order_pkey', bytes: 2e6 }, { name: 'shop_order_note', bytes: 2e6 }] };
    const stats = JSON.stringify({ version: 1, serverVersion: 150004, collectedAt: '2026-12-06T00:00:00Z', tables: [order] });
    const workspace = { ...BASE, ...indexedNote, 'shop/migrations/0003_int.py': later0003([integer]), '.untangle/db-stats.json': stats };
    const after = files(await fixed(workspace, DEFAULT_SETTINGS, 'shop/migrations/0003_int.py'));
    assert.match(migration(after, '0003_int'), /name="note_new",\n {12}field=models\.IntegerField\(db_index=False, default=0, null=True\)/);
    assert.match(migration(after, '0003_int'), /fallback = schema_editor\.quote_value\(0\)\n {4}value = f"COALESCE\(\{value\}, CAST/);
    const copy = migration(after, '0004_copy_note');
    assert.match(copy, /RunPython\(copy_note, [\s\S]*RunPython\(fill_note_new, [\s\S]*VALIDATE CONSTRAINT[\s\S]*CREATE INDEX CONCURRENTLY "shop_order_note_new_[0-9a-f]{8}" ON "shop_order" \("note_new"\)'/);
    assert.doesNotMatch(copy, /_like/, 'an integer column has no LIKE index');
    assert.equal(copy.match(/^BATCH_SIZE = /gm)?.length, 1, 'one batch size for the copy and the fill');
    // 100,000 rows × (3 + 2.5 × 2 indexes) µs for the copy, 0.65 µs a row for the index: 0.9 s, a third less to twice as long.
    assert.match(copy, /^# 100,000 rows, 10\.0 MB: 100 batches and the index, ~1–2 s in all, no lock held on the table\.$/m);
    const switched = migration(after, '0005_switch_note');
    // Django's names: the old column's indexes (the varchar's LIKE one too) renamed after `note_old`, the new column's after `note`; back the other way.
    const name = (column: string, suffix = '') => `\\\\?"shop_order_${column}_([0-9a-f]{8})${suffix}\\\\?"`;
    const rename = (from: string, to: string) => `ALTER INDEX ${from} RENAME TO ${to}`;
    assert.match(switched, new RegExp([rename(name('note'), name('note_old')), rename(name('note', '_like'), name('note_old', '_like')), rename(name('note_new'), name('note'))].join('; ')));
    assert.match(switched, new RegExp([rename(name('note'), name('note_new')), rename(name('note_old', '_like'), name('note', '_like')), rename(name('note_old'), name('note'))].join('; ')));
    assert.doesNotMatch(switched, /SET NOT NULL"\)\n/, 'the old column was nullable: nothing to restore on reversal');
    assert.deepEqual((await findingsAfter(after)).filter((message) => !message.includes('AddField adds indexed column `note`')), []);
  });

  it('changes the type of a unique column: its unique index built concurrently on the new column and made the constraint, swapped by name at the switch', async () => {
    const uniqueNote = { 'shop/migrations/0002_note.py': NULLABLE_NOTE['shop/migrations/0002_note.py'].replace('null=True)', 'null=True, unique=True)') };
    const integer = 'migrations.AlterField(model_name="order", name="note", field=models.IntegerField(null=True, unique=True))';
    const after = files(await fixed({ ...BASE, ...uniqueNote, 'shop/migrations/0003_int.py': later0003([integer]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_int.py'));
    assert.match(migration(after, '0003_int'), /name="note_new",\n {12}field=models\.IntegerField\(null=True, unique=False\)/, 'no inline UNIQUE: it would build the index under the lock');
    const copy = migration(after, '0004_copy_note');
    const name = (column: string, suffix: string) => `\\\\?"shop_order_${column}_[0-9a-f]{8}${suffix}\\\\?"`;
    assert.match(copy, new RegExp(`CREATE UNIQUE INDEX CONCURRENTLY ${name('note_new', '_uniq')} ON [^']*\\("note_new"\\)'[\\s\\S]*ADD CONSTRAINT ${name('note_new', '_uniq')} UNIQUE USING INDEX ${name('note_new', '_uniq')}`));
    assert.doesNotMatch(copy, /_like/, 'an integer column has no LIKE index');
    const switched = migration(after, '0005_switch_note');
    // The old constraint, named by PostgreSQL or Django as it was added, found by its column; the varchar's LIKE index by Django's name.
    assert.match(switched, new RegExp(`; EXECUTE \\(SELECT format\\('ALTER INDEX %I RENAME TO \\\\?"${name('note_old', '_uniq').replace(/\\\\\?"/g, '')}\\\\?"', conname\\) FROM pg_constraint WHERE conrelid = '\\\\?"shop_order\\\\?"'::regclass AND contype = 'u' AND conkey = ARRAY\\[\\(SELECT attnum FROM pg_attribute WHERE [^)]*attname = 'note_old'\\)\\]\\);`));
    assert.match(switched, new RegExp(`ALTER INDEX ${name('note', '_like')} RENAME TO ${name('note_old', '_like')}; ALTER INDEX ${name('note_new', '_uniq')} RENAME TO ${name('note', '_uniq')}`));
    assert.match(switched, new RegExp(`reverse_sql=\\[\\n\\s+"DO [^\\n]*; ALTER INDEX ${name('note', '_uniq')} RENAME TO ${name('note_new', '_uniq')}; ALTER INDEX ${name('note_old', '_like')} RENAME TO ${name('note', '_like')}; ALTER INDEX ${name('note_old', '_uniq')} RENAME TO ${name('note', '_uniq')};`));
    assert.deepEqual((await findingsAfter(after)).filter((message) => !message.includes('`note`')), []);
  });

  it('changes the type of a column a Meta index and unique constraint name: each rebuilt concurrently on the new column, swapped by name at the switch', async () => {
    const meta = 'indexes = [models.Index(fields=["-total", "id"], name="order_total_idx")]\n            constraints = [models.UniqueConstraint(fields=["total"], name="order_total_unique")]';
    const models = BASE['shop/models.py'].replace('decimal_places=2)\n', `decimal_places=2)\n\n        class Meta:\n            ${meta}\n`);
    const float = 'migrations.AlterField(model_name="order", name="total", field=models.FloatField())';
    const after = files(await fixed({ ...BASE, 'shop/models.py': models, 'shop/migrations/0002_float.py': second([float]) }, WITH_BACKFILL));
    const copy = migration(after, '0003_copy_total');
    assert.match(copy, /CREATE INDEX CONCURRENTLY \\?"order_total_idx_new\\?" ON \\?"shop_order\\?" \(\\?"total_new\\?" DESC, \\?"id\\?"\)/);
    assert.match(copy, /CREATE UNIQUE INDEX CONCURRENTLY \\?"order_total_unique_new\\?" ON \\?"shop_order\\?" \(\\?"total_new\\?"\)[\s\S]*ADD CONSTRAINT \\?"order_total_unique_new\\?" UNIQUE USING INDEX/);
    const switched = migration(after, '0004_switch_total');
    const rename = (from: string, to: string) => `ALTER INDEX \\\\?"${from}\\\\?" RENAME TO \\\\?"${to}\\\\?"`;
    const forward = [rename('order_total_idx', 'order_total_idx_old'), rename('order_total_idx_new', 'order_total_idx'), rename('order_total_unique', 'order_total_unique_old'), rename('order_total_unique_new', 'order_total_unique')];
    assert.match(switched, new RegExp(forward.join('; ')));
    assert.match(switched, new RegExp(`reverse_sql=\\[\\n\\s+"DO [^\\n]*; ${[rename('order_total_unique', 'order_total_unique_new'), rename('order_total_unique_old', 'order_total_unique'), rename('order_total_idx', 'order_total_idx_new'), rename('order_total_idx_old', 'order_total_idx')].join('; ')};`));
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('changes the type of a column unique_together, index_together and a check name: the groups rebuilt under Django\'s digest names, the check NOT VALID, VALIDATE, each swapped at the switch', async () => {
    const meta = 'unique_together = [("total", "id")]\n            index_together = [("id", "total")]\n            constraints = [models.CheckConstraint(check=models.Q(total__gte=0), name="order_total_positive")]';
    const models = BASE['shop/models.py'].replace('decimal_places=2)\n', `decimal_places=2)\n\n        class Meta:\n            ${meta}\n`);
    const after = files(await fixed({ ...BASE, 'shop/models.py': models, 'shop/migrations/0002_float.py': second(['migrations.AlterField(model_name="order", name="total", field=models.FloatField())']) }, WITH_BACKFILL));
    const q = (name: string) => `\\\\?"${name}\\\\?"`;
    const [unique, index] = [(total: string) => schemaIndexName('shop_order', [total, 'id'], '_uniq'), (total: string) => schemaIndexName('shop_order', ['id', total], '_idx')];
    assert.match(migration(after, '0002_float'), new RegExp(`ADD CONSTRAINT ${q('order_total_positive_new')} CHECK \\(${q('total_new')} >= 0\\) NOT VALID`));
    const copy = migration(after, '0003_copy_total');
    assert.match(copy, new RegExp(`VALIDATE CONSTRAINT ${q('order_total_positive_new')}`));
    assert.match(copy, new RegExp(`CREATE UNIQUE INDEX CONCURRENTLY ${q(unique('total_new'))} ON ${q('shop_order')} \\(${q('total_new')}, ${q('id')}\\)[\\s\\S]*UNIQUE USING INDEX ${q(unique('total_new'))}`));
    assert.match(copy, new RegExp(`CREATE INDEX CONCURRENTLY ${q(index('total_new'))} ON ${q('shop_order')} \\(${q('id')}, ${q('total_new')}\\)`));
    const switched = migration(after, '0004_switch_total');
    const rename = (from: string, to: string) => `ALTER INDEX ${q(from)} RENAME TO ${q(to)}`;
    assert.match(switched, new RegExp([rename(unique('total'), unique('total_old')), rename(unique('total_new'), unique('total')), rename(index('total'), index('total_old')), rename(index('total_new'), index('total'))].join('; ')));
    const constraint = (from: string, to: string) => `ALTER TABLE ${q('shop_order')} RENAME CONSTRAINT ${q(from)} TO ${q(to)}`;
    // The check renames end the group, after the columns' and the indexes'; backwards they follow the columns'.
    const forward = [constraint('order_total_positive', 'order_total_positive_old'), constraint('order_total_positive_new', 'order_total_positive')].join('; ');
    const backward = [`RENAME COLUMN ${q('total_old')} TO ${q('total')}`, constraint('order_total_positive', 'order_total_positive_new'), constraint('order_total_positive_old', 'order_total_positive')].join('; ');
    assert.match(switched, new RegExp(`${forward}; PERFORM set_config[^\\n]*",\\n\\s+\\],\\n\\s*reverse_sql=\\[\\n\\s+"[^\\n]*${backward}; ALTER INDEX`));
    assert.deepEqual(await findingsAfter(after), []);
  });
});
