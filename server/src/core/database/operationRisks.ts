/**
 * What one migration operation risks in production, per database: the checks of the
 * unsafe-migration rule (docs/rules/unsafe-migration.md), each with the database work behind it
 * (for the lock and the duration) and the safe recipe. Only the operation and the table's state
 * before it are read here; which code still reads a renamed name is the rule's to add.
 */
import type { MigrationOperation } from '../django/migrations/migrationFacts';
import { typeChange, type MigrationFieldSpec } from '../django/migrations/migrationFields';
import type { Known } from '../django/values';
import type { ReplayedOperation, TableState } from './migrationHistory';
import type { Work } from './lockEstimate';

export type Database = 'postgresql' | 'mysql' | 'sqlite';

export type CheckId =
  | 'not-null-without-default'
  | 'table-copy'
  | 'type-change'
  | 'set-not-null'
  | 'index-not-concurrent'
  | 'index-drop-not-concurrent'
  | 'concurrent-in-transaction'
  | 'constraint-validated'
  | 'foreign-key-validated'
  | 'breaks-running-code'
  | 'irreversible-run-python'
  | 'run-python-imports-models'
  | 'replaced-without-copy';

export interface Risk {
  readonly check: CheckId;
  /** The database work, for the lock and the duration; undefined when the risk takes no lock time. */
  readonly work?: Work;
  /** What the operation does, as the message's first part. */
  readonly what: string;
  /** The safe way, in one sentence. */
  readonly recipe: string;
  /** A renamed or removed name the running release (and maybe the code) still reads. */
  readonly oldName?: { readonly kind: 'field' | 'model'; readonly name: string };
}

/** Where the operation runs. */
export interface Target {
  readonly database: Database;
  /** A table created since production last migrated (or in this migration): no one reads it yet. */
  readonly isNew: boolean;
  /** `server_version_num` of production, when db-stats read it. */
  readonly serverVersion?: number;
}

/** The risks of an operation. */
export function operationRisks(replayed: ReplayedOperation, { database, isNew, serverVersion }: Target): Risk[] {
  const { operation, migration } = replayed;
  const risks: Risk[] = [];
  if (operation.kind === 'AddIndexConcurrently' || operation.kind === 'RemoveIndexConcurrently') {
    if (migration.atomic) risks.push(CONCURRENT_IN_TRANSACTION);
    return risks;
  }
  if (operation.kind === 'RunPython') return runPythonRisks(operation);
  if (isNew) return risks;
  const field = name(operation.field);
  switch (operation.kind) {
    case 'AddField':
      if (operation.spec && field) risks.push(...addFieldRisks(field, operation.spec, database, serverVersion));
      break;
    case 'AlterField': {
      const before = field ? replayed.table?.fields.get(field) : undefined;
      if (before && operation.spec && field) risks.push(...alterFieldRisks(field, before, operation.spec, database));
      break;
    }
    case 'AddIndex':
      if (database === 'postgresql') risks.push(indexRisk(`adds index ${quoted(operation.indexName)}`));
      break;
    case 'AddConstraint':
      risks.push(...constraintRisks(operation, database));
      break;
    case 'RemoveIndex':
      if (database === 'postgresql') risks.push(dropIndexRisk(`drops index ${quoted(operation.indexName)}`));
      break;
    case 'RemoveConstraint':
      if (database === 'postgresql') risks.push({ ...dropIndexRisk(`drops constraint ${quoted(operation.indexName)}`), recipe: DROP_CONSTRAINT_RECIPE });
      break;
    case 'AlterUniqueTogether':
    case 'AlterIndexTogether':
      if (database === 'postgresql') risks.push(...togetherRisks(operation, replayed.table));
      break;
    case 'RemoveField':
    case 'DeleteModel':
      // Dropped by `database_operations` alone: the contract step, after a deploy removed it from the state.
      if (!replayed.databaseOnly) risks.push(renameOrRemoveRisk(operation));
      break;
    case 'RenameField':
    case 'RenameModel':
      risks.push(renameOrRemoveRisk(operation));
      break;
    default:
      break;
  }
  return risks;
}

