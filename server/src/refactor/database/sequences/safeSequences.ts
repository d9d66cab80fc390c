/**
 * The safe sequences for the schema changes that lock a busy PostgreSQL table, as migration steps
 * (core/database/migrationWriter.ts numbers and renders them). Each writer takes the facts of the
 * risky operation (what an `AddField`/`AddIndex`/`AddConstraint` of a migration says, plus the
 * table) and returns the steps, or why it cannot:
 *
 *   AddField(NOT NULL, no default)  →  add nullable · fill in batches · CHECK NOT VALID · VALIDATE + SET NOT NULL
 *   AlterField(null → NOT NULL)     →  fill in batches · CHECK NOT VALID · VALIDATE + SET NOT NULL
 *   AddIndex                        →  AddIndexConcurrently (atomic = False)
 *   AddConstraint(CheckConstraint)  →  ADD CONSTRAINT … NOT VALID · VALIDATE CONSTRAINT
 *   AddField(ForeignKey)            →  column without constraint · CREATE INDEX CONCURRENTLY · FOREIGN KEY NOT VALID · VALIDATE
 *   AlterField(→ db_constraint=True) →  FOREIGN KEY NOT VALID · VALIDATE
 *
 * The state Django keeps is the one the plain operation gives (`SeparateDatabaseAndState`), so
 * `makemigrations` sees nothing left to do.
 */
import type { PythonParser } from '../../../core/parse/pythonParser';
import { pythonString, type MigrationStep } from '../../../core/database/migrationWriter';
import { modelIndexName, quoted, schemaIndexName } from '../../../core/database/migrationNames';
import { fillNullsCode } from '../batchedData';
import { keywordSource, withKeywords } from '../fieldCall';
import { checkSqlOf } from './checkSql';
import { addConstraint, fieldOperation, runSql, separateDatabaseAndState } from '../operationSource';
import { addCheckNotValid, dropConstraintSql, lockedFirst, retriedSql, setNotNullRetried, type LockRetry } from './ddl';

/** A field as a migration operation declares it, on an existing table. */
export interface FieldFacts {
  readonly app: string;
  /** The model's name as the migration writes it (`order` or `Order`). */
  readonly model: string;
  readonly table: string;
  readonly field: string;
  readonly column: string;
  /** The field's constructor as migration source: `models.CharField(max_length=20)`. */
  readonly fieldSource: string;
  /** The import lines that source needs besides `from django.db import migrations, models`. */
  readonly imports?: readonly string[];
  /** The migrations of other apps the field needs (the target of a foreign key), as `[app, name]`. */
  readonly dependencies?: readonly (readonly [string, string])[];
  /** How the steps' brief ACCESS EXCLUSIVE changes wait for their lock. */
  readonly lockRetry: LockRetry;
}

const addField = (facts: FieldFacts, source: string) => fieldOperation('AddField', facts.model, facts.field, source);

function step(slug: string, purpose: string, operations: readonly string[], extra: Partial<MigrationStep> = {}): MigrationStep {
  return { slug, purpose, atomic: true, imports: [], definitions: [], operations, ...extra };
}

/**
 * Adding a NOT NULL column to a table with rows: a plain AddField without a default fails, and
 * SET NOT NULL scans the table under ACCESS EXCLUSIVE. `backfill` is the value existing rows get
 * (a Python expression); without it, the field's default. The fill updates `batchSize` rows at a time.
 */
export function notNullFieldSteps(parser: PythonParser, facts: FieldFacts, backfill?: string, batchSize?: number): MigrationStep[] | string {
  const nullable = withKeywords(parser, facts.fieldSource, { null: 'True' });
  if (nullable === undefined) return `the field \`${facts.field}\` is not written as one call: ${facts.fieldSource}`;
  if (backfill === undefined && keywordSource(parser, facts.fieldSource, 'default') === undefined) {
    return `the field \`${facts.field}\` has no default: say which value the existing rows get`;
  }
  return [
    step(`add_${facts.field}_nullable`, `Adds \`${facts.field}\` as a nullable column: metadata only, no rewrite (the lock taken first, retried).`, lockedFirst(facts.table, [addField(facts, nullable)], facts.lockRetry), { imports: facts.imports ?? [], dependencies: facts.dependencies }),
    ...setNotNullSteps(facts, alterField(facts), backfill, batchSize),
  ];
}

/**
 * Making a nullable column NOT NULL, whose SET NOT NULL alone scans the table under ACCESS
 * EXCLUSIVE: fill in batches · (post-deploy) fill again, CHECK NOT VALID and the NOT NULL state ·
 * VALIDATE, SET NOT NULL, drop the check. `state` is the AlterField Django records; `backfill` the
 * value the NULL rows get (a Python expression; the field's default when undefined). The steps
 * with a retried lock are not atomic: in one transaction the fill's row locks (and VALIDATE's
 * SHARE UPDATE EXCLUSIVE) would be kept while the lock is retried, up to the whole retry time.
 */
