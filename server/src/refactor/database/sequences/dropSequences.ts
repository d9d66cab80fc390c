/**
 * The safe sequences for an index or a constraint dropped from an existing PostgreSQL table. A
 * DROP takes an ACCESS EXCLUSIVE lock, brief once granted, but queued behind every query running
 * on the table, with every later read and write queued behind it. An index is dropped
 * CONCURRENTLY; a constraint has no concurrent drop, so its DROP CONSTRAINT runs under a short
 * `lock_timeout`, retried (ddl.ts `lockRetried`). One non-atomic step, the operation as Django's
 * state (`SeparateDatabaseAndState`); reversed, each comes back without a long lock: a unique
 * index built CONCURRENTLY then attached as the constraint, a check NOT VALID then VALIDATE.
 *
 *   RemoveConstraint(UniqueConstraint)    →  DROP CONSTRAINT, retried (one with a condition is a partial index: DROP INDEX CONCURRENTLY)
 *   RemoveConstraint(CheckConstraint)     →  DROP CONSTRAINT, retried
 *   AlterField(unique=True → False)       →  its unique constraint, found by its column, dropped so; its `_like` index CONCURRENTLY
 *   AlterUniqueTogether (groups removed)  →  each group's `_uniq` constraint dropped so
 *   AlterIndexTogether (groups removed)   →  each group's `_idx` index dropped CONCURRENTLY
 *
 * ex) migrations.RemoveConstraint(model_name="order", name="order_total_positive")
 *     → atomic = False; RunSQL(["DO $$ … set_config('lock_timeout', '1s', true); ALTER TABLE "shop_order" DROP CONSTRAINT "order_total_positive"; … $$"],
 *       reverse_sql=[ADD CONSTRAINT … CHECK ("total" >= 0) NOT VALID (retried), VALIDATE CONSTRAINT …]), state_operations=[RemoveConstraint(…)]
 */
import type { PythonParser } from '../../../core/parse/pythonParser';
import type { MigrationStep } from '../../../core/database/migrationWriter';
import { quoted, schemaIndexName } from '../../../core/database/migrationNames';
import { applyOrder, type ReplayedOperation } from '../../../core/database/migrationHistory';
import type { DjangoMigration, MigrationOperation } from '../../../core/django/migrations/migrationFacts';
import type { WorkspaceSnapshot } from '../../domainEdit';
import { keywordSource } from '../fieldCall';
import { constraintIn } from '../migrationModule';
import { runSql, separateDatabaseAndState } from '../operationSource';
import { checkSqlOf } from './checkSql';
import { addCheckSql, attachUniqueSql, createIndexSql, dropConstraintSql, lockRetried, onUniqueOf, type LockRetry } from './ddl';
import { fieldIndexes, uniqueConstraintShape, type FieldIndexFacts } from './indexSequences';

/** One index or constraint dropped: the statements forwards, and those rebuilding it backwards. */
export interface Drop {
  readonly drops: readonly string[];
  readonly rebuilds: readonly string[];
}

function droppedIndex(name: string, table: string, columns: string, unique = false, where?: string): Drop {
  return { drops: [`DROP INDEX CONCURRENTLY ${quoted(name)}`], rebuilds: [createIndexSql(name, table, columns, unique, where)] };
}

/** A unique constraint dropped by `drop` under the lock retries; rebuilt concurrently under `name`, then attached. */
function droppedUnique(table: string, name: string, columns: string, drop: string, retry: LockRetry): Drop {
  return { drops: [lockRetried(drop, retry)], rebuilds: [createIndexSql(name, table, columns, true), lockRetried(attachUniqueSql(name, table), retry)] };
}

function droppedUniqueConstraint(table: string, name: string, columns: readonly string[], retry: LockRetry): Drop {
  return droppedUnique(table, name, columns.map(quoted).join(', '), dropConstraintSql(table, name), retry);
}

