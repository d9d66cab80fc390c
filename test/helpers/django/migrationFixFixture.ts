/**
 * What the unit tests of `unsafe-migration`'s quick fix share (safeMigrationFix.test.ts,
 * safeTypeChangeFix.test.ts): a shop app with one migration, a second one holding the operations
 * a test gives, and the fix applied to the first finding.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../server/src/core/config/settings';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { detectUnsafeMigrations } from '../../../server/src/detectors/unsafeMigration';
import { refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { applyEdit, ROOT, snapshotOf } from '../refactor/refactorFixture';
import { sourcesOf, workspaceOf } from './querySources';

let parser: Promise<PythonParser> | undefined;
export const pythonParser = (): Promise<PythonParser> => (parser ??= loadPythonParser());

export const BASE = {
  'proj/settings.py': 'INSTALLED_APPS = ["shop"]\n',
  'shop/models.py': `
    from django.db import models

    class Customer(models.Model):
        name = models.CharField(max_length=100)

    class Order(models.Model):
        total = models.DecimalField(max_digits=8, decimal_places=2)
  `,
  'shop/migrations/0001_initial.py': `
    from django.db import migrations, models

    class Migration(migrations.Migration):
        initial = True
        dependencies = []
        operations = [
            migrations.CreateModel(name="Customer", fields=[("id", models.AutoField(primary_key=True)), ("name", models.CharField(max_length=100))]),
            migrations.CreateModel(name="Order", fields=[("id", models.AutoField(primary_key=True)), ("total", models.DecimalField(max_digits=8, decimal_places=2))]),
        ]
  `,
};

/** A second migration holding `operations` (their source, one per line), with `head` above its class. */
export function second(operations: readonly string[], head = 'from django.db import migrations, models'): string {
  return `
    ${head}


    class Migration(migrations.Migration):

        dependencies = [
            ("shop", "0001_initial"),
        ]

        operations = [
${operations.map((op) => `            ${op},`).join('\n')}
        ]
  `;
}

export const NOT_NULL = 'migrations.AddField(model_name="order", name="channel", field=models.CharField(max_length=20))';
export const INDEX = 'migrations.AddIndex(model_name="order", index=models.Index(fields=["total"], name="order_total_idx"))';
export const CHECK = 'migrations.AddConstraint(model_name="order", constraint=models.CheckConstraint(check=models.Q(total__gte=0), name="order_total_positive"))';
export const FOREIGN_KEY = 'migrations.AddField(model_name="order", name="buyer", field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="shop.customer"))';

/** `order.note`, nullable, added by 0002; a third migration alters it. */
export const NULLABLE_NOTE = { 'shop/migrations/0002_note.py': second(['migrations.AddField(model_name="order", name="note", field=models.CharField(max_length=20, null=True))']) };
/** A double quote as a migration writes it in a string, escaped or not (a regular expression). */
export const Q = '\\\\?"';
/** The regex source of `statements` (each regex source) run as one group under the retried lock_timeout (refactor/database/sequences/ddl.ts `lockRetried`). */
export const RETRIED = (...statements: string[]) =>
  `DO \\$\\$ DECLARE attempt integer := 1; previous text := current_setting\\('lock_timeout'\\); BEGIN LOOP BEGIN PERFORM set_config\\('lock_timeout', '1s', true\\); ${statements.map((statement) => `${statement};`).join(' ')} PERFORM set_config\\('lock_timeout', previous, true\\); EXIT; EXCEPTION WHEN lock_not_available THEN IF attempt = 10 THEN RAISE; END IF; PERFORM pg_sleep\\(attempt\\); attempt := attempt \\+ 1; END; END LOOP; END \\$\\$`;
/**
 * The regex source of operations starting with `first` (a regex source) run with `table`'s ACCESS
 * EXCLUSIVE lock taken first under the retries, and taken first again when reversed (ddl.ts `lockedFirst`).
 */
export const LOCKED_FIRST = (table: string, first: string) => {
  const lock = RETRIED(`LOCK TABLE ${Q}${table}${Q} IN ACCESS EXCLUSIVE MODE`);
  return `migrations\\.RunSQL\\(\\n\\s+\\[\\n\\s+"${lock}",\\n\\s+\\],\\n\\s+reverse_sql=migrations\\.RunSQL\\.noop,\\n\\s*\\),\\n\\s+${first}[\\s\\S]*migrations\\.RunSQL\\(\\n\\s+migrations\\.RunSQL\\.noop,\\n\\s+reverse_sql=\\[\\n\\s+"${lock}",`;
};
export const later0003 = (operations: readonly string[]) => second(operations).replace('0001_initial', '0002_note');

export const WITH_BACKFILL: Settings = settingsSchema.parse({ unsafeMigration: { backfill: { batchSize: 250, values: [{ field: 'shop.Order.channel', value: '"web"' }] } } });

/** Fixes the first unsafe-migration finding of the workspace (of the migration `file`, when given): the files after the edit, or the refusal. */
export async function fixed(files: Record<string, string>, settings: Settings = DEFAULT_SETTINGS, file?: string): Promise<Map<string, string> | string> {
  const workspace = workspaceOf(files);
  const findings = detectUnsafeMigrations(await sourcesOf(workspace), settings).filter((finding) => file === undefined || finding.path === `${ROOT}/${file}`);
  assert.ok(findings.length > 0, 'no unsafe-migration finding');
  const { title, result } = refactoringForFinding(await pythonParser(), snapshotOf(workspace), findings[0], settings);
  assert.equal(title, 'Write the safe migration sequence');
  return result.safe ? applyEdit(workspace, result.edit) : result.reason;
}

export function files(after: Map<string, string> | string): Map<string, string> {
  assert.ok(typeof after !== 'string', after as string);
  return after;
}

export function migration(after: Map<string, string>, name: string): string {
  const text = after.get(`${ROOT}/shop/migrations/${name}.py`);
  assert.ok(text !== undefined, `no ${name} among ${[...after.keys()].filter((f) => f.includes('migrations')).join(', ')}`);
  return text;
}

/** The unsafe-migration findings the workspace still has. */
export async function findingsAfter(after: Map<string, string>): Promise<string[]> {
  return detectUnsafeMigrations(await sourcesOf(after), DEFAULT_SETTINGS).map((finding) => finding.message);
}
