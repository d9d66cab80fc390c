/**
 * The safe sequences for an index or unique constraint a field or a `UniqueConstraint` asks for,
 * which Django builds inside the migration's transaction under a SHARE lock (writes wait for
 * the whole build): built `CONCURRENTLY` in a non-atomic migration instead, under the names the
 * schema editor would give them (Django 3.2–5), so later migrations that alter or drop them find
 * them. The state Django records is the plain operation's (`SeparateDatabaseAndState`).
 *
 *   AddField(db_index=True | unique=True)  →  the column alone · CREATE [UNIQUE] INDEX CONCURRENTLY (+ the `_like` index) [· ADD CONSTRAINT … UNIQUE USING INDEX]
 *   AlterField(→ db_index=True | unique=True)  →  the same index step, with the AlterField state
 *   AlterField(→ db_index=False)  →  DROP INDEX CONCURRENTLY (+ the `_like` index), the AlterField as state
 *   RemoveIndex  →  RemoveIndexConcurrently (atomic = False)
 *   AlterUniqueTogether/AlterIndexTogether (groups added)  →  CREATE [UNIQUE] INDEX CONCURRENTLY under Django's `_uniq`/`_idx` names [· ADD CONSTRAINT … UNIQUE USING INDEX]
 *   AddConstraint(UniqueConstraint)  →  CREATE UNIQUE INDEX CONCURRENTLY [WHERE …] · ADD CONSTRAINT … UNIQUE USING INDEX (without a condition)
 */
import type { PythonParser } from '../../../core/parse/pythonParser';
import { pythonString, type MigrationStep } from '../../../core/database/migrationWriter';
import { quoted, schemaIndexName } from '../../../core/database/migrationNames';
import { columnTypeOf } from '../../../core/django/migrations/migrationFields';
import { keywordSource, withKeywords } from '../fieldCall';
import { checkSqlOf } from './checkSql';
import { fieldOperation, runSql, separateDatabaseAndState } from '../operationSource';
import type { FieldFacts } from './safeSequences';
import { attachUniqueSql, createIndexSql, dropConstraintSql, lockedFirst, retriedSql, type LockRetry } from './ddl';

function nonAtomic(slug: string, purpose: string, operations: readonly string[]): MigrationStep {
  return { slug, purpose, atomic: false, imports: [], definitions: [], operations };
}

/** A field's own index: unique (a constraint) or not, on a column of `fieldClass`. */
export interface FieldIndexFacts extends FieldFacts {
  readonly fieldClass: string;
  readonly unique: boolean;
}

/** CREATE INDEX CONCURRENTLY, dropped concurrently when reversed. */
export function createIndex(name: string, table: string, columns: string, unique = false, where?: string): string {
  return runSql(createIndexSql(name, table, columns, unique, where), `DROP INDEX CONCURRENTLY IF EXISTS ${quoted(name)}`);
}

/** DROP INDEX CONCURRENTLY (no IF EXISTS: an index not under Django's name fails the step rather than stay), rebuilt concurrently when reversed. */
function dropIndex(name: string, table: string, columns: string): string {
  return runSql(`DROP INDEX CONCURRENTLY ${quoted(name)}`, createIndexSql(name, table, columns));
}

/**
 * The indexes the schema editor gives a `db_index` column of `fieldClass`, by the suffix of their
 * name: the plain one, plus, for a `varchar`/`text` column, the `_like` index with pattern ops
 * that `LIKE 'x%'` needs.
 */
export function fieldIndexes(column: string, fieldClass: string): { suffix: string; columns: string }[] {
  const plain = { suffix: '', columns: quoted(column) };
  const type = columnTypeOf(fieldClass);
  return type === 'varchar' || type === 'text' ? [plain, { suffix: '_like', columns: `${quoted(column)} ${type}_pattern_ops` }] : [plain];
}

/**
 * The unique index made the table's constraint: no scan (the index holds already), but an ACCESS
 * EXCLUSIVE lock queued behind the running queries like a drop's, so under the retried lock_timeout too.
 */
export function attachUnique(name: string, table: string, retry: LockRetry): string {
  return retriedSql(attachUniqueSql(name, table), dropConstraintSql(table, name), retry);
}

