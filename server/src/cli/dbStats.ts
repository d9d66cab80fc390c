/**
 * `untangle db-stats [path] [--database-url URL]`: prints the read-only query that measures the
 * production tables, or runs it through Debian's `psql` client and writes
 * `<path>/.untangle/db-stats.json` for the unsafe-migration rule (durations, deployed migrations).
 * No database driver is bundled: `psql` is on every machine that reaches a PostgreSQL server.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DB_STATS_FILE, DB_STATS_SQL, parseDbStatsOutput } from '../core/database/dbStats';
import { FileError, writeOutput } from './outputFiles';

export interface DbStatsOptions {
  /** The project folder the stats file goes in. */
  readonly path: string;
  readonly databaseUrl?: string;
}

/** What to print: the query, or what was written. */
export function runDbStats(options: DbStatsOptions, cwd: string): string {
  if (options.databaseUrl === undefined) return DB_STATS_SQL;
  const psql = process.env.UNTANGLE_PSQL ?? 'psql';
  // The URL goes as psql's dbname argument, never into a message: it may hold a password.
  const run = spawnSync(psql, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-f', '-', '-d', options.databaseUrl], {
    input: DB_STATS_SQL,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FileError(missing ? `db-stats: ${psql} not found (apt-get install postgresql-client, or set UNTANGLE_PSQL)` : `db-stats: ${run.error.message}`);
  }
  if (run.status !== 0) throw new FileError(`db-stats: psql failed: ${run.stderr.trim()}`);
  let stats;
  try {
    stats = parseDbStatsOutput(run.stdout);
  } catch (error) {
    throw new FileError(`db-stats: unexpected output from psql (${error instanceof Error ? error.message : String(error)})`);
  }
  const file = path.resolve(cwd, options.path, DB_STATS_FILE);
  writeOutput('db-stats', file, `${JSON.stringify(stats, null, 2)}\n`, { createFolders: true });
  const applied = stats.applied ? `, ${stats.applied.length} applied migrations` : ', no django_migrations table';
  return `wrote ${path.relative(cwd, file) || file}: ${stats.tables.length} tables${applied}\n`;
}
