/**
 * The safe sequence for an `AlterField` that changes a column's type, which PostgreSQL does by
 * rewriting the table under ACCESS EXCLUSIVE: a new column of the new type, kept in step with the
 * old one by a trigger while the running release writes the old one, filled in batches, then the
 * columns swapped by renames (metadata only), the old column kept for the contract step.
 *
 * ex) AlterField("order", "total", models.DecimalField(max_digits=12, decimal_places=2)) on an
 *     IntegerField becomes
 *     0002: AddField(total_new, null=True) · a trigger copies total → total_new on every write [· CHECK NOT NULL NOT VALID]
 *     0003_copy_total: the rows in batches, CAST(total AS numeric(12, 2)) (atomic = False) [· VALIDATE]
 *     0004_switch_total: the trigger dropped · total → total_old, total_new → total [· SET NOT NULL]; Django records the AlterField
 *     later (printed): ALTER TABLE … DROP COLUMN total_old, once no release reads it.
 *
 * An indexed field (`db_index`) gets its index built concurrently on the new column after the copy,
 * and renamed at the switch to the name Django gives it (the old column's index renamed aside, to
 * go with that column). A type change that also sets NOT NULL gives the NULL rows the backfill
 * value, in the copy and in the trigger (the running release may still write NULL).
 *
 * The field keeps its name, so no property is needed to keep it reachable: the code reads the same
 * attribute before and after. Types are read from the historical models when the migration runs
 * (`Field.db_type`), so every Django field class works without a table of column types here.
 */
import type { MigrationStep } from '../../../core/database/migrationWriter';
import { pythonString } from '../../../core/database/migrationWriter';
import { quoted, schemaIndexName } from '../../../core/database/migrationNames';
import type { MigrationFieldSpec } from '../../../core/django/migrations/migrationFields';
import type { PythonParser } from '../../../core/parse/pythonParser';
import { castCopyCode, DEFAULT_BATCH_SIZE, fillNullsCode, getModel } from '../batchedData';
import type { TableStats } from '../../../core/database/dbStats';
import { describeDuration, describeSize, estimateDuration } from '../../../core/database/lockEstimate';
import { withKeywords } from '../fieldCall';
import { fieldOperation, removeField, runSql, separateDatabaseAndState } from '../operationSource';
import type { FieldFacts } from './safeSequences';
import { createIndex, fieldIndexes } from './indexSequences';

/** The altered field: its declaration before the operation and after it. */
export interface TypeChangeFacts extends FieldFacts {
  readonly before: MigrationFieldSpec;
  readonly after: MigrationFieldSpec;
  /** The fields the table has before the operation, to keep the temporary names free. */
  readonly taken: ReadonlySet<string>;
  /** The `AlterField` Django records at the switch. */
  readonly state: string;
  /** Rows per UPDATE of the copy (`unsafeMigration.backfill.batchSize`). */
  readonly batchSize?: number;
  /** The table's size in production (`.untangle/db-stats.json`), for the copy's duration. */
  readonly size?: TableStats;
  /** The value the NULL rows get when the field also becomes NOT NULL (a Python expression). */
  readonly backfill?: string;
}

