// @ts-check
/**
 * Makes the tools read the same files, and says which files each one read. The listings come
 * from untimed runs: jscpd 5's `--complexity` summary with 1-token, 1-line thresholds (every file
 * it reads that holds a token) and jscpd 4's `--debug` (every file it selects, and those it
 * drops for being under --min-lines code lines). Files only jscpd reads (e.g. `manage.py-tpl`,
 * Python by its shebang) are ignored in jscpd; files only Untangle reads (symbolic links, which
 * Untangle follows and jscpd skips) are excluded from Untangle. Files without a single token
 * (empty `__init__.py`) are left in both: they hold nothing to compare.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jscpdFileFlags, MIN_LINES } from './tools.mjs';

/** @typedef {import('./jscpdInstall.mjs').InstalledJscpd} InstalledJscpd */
/** @typedef {import('./corpora.mjs').PythonFiles} PythonFiles */

/**
 * @typedef {object} FileSets
 * @property {string[]} untangleExclude relative paths excluded from Untangle
 * @property {string[]} jscpdIgnore relative paths ignored by both jscpd versions
 * @property {number} pythonFiles regular `.py` files of the corpus
 * @property {number} emptyFiles of those, files of 0 bytes
 * @property {number} links `.py` symbolic links
 * @property {number} untangleFiles what Untangle will read
 * @property {number} jscpd5Files what jscpd 5 reads, token-less files aside
 * @property {number | undefined} jscpd4Files what jscpd 4 reads
 * @property {string[]} differences files still read by one side only after aligning (should be none)
 */

/**
 * @param {string} root
 * @param {PythonFiles} python
 * @param {InstalledJscpd} jscpd5
 * @param {InstalledJscpd | undefined} jscpd4
 * @param {string} workDir scratch folder for listing reports
 * @returns {FileSets}
 */
export function alignFileSets(root, python, jscpd5, jscpd4, workDir) {
  const relative = (/** @type {string} */ file) => path.relative(root, file);
  const empty = new Set(python.files.filter((file) => python.sizes.get(file) === 0));
  const untangleReads = new Set([...python.files, ...python.links]);
  const readers = (/** @type {string[]} */ ignore) => [jscpd5Reads(jscpd5, root, ignore, workDir), ...(jscpd4 ? [jscpd4Reads(jscpd4, root, ignore)] : [])];

  const before = readers([]);
  const jscpdOnly = [...new Set(before.flatMap((reads) => [...reads]))].filter((file) => !untangleReads.has(file)).sort();
  const untangleOnly = new Set([...untangleReads].filter((file) => !empty.has(file) && before.some((reads) => !reads.has(file))));
  const jscpdIgnore = jscpdOnly.map(relative);
  const untangleExclude = [...untangleOnly].map(relative);

  const after = readers(jscpdIgnore);
  const untangleFinal = new Set([...untangleReads].filter((file) => !untangleOnly.has(file)));
  const differences = [
    ...[...untangleFinal].filter((file) => !empty.has(file) && after.some((reads) => !reads.has(file))).map((file) => `only Untangle reads ${relative(file)}`),
    ...after.flatMap((reads) => [...reads].filter((file) => !untangleFinal.has(file)).map((file) => `only jscpd reads ${relative(file)}`)),
  ];
  return {
    untangleExclude,
    jscpdIgnore,
    pythonFiles: python.files.length,
    emptyFiles: empty.size,
    links: python.links.length,
    untangleFiles: untangleFinal.size,
    jscpd5Files: after[0].size,
    jscpd4Files: jscpd4 ? after[1].size : undefined,
    differences: [...new Set(differences)],
  };
}

/**
 * The files jscpd 5 reads that hold at least one token.
 * @param {InstalledJscpd} tool
 * @param {string} root
 * @param {readonly string[]} ignore
 * @param {string} workDir
 * @returns {Set<string>}
 */
function jscpd5Reads(tool, root, ignore, workDir) {
  const output = path.join(workDir, 'jscpd5-listing');
  const args = [...tool.prefixArgs, '--complexity', '--summary-top', '1000000', '--min-tokens', '1', '--min-lines', '1'];
  run(tool, [...args, ...jscpdFileFlags(tool.key, ignore), '--reporters', 'json', '--output', output, root]);
  /** @type {{ summary: { files: { path: string }[] } }} */
  const report = JSON.parse(fs.readFileSync(path.join(output, 'jscpd-complexity.json'), 'utf8'));
  return new Set(report.summary.files.map((file) => path.resolve(file.path)));
}

/**
 * The files jscpd 4 reads: those `--debug` lists as selected, and those it skips for having
 * fewer code lines than --min-lines (read, then dropped).
 * @param {InstalledJscpd} tool
 * @param {string} root
 * @param {readonly string[]} ignore
 * @returns {Set<string>}
 */
function jscpd4Reads(tool, root, ignore) {
  const output = run(tool, [...tool.prefixArgs, '--debug', '--min-lines', String(MIN_LINES), ...jscpdFileFlags(tool.key, ignore), root]);
  const files = new Set();
  for (const line of output.split('\n')) {
    const skipped = /^File (.+) skipped! Code lines=/.exec(line);
    if (skipped) files.add(path.resolve(skipped[1]));
    else if (line.startsWith(root + path.sep)) files.add(line.trim());
  }
  return files;
}

/**
 * @param {InstalledJscpd} tool
 * @param {readonly string[]} args
 * @returns {string} standard output
 */
function run(tool, args) {
  const result = spawnSync(tool.command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${tool.key} listing failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  return result.stdout;
}