const CONCURRENT_IN_TRANSACTION: Risk = {
  check: 'concurrent-in-transaction',
  what: 'builds or drops an index concurrently inside a transaction, which PostgreSQL refuses: the migration fails',
  recipe: 'set `atomic = False` on the Migration class',
};

function runPythonRisks(operation: MigrationOperation): Risk[] {
  if (operation.reverse !== undefined) return [];
  return [
    {
      check: 'irreversible-run-python',
      what: `runs ${operation.code ?? 'code'} with no reverse_code: the migration cannot be unapplied, so a failed deploy cannot be rolled back`,
      recipe: 'pass reverse_code (a function undoing it, or migrations.RunPython.noop when there is nothing to undo)',
    },
  ];
}

function addFieldRisks(field: string, spec: MigrationFieldSpec, database: Database, serverVersion: number | undefined): Risk[] {
  if (spec.manyToMany) return [];
  const risks: Risk[] = [];
  const defaulted = spec.hasDefault || spec.dbDefault || spec.blankString;
  if (!spec.null && !defaulted && !spec.primaryKey && spec.builtin) {
    risks.push({
      check: 'not-null-without-default',
      what: `adds NOT NULL column \`${field}\` without a default: the ALTER fails on a table with rows, and the running release's INSERTs fail once it exists`,
      recipe: 'add it with null=True (or a default), backfill it in batches, then make it NOT NULL',
    });
  }
  // Before PostgreSQL 11, a column added with a default is written into every row.
  if (database === 'postgresql' && serverVersion !== undefined && serverVersion < 110000 && (spec.hasDefault || spec.dbDefault || spec.blankString)) {
    risks.push({ check: 'table-copy', work: 'rewrite', what: `adds column \`${field}\` with a default: PostgreSQL before 11 rewrites the table`, recipe: 'add it as null=True without a default, backfill in batches, then set the default' });
  }
  if (database === 'sqlite' && (!spec.null || defaulted || spec.unique)) {
    risks.push({ check: 'table-copy', work: 'rewrite', what: `adds column \`${field}\`: Django remakes the whole table on SQLite`, recipe: 'add it as null=True without a default' });
  }
  if (spec.relation?.dbConstraint && database !== 'sqlite') {
    risks.push({
      check: 'foreign-key-validated',
      work: 'foreignKey',
      what: `adds foreign key \`${field}\` → ${spec.relation.to}, validated at once`,
      recipe: 'add it with db_constraint=False, then add the constraint NOT VALID and VALIDATE it in a later migration (RunSQL)',
    });
  }
  if ((spec.unique || spec.dbIndex) && database === 'postgresql') {
    risks.push(indexRisk(`adds ${spec.unique ? 'unique ' : ''}indexed column \`${field}\``));
  }
  return risks;
}

function alterFieldRisks(field: string, before: MigrationFieldSpec, after: MigrationFieldSpec, database: Database): Risk[] {
  const risks: Risk[] = [];
  if (typeChange(before, after) === 'rewrite') {
    risks.push({
      check: 'type-change',
      work: 'rewrite',
      what: `changes the type of \`${field}\` (${before.fieldClass} → ${after.fieldClass}${sizeChange(before, after)})${database === 'sqlite' ? ': Django remakes the table' : ''}`,
      recipe: 'add a new column of the new type, copy the data in batches, switch the code to it, then remove the old one',
    });
  }
  if (before.null && !after.null && !after.primaryKey) {
    risks.push({
      check: 'set-not-null',
      work: database === 'postgresql' ? 'scan' : 'rewrite',
      what: `makes \`${field}\` NOT NULL, checking every row`,
      recipe:
        database === 'postgresql'
          ? 'add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL ≥ 12 uses the check) and drop the check'
          : 'backfill in batches first, and run it outside peak hours',
    });
  }
  if (database === 'postgresql' && ((after.unique && !before.unique) || (after.dbIndex && !before.dbIndex && !after.unique))) {
    risks.push(indexRisk(`adds ${after.unique ? 'a unique index' : 'an index'} on \`${field}\``));
  }
  if (database === 'postgresql') risks.push(...droppedIndexRisks(field, before, after));
  if (after.relation?.dbConstraint && !(before.relation?.dbConstraint && before.relation.to === after.relation.to) && database !== 'sqlite') {
    risks.push({
      check: 'foreign-key-validated',
      work: 'foreignKey',
      what: `adds a foreign key constraint on \`${field}\` → ${after.relation.to}, validated at once`,
      recipe: 'add the constraint NOT VALID, then VALIDATE it in a later migration (RunSQL)',
    });
  }
  return risks;
}