/** The steps, or why the change is left to the finding's recipe. */
export function typeChangeSteps(parser: PythonParser, facts: TypeChangeFacts): MigrationStep[] | string {
  const { before, after, field } = facts;
  if (before.relation || after.relation || before.manyToMany || after.manyToMany) return `\`${field}\` is a relation: a type change of its column is left to you`;
  if (before.primaryKey || after.primaryKey) return `\`${field}\` is the primary key, which other tables' foreign keys point to: left to you`;
  if (before.unique || after.unique) return `\`${field}\` is unique, whose constraint the new column would need built concurrently and attached: drop it, change the type, then add it again`;
  if (before.dbColumn !== undefined || after.dbColumn !== undefined) return `\`${field}\` sets db_column: left to you`;
  if (before.null && !after.null && facts.backfill === undefined) return `\`${field}\` changes type and becomes NOT NULL at once: say which value its NULL rows get`;
  const names = temporaryNames(facts);
  if (typeof names === 'string') return names;
  const temporary = withKeywords(parser, facts.fieldSource, after.dbIndex ? { null: 'True', db_index: 'False' } : { null: 'True' });
  if (temporary === undefined) return `the field \`${field}\` is not written as one call: ${facts.fieldSource}`;
  const notNull = !after.null;
  const table = quoted(facts.table);
  const check = runSql(`ALTER TABLE ${table} ADD CONSTRAINT ${quoted(names.check)} CHECK (${quoted(names.column)} IS NOT NULL) NOT VALID`, `ALTER TABLE ${table} DROP CONSTRAINT ${quoted(names.check)}`);
  const sync = syncTriggerCode(facts, names);
  const copy = castCopyCode(facts, field, names.field, facts.batchSize);
  const fill = facts.backfill === undefined ? undefined : fillNullsCode(facts, names.field, facts.backfill, false, facts.batchSize);
  const indexes = indexRenames(facts, names);
  return [
    {
      slug: `add_${names.field}`,
      purpose: `Adds \`${names.field}\` of the new type, nullable (metadata only), and a trigger that sets it from \`${field}\` on every\nrow the running release writes (a brief lock while it is created)${notNull ? '; CHECK NOT NULL NOT VALID checks new rows only' : ''}.`,
      atomic: true,
      imports: facts.imports ?? [],
      definitions: sync.definitions,
      operations: [fieldOperation('AddField', facts.model, names.field, temporary), sync.create, ...(notNull ? [check] : [])],
    },
    {
      slug: `copy_${field}`,
      purpose: `Copies \`${field}\` into \`${names.field}\` a batch of rows at a time, each its own short transaction${fill ? ', then fills its NULLs' : ''}${notNull ? ';\nVALIDATE then scans for NULLs while reads and writes go on' : ''}${indexes.build.length ? ';\nthe index is built CONCURRENTLY on the new column' : ''}.${copyDuration(facts)}`,
      atomic: false,
      imports: ['from django.db.models.functions import Cast'],
      definitions: [...new Set([...copy.definitions, ...(fill?.definitions ?? [])])],
      operations: [
        copy.operation,
        ...(fill ? [fill.operation] : []),
        ...(notNull ? [runSql(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoted(names.check)}`, undefined)] : []),
        ...indexes.build,
      ],
    },
    {
      slug: `switch_${field}`,
      purpose: [
        `Drops the trigger and swaps the columns by renames: a brief ACCESS EXCLUSIVE lock, no scan. \`${names.old}\` stays, nullable,`,
        `for the contract step; reversed, the rows written since get their \`${field}\` back from the new column.`,
        `Contract step, later (once no running release reads it): ALTER TABLE ${table} DROP COLUMN ${quoted(names.old)}`,
      ].join('\n'),
      atomic: true,
      imports: facts.imports ?? [],
      definitions: [...sync.definitions, restoreCode(facts, names)],
      operations: [sync.drop, `migrations.RunPython(migrations.RunPython.noop, reverse_code=restore_${field})`, separateDatabaseAndState([switchSql(facts, names), ...indexes.rename], [removeField(facts.model, names.field), facts.state])],
    },
  ];
}

/**
 * The copy's duration from the table's size (its calibrated cost: a new version of every row and
 * its index entries, a batch at a time), with the new column's index built concurrently after it.
 */
function copyDuration(facts: TypeChangeFacts): string {
  if (!facts.size) return '';
  const batches = Math.max(1, Math.ceil(facts.size.rows / (facts.batchSize ?? DEFAULT_BATCH_SIZE)));
  const copy = estimateDuration('batchedCopy', facts.size);
  const index = facts.after.dbIndex ? estimateDuration('concurrentIndex', facts.size) : undefined;
  const total = index ? { seconds: copy.seconds + index.seconds, low: copy.low + index.low, high: copy.high + index.high } : copy;
  return `\n${describeSize(facts.size)}: ${batches.toLocaleString('en-US')} batches${index ? ' and the index' : ''}, ~${describeDuration(total)} in all, no lock held on the table.`;
}

/**
 * The field's indexes built on the new column under the names Django would give it, and the
 * renames at the switch: the old column's indexes to the names of its new name, the new column's
 * to the field's (a brief lock each, no scan). The old ones go with the column in the contract step.
 */
function indexRenames(facts: TypeChangeFacts, names: TemporaryNames): { build: string[]; rename: string[] } {
  const name = (column: string, suffix: string) => schemaIndexName(facts.table, [column], suffix);
  const renames = (fieldClass: string, from: string, to: string) =>
    fieldIndexes(facts.column, fieldClass).map(({ suffix }) => `ALTER INDEX ${quoted(name(from, suffix))} RENAME TO ${quoted(name(to, suffix))}`);
  const rename = (forward: string[], backward: string[]) => (forward.length ? [runSql(forward.join('; '), [...backward].reverse().join('; '))] : []);
  const old = facts.before.dbIndex ? [renames(facts.before.fieldClass, facts.column, names.old), renames(facts.before.fieldClass, names.old, facts.column)] : [[], []];
  const made = facts.after.dbIndex ? [renames(facts.after.fieldClass, names.column, facts.column), renames(facts.after.fieldClass, facts.column, names.column)] : [[], []];
  return {
    build: facts.after.dbIndex ? fieldIndexes(names.column, facts.after.fieldClass).map((index) => createIndex(name(names.column, index.suffix), facts.table, index.columns)) : [],
    rename: rename([...old[0], ...made[0]], [...old[1], ...made[1]]),
  };
}

/** The temporary field, its column, the old column's name after the switch, and the trigger and check names. */
interface TemporaryNames {
  readonly field: string;
  readonly column: string;
  readonly old: string;
  readonly trigger: string;
  readonly check: string;
}

function temporaryNames(facts: TypeChangeFacts): TemporaryNames | string {
  const names = {
    field: `${facts.field}_new`,
    column: `${facts.column}_new`,
    old: `${facts.column}_old`,
    trigger: `${facts.table}_${facts.column}_sync`.slice(0, 63),
    check: `${facts.table}_${facts.column}_new_notnull`.slice(0, 63),
  };
  const clash = [names.field, names.old].find((name) => facts.taken.has(name));
  return clash ? `the model has a field \`${clash}\` already, the name the sequence needs: left to you` : names;
}

/** The trigger keeping the new column equal to the old one cast to its type, created and dropped as RunPython. */
function syncTriggerCode(facts: TypeChangeFacts, names: TemporaryNames): { definitions: string[]; create: string; drop: string } {
  const model = getModel(facts);
  // The NULL the running release may write becomes the backfill value in a column about to be NOT NULL.
  const fallback = facts.backfill === undefined ? '' : `\n    fallback = schema_editor.quote_value(${facts.backfill})\n    value = f"COALESCE({value}, CAST({fallback} AS {new_type}))"`;
  const create = `def create_sync_trigger(apps, schema_editor):
    """Sets \`${names.field}\` from \`${facts.field}\` on every row inserted or updated, as the running release writes only \`${facts.field}\`."""
    model = ${model}
    quote = schema_editor.quote_name
    old, new = model._meta.get_field(${pythonString(facts.field)}), model._meta.get_field(${pythonString(names.field)})
    new_type = new.db_type(schema_editor.connection)
    value = f"CAST(NEW.{quote(old.column)} AS {new_type})"${fallback}
    schema_editor.execute(
        f"CREATE FUNCTION {quote(SYNC_TRIGGER)}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.{quote(new.column)} := {value}; RETURN NEW; END $$"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {quote(SYNC_TRIGGER)} BEFORE INSERT OR UPDATE ON {quote(model._meta.db_table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {quote(SYNC_TRIGGER)}()"
    )`;
  const drop = `def drop_sync_trigger(apps, schema_editor):
    model = ${model}
    quote = schema_editor.quote_name
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(SYNC_TRIGGER)} ON {quote(model._meta.db_table)}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {quote(SYNC_TRIGGER)}()")`;
  return {
    definitions: [`SYNC_TRIGGER = ${pythonString(names.trigger)}`, create, drop],
    create: 'migrations.RunPython(create_sync_trigger, reverse_code=drop_sync_trigger)',
    drop: 'migrations.RunPython(drop_sync_trigger, reverse_code=create_sync_trigger)',
  };
}

/** The renames (and the NOT NULL moved from the old column to the new one through the valid CHECK), and back. */
function switchSql(facts: TypeChangeFacts, names: TemporaryNames): string {
  const table = `ALTER TABLE ${quoted(facts.table)}`;
  const column = quoted(facts.column);
  const wasNotNull = !facts.before.null;
  const notNull = !facts.after.null;
  const forward = [
    `${table} RENAME COLUMN ${column} TO ${quoted(names.old)}`,
    ...(wasNotNull ? [`${table} ALTER COLUMN ${quoted(names.old)} DROP NOT NULL`] : []),
    `${table} RENAME COLUMN ${quoted(names.column)} TO ${column}`,
    ...(notNull ? [`${table} ALTER COLUMN ${column} SET NOT NULL`, `${table} DROP CONSTRAINT ${quoted(names.check)}`] : []),
  ];
  const backward = [
    ...(notNull ? [`${table} ADD CONSTRAINT ${quoted(names.check)} CHECK (${column} IS NOT NULL) NOT VALID`, `${table} ALTER COLUMN ${column} DROP NOT NULL`] : []),
    `${table} RENAME COLUMN ${column} TO ${quoted(names.column)}`,
    `${table} RENAME COLUMN ${quoted(names.old)} TO ${column}`,
  ];
  return runSql(forward.join('; '), backward.join('; '));
}

/**
 * Reversing the switch: the rows the new release inserted have no old value, so they get it back
 * from the new column cast to the old type, then the old NOT NULL returns (a scan, on rollback only).
 */
function restoreCode(facts: TypeChangeFacts, names: TemporaryNames): string {
  const setNotNull = facts.before.null ? '' : `\n    schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {quote(old.column)} SET NOT NULL")`;
  return `def restore_${facts.field}(apps, schema_editor):
    model = ${getModel(facts)}
    quote = schema_editor.quote_name
    table = quote(model._meta.db_table)
    old, new = model._meta.get_field(${pythonString(facts.field)}), model._meta.get_field(${pythonString(names.field)})
    old_type = old.db_type(schema_editor.connection)
    schema_editor.execute(
        f"UPDATE {table} SET {quote(old.column)} = CAST({quote(new.column)} AS {old_type}) WHERE {quote(old.column)} IS NULL"
    )${setNotNull}`;
}
