// @ts-check
/**
 * The exact command lines of the three tools the benchmark compares, in one place so that the
 * timed runs, the file listings and the printed report all use the same flags. Both sides get
 * jscpd's default thresholds (50 tokens, 5 lines) and are told to look at the same files:
 * Untangle through a generated pyproject.toml (no default excludes, no .gitignore, duplicates in
 * tests too), jscpd through flags (no .gitignore; jscpd 4 also without its 1,000-line and 100 KB
 * file limits and without symbolic links, as jscpd 5 by default).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MIN_TOKENS = 50;
export const MIN_LINES = 5;
/** Untangle's maxFileSizeKb default and jscpd 5's --max-size default (1 MiB). */
const MAX_FILE_KB = 1024;
/** Longer than fileStamp.ts's RACY_MS (see primeCache). */
const SETTLE_MS = 2_500;

/**
 * @typedef {object} ToolRun
 * @property {'untangle' | 'untangleWarm' | 'jscpd5' | 'jscpd4'} name
 * @property {string} command
 * @property {string[]} args
 * @property {string} reportFile where the JSON report lands
 * @property {string} [stdoutFile] where standard output goes (Untangle writes its report there)
 * @property {number[]} okCodes exit codes that mean success
 * @property {() => void} [prepare] run, untimed, before each timed run
 */

/**
 * `bin/untangle.js check <corpus> --format json --config <config> --cache-dir <dir>`, run
 * from the repo. The analysis cache goes to the bench's folder, not into the corpus (a system
 * folder). Cold: each run starts without a cache and writes one, as a first run does. Warm: the
 * cache of a first, untimed run (see primeCache) is there, and the corpus is unchanged.
 * @param {string} cli bin/untangle.js (its frozen copy, see build.mjs)
 * @param {string} corpusRoot
 * @param {string} configFile
 * @param {string} outDir
 * @param {'cold' | 'warm'} cache
 * @returns {ToolRun}
 */
export function untangleRun(cli, corpusRoot, configFile, outDir, cache) {
  const reportFile = path.join(outDir, cache === 'cold' ? 'untangle.json' : 'untangle-warm.json');
  const cacheDir = path.join(outDir, `cache-${cache}`);
  return {
    name: cache === 'cold' ? 'untangle' : 'untangleWarm',
    // Run as `untangle` is: its shebang's V8 flags count (node's PATH entry is the bench's node).
    command: cli,
    args: ['check', corpusRoot, '--format', 'json', '--config', configFile, '--cache-dir', cacheDir],
    reportFile,
    stdoutFile: reportFile,
    // 1 means findings at or above --fail-on: a report all the same.
    okCodes: [0, 1],
    prepare: cache === 'cold' ? () => fs.rmSync(cacheDir, { recursive: true, force: true }) : undefined,
  };
}

/**
 * Runs a warm Untangle run once, untimed, so that its cache holds the corpus.
 * @param {ToolRun} run
 * @param {string} cwd
 */
export function primeCache(run, cwd) {
  // Untangle records a run for replay only when every input is older than fileStamp.ts's RACY_MS
  // (2 s): primed at once, the config written just before would leave the priming run unrecorded,
  // and the first timed warm run would be a full one.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS);
  const result = spawnSync(run.command, run.args, { cwd, stdio: 'ignore' });
  if (!run.okCodes.includes(result.status ?? -1)) throw new Error(`${displayCommand(run, cwd)} exited with ${result.status ?? result.error?.message}`);
}

/**
 * Writes the pyproject.toml that makes Untangle read every `.py` file but `exclude` (relative
 * paths), with jscpd's thresholds.
 * @param {string} file
 * @param {readonly string[]} exclude
 */
export function writeUntangleConfig(file, exclude) {
  const list = (/** @type {readonly string[]} */ items) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
  const toml = [
    '# Written by bench/tools.mjs: the same files and thresholds as the jscpd runs.',
    '[tool.untangle]',
    `exclude = ${list(exclude.map(escapeGlob))}`,
    'use-gitignore = false',
    `max-file-size-kb = ${MAX_FILE_KB}`,
    '',
    '[tool.untangle.duplicate-block]',
    'exclude = []',
    // jscpd runs with --format python: templates and static files are left out of both.
    'languages = ["python"]',
    `min-tokens = ${MIN_TOKENS}`,
    `min-lines = ${MIN_LINES}`,
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, toml);
}

/**
 * The flags every jscpd run of the bench shares: thresholds and which files to read.
 * @param {'jscpd5' | 'jscpd4'} key
 * @param {readonly string[]} ignore relative paths jscpd must skip
 * @returns {string[]}
 */
export function jscpdFileFlags(key, ignore) {
  const flags = ['--format', 'python', '--no-gitignore', '--absolute'];
  if (key === 'jscpd4') flags.push('--noSymlinks', '--max-lines', '1000000', '--max-size', `${MAX_FILE_KB}kb`);
  if (ignore.length > 0) flags.push('--ignore', ignore.map((file) => `**/${escapeGlob(file)}`).join(','));
  return flags;
}

/**
 * `jscpd --min-tokens 50 --min-lines 5 --format python --reporters json --output <dir>` plus
 * the file flags.
 * @param {import('./jscpdInstall.mjs').InstalledJscpd} tool
 * @param {string} corpusRoot
 * @param {readonly string[]} ignore
 * @param {string} outDir
 * @returns {ToolRun}
 */
export function jscpdRun(tool, corpusRoot, ignore, outDir) {
  const output = path.join(outDir, tool.key);
  return {
    name: tool.key,
    command: tool.command,
    args: [
      ...tool.prefixArgs,
      '--min-tokens',
      String(MIN_TOKENS),
      '--min-lines',
      String(MIN_LINES),
      ...jscpdFileFlags(tool.key, ignore),
      '--reporters',
      'json',
      '--output',
      output,
      corpusRoot,
    ],
    reportFile: path.join(output, 'jscpd-report.json'),
    okCodes: [0],
  };
}

/**
 * A command line as a shell would take it, for the report.
 * @param {ToolRun} run
 * @param {string} cwd paths below it are shown relative
 * @returns {string}
 */
export function displayCommand(run, cwd) {
  const shown = [run.command === process.execPath ? 'node' : run.command, ...run.args].map((arg) => {
    const relative = path.isAbsolute(arg) && arg.startsWith(cwd + path.sep) ? path.relative(cwd, arg) : arg;
    return /^[\w@%+=:,./-]+$/.test(relative) ? relative : `'${relative.replace(/'/g, "'\\''")}'`;
  });
  return run.stdoutFile ? `${shown.join(' ')} > ${path.relative(cwd, run.stdoutFile)}` : shown.join(' ');
}

/**
 * A path as a glob matching only itself.
 * @param {string} file
 * @returns {string}
 */
function escapeGlob(file) {
  return file.replace(/[[\]{}()*?!+@\\]/g, '\\$&');
}
