/** Runs the built `untangle` command (bin/untangle.js) as a user would. */
import { spawnSync } from 'child_process';
import * as path from 'path';

const BIN = path.join(__dirname, '../../../bin/untangle.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function untangle(args: readonly string[], cwd: string): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
