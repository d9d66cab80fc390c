/**
 * The .vsix the end-to-end tests install and inspect, built once per test run exactly as a
 * release builds it (`npm run package`).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './codeServer';

export const VSIX = path.join(REPO_ROOT, 'dist', 'untangle.vsix');

let packaged = false;

/** Runs `npm run package` on the first call only (about 10 s) and returns the .vsix path. */
export function packageExtension(): string {
  if (packaged) return VSIX;
  fs.rmSync(VSIX, { force: true });
  const run = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `npm run package failed:\n${run.stdout}${run.stderr}`);
  assert.ok(fs.existsSync(VSIX), `npm run package did not write ${VSIX}:\n${run.stdout}`);
  packaged = true;
  return VSIX;
}
