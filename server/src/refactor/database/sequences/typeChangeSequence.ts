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
 * An indexed or unique field gets its index (a unique one made the constraint) built concurrently on
 * the new column after the copy, and renamed at the switch to the name Django gives it (the old
 * column's renamed aside, to go with that column); so do the Meta indexes and unique constraints
 * naming the field, under their own names, and the `unique_together`/`index_together` groups under
 * Django's digest names of their columns (refactor/database/sequences/metaIndexes.ts). A check
 * constraint reading the field is added NOT VALID on the new column with the trigger, validated
 * after the copy and swapped by name at the switch; the old column keeps its copy (renamed
 * `<name>_old`), which its NULLs pass. A type
 * change that also sets NOT NULL gives the NULL rows the backfill value, in the copy and in the
 * trigger (the running release may still write NULL).
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
import { attachUnique, createIndex, fieldIndexes, fieldIndexOperations } from './indexSequences';
import { addCheckNotValid, addCheckSql, dropConstraintSql, lockedFirst, onUniqueOf, retriedSql } from './ddl';
import type { MetaIndex, MetaRebuilt } from './metaIndexes';
import { checkSqlOf } from './checkSql';

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
  /** The Meta indexes, unique constraints and checks on the field's column, rebuilt on the new column. */
  readonly meta?: MetaRebuilt;
}