export function setNotNullSteps(facts: FieldFacts, state: string, backfill: string | undefined, batchSize?: number): MigrationStep[] {
  const check = `${facts.table}_${facts.column}_notnull`.slice(0, 63);
  const table = quoted(facts.table);
  const fill = fillNullsCode({ app: facts.app, model: facts.model }, facts.field, backfill, false, batchSize);
  return [
    step(`fill_${facts.field}`, 'Fills the existing rows in batches, each its own short transaction.', [fill.operation], { atomic: false, definitions: fill.definitions }),
    step(
      `${facts.field}_not_null_check`,
      'Post-deploy (once every running release writes the field): fills the rows written meanwhile, then\nCHECK (… IS NOT NULL) NOT VALID: a brief lock, no scan; Django records the field as NOT NULL.\nNot atomic: the row locks of the fill are not kept while the lock of the check is waited for.',
      [fill.operation, separateDatabaseAndState([addCheckNotValid(facts.table, check, `${quoted(facts.column)} IS NOT NULL`, facts.lockRetry)], [state])],
      { atomic: false, imports: facts.imports ?? [], definitions: fill.definitions },
    ),
    step(
      `${facts.field}_not_null`,
      'VALIDATE scans without blocking writes; SET NOT NULL then uses the valid CHECK (PostgreSQL 12+) instead of a scan,\nand the check is dropped: a brief lock, under a short lock_timeout retried.\nNot atomic: the lock VALIDATE takes is not kept while the one SET NOT NULL needs is waited for.',
      [
        runSql(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoted(check)}`, undefined),
        setNotNullRetried(facts.table, facts.column, check, facts.lockRetry),
      ],
      { atomic: false },
    ),
  ];
}

function alterField(facts: FieldFacts): string {
  return fieldOperation('AlterField', facts.model, facts.field, facts.fieldSource);
}

/** An index on a model's fields (`Meta.indexes`), built without blocking writes. */
export interface IndexFacts {
  readonly app: string;
  readonly model: string;
  readonly table: string;
  /** Field names, `-` first for a descending one. */
  readonly fields: readonly string[];
  /** Their columns, in the same order and with the same `-`. */
  readonly columns: readonly string[];
  /** The index name; Django's default for the fields when not given. */
  readonly name?: string;
  /** The index as migration source, kept as written (`models.Index(fields=[…], name=…, condition=…)`); built from the fields otherwise. */
  readonly source?: string;
}

/** `AddIndexConcurrently`: CREATE INDEX CONCURRENTLY, which cannot run in a transaction. */
export function concurrentIndexSteps(facts: IndexFacts): MigrationStep[] {
  const name = facts.name ?? modelIndexName(facts.table, facts.columns);
  const index = facts.source ?? `models.Index(fields=[${facts.fields.map(pythonString).join(', ')}], name=${pythonString(name)})`;
  return [
    step(`${facts.model.toLowerCase()}_${facts.fields[0].replace(/^-/, '')}_index`, 'CREATE INDEX CONCURRENTLY: builds the index while the table takes writes.', [
      `AddIndexConcurrently(\n    model_name=${pythonString(facts.model.toLowerCase())},\n    index=${index},\n)`,
    ], { atomic: false, imports: ['from django.contrib.postgres.operations import AddIndexConcurrently'] }),
  ];
}

/** A CheckConstraint on an existing table. */
export interface CheckFacts {
  readonly app: string;
  readonly model: string;
  readonly table: string;
  readonly name: string;
  /** The `check=` argument as migration source: `models.Q(price__gte=0)`. */
  readonly check: string;
  /** Its SQL, when known; otherwise read from simple `Q(field__lookup=literal)` checks. */
  readonly checkSql?: string;
  readonly columns?: Readonly<Record<string, string>>;
  /** The constraint as migration source, kept as written; built from `check` and `name` otherwise. */
  readonly source?: string;
  readonly lockRetry: LockRetry;
}

/** ADD CONSTRAINT … NOT VALID (a brief lock), then VALIDATE CONSTRAINT (scans without blocking writes). */
export function checkConstraintSteps(parser: PythonParser, facts: CheckFacts): MigrationStep[] | string {
  const condition = facts.checkSql ?? checkSqlOf(parser, facts.check, facts.columns ?? {});
  if (typeof condition !== 'string') return `cannot tell the SQL of ${facts.check}: ${condition.reason}`;
  const table = quoted(facts.table);
  const constraint = facts.source ?? `models.CheckConstraint(check=${facts.check}, name=${pythonString(facts.name)})`;
  return [
    step(`${facts.name}_not_valid`, 'Adds the constraint NOT VALID: new rows are checked, existing ones are not scanned yet.', [
      separateDatabaseAndState(
        [addCheckNotValid(facts.table, facts.name, condition, facts.lockRetry)],
        [addConstraint(facts.model, constraint)],
      ),
    ]),
    step(`validate_${facts.name}`, 'VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: reads and writes go on.', [
      runSql(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoted(facts.name)}`, undefined),
    ]),
  ];
}

