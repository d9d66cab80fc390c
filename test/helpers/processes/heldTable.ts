/**
 * A migration run while another session holds a table, to see how long the queries queued behind
 * its lock wait: the proof that a brief ACCESS EXCLUSIVE step runs under the retried lock_timeout
 * (refactor/database/sequences/ddl.ts `lockRetried`) on a real PostgreSQL.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { postgresBinaries } from './postgresCluster';

/** When the migration ended and the holding session let go (ms since the epoch), and the longest read meanwhile (ms). */
export interface HeldWaits {
  readonly migrated: number;
  readonly released: number;
  readonly longestRead: number;
  /** The longest read of each other table read meanwhile (ms). */
  readonly longestReadOf: Readonly<Record<string, number>>;
}

/**
 * Runs `migrate` while another session holds `table` of `database` (a read in an open
 * transaction, for `seconds`) and a third reads it every quarter second; `alsoRead`, other tables
 * the migration locks, each read so by a session of its own.
 */
export async function whileHeld(port: number, table: string, seconds: number, migrate: () => void, { database = 'shop', alsoRead = [] as readonly string[] } = {}): Promise<HeldWaits> {
  const psql = (...commands: string[]) =>
    promisify(execFile)(path.join(postgresBinaries()!, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-X', '-q', '-A', '-t', ...commands.flatMap((command) => ['-c', command])]);
  const held = psql('BEGIN', `SELECT count(*) FROM ${table}`, `SELECT pg_sleep(${seconds})`, 'SELECT extract(epoch FROM clock_timestamp()) * 1000', 'COMMIT');
  const holding = async () => (await psql(`SELECT count(*) FROM pg_locks WHERE relation = '${table}'::regclass AND granted AND pid <> pg_backend_pid()`)).stdout.trim() !== '0';
  for (const deadline = Date.now() + 10_000; !(await holding()); ) assert.ok(Date.now() < deadline, 'the holding session never took its lock');
  const readsOf = async (read: string) => {
    const { stdout } = await psql('\\timing on', ...Array.from({ length: seconds * 6 }, () => ['SELECT pg_sleep(0.25)', `SELECT count(*) FROM ${read}`]).flat());
    const times = [...stdout.matchAll(/Time: ([\d.]+) ms/g)].map((match) => Number(match[1]));
    // Every other timing is a pause; the reads are the others.
    return Math.max(...times.filter((_, i) => i % 2 === 1));
  };
  const reads = [table, ...alsoRead].map(readsOf);
  migrate();
  const migrated = Date.now();
  const released = Number((await held).stdout.trim().split('\n').filter(Boolean).at(-1));
  const [longestRead, ...others] = await Promise.all(reads);
  return { migrated, released, longestRead, longestReadOf: Object.fromEntries(alsoRead.map((read, i) => [read, others[i]])) };
}

/**
 * The migration waited for the holding session, and no read queued behind it waited much longer
 * than lock_timeout (1 s), on the held table or the others read: a lock the migration took on one
 * of those is not kept while it waits for the held table.
 */
export function assertShortWaits(waits: HeldWaits, seconds: number): void {
  assert.ok(waits.migrated > waits.released, `the migration waited for the session holding the table (migrated ${waits.migrated}, released ${waits.released})`);
  assert.ok(waits.longestRead > 300, `a read queued behind the waiting lock (longest ${waits.longestRead} ms): the test saw the lock`);
  assert.ok(waits.longestRead < 2500, `no read waited much longer than lock_timeout (1 s) while the table was held ${seconds} s: longest ${waits.longestRead} ms`);
  for (const [table, longest] of Object.entries(waits.longestReadOf)) {
    assert.ok(longest < 2500, `no read of ${table} waited much longer than lock_timeout (1 s) while the held table was waited for: longest ${longest} ms`);
  }
}
