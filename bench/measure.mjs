// @ts-check
/**
 * Runs one command and measures its wall time and peak resident memory. The peak comes from GNU
 * time (`%M`, the kernel's ru_maxrss of the process reaped by wait4), which is exact where
 * sampling /proc would miss short peaks. Every tool measured here is one process: Untangle's CLI
 * analyses in worker threads of its own process, and jscpd 5 is run as its native binary
 * directly (not through its Node launcher), jscpd 4 as `node jscpd`.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';

/**
 * @typedef {object} Measurement
 * @property {number} wallMs from spawn to exit, measured here with a monotonic clock
 * @property {number} peakRssKb GNU time's maximum resident set size, in KiB
 * @property {number} exitCode
 */

/**
 * GNU time's version line; throws with the install command when it is missing.
 * @returns {string}
 */
export function checkGnuTime() {
  const result = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
  const version = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')[0].trim();
  if (result.error || !version.includes('GNU')) {
    throw new Error(`GNU time is needed at ${GNU_TIME} to measure peak memory: apt-get install -y time`);
  }
  if (!version.includes('UNKNOWN')) return version;
  // Debian's build prints "time (GNU Time) UNKNOWN"; its package knows the version.
  const dpkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'time'], { encoding: 'utf8' });
  return dpkg.status === 0 ? `GNU time ${dpkg.stdout.trim()} (Debian package)` : version;
}

/**
 * Runs `command args` to completion under GNU time.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string, stdoutFile?: string, okCodes?: readonly number[] }} options
 *   stdoutFile receives the command's standard output (discarded without one); okCodes are the
 *   exit codes that mean success (default 0)
 * @returns {Promise<Measurement>}
 */
export async function measure(command, args, options) {
  const timeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-bench-')), 'time.txt');
  const stdout = options.stdoutFile ? fs.openSync(options.stdoutFile, 'w') : 'ignore';
  try {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%e %M', '-o', timeFile, command, ...args], {
      cwd: options.cwd,
      stdio: ['ignore', stdout, 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    /** @type {Promise<number>} */
    const exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve(performance.now() - start));
    });
    /** @type {Promise<number>} */
    const closed = new Promise((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const wallMs = await exited;
    const exitCode = await closed;
    if (!(options.okCodes ?? [0]).includes(exitCode)) {
      throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${exitCode}:\n${stderr.slice(-2000)}`);
    }
    return { wallMs, peakRssKb: peakRssOf(fs.readFileSync(timeFile, 'utf8')), exitCode };
  } finally {
    if (typeof stdout === 'number') fs.closeSync(stdout);
    fs.rmSync(path.dirname(timeFile), { recursive: true, force: true });
  }
}

/**
 * The `%M` field of GNU time's `-f '%e %M'` line (the last line: a failing command adds one before).
 * @param {string} text
 * @returns {number}
 */
function peakRssOf(text) {
  const last = text.trim().split('\n').pop() ?? '';
  const match = /^([\d.]+) (\d+)$/.exec(last.trim());
  if (!match) throw new Error(`unexpected GNU time output: ${JSON.stringify(text)}`);
  return Number(match[2]);
}