/** A nullable ForeignKey added to an existing table. */
export interface ForeignKeyFacts extends FieldFacts {
  readonly targetTable: string;
  readonly targetColumn: string;
  /**
   * The constraint sets the key NULL itself when its row is deleted: for a key the running release
   * does not know of (a moved one), whose deletes would otherwise fail on it.
   */
  readonly setNullOnDelete?: boolean;
}

/** Django's name for the FOREIGN KEY constraint of `column` (`…_fk_<table>_<column>`). */
export function foreignKeyName(table: string, column: string, targetTable: string, targetColumn: string): string {
  return schemaIndexName(table, [column], `_fk_${targetTable}_${targetColumn}`);
}

/** ADD CONSTRAINT … FOREIGN KEY … NOT VALID, as Django declares it (DEFERRABLE INITIALLY DEFERRED). */
export function addForeignKeySql(facts: Pick<ForeignKeyFacts, 'table' | 'column' | 'targetTable' | 'targetColumn' | 'setNullOnDelete'>): string {
  const name = foreignKeyName(facts.table, facts.column, facts.targetTable, facts.targetColumn);
  const onDelete = facts.setNullOnDelete ? ' ON DELETE SET NULL' : '';
  return `ALTER TABLE ${quoted(facts.table)} ADD CONSTRAINT ${quoted(name)} FOREIGN KEY (${quoted(facts.column)}) REFERENCES ${quoted(facts.targetTable)} (${quoted(facts.targetColumn)})${onDelete} DEFERRABLE INITIALLY DEFERRED NOT VALID`;
}

/**
 * The column first (metadata only), then its index concurrently, then the FOREIGN KEY NOT VALID
 * and its validation, so no step holds a lock on either table while scanning.
 */
export function foreignKeySteps(parser: PythonParser, facts: ForeignKeyFacts): MigrationStep[] | string {
  if (keywordSource(parser, facts.fieldSource, 'null') !== 'True') {
    return `the foreign key \`${facts.field}\` is NOT NULL: add it nullable with this sequence, then make it NOT NULL with the NOT NULL sequence`;
  }
  const bare = withKeywords(parser, facts.fieldSource, { db_constraint: 'False', db_index: 'False' });
  if (bare === undefined) return `the field \`${facts.field}\` is not written as one call: ${facts.fieldSource}`;
  const table = quoted(facts.table);
  const index = schemaIndexName(facts.table, [facts.column]);
  const imports = facts.imports ?? [];
  // db_index=False: Django keeps no index on the column, so neither does the sequence.
  const indexed = keywordSource(parser, facts.fieldSource, 'db_index') !== 'False';
  return [
    step(`add_${facts.field}_column`, 'Adds the column alone: no constraint, no index, so no scan (the lock taken first, retried).', lockedFirst(facts.table, [separateDatabaseAndState([addField(facts, bare)], [addField(facts, facts.fieldSource)])], facts.lockRetry), { imports, dependencies: facts.dependencies }),
    ...(indexed ? [step(`${facts.field}_index`, 'Indexes the column without blocking writes.', [
      runSql(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${quoted(index)} ON ${table} (${quoted(facts.column)})`, `DROP INDEX CONCURRENTLY IF EXISTS ${quoted(index)}`),
    ], { atomic: false })] : []),
    ...foreignKeyConstraintSteps(facts),
  ];
}

/**
 * The FOREIGN KEY of an existing column NOT VALID, then VALIDATE: no step scans under a lock.
 * `state`: the operation Django records with the first step (an `AlterField` to `db_constraint=True`).
 */
export function foreignKeyConstraintSteps(facts: ForeignKeyFacts, state?: string): MigrationStep[] {
  const table = quoted(facts.table);
  const foreignKey = foreignKeyName(facts.table, facts.column, facts.targetTable, facts.targetColumn);
  const add = retriedSql(addForeignKeySql(facts), dropConstraintSql(facts.table, foreignKey), facts.lockRetry);
  return [
    step(`${facts.field}_foreign_key`, 'Adds the FOREIGN KEY NOT VALID: a brief lock on both tables (under a short lock_timeout, retried), no scan.', [state === undefined ? add : separateDatabaseAndState([add], [state])], state === undefined ? {} : { imports: facts.imports ?? [] }),
    step(`validate_${facts.field}_foreign_key`, 'VALIDATE CONSTRAINT checks the existing rows while writes go on.', [runSql(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoted(foreignKey)}`, undefined)]),
  ];
}