function droppedCheck(table: string, name: string, condition: string, retry: LockRetry): Drop {
  return {
    drops: [lockRetried(dropConstraintSql(table, name), retry)],
    rebuilds: [lockRetried(addCheckSql(table, name, condition), retry), `ALTER TABLE ${quoted(table)} VALIDATE CONSTRAINT ${quoted(name)}`],
  };
}

/** The groups a `unique_together`/`index_together` loses (their columns), under the names the schema editor gave them. */
export function droppedTogether(table: string, unique: boolean, groups: readonly (readonly string[])[], retry: LockRetry): Drop[] {
  return groups.map((columns) => {
    const name = schemaIndexName(table, columns, unique ? '_uniq' : '_idx');
    return unique ? droppedUniqueConstraint(table, name, columns, retry) : droppedIndex(name, table, columns.map(quoted).join(', '));
  });
}

/**
 * `unique=True` taken off a field: its constraint found by its column (PostgreSQL named it `…_key`
 * when the column came with it, Django `…_uniq` when added later), and the `_like` index Django
 * also drops for a varchar/text column; it comes back as `…_uniq`, which Django finds by its column.
 */
export function droppedUniqueField(facts: FieldIndexFacts): Drop[] {
  const name = (suffix: string) => schemaIndexName(facts.table, [facts.column], suffix);
  const [, ...like] = fieldIndexes(facts.column, facts.fieldClass);
  return [
    droppedUnique(facts.table, name('_uniq'), quoted(facts.column), onUniqueOf(facts.table, facts.column, `ALTER TABLE ${quoted(facts.table)} DROP CONSTRAINT %I`), facts.lockRetry),
    ...like.map((index) => droppedIndex(name(index.suffix), facts.table, index.columns)),
  ];
}

export function dropPurpose(retry: LockRetry): string {
  return `Drops without a long lock (atomic = False): an index CONCURRENTLY; a constraint, which has no concurrent drop,\nunder lock_timeout = ${retry.lockTimeout}, retried after a pause, so the queries queued behind it wait at most that long.`;
}

/** The one non-atomic step: `before` (other database operations), then the drops; reversed, each rebuilt; `state` what Django records. */
export function dropStep(slug: string, drops: readonly Drop[], state: string, retry: LockRetry, extra: { before?: readonly string[]; imports?: readonly string[]; purpose?: string } = {}): MigrationStep {
  const database = [...(extra.before ?? []), runSql(drops.flatMap((drop) => drop.drops), drops.flatMap((drop) => drop.rebuilds))];
  return { slug, purpose: extra.purpose ?? dropPurpose(retry), atomic: false, imports: extra.imports ?? [], definitions: [], operations: [separateDatabaseAndState(database, [state])] };
}

/** Where a `RemoveConstraint` stands, to find the constraint it drops. */
export interface RemovedConstraint {
  readonly parser: PythonParser;
  readonly snapshot: WorkspaceSnapshot;
  readonly migrations: readonly DjangoMigration[];
  readonly replayed: ReplayedOperation;
  readonly table: string;
  /** The table's columns by field name before the operation. */
  readonly columns: Readonly<Record<string, string>>;
  /** The operation as migration source, for the state. */
  readonly state: string;
  readonly lockRetry: LockRetry;
}

/**
 * A `RemoveConstraint`: the constraint as an earlier migration of the workspace declared it (the
 * reverse rebuilds it from that), dropped as above.
 */