/** What the schema editor builds for a field's index: a unique constraint (`…_uniq`) or an index, and the `_like` index. */
export function fieldIndexOperations(facts: FieldIndexFacts): string[] {
  const name = (suffix: string) => schemaIndexName(facts.table, [facts.column], suffix);
  const [plain, ...like] = fieldIndexes(facts.column, facts.fieldClass).map((index) => createIndex(name(index.suffix), facts.table, index.columns));
  return facts.unique
    ? [createIndex(name('_uniq'), facts.table, quoted(facts.column), true), ...like, attachUnique(name('_uniq'), facts.table, facts.lockRetry)]
    : [plain, ...like];
}

const INDEX_PURPOSE = 'Builds the index CONCURRENTLY (writes go on; no transaction, so atomic = False)';

/** A new column with its own index: the column alone first (metadata only), then its index concurrently. */
export function indexedFieldSteps(parser: PythonParser, facts: FieldIndexFacts): MigrationStep[] | string {
  const bare = withKeywords(parser, facts.fieldSource, facts.unique ? { db_index: 'False', unique: 'False' } : { db_index: 'False' });
  if (bare === undefined) return `the field \`${facts.field}\` is not written as one call: ${facts.fieldSource}`;
  const add = (source: string) => fieldOperation('AddField', facts.model, facts.field, source);
  return [
    {
      slug: `add_${facts.field}_column`,
      purpose: 'Adds the column alone, without its index: metadata only (the lock taken first, retried).',
      atomic: true,
      imports: facts.imports ?? [],
      definitions: [],
      dependencies: facts.dependencies,
      // Django's AddField takes the table's ACCESS EXCLUSIVE lock without a timeout: taken first under the retries.
      operations: lockedFirst(facts.table, [separateDatabaseAndState([add(bare)], [add(facts.fieldSource)])], facts.lockRetry),
    },
    nonAtomic(`${facts.field}_index`, `${INDEX_PURPOSE}${facts.unique ? ', then makes it the UNIQUE constraint' : ''}.`, fieldIndexOperations(facts)),
  ];
}

/** An existing column given an index (`AlterField` to `db_index=True` or `unique=True`): the index concurrently, the AlterField as state. */
export function alteredIndexSteps(facts: FieldIndexFacts, state: string): MigrationStep[] {
  return [alteredFieldStep(facts, `${facts.field}_index`, `${INDEX_PURPOSE}${facts.unique ? ', then makes it the UNIQUE constraint' : ''}; Django records the altered field.`, fieldIndexOperations(facts), state)];
}

/**
 * An existing column losing its index (`AlterField` to `db_index=False`): DROP INDEX CONCURRENTLY
 * of the indexes the schema editor gave it (the `_like` one too), the AlterField as state.
 */
export function droppedIndexSteps(facts: FieldIndexFacts, state: string): MigrationStep[] {
  const drops = fieldIndexes(facts.column, facts.fieldClass).map((index) => dropIndex(schemaIndexName(facts.table, [facts.column], index.suffix), facts.table, index.columns));
  return [alteredFieldStep(facts, `${facts.field}_drop_index`, 'Drops the index CONCURRENTLY (no ACCESS EXCLUSIVE lock; no transaction, so atomic = False); Django records the altered field.', drops, state)];
}

function alteredFieldStep(facts: FieldFacts, slug: string, purpose: string, database: readonly string[], state: string): MigrationStep {
  return { ...nonAtomic(slug, purpose, [separateDatabaseAndState(database, [state])]), imports: facts.imports ?? [], dependencies: facts.dependencies };
}

/** `RemoveIndexConcurrently`: DROP INDEX CONCURRENTLY, which cannot run in a transaction. */
export function removedIndexSteps(model: string, name: string): MigrationStep[] {
  return [
    {
      ...nonAtomic(`remove_${name.toLowerCase()}`, 'DROP INDEX CONCURRENTLY: no ACCESS EXCLUSIVE lock queued behind the queries on the table.', [
        `RemoveIndexConcurrently(\n    model_name=${pythonString(model.toLowerCase())},\n    name=${pythonString(name)},\n)`,
      ]),
      imports: ['from django.contrib.postgres.operations import RemoveIndexConcurrently'],
    },
  ];
}

