/**
 * A real PostgreSQL for the tests that need one (Debian's `postgresql`): a cluster of its own in
 * a temporary folder, listening on a free loopback port, stopped and removed by `stop()`.
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which
 * the package creates.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from './freePort';

const run = promisify(execFile);

export interface PostgresCluster {
  readonly port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, trusted: no password. */
  readonly url: string;
  /**
   * Runs `sql` through `psql` (stops at the first error), returning its unaligned, tuples-only
   * output; a list runs in one session, each statement its own transaction (one `-c` each).
   */
  psql(sql: string | readonly string[], database?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The binaries of the newest PostgreSQL installed, or undefined when there is none. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((version) => fs.existsSync(path.join(root, version, 'bin', 'pg_ctl')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed (.ci/run installs Debian\'s postgresql)');
  const asRoot = process.getuid?.() === 0;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-pg-'));
  if (asRoot) fs.chmodSync(folder, 0o777);
  const data = path.join(folder, 'data');
  const port = await freePort();
  // As root, every server command runs as `postgres`, which owns the data folder it creates.
  const server = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  await server('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = `-h 127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c full_page_writes=off`;
  await server('pg_ctl', ['-D', data, '-l', path.join(folder, 'server.log'), '-o', options, '-w', 'start']);
  let stopped = false;
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async psql(sql, database = 'postgres') {
      const { stdout } = await run(
        path.join(bin, 'psql'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...[sql].flat().flatMap((statement) => ['-c', statement])],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** Whether a cluster can start here: PostgreSQL installed, and `runuser` available when running as root. */
export function canStartPostgres(): boolean {
  if (!postgresBinaries()) return false;
  return process.getuid?.() !== 0 || spawnSync('id', ['postgres']).status === 0;
}