function sizeChange(before: MigrationFieldSpec, after: MigrationFieldSpec): string {
  if (before.maxLength !== after.maxLength) return `, max_length ${before.maxLength ?? '–'} → ${after.maxLength ?? '–'}`;
  if (before.maxDigits !== after.maxDigits || before.decimalPlaces !== after.decimalPlaces) {
    return `, ${before.maxDigits ?? '?'},${before.decimalPlaces ?? '?'} → ${after.maxDigits ?? '?'},${after.decimalPlaces ?? '?'} digits`;
  }
  return '';
}

function indexRisk(what: string): Risk {
  return {
    check: 'index-not-concurrent',
    work: 'index',
    what,
    recipe: 'build it with AddIndexConcurrently (django.contrib.postgres.operations) in a migration with atomic = False',
  };
}

function dropIndexRisk(what: string): Risk {
  return {
    check: 'index-drop-not-concurrent',
    work: 'dropIndex',
    what,
    recipe: 'drop it with RemoveIndexConcurrently (django.contrib.postgres.operations) in a migration with atomic = False',
  };
}

const DROP_CONSTRAINT_RECIPE =
  'a constraint has no concurrent drop: DROP CONSTRAINT in a non-atomic migration of its own under a short lock_timeout, retried after a pause (RunSQL, the operation as its state), so it gives up waiting instead of stopping the table';

/** `db_index=True` or `unique=True` taken off a field: Django drops the index or the constraint. */
function droppedIndexRisks(field: string, before: MigrationFieldSpec, after: MigrationFieldSpec): Risk[] {
  if (before.primaryKey || after.primaryKey) return [];
  if (before.unique && !after.unique) return [{ ...dropIndexRisk(`drops the unique constraint of \`${field}\``), recipe: DROP_CONSTRAINT_RECIPE }];
  if (before.dbIndex && !after.dbIndex && !after.unique && !before.unique) {
    return [{ ...dropIndexRisk(`drops the index of \`${field}\``), recipe: 'drop it with DROP INDEX CONCURRENTLY in a migration with atomic = False (RunSQL, the AlterField as its state)' }];
  }
  return [];
}

const UNIQUE_INDEX_RECIPE = 'build a unique index with AddIndexConcurrently (atomic = False), then attach it: ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX (RunSQL)';

/** The groups an `AlterUniqueTogether`/`AlterIndexTogether` adds to the table's and drops from them; undefined when not written as literals. */
export function togetherChange(operation: MigrationOperation, table: TableState | undefined): { added: string[][]; removed: string[][] } | undefined {
  const option = operation.kind === 'AlterUniqueTogether' ? 'unique' : 'index';
  const after = operation.together?.[option];
  if (after === undefined) return undefined;
  const before = table?.together?.[option] ?? [];
  const key = (group: readonly string[]) => group.join(',');
  const missingFrom = (groups: readonly (readonly string[])[], others: readonly (readonly string[])[]) => {
    const keys = new Set(others.map(key));
    return groups.filter((group) => !keys.has(key(group))).map((group) => [...group]);
  };
  return { added: missingFrom(after, before), removed: missingFrom(before, after) };
}