/** A `UniqueConstraint` on plain fields, as the `AddConstraint` of a migration declares it. */
export interface UniqueConstraintFacts {
  readonly model: string;
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  /** The `condition=` as SQL: Django makes a partial unique index of it, not a constraint. */
  readonly condition?: string;
  /** The `AddConstraint` operation as migration source, for the state. */
  readonly state: string;
  readonly lockRetry: LockRetry;
}

/**
 * The columns and condition (as SQL) of a `UniqueConstraint` as written (`constraint`, on
 * `fields`), or why the sequences cannot rebuild it: expressions, options they do not write, a
 * condition whose SQL cannot be read. `known`: the table's columns by field name.
 */
export function uniqueConstraintShape(parser: PythonParser, constraint: string, fields: readonly string[] | undefined, known: Readonly<Record<string, string>>): { columns: string[]; condition?: string } | string {
  const unsupported = ['expressions', 'include', 'opclasses', 'deferrable', 'nulls_distinct'].find((keyword) => keywordSource(parser, constraint, keyword) !== undefined);
  if (unsupported) return `the unique constraint sets \`${unsupported}=\`, which this sequence does not write: left to you`;
  if (!fields || fields.length === 0) return 'the unique constraint is not on a literal list of fields (expressions): left to you';
  const columns = fields.map((field) => known[field]);
  const missing = fields.find((_, i) => columns[i] === undefined);
  if (missing) return `cannot tell the column of \`${missing}\`: no migration of the workspace adds it`;
  const conditionSource = keywordSource(parser, constraint, 'condition');
  const condition = conditionSource === undefined ? undefined : checkSqlOf(parser, conditionSource, known);
  if (condition !== undefined && typeof condition !== 'string') return `cannot tell the SQL of ${conditionSource}: ${condition.reason}`;
  return { columns: columns as string[], condition };
}

/** The unique index built concurrently, then attached as the constraint (a partial one stays an index, as Django keeps it). */
export function uniqueConstraintSteps(facts: UniqueConstraintFacts): MigrationStep[] {
  const columns = facts.columns.map(quoted).join(', ');
  const database = [createIndex(facts.name, facts.table, columns, true, facts.condition), ...(facts.condition === undefined ? [attachUnique(facts.name, facts.table, facts.lockRetry)] : [])];
  return [
    nonAtomic(facts.name.toLowerCase(), `${INDEX_PURPOSE}${facts.condition === undefined ? ', then makes it the UNIQUE constraint' : ''}.`, [separateDatabaseAndState(database, [facts.state])]),
  ];
}

/** The groups an `AlterUniqueTogether`/`AlterIndexTogether` adds to an existing table. */
export interface TogetherFacts {
  readonly model: string;
  readonly table: string;
  readonly unique: boolean;
  /** The columns of each group added. */
  readonly groups: readonly (readonly string[])[];
  /** The operation as migration source, for the state. */
  readonly state: string;
  readonly lockRetry: LockRetry;
}

/**
 * Each group's index built concurrently under the name the schema editor gives it (`…_uniq` for
 * unique_together, `…_idx` for index_together), a unique one then attached as the constraint, so
 * a later migration removing the group finds it by its columns.
 */
export function togetherSteps(facts: TogetherFacts): MigrationStep[] {
  const option = facts.unique ? 'unique' : 'index';
  return [
    nonAtomic(`${facts.model.toLowerCase()}_${option}_together`, `${INDEX_PURPOSE}${facts.unique ? ', then makes each the UNIQUE constraint' : ''}; Django records the ${option}_together groups.`, [
      separateDatabaseAndState(togetherBuilds(facts), [facts.state]),
    ]),
  ];
}

/** Each group's index built concurrently (a unique one then attached), as database operations. */
export function togetherBuilds(facts: Omit<TogetherFacts, 'state' | 'model'>): string[] {
  return facts.groups.flatMap((columns) => {
    const name = schemaIndexName(facts.table, columns, facts.unique ? '_uniq' : '_idx');
    const indexed = columns.map(quoted).join(', ');
    return facts.unique ? [createIndex(name, facts.table, indexed, true), attachUnique(name, facts.table, facts.lockRetry)] : [createIndex(name, facts.table, indexed)];
  });
}
