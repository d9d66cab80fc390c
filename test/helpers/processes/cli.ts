/** Runs the built `untangle` command (bin/untangle.js) as a user would. */
import { spawnSync } from 'child_process';
import * as path from 'path';

export const BIN = path.join(__dirname, '../../../../bin/untangle.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A run that hangs (waiting on a FIFO, say) is killed after `timeoutMs` (a minute unless told), and
 * fails its test, rather than hanging it. The buffer fits a JSON report of a Django-sized corpus.
 * `bin`: another copy of bin/untangle.js, with its dist/ beside it.
 */
export function untangle(args: readonly string[], cwd: string, timeoutMs = 60_000, bin = BIN): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