/** The steps, or why the change is left to the finding's recipe. */
export function typeChangeSteps(parser: PythonParser, facts: TypeChangeFacts): MigrationStep[] | string {
  const { before, after, field } = facts;
  if (before.relation || after.relation || before.manyToMany || after.manyToMany) return `\`${field}\` is a relation: a type change of its column is left to you`;
  if (before.primaryKey || after.primaryKey) return `\`${field}\` is the primary key, which other tables' foreign keys point to: left to you`;
  if (before.dbColumn !== undefined || after.dbColumn !== undefined) return `\`${field}\` sets db_column: left to you`;
  if (before.null && !after.null && facts.backfill === undefined) return `\`${field}\` changes type and becomes NOT NULL at once: say which value its NULL rows get`;
  const names = temporaryNames(facts);
  if (typeof names === 'string') return names;
  // The new column gets its indexes after the copy: added with them, it would build them under the lock.
  const temporary = withKeywords(parser, facts.fieldSource, { null: 'True', ...(after.dbIndex ? { db_index: 'False' } : {}), ...(after.unique ? { unique: 'False' } : {}) });
  if (temporary === undefined) return `the field \`${field}\` is not written as one call: ${facts.fieldSource}`;
  const notNull = !after.null;
  const table = quoted(facts.table);
  const check = addCheckNotValid(facts.table, names.check, `${quoted(names.column)} IS NOT NULL`, facts.lockRetry);
  const sync = syncTriggerCode(facts, names);
  const copy = castCopyCode(facts, field, names.field, facts.batchSize);
  const fill = facts.backfill === undefined ? undefined : fillNullsCode(facts, names.field, facts.backfill, false, facts.batchSize);
  const indexes = indexRenames(facts, names);
  const checks = checkCopies(parser, facts, names);
  if (typeof checks === 'string') return checks;
  return [
    {
      slug: `add_${names.field}`,
      purpose: `Adds \`${names.field}\` of the new type, nullable (metadata only), and a trigger that sets it from \`${field}\` on every\nrow the running release writes (the table's lock taken first under a short lock_timeout, retried)${notNull ? '; CHECK NOT NULL NOT VALID checks new rows only' : ''}${checks.length ? ';\nthe checks reading it added NOT VALID on the new column (new rows only)' : ''}.`,
      atomic: true,
      imports: facts.imports ?? [],
      definitions: [sync.name, sync.code],
      operations: lockedFirst(facts.table, [
        fieldOperation('AddField', facts.model, names.field, temporary),
        runSql(undefined, sync.drop),
        sync.create,
        ...(notNull ? [check] : []),
        ...checks.map((copy) => addCheckNotValid(facts.table, copy.built, copy.sql, facts.lockRetry)),
      ], facts.lockRetry),
    },
    {
      slug: `copy_${field}`,
      purpose: `Copies \`${field}\` into \`${names.field}\` a batch of rows at a time, each its own short transaction${fill ? ', then fills its NULLs' : ''}${notNull || checks.length ? ';\nVALIDATE then scans the new column while reads and writes go on' : ''}${indexes.build.length ? ';\nthe indexes are built CONCURRENTLY on the new column (a unique one then made the constraint)' : ''}.${copyDuration(facts)}`,
      atomic: false,
      imports: ['from django.db.models.functions import Cast'],
      definitions: [...new Set([...copy.definitions, ...(fill?.definitions ?? [])])],
      operations: [
        copy.operation,
        ...(fill ? [fill.operation] : []),
        ...[...(notNull ? [names.check] : []), ...checks.map((copy) => copy.built)].map((name) => runSql(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoted(name)}`, undefined)),
        ...indexes.build,
      ],
    },
    {
      slug: `switch_${field}`,
      purpose: [
        `Drops the trigger and swaps the columns by renames: a brief ACCESS EXCLUSIVE lock, no scan, taken under a short`,
        `lock_timeout and retried, the group whole, so the queries queued behind it wait at most that long. \`${names.old}\` stays, nullable,`,
        `for the contract step; reversed, the rows written since get their \`${field}\` back from the new column.`,
        `Contract step, later (once no running release reads it): ALTER TABLE ${table} DROP COLUMN ${quoted(names.old)}`,
      ].join('\n'),
      atomic: true,
      imports: facts.imports ?? [],
      definitions: [sync.name, sync.code, restoreCode(facts, names)],
      operations: [sync.recreate, `migrations.RunPython(migrations.RunPython.noop, reverse_code=restore_${field})`, separateDatabaseAndState([switchSql(facts, names, sync.drop, [indexes.rename, checkRenames(facts.table, checks)])], [removeField(facts.model, names.field), facts.state])],
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
  const count = ownSuffixes(facts.after).length + (facts.meta?.indexes.length ?? 0);
  const index = count > 0 ? estimateDuration('concurrentIndex', facts.size) : undefined;
  const total = index ? { seconds: copy.seconds + count * index.seconds, low: copy.low + count * index.low, high: copy.high + count * index.high } : copy;
  return `\n${describeSize(facts.size)}: ${batches.toLocaleString('en-US')} batches${index ? ` and ${count === 1 ? 'the index' : `${count} indexes`}` : ''}, ~${describeDuration(total)} in all, no lock held on the table.`;
}

/**
 * The field's indexes built on the new column under the names Django would give it, and the
 * renames at the switch: the old column's indexes to the names of its new name, the new column's
 * to the field's (a brief lock each, no scan); the same for the Meta ones, under their own names.
 * The old ones go with the column in the contract step.
 */
function indexRenames(facts: TypeChangeFacts, names: TemporaryNames): { build: string[]; rename: Renames } {
  const { table, column, before, after } = facts;
  const name = (on: string, suffix: string) => schemaIndexName(table, [on], suffix);
  const renames = (pairs: [string, string][]) => pairs.map(([from, to]) => `ALTER INDEX ${quoted(from)} RENAME TO ${quoted(to)}`);
  const metaIndexes = facts.meta?.indexes ?? [];
  const metaNames = metaIndexes.map((index) => index.name);
  // The old column's unique constraint was named by PostgreSQL (`…_key`) or by Django (`…_uniq`), as it was added: found by its column.
  const oldUnique = before.unique ? [renameUniqueOf(table, names.old, name(names.old, '_uniq'), metaNames)] : [];
  const old = ownSuffixes(before).filter((suffix) => suffix !== '_uniq').map((suffix): [string, string] => [name(column, suffix), name(names.old, suffix)]);
  const made = ownSuffixes(after).map((suffix): [string, string] => [name(names.column, suffix), name(column, suffix)]);
  const meta = metaIndexes.flatMap((index): [string, string][] => {
    const copy = copyNames(facts, names, index);
    return [[index.name, copy.aside], [copy.built, index.name]];
  });
  const forward = [...oldUnique, ...renames([...old, ...meta, ...made])];
  const backward = renames([...old, ...meta, ...made].map(([from, to]): [string, string] => [to, from]).reverse());
  const oldUniqueBack = before.unique ? renames([[name(names.old, '_uniq'), name(column, '_uniq')]]) : [];
  const own = after.unique || after.dbIndex ? fieldIndexOperations({ ...facts, column: names.column, fieldClass: after.fieldClass, unique: after.unique }) : [];
  const metaBuilt = metaIndexes.flatMap((index) => {
    const columns = index.columns.map((entry) => `${quoted(entry.column === column ? names.column : entry.column)}${entry.descending ? ' DESC' : ''}`).join(', ');
    const { built } = copyNames(facts, names, index);
    return [createIndex(built, table, columns, index.unique), ...(index.unique ? [attachUnique(built, table, facts.lockRetry)] : [])];
  });
  return {
    build: [...own, ...metaBuilt],
    rename: { forward, backward: [...backward, ...oldUniqueBack] },
  };
}

/**
 * The names of a Meta index's copy on the new column and of the old one set aside: `<name>_new` and
 * `<name>_old`, or for a together group Django's digests of the columns it is then on.
 */
function copyNames(facts: TypeChangeFacts, names: TemporaryNames, index: MetaIndex): { built: string; aside: string } {
  const { digest } = index;
  if (digest === undefined) return { built: `${index.name}_new`, aside: `${index.name}_old` };
  const on = (to: string) => schemaIndexName(facts.table, index.columns.map((entry) => (entry.column === facts.column ? to : entry.column)), digest);
  return { built: on(names.column), aside: on(names.old) };
}

/** A check constraint reading the field: its SQL on the new column, the name it is built under and the old one's name after the switch. */
interface CheckCopy {
  readonly name: string;
  readonly built: string;
  readonly aside: string;
  readonly sql: string;
}

/** The Meta checks reading the field, on the new column; or why one cannot be written as SQL. */
function checkCopies(parser: PythonParser, facts: TypeChangeFacts, names: TemporaryNames): CheckCopy[] | string {
  const copies: CheckCopy[] = [];
  for (const { name, check } of facts.meta?.checks ?? []) {
    const sql = checkSqlOf(parser, check, { ...facts.meta?.columns, [facts.field]: names.column });
    if (typeof sql !== 'string') return `\`${facts.field}\` is read by the check constraint \`${name}\`, whose SQL cannot be told (${sql.reason}): it would stay on the old column; drop it, change the type, then add it again`;
    copies.push({ name, built: `${name}_new`, aside: `${name}_old`, sql });
  }
  return copies;
}

/** At the switch: each old check renamed aside (it goes with the old column), its copy on the new column takes its name. */
function checkRenames(table: string, checks: readonly CheckCopy[]): Renames {
  const rename = (from: string, to: string) => `ALTER TABLE ${quoted(table)} RENAME CONSTRAINT ${quoted(from)} TO ${quoted(to)}`;
  const forward = checks.flatMap((copy) => [rename(copy.name, copy.aside), rename(copy.built, copy.name)]);
  const backward = checks.flatMap((copy) => [rename(copy.name, copy.built), rename(copy.aside, copy.name)]);
  return { forward, backward };
}

/** The suffixes of the indexes the schema editor gives the field's column: `_uniq` or the plain one, and `_like` for text. */
function ownSuffixes(spec: MigrationFieldSpec): string[] {
  if (!spec.unique && !spec.dbIndex) return [];
  const [, ...like] = fieldIndexes('', spec.fieldClass).map((index) => index.suffix);
  return [spec.unique ? '_uniq' : '', ...like];
}

/** Renames the unique constraint (and its index) on `column` alone, whatever its name, but for the Meta ones. */
function renameUniqueOf(table: string, column: string, to: string, except: readonly string[]): string {
  return onUniqueOf(table, column, `ALTER INDEX %I RENAME TO ${quoted(to)}`, except);
}

/** Statements of the switch, forwards and (in their order) backwards. */
interface Renames {
  readonly forward: readonly string[];
  readonly backward: readonly string[];
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

/**
 * The trigger keeping the new column equal to the old one cast to its type: created by RunPython
 * (the type is the historical model's), dropped by SQL (its drop takes ACCESS EXCLUSIVE): under the
 * lock the first step takes first when it is reversed, with the renames in their retried group at the switch.
 */
function syncTriggerCode(facts: TypeChangeFacts, names: TemporaryNames): { name: string; code: string; create: string; recreate: string; drop: string[] } {
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
  return {
    name: `SYNC_TRIGGER = ${pythonString(names.trigger)}`,
    code: create,
    create: 'migrations.RunPython(create_sync_trigger, reverse_code=migrations.RunPython.noop)',
    recreate: 'migrations.RunPython(migrations.RunPython.noop, reverse_code=create_sync_trigger)',
    drop: [`DROP TRIGGER IF EXISTS ${quoted(names.trigger)} ON ${quoted(facts.table)}`, `DROP FUNCTION IF EXISTS ${quoted(names.trigger)}()`],
  };
}

/**
 * The trigger dropped, the renames (and the NOT NULL moved from the old column to the new one
 * through the valid CHECK), then `others` (the indexes' and checks'): one group under the lock
 * retries, the trigger's drop taking the table's lock first; backwards, the reverse group.
 */
function switchSql(facts: TypeChangeFacts, names: TemporaryNames, sync: readonly string[], others: readonly Renames[]): string {
  const table = `ALTER TABLE ${quoted(facts.table)}`;
  const column = quoted(facts.column);
  const wasNotNull = !facts.before.null;
  const notNull = !facts.after.null;
  const forward = [
    ...sync,
    `${table} RENAME COLUMN ${column} TO ${quoted(names.old)}`,
    ...(wasNotNull ? [`${table} ALTER COLUMN ${quoted(names.old)} DROP NOT NULL`] : []),
    `${table} RENAME COLUMN ${quoted(names.column)} TO ${column}`,
    ...(notNull ? [`${table} ALTER COLUMN ${column} SET NOT NULL`, dropConstraintSql(facts.table, names.check)] : []),
  ];
  const backward = [
    ...(notNull ? [addCheckSql(facts.table, names.check, `${column} IS NOT NULL`), `${table} ALTER COLUMN ${column} DROP NOT NULL`] : []),
    `${table} RENAME COLUMN ${column} TO ${quoted(names.column)}`,
    `${table} RENAME COLUMN ${quoted(names.old)} TO ${column}`,
  ];
  // Backwards too the columns' renames come first, so the group's first lock is the table's ACCESS EXCLUSIVE (the others' names do not depend on the columns').
  return retriedSql([...forward, ...others.flatMap((group) => group.forward)], [...backward, ...[...others].reverse().flatMap((group) => group.backward)], facts.lockRetry);
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
