// @ts-check
/**
 * What the numbers were measured on: the machine and the exact version of every tool, printed
 * above the table and kept in results.json, since timings mean nothing without them.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';

/**
 * @typedef {object} MachineInfo
 * @property {number} cpus logical CPUs
 * @property {number} availableParallelism what Untangle's worker pool sizes itself by
 * @property {string} cpuModel
 * @property {number} memoryGb
 * @property {string} os
 * @property {string} node
 * @property {number[]} loadAverage 1, 5 and 15 minute load averages when the info was taken:
 *   other work on the machine slows every tool, which interleaved runs share alike
 */

/** @returns {MachineInfo} */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    availableParallelism: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/**
 * The version the built Untangle CLI prints (`untangle --version`) and the repo's commit
 * (`-dirty`: uncommitted changes were built too).
 * @param {string} repoRoot
 * @param {string} cli bin/untangle.js or its frozen copy
 * @returns {{ version: string, commit: string }}
 */
export function untangleVersion(repoRoot, cli) {
  const printed = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
  const git = spawnSync('git', ['-C', repoRoot, 'describe', '--always', '--dirty'], { encoding: 'utf8' });
  return { version: printed.stdout.trim() || 'unknown', commit: git.status === 0 ? git.stdout.trim() : 'unknown' };
}