export function removedConstraintSteps(query: RemovedConstraint): MigrationStep[] | string {
  const { parser, replayed, table, columns } = query;
  const name = typeof replayed.operation.indexName === 'string' ? replayed.operation.indexName : undefined;
  if (!name) return 'the constraint is not named by a literal';
  const added = addedConstraint(query, name);
  if (typeof added === 'string') return added;
  const slug = `remove_${name.toLowerCase()}`;
  if (added.className === 'UniqueConstraint') {
    const shape = uniqueConstraintShape(parser, added.source, added.fields, columns);
    if (typeof shape === 'string') return shape;
    const drop = shape.condition === undefined
      ? droppedUniqueConstraint(table, name, shape.columns, query.lockRetry)
      : droppedIndex(name, table, shape.columns.map(quoted).join(', '), true, shape.condition);
    return [dropStep(slug, [drop], query.state, query.lockRetry)];
  }
  if (added.className !== 'CheckConstraint') return `no safe sequence is written for dropping a ${added.className}: left to you`;
  const check = keywordSource(parser, added.source, 'check') ?? keywordSource(parser, added.source, 'condition');
  const condition = check === undefined ? { reason: 'it has no literal check=' } : checkSqlOf(parser, check, columns);
  if (typeof condition !== 'string') return `cannot tell the SQL of the check \`${name}\` to rebuild it when reversed: ${condition.reason}`;
  return [dropStep(slug, [droppedCheck(table, name, condition, query.lockRetry)], query.state, query.lockRetry)];
}

/**
 * The constraint `name` on the model as the last operation before the removal declares it: an
 * `AddConstraint`, one in a `SeparateDatabaseAndState`'s state (an earlier safe sequence), or
 * `CreateModel`'s `constraints` option; its source, class and literal fields, or why it is not known.
 * A removal since (`RemoveConstraint`, in a state too, or `DeleteModel`) or a last declaration it
 * cannot read refuses: an older declaration is not the constraint the reverse would have to rebuild.
 */
function addedConstraint(query: RemovedConstraint, name: string): NonNullable<ReturnType<typeof constraintIn>> | string {
  const { replayed } = query;
  const model = (replayed.table?.model ?? String(replayed.operation.model)).toLowerCase();
  const onModel = (operation: MigrationOperation) => typeof operation.model === 'string' && operation.model.toLowerCase() === model;
  const inState = (operation: MigrationOperation, test: (inner: MigrationOperation) => boolean) => test(operation) || (operation.kind === 'SeparateDatabaseAndState' && (operation.stateOperations ?? []).some(test));
  const adds = (operation: MigrationOperation) => operation.kind === 'AddConstraint' && operation.indexName === name && onModel(operation);
  const unread = (operation: MigrationOperation) => operation.kind === 'AddConstraint' && typeof operation.indexName !== 'string' && onModel(operation);
  const removes = (operation: MigrationOperation) => (operation.kind === 'RemoveConstraint' && operation.indexName === name && onModel(operation)) || (operation.kind === 'DeleteModel' && onModel(operation));
  const creates = (operation: MigrationOperation) => operation.kind === 'CreateModel' && onModel(operation) && (operation.options ?? []).includes('constraints');
  const order = applyOrder(query.migrations).filter((migration) => migration.app === replayed.migration.app);
  const at = order.findIndex((migration) => migration.path === replayed.migration.path);
  const before = (migration: DjangoMigration, operation: MigrationOperation) => migration.path !== replayed.migration.path || (operation.line ?? Infinity) < (replayed.operation.line ?? -1);
  const sites = order.slice(0, at < 0 ? order.length : at + 1).flatMap((migration) =>
    migration.operations.filter((operation) => before(migration, operation) && [adds, unread, removes, creates].some((test) => inState(operation, test))).map((operation) => ({ migration, operation })));
  const unknown = 'its definition, which the reverse rebuilds, is not known';
  for (const { migration, operation } of sites.reverse()) {
    if (inState(operation, removes)) return `the constraint \`${name}\` was removed by ${migration.name} already: ${unknown}`;
    if (inState(operation, unread)) return `${migration.name} adds a constraint to \`${model}\` that is not written as a literal call: ${unknown}`;
    const text = query.snapshot.read(migration.path);
    const found = text === undefined || operation.line === undefined ? undefined : constraintIn(query.parser, text, operation.line, name);
    if (found) return found;
    // A CreateModel's constraints may not hold this one; an AddConstraint of it does, unread.
    if (!inState(operation, creates)) return `${migration.name} adds the constraint \`${name}\` as no literal call: ${unknown}`;
  }
  return `no migration of the workspace adds the constraint \`${name}\` (AddConstraint, a safe sequence's state or CreateModel's constraints, as a literal call): ${unknown}`;
}
