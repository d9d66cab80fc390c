/**
 * The PostgreSQL statements the safe sequences share: an index built concurrently, a unique index
 * made the table's constraint, a statement found by the unique constraint of a column (PostgreSQL
 * names an inline `UNIQUE` `…_key`, Django an added one `…_uniq`), and the brief ACCESS EXCLUSIVE
 * changes (constraints added NOT VALID or dropped, renames) run under a short `lock_timeout`, retried.
 */
import { quoted } from '../../../core/database/migrationNames';
import { DEFAULT_SETTINGS, type Settings } from '../../../core/config/settings';
import { runSql } from '../operationSource';

/**
 * How a brief ACCESS EXCLUSIVE change waits for its lock: `lockTimeout` per attempt (the queries
 * queued behind it stopped at most that long), `lockAttempts` attempts (the settings of the same name).
 */
export type LockRetry = Pick<Settings['unsafeMigration'], 'lockTimeout' | 'lockAttempts'>;

export const DEFAULT_LOCK_RETRY: LockRetry = DEFAULT_SETTINGS.unsafeMigration;

export function createIndexSql(name: string, table: string, columns: string, unique = false, where?: string): string {
  const condition = where === undefined ? '' : ` WHERE ${where}`;
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY ${quoted(name)} ON ${quoted(table)} (${columns})${condition}`;
}

/** The unique index made the table's constraint: a brief lock, no scan (the index holds already). */
export function attachUniqueSql(name: string, table: string): string {
  return `ALTER TABLE ${quoted(table)} ADD CONSTRAINT ${quoted(name)} UNIQUE USING INDEX ${quoted(name)}`;
}

/** `ALTER TABLE … ALTER COLUMN …`, to which the change is appended (`SET NOT NULL`). */
export function alterColumnSql(table: string, column: string): string {
  return `ALTER TABLE ${quoted(table)} ALTER COLUMN ${quoted(column)}`;
}

export function dropConstraintSql(table: string, name: string): string {
  return `ALTER TABLE ${quoted(table)} DROP CONSTRAINT ${quoted(name)}`;
}

/** A check that new rows pass, existing ones not scanned (a brief lock; VALIDATE scans later without blocking). */
export function addCheckSql(table: string, name: string, condition: string): string {
  return `ALTER TABLE ${quoted(table)} ADD CONSTRAINT ${quoted(name)} CHECK (${condition}) NOT VALID`;
}

/** A SQL string literal. */
export function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `EXECUTE` of `template` (a statement with `%I` where the constraint's name goes) for the unique
 * constraint on `column` alone, whatever its name, but for those in `except`: no such constraint,
 * or two, fail the statement instead of guessing.
 */
export function onUniqueOf(table: string, column: string, template: string, except: readonly string[] = []): string {
  const relation = `${sqlLiteral(quoted(table))}::regclass`;
  const skipped = except.length ? ` AND conname NOT IN (${except.map(sqlLiteral).join(', ')})` : '';
  return `EXECUTE (SELECT format(${sqlLiteral(template)}, conname) FROM pg_constraint WHERE conrelid = ${relation} AND contype = 'u'${skipped} AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = ${relation} AND attname = ${sqlLiteral(column)})])`;
}

/**
 * `statements`, changes PostgreSQL makes under a brief ACCESS EXCLUSIVE lock (a constraint has no
 * concurrent drop, a rename no concurrent form), in a block that gives up waiting for the lock
 * after `retry.lockTimeout` and tries again after a pause: while it waits behind a long query, the reads
 * and writes queued behind it wait at most that long, instead of until the long query ends. The
 * statements are one group: a timeout in any rolls back those before it, and the group is tried
 * again whole. The setting is restored after the group, so it does not reach the statements an
 * atomic migration runs after the block. After the last attempt the lock timeout's error fails
 * the migration.
 */
export function lockRetried(statements: string | readonly string[], retry: LockRetry): string {
  const group = (typeof statements === 'string' ? [statements] : statements).map((statement) => `${statement};`).join(' ');
  return [
    "DO $$ DECLARE attempt integer := 1; previous text := current_setting('lock_timeout'); BEGIN LOOP BEGIN",
    `PERFORM set_config('lock_timeout', ${sqlLiteral(retry.lockTimeout)}, true); ${group} PERFORM set_config('lock_timeout', previous, true); EXIT;`,
    `EXCEPTION WHEN lock_not_available THEN IF attempt = ${retry.lockAttempts} THEN RAISE; END IF; PERFORM pg_sleep(attempt); attempt := attempt + 1;`,
    'END; END LOOP; END $$',
  ].join(' ');
}

/** `RunSQL` of a group retried so (ddl.ts `lockRetried`), and of its reverse group, retried too. */
export function retriedSql(forward: string | readonly string[], backward: string | readonly string[] | undefined, retry: LockRetry): string {
  return runSql([lockRetried(forward, retry)], backward === undefined ? undefined : [lockRetried(backward, retry)]);
}

/**
 * `operations` of an atomic step, some Django's own (`AddField`, a trigger created), which take the
 * table's ACCESS EXCLUSIVE lock without a timeout: the lock taken first under the lock retries,
 * then held by the step's transaction until it ends, so none of them waits; reversed, the same.
 * `tables`: every table the operations lock, all in the one retried group. A lock taken outside
 * it would be waited for while those taken are held, and every query on them waits as long.
 */
export function lockedFirst(tables: string | readonly string[], operations: readonly string[], retry: LockRetry): string[] {
  const names = (typeof tables === 'string' ? [tables] : tables).map(quoted).join(', ');
  const lock = [lockRetried(`LOCK TABLE ${names} IN ACCESS EXCLUSIVE MODE`, retry)];
  return [runSql(lock, undefined), ...operations, runSql(undefined, lock)];
}

/** `CHECK (condition) NOT VALID` under the lock retries; dropped so when reversed. */
export function addCheckNotValid(table: string, name: string, condition: string, retry: LockRetry): string {
  return retriedSql(addCheckSql(table, name, condition), dropConstraintSql(table, name), retry);
}

/**
 * `CHECK (condition) NOT VALID` in place of any check of that name, one group under the lock
 * retries: a non-atomic step run again after failing half-way (its VALIDATE found a NULL, its
 * lock never came) finds the check it left, and adds it again instead of failing on it.
 */
export function replaceCheckNotValid(table: string, name: string, condition: string, retry: LockRetry): string {
  return retriedSql([`ALTER TABLE ${quoted(table)} DROP CONSTRAINT IF EXISTS ${quoted(name)}`, addCheckSql(table, name, condition)], undefined, retry);
}

/**
 * SET NOT NULL through the valid `check` (no scan, PostgreSQL 12+) and the check's drop, one group
 * under the lock retries; reversed, the check back NOT VALID and DROP NOT NULL, one group too.
 */
export function setNotNullRetried(table: string, column: string, check: string, retry: LockRetry): string {
  const alter = alterColumnSql(table, column);
  return retriedSql([`${alter} SET NOT NULL`, dropConstraintSql(table, check)], [addCheckSql(table, check, `${quoted(column)} IS NOT NULL`), `${alter} DROP NOT NULL`], retry);
}