/**
 * The groups `AlterUniqueTogether`/`AlterIndexTogether` adds to the table's (each a constraint or
 * index built under a SHARE lock) and those it drops (under an ACCESS EXCLUSIVE lock).
 */
function togetherRisks(operation: MigrationOperation, table: TableState | undefined): Risk[] {
  const option = operation.kind === 'AlterUniqueTogether' ? 'unique_together' : 'index_together';
  const change = togetherChange(operation, table);
  const named = (group: readonly string[]) => `${option} (${group.map((field) => `\`${field}\``).join(', ')})`;
  const added = (change?.added ?? []).map((group) => {
    const risk = indexRisk(`adds ${named(group)}`);
    return option === 'unique_together' ? { ...risk, recipe: UNIQUE_INDEX_RECIPE } : risk;
  });
  const removed = (change?.removed ?? []).map((group) => {
    const risk = dropIndexRisk(`removes ${named(group)}`);
    return option === 'unique_together' ? { ...risk, recipe: DROP_CONSTRAINT_RECIPE } : { ...risk, recipe: 'drop its index with DROP INDEX CONCURRENTLY in a migration with atomic = False (RunSQL, the operation as its state)' };
  });
  return [...added, ...removed];
}

function constraintRisks(operation: MigrationOperation, database: Database): Risk[] {
  const constraint = quoted(operation.indexName);
  if (operation.indexClass === 'UniqueConstraint') {
    return database === 'postgresql'
      ? [{ ...indexRisk(`adds unique constraint ${constraint}`), recipe: UNIQUE_INDEX_RECIPE }]
      : [];
  }
  if (database === 'sqlite') return [{ check: 'table-copy', work: 'rewrite', what: `adds constraint ${constraint}: Django remakes the whole table on SQLite`, recipe: 'run it outside peak hours' }];
  return [
    {
      check: 'constraint-validated',
      work: database === 'postgresql' ? 'scan' : 'rewrite',
      what: `adds constraint ${constraint}, checking every row at once`,
      recipe: database === 'postgresql' ? 'add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (RunSQL with state_operations=[AddConstraint])' : 'run it outside peak hours',
    },
  ];
}

function renameOrRemoveRisk(operation: MigrationOperation): Risk {
  switch (operation.kind) {
    case 'RemoveField': {
      const field = name(operation.field) ?? '?';
      return {
        check: 'breaks-running-code',
        what: `drops column \`${field}\` while the release still running selects it`,
        recipe: 'first deploy the code without the field (SeparateDatabaseAndState with state_operations=[RemoveField]), then drop the column in a later deploy',
        oldName: { kind: 'field', name: field },
      };
    }
    case 'RenameField': {
      const field = name(operation.oldName) ?? '?';
      return {
        check: 'breaks-running-code',
        what: `renames column \`${field}\` → \`${name(operation.newName) ?? '?'}\` while the release still running reads the old name`,
        recipe: 'add the new field, copy the data, keep the old name as a property until the code no longer reads it, then remove the old column; or keep the column with db_column',
        oldName: { kind: 'field', name: field },
      };
    }
    default: {
      const model = name(operation.kind === 'RenameModel' ? operation.oldName : operation.model) ?? '?';
      return {
        check: 'breaks-running-code',
        what: `${operation.kind === 'RenameModel' ? 'renames' : 'drops'} the table of \`${model}\` while the release still running reads it`,
        recipe: operation.kind === 'RenameModel' ? 'keep the table name with Meta.db_table' : 'first deploy the code without the model (SeparateDatabaseAndState), then drop the table in a later deploy',
        oldName: { kind: 'model', name: model },
      };
    }
  }
}

function name(value: Known<string> | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function quoted(value: Known<string> | undefined): string {
  return typeof value === 'string' ? `\`${value}\`` : '(unnamed)';
}
