/**
 * The quick fix of `unsafe-migration` (refactor/database/sequences/safeMigrationFix.ts): per operation
 * kind, the migration after the edit (the first step in the operation's place), the steps written
 * after it, no unsafe-migration finding left, and the refusals with their reasons.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../server/src/core/config/settings';
import { resolveSettings } from '../../../server/src/core/config/resolveSettings';
import { readPyprojectSettings } from '../../../server/src/core/config/pyprojectSettings';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { offerForFinding, refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { applyEdit, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { sourcesOf, workspaceOf } from '../../helpers/django/querySources';
import { schemaIndexName } from '../../../server/src/core/database/migrationNames';
import { BASE, CHECK, files, findingsAfter, FOREIGN_KEY, fixed, INDEX, later0003, LOCKED_FIRST, migration, NOT_NULL, NULLABLE_NOTE, pythonParser, second, WITH_BACKFILL } from '../../helpers/django/migrationFixFixture';

describe('the safe migration sequence fix', () => {
  it('adds a NOT NULL field nullable in its migration, then fills it in batches, CHECK NOT VALID, VALIDATE and SET NOT NULL', async () => {
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_order_channel.py': second([NOT_NULL]) }) as string, /unsafeMigration\.backfill\.values \[\{"field": "shop\.Order\.channel"/);
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_order_channel.py': second([NOT_NULL]) }, WITH_BACKFILL));
    assert.match(migration(after, '0002_order_channel'), /operations = \[\n {8}migrations\.RunSQL\([^\]]*LOCK TABLE[^\]]*\],\n[^\n]*\n {8}\),\n {8}migrations\.AddField\(\n {12}model_name="order",\n {12}name="channel",\n {12}field=models\.CharField\(max_length=20, null=True\),\n {8}\),\n {8}migrations\.RunSQL\(\n {12}migrations\.RunSQL\.noop,[^\]]*LOCK TABLE[^\]]*\],\n {8}\),\n {4}\]/);
    const fill = migration(after, '0003_fill_channel');
    assert.match(fill, /BATCH_SIZE = 250/);
    assert.match(fill, /atomic = False[\s\S]*\("shop", "0002_order_channel"\)[\s\S]*RunPython\(fill_channel, reverse_code=migrations\.RunPython\.noop\)/);
    assert.match(fill, /fill_nulls\(apps\.get_model\("shop", "order"\), "channel", "web"\)/);
    assert.match(migration(after, '0004_channel_not_null_check'), /CHECK \(\\?"channel\\?" IS NOT NULL\) NOT VALID[\s\S]*state_operations=\[\n\s+migrations\.AlterField\([\s\S]*field=models\.CharField\(max_length=20\)/);
    assert.match(migration(after, '0005_channel_not_null'), /VALIDATE CONSTRAINT[\s\S]*SET NOT NULL[\s\S]*DROP CONSTRAINT/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('builds an index concurrently, in its own migration when the index was alone there', async () => {
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_order_total_idx.py': second([INDEX]) }));
    assert.deepEqual([...after.keys()].filter((file) => /migrations\/\d/.test(file)).length, 2, 'no new migration');
    const text = migration(after, '0002_order_total_idx');
    assert.match(text, /^from django\.db import migrations, models\nfrom django\.contrib\.postgres\.operations import AddIndexConcurrently\n/);
    assert.match(text, /class Migration\(migrations\.Migration\):\n\n {4}atomic = False\n\n {4}dependencies/);
    assert.match(text, /AddIndexConcurrently\(\n {12}model_name="order",\n {12}index=models\.Index\(fields=\["total"\], name="order_total_idx"\),\n {8}\)/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('moves the index to a new non-atomic migration when the migration holds other operations', async () => {
    const other = 'migrations.AlterField(model_name="order", name="total", field=models.DecimalField(max_digits=8, decimal_places=2, help_text="gross"))';
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_order_total_idx.py': second([other, INDEX]) }));
    assert.doesNotMatch(migration(after, '0002_order_total_idx'), /AddIndex/);
    assert.match(migration(after, '0002_order_total_idx'), /help_text="gross"/);
    assert.match(migration(after, '0003_order_total_idx'), /atomic = False[\s\S]*\("shop", "0002_order_total_idx"\)[\s\S]*AddIndexConcurrently/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('tries the lock of a step put in place after operations on other tables once, not ten times', async () => {
    // Its transaction holds their locks: retried, the queries on those tables would wait up to the whole retry time.
    const other = 'migrations.AddField(model_name="customer", name="note", field=models.CharField(max_length=20, null=True))';
    const attempts = (text: string) => [...text.matchAll(/IF attempt = (\d+) THEN RAISE/g)].map((match) => Number(match[1]));
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_changes.py': second([other, CHECK]) }));
    assert.deepEqual([...new Set(attempts(migration(after, '0002_changes')))], [1]);
    assert.deepEqual(await findingsAfter(after), []);
    const first = files(await fixed({ ...BASE, 'shop/migrations/0002_changes.py': second([CHECK, other]) }));
    assert.deepEqual([...new Set(attempts(migration(first, '0002_changes')))], [10]);
    const sameTable = other.replace('"customer"', '"order"');
    const same = files(await fixed({ ...BASE, 'shop/migrations/0002_changes.py': second([sameTable, CHECK]) }));
    assert.deepEqual([...new Set(attempts(migration(same, '0002_changes')))], [10]);
    // A relation on the same table locks the table it points to too (here the join table's keys).
    const related = 'migrations.AddField(model_name="order", name="watchers", field=models.ManyToManyField(to="shop.customer"))';
    const keyed = files(await fixed({ ...BASE, 'shop/migrations/0002_changes.py': second([related, CHECK]) }));
    assert.deepEqual([...new Set(attempts(migration(keyed, '0002_changes')))], [1]);
  });

  it('fixes each risky operation of one migration in turn, the later sequence after the steps of the earlier', async () => {
    const first = files(await fixed({ ...BASE, 'shop/migrations/0002_order_changes.py': second([INDEX, CHECK]) }));
    assert.match(migration(first, '0003_order_total_idx'), /AddIndexConcurrently/);
    const findings = detectUnsafeMigrations(await sourcesOf(first), DEFAULT_SETTINGS);
    assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
    const { result } = refactoringForFinding(await pythonParser(), snapshotOf(first), findings[0], DEFAULT_SETTINGS);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(first, result.edit);
    assert.match(migration(after, '0002_order_changes'), /NOT VALID/);
    assert.match(migration(after, '0004_validate_order_total_positive'), /\("shop", "0003_order_total_idx"\)[\s\S]*VALIDATE CONSTRAINT/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('adds a check constraint NOT VALID in its migration (the state through state_operations), then VALIDATE', async () => {
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_order_total_positive.py': second([CHECK]) }));
    assert.match(migration(after, '0002_order_total_positive'), /ADD CONSTRAINT \\?"order_total_positive\\?" CHECK \(\\?"total\\?" >= 0\) NOT VALID[\s\S]*state_operations=\[[\s\S]*models\.CheckConstraint\(check=models\.Q\(total__gte=0\), name="order_total_positive"\)/);
    assert.match(migration(after, '0003_validate_order_total_positive'), /VALIDATE CONSTRAINT/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('adds a nullable foreign key as a bare column, then its index concurrently, the constraint NOT VALID and VALIDATE', async () => {
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_order_buyer.py': second([FOREIGN_KEY], 'import django.db.models.deletion\nfrom django.db import migrations, models') }));
    assert.match(migration(after, '0002_order_buyer'), /database_operations=\[[\s\S]*db_constraint=False, db_index=False[\s\S]*state_operations=\[[\s\S]*to="shop\.customer"\)/);
    assert.match(migration(after, '0003_buyer_index'), /atomic = False[\s\S]*CREATE INDEX CONCURRENTLY IF NOT EXISTS/);
    assert.match(migration(after, '0004_buyer_foreign_key'), /FOREIGN KEY \(\\?"buyer_id\\?"\) REFERENCES \\?"shop_customer\\?" \(\\?"id\\?"\)[\s\S]*NOT VALID/);
    assert.match(migration(after, '0005_validate_buyer_foreign_key'), /VALIDATE CONSTRAINT/);
    assert.deepEqual(await findingsAfter(after), []);
    const toUser = FOREIGN_KEY.replace('to="shop.customer"', 'to=settings.AUTH_USER_MODEL');
    const settings = 'INSTALLED_APPS = ["shop"]\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}\n';
    const user = files(await fixed({ ...BASE, 'proj/settings.py': settings, 'shop/migrations/0002_order_buyer.py': second([toUser], 'import django.db.models.deletion\nfrom django.conf import settings\nfrom django.db import migrations, models') }));
    assert.match(migration(user, '0004_buyer_foreign_key'), /REFERENCES \\?"auth_user\\?" \(\\?"id\\?"\)/);
  });

  it('makes an existing column NOT NULL by filling it in batches, CHECK NOT VALID with the altered state, then VALIDATE and SET NOT NULL', async () => {
    const setNotNull = 'migrations.AlterField(model_name="order", name="note", field=models.CharField(default="none", max_length=20))';
    const after = files(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_not_null.py': later0003([setNotNull]) }));
    assert.match(migration(after, '0003_not_null'), /atomic = False[\s\S]*RunPython\(fill_note, reverse_code=migrations\.RunPython\.noop\)/);
    assert.match(migration(after, '0003_not_null'), /fill_nulls\(apps\.get_model\("shop", "order"\), "note", "none"\)/);
    assert.match(migration(after, '0004_note_not_null_check'), /CHECK \(\\?"note\\?" IS NOT NULL\) NOT VALID[\s\S]*state_operations=\[\n\s+migrations\.AlterField\([\s\S]*field=models\.CharField\(default="none", max_length=20\),\n\s+\)/);
    assert.match(migration(after, '0005_note_not_null'), /VALIDATE CONSTRAINT[\s\S]*SET NOT NULL/);
    assert.deepEqual(await findingsAfter(after), []);
    // makemigrations' one-off default: the rows get it, the state forgets it.
    const oneOff = setNotNull.replace('))', '), preserve_default=False)');
    const once = files(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_not_null.py': later0003([oneOff]) }));
    assert.match(migration(once, '0004_note_not_null_check'), /max_length=20\),\n\s+preserve_default=False,\n\s+\)/);
  });

  it('adds a unique field as a bare column, then its unique and LIKE indexes concurrently and the constraint USING INDEX', async () => {
    const unique = 'migrations.AddField(model_name="order", name="code", field=models.CharField(max_length=20, null=True, unique=True))';
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_code.py': second([unique]) }));
    assert.match(migration(after, '0002_code'), /database_operations=\[[\s\S]*null=True, unique=False, db_index=False\)[\s\S]*state_operations=\[[\s\S]*null=True, unique=True\)/);
    assert.match(migration(after, '0002_code'), new RegExp(LOCKED_FIRST('shop_order', 'migrations\\.SeparateDatabaseAndState')), 'the column\'s lock taken first under the retries');
    const index = migration(after, '0003_code_index');
    assert.match(index, /atomic = False/);
    assert.match(index, /CREATE UNIQUE INDEX CONCURRENTLY \\?"shop_order_code_[0-9a-f]{8}_uniq\\?" ON \\?"shop_order\\?" \(\\?"code\\?"\)/);
    assert.match(index, /CREATE INDEX CONCURRENTLY \\?"shop_order_code_[0-9a-f]{8}_like\\?" ON \\?"shop_order\\?" \(\\?"code\\?" varchar_pattern_ops\)/);
    assert.match(index, /ADD CONSTRAINT \\?"shop_order_code_([0-9a-f]{8})_uniq\\?" UNIQUE USING INDEX \\?"shop_order_code_\1_uniq\\?"/);
    assert.deepEqual(await findingsAfter(after), []);
    // A SlugField is indexed by default: its plain and LIKE indexes, no constraint.
    const slug = 'migrations.AddField(model_name="order", name="slug", field=models.SlugField(null=True))';
    const slugIndex = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_slug.py': second([slug]) })), '0003_slug_index');
    assert.match(slugIndex, /CREATE INDEX CONCURRENTLY \\?"shop_order_slug_[0-9a-f]{8}\\?"[\s\S]*CREATE INDEX CONCURRENTLY \\?"shop_order_slug_[0-9a-f]{8}_like\\?"/);
    assert.doesNotMatch(slugIndex, /UNIQUE/);
  });

  it('indexes an existing column concurrently in its migration, Django recording the AlterField', async () => {
    const indexed = 'migrations.AlterField(model_name="order", name="total", field=models.DecimalField(db_index=True, decimal_places=2, max_digits=8))';
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_total_index.py': second([indexed]) }));
    const text = migration(after, '0002_total_index');
    assert.match(text, /atomic = False[\s\S]*database_operations=\[\n\s+migrations\.RunSQL\(\n\s+'CREATE INDEX CONCURRENTLY "shop_order_total_[0-9a-f]{8}" ON "shop_order" \("total"\)'/);
    assert.doesNotMatch(text, /_like|UNIQUE/, 'a numeric column has no LIKE index');
    assert.match(text, /state_operations=\[\n\s+migrations\.AlterField\([\s\S]*db_index=True/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('drops an index concurrently: RemoveIndexConcurrently for RemoveIndex, DROP INDEX CONCURRENTLY of the field\'s indexes for db_index taken off', async () => {
    const added = { ...BASE, 'shop/migrations/0002_order_total_idx.py': second([INDEX]) };
    const third = (operation: string) => second([operation]).replace('0001_initial', '0002_order_total_idx');
    const removeIndex = 'migrations.RemoveIndex(model_name="order", name="order_total_idx")';
    const removed = files(await fixed({ ...added, 'shop/migrations/0003_remove.py': third(removeIndex) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py'));
    const text = migration(removed, '0003_remove');
    assert.match(text, /^from django\.db import migrations, models\nfrom django\.contrib\.postgres\.operations import RemoveIndexConcurrently\n[\s\S]*atomic = False[\s\S]*RemoveIndexConcurrently\(\n {12}model_name="order",\n {12}name="order_total_idx",\n {8}\)/);
    assert.doesNotMatch(text, /migrations\.RemoveIndex/);
    const left = async (after: Map<string, string>) => (await findingsAfter(after)).map((message) => message.slice(0, message.indexOf(':')));
    assert.deepEqual(await left(removed), ['index-not-concurrent'], "only 0002's AddIndex is left");

    const note = (options: string) => `migrations.AlterField(model_name="order", name="total", field=models.DecimalField(${options}decimal_places=2, max_digits=8))`;
    const indexed = { ...BASE, 'shop/migrations/0002_order_total_idx.py': second([note('db_index=True, ')]) };
    const unindexed = files(await fixed({ ...indexed, 'shop/migrations/0003_remove.py': third(note('')) }, DEFAULT_SETTINGS, 'shop/migrations/0003_remove.py'));
    const dropped = migration(unindexed, '0003_remove');
    assert.match(dropped, /atomic = False[\s\S]*database_operations=\[\n\s+migrations\.RunSQL\(\n\s+'DROP INDEX CONCURRENTLY "(shop_order_total_[0-9a-f]{8})"',\n\s+reverse_sql='CREATE INDEX CONCURRENTLY "\1" ON "shop_order" \("total"\)'/);
    assert.match(dropped, /state_operations=\[\n\s+migrations\.AlterField\(/);
    assert.deepEqual(await left(unindexed), ['index-not-concurrent'], "only 0002's AlterField is left");
  });

  it('builds unique_together and index_together groups concurrently under Django\'s names, the unique one then the constraint', async () => {
    const uniqueTogether = 'migrations.AlterUniqueTogether(name="order", unique_together={("total", "id")})';
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_together.py': second([uniqueTogether]) }));
    const text = migration(after, '0002_together');
    const name = schemaIndexName('shop_order', ['total', 'id'], '_uniq');
    assert.match(text, new RegExp(`atomic = False[\\s\\S]*database_operations=\\[\\n\\s+migrations\\.RunSQL\\(\\n\\s+'CREATE UNIQUE INDEX CONCURRENTLY "${name}" ON "shop_order" \\("total", "id"\\)'[\\s\\S]*set_config\\('lock_timeout', '1s', true\\); ALTER TABLE \\\\?"shop_order\\\\?" ADD CONSTRAINT \\\\?"${name}\\\\?" UNIQUE USING INDEX \\\\?"${name}\\\\?"; PERFORM set_config\\('lock_timeout', previous, true\\); EXIT;`));
    assert.match(text, /state_operations=\[\n\s+migrations\.AlterUniqueTogether\(\n\s+name="order",\n\s+unique_together=\{\("total", "id"\)\},\n\s+\)/);
    assert.deepEqual(await findingsAfter(after), []);

    const indexTogether = 'migrations.AlterIndexTogether(name="order", index_together={("total", "id")})';
    const indexed = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_together.py': second([indexTogether]) })), '0002_together');
    assert.match(indexed, new RegExp(`'CREATE INDEX CONCURRENTLY "${schemaIndexName('shop_order', ['total', 'id'], '_idx')}" ON "shop_order" \\("total", "id"\\)'`));
    assert.doesNotMatch(indexed, /UNIQUE/);

  });

  it('adds a foreign key without its constraint as a bare column and its index concurrently, then turns the constraint on NOT VALID and VALIDATEs it', async () => {
    const head = 'import django.db.models.deletion\nfrom django.db import migrations, models';
    const loose = FOREIGN_KEY.replace('null=True, ', 'null=True, db_constraint=False, ');
    const added = files(await fixed({ ...BASE, 'shop/migrations/0002_order_buyer.py': second([loose], head) }));
    assert.match(migration(added, '0002_order_buyer'), /database_operations=\[[\s\S]*db_constraint=False, [^\n]*to="shop\.customer", db_index=False\)/);
    assert.match(migration(added, '0003_buyer_index'), /atomic = False[\s\S]*CREATE INDEX CONCURRENTLY "shop_order_buyer_id_[0-9a-f]{8}" ON "shop_order" \("buyer_id"\)'/);
    assert.deepEqual(await findingsAfter(added), []);
    const strict = 'migrations.AlterField(model_name="order", name="buyer", field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="shop.customer"))';
    // The constraint turned on in a migration after the steps written for the column.
    const relative = Object.fromEntries([...added].map(([file, text]) => [file.slice(ROOT.length + 1), text]));
    const after = files(await fixed({ ...relative, 'shop/migrations/0004_buyer_constraint.py': second([strict], head).replace('0001_initial', '0003_buyer_index') }));
    assert.match(migration(after, '0004_buyer_constraint'), /database_operations=\[[\s\S]*FOREIGN KEY \(\\?"buyer_id\\?"\) REFERENCES \\?"shop_customer\\?" \(\\?"id\\?"\)[\s\S]*NOT VALID[\s\S]*state_operations=\[\n\s+migrations\.AlterField\(/);
    assert.match(migration(after, '0005_validate_buyer_foreign_key'), /VALIDATE CONSTRAINT/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('builds a UniqueConstraint as a unique index concurrently, then the constraint; a conditional one stays a partial index', async () => {
    const unique = 'migrations.AddConstraint(model_name="order", constraint=models.UniqueConstraint(fields=["total"], name="order_total_unique"))';
    const plain = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_unique.py': second([unique]) })), '0002_unique');
    assert.match(plain, /atomic = False[\s\S]*CREATE UNIQUE INDEX CONCURRENTLY "order_total_unique" ON "shop_order" \("total"\)'[\s\S]*lock_timeout[^\n]*ADD CONSTRAINT \\?"order_total_unique\\?" UNIQUE USING INDEX \\?"order_total_unique\\?"[\s\S]*state_operations=\[\n\s+migrations\.AddConstraint\(/);
    const partial = unique.replace('name="order_total_unique"', 'condition=models.Q(total__gt=0), name="order_total_unique"');
    const after = files(await fixed({ ...BASE, 'shop/migrations/0002_unique.py': second([partial]) }));
    assert.match(migration(after, '0002_unique'), /\("total"\) WHERE "total" > 0'/);
    assert.doesNotMatch(migration(after, '0002_unique'), /USING INDEX/);
    assert.deepEqual(await findingsAfter(after), []);
  });

  it('lists the action disabled, without planning, on an operation no sequence is written for', async () => {
    const rename = 'migrations.RenameField(model_name="order", old_name="total", new_name="gross")';
    const offers = [];
    for (const operations of [[INDEX], [rename]]) {
      const workspace = workspaceOf({ ...BASE, 'shop/migrations/0002_change.py': second(operations) });
      const [finding] = detectUnsafeMigrations(await sourcesOf(workspace), DEFAULT_SETTINGS);
      offers.push(offerForFinding(await pythonParser(), snapshotOf(workspace), finding, DEFAULT_SETTINGS));
    }
    assert.deepEqual(offers, [
      { title: 'Write the safe migration sequence' },
      { title: 'Write the safe migration sequence', refused: 'no safe sequence is written for this operation: the finding gives the recipe (docs/rules/unsafe-migration.md)' },
    ]);
  });

  it('refuses, with the reason, what it cannot rewrite safely', async () => {
    const later = second([]).replace('0001_initial', '0002_order_channel');
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_order_channel.py': second([NOT_NULL]), 'shop/migrations/0003_later.py': later }, WITH_BACKFILL) as string, /shop\.0002_order_channel is followed by shop\.0003_later: only a migration nothing but Untangle's own steps follows/);
    const stats = JSON.stringify({ version: 1, serverVersion: 150004, collectedAt: '2026-12-06T00:00:00Z', tables: [], applied: ['shop.0001_initial', 'shop.0002_order_total_idx'] });
    const workspace = workspaceOf({ ...BASE, 'shop/migrations/0002_order_total_idx.py': second([INDEX]) });
    const finding = detectUnsafeMigrations(await sourcesOf(workspace), DEFAULT_SETTINGS)[0];
    workspace.set(`${ROOT}/.untangle/db-stats.json`, stats);
    const applied = refactoringForFinding(await pythonParser(), snapshotOf(workspace), finding, DEFAULT_SETTINGS).result;
    assert.match(applied.safe ? '' : applied.reason, /production has applied shop\.0002_order_total_idx/);
    const unique = 'migrations.AddConstraint(model_name="order", constraint=models.UniqueConstraint(fields=["total"], name="order_total_unique"))';
    const deferred = unique.replace('name="order_total_unique"', 'deferrable=models.Deferrable.DEFERRED, name="order_total_unique"');
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_unique.py': second([deferred]) }) as string, /sets `deferrable=`, which this sequence does not write/);
    const setNotNull = 'migrations.AlterField(model_name="order", name="note", field=models.CharField(max_length=20))';
    assert.match(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_not_null.py': later0003([setNotNull]) }) as string, /say which value the existing rows of `note` get/);
    const callable = setNotNull.replace('max_length=20', 'default=shop.defaults.note, max_length=20');
    assert.match(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_not_null.py': later0003([callable]) }) as string, /say which value the existing rows of `note` get/);
    const both = setNotNull.replace('max_length=20', 'max_length=20, default="", unique=True');
    assert.match(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_not_null.py': later0003([both]) }) as string, /becomes NOT NULL and indexed at once/);
    const metaOf = (meta: string) => ({ ...BASE, 'shop/models.py': BASE['shop/models.py'].replace('decimal_places=2)\n', `decimal_places=2)\n\n        class Meta:\n            ${meta}\n`) });
    const float = second(['migrations.AlterField(model_name="order", name="total", field=models.FloatField())']);
    assert.match(await fixed({ ...metaOf('indexes = [models.Index(fields=["total"], name="order_total_idx", opclasses=["numeric_ops"])]'), 'shop/migrations/0002_float.py': float }) as string, /\(Index `order_total_idx`: `opclasses=`\)/);
    const eitherCheck = 'constraints = [models.CheckConstraint(check=models.Q(total__gte=0) | models.Q(id=1), name="order_total_positive")]';
    assert.match(await fixed({ ...metaOf(eitherCheck), 'shop/migrations/0002_float.py': float }) as string, /`total` is read by the check constraint `order_total_positive`, whose SQL cannot be told \(only a single Q\(…\) of lookups is read\)/);
    const otherCheck = await fixed({ ...metaOf('constraints = [models.CheckConstraint(check=models.Q(id__gte=0) & models.Q(total_new=None), name="order_id_positive")]'), 'shop/migrations/0002_float.py': float });
    assert.ok(typeof otherCheck !== 'string', `a check reading other fields (total_new is not total) stays where it is: ${otherCheck as string}`);
    const uniqueNote = NULLABLE_NOTE['shop/migrations/0002_note.py'].replace('null=True)', 'null=True, unique=True)');
    const byNote = 'migrations.AddField(model_name="customer", name="last_note", field=models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.order", to_field="note"))';
    const referenced = { ...BASE, 'shop/migrations/0002_note.py': uniqueNote.replace('null=True, unique=True))', `null=True, unique=True)),\n            ${byNote}`) };
    const integer = 'migrations.AlterField(model_name="order", name="note", field=models.IntegerField(null=True, unique=True))';
    assert.match(await fixed({ ...referenced, 'shop/migrations/0003_int.py': later0003([integer]) }, DEFAULT_SETTINGS, 'shop/migrations/0003_int.py') as string, /`note` is unique and shop\.customer\.last_note points to it \(to_field\)/);
    const typeAndNotNull = 'migrations.AlterField(model_name="order", name="note", field=models.IntegerField())';
    assert.match(await fixed({ ...BASE, ...NULLABLE_NOTE, 'shop/migrations/0003_int.py': later0003([typeAndNotNull]) }) as string, /say which value the existing rows of `note` get/);
    const indexedNotNull = 'migrations.AddField(model_name="order", name="code", field=models.CharField(max_length=20, db_index=True))';
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_code.py': second([indexedNotNull]) }) as string, /NOT NULL without a default and indexed/);
    const uniqueDefault = 'migrations.AddField(model_name="order", name="code", field=models.CharField(max_length=20, default="x", unique=True))';
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_code.py': second([uniqueDefault]) }) as string, /same default for `code`, which its unique index refuses/);
    const notNullKey = FOREIGN_KEY.replace('null=True, ', '').replace('SET_NULL', 'CASCADE');
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_order_buyer.py': second([notNullKey], 'import django.db.models.deletion\nfrom django.db import migrations, models') }) as string, /is NOT NULL/);
    assert.match(await fixed({ ...BASE, 'shop/migrations/0002_order_total_idx.py': second([CHECK]) }, settingsSchema.parse({ database: 'mysql' })) as string, /PostgreSQL's, and the project's database is mysql/);
  });

  it('retries the brief locks as [tool.untangle.unsafe-migration] lock-timeout and lock-attempts say, and reports a bad value by its key', async () => {
    const { layer } = readPyprojectSettings('[tool.untangle.unsafe-migration]\nlock-timeout = "250ms"\nlock-attempts = 3\n');
    const tuned = resolveSettings([layer!]);
    assert.deepEqual(tuned.problems, []);
    const text = migration(files(await fixed({ ...BASE, 'shop/migrations/0002_order_check.py': second([CHECK]) }, tuned.settings)), '0002_order_check');
    assert.match(text, /set_config\('lock_timeout', '250ms', true\)[\s\S]*IF attempt = 3 THEN RAISE/);
    assert.doesNotMatch(text, /'1s'|attempt = 10\b/);
    const bad = resolveSettings([{ source: 'pyproject', values: { unsafeMigration: { lockTimeout: '1 second', lockAttempts: 51 } } }]);
    assert.deepEqual(bad.settings.unsafeMigration, DEFAULT_SETTINGS.unsafeMigration, 'the defaults kept');
    const byKey = Object.fromEntries(bad.problems.map((problem) => [problem.key, problem.message]));
    assert.match(byKey['unsafeMigration.lockTimeout'], /must be a duration such as "1s"/);
    assert.match(byKey['unsafeMigration.lockAttempts'], /50/);
  });
});
