// @ts-check
/**
 * What the scripts that drive the core through out/ share (fuzz.mjs, hardStage.mjs, the latency
 * scenarios): loading a module of the file-per-file build `node esbuild.mjs` makes for mocha (the
 * only build holding the tests' oracle and LSP client), and counting refusal reasons by kind.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** @param {string} file relative to out/ */
export function fromOut(file) {
  const full = path.join(REPO_ROOT, 'out', file);
  if (!fs.existsSync(full)) throw new Error(`${full} is missing: run node esbuild.mjs`);
  return require(full);
}

/**
 * The protocol tests' LSP client on `serverScript` (the bench's copy of dist/server.js), leaving
 * `initialized` to the caller so it can time the first scan from there.
 * @param {string} serverScript
 * @param {string} root the only workspace folder
 * @param {unknown} [initializationOptions] what the extension sends (its storage folder holds the analysis cache)
 * @returns {Promise<import('../test/helpers/processes/lspClient.js').TestLspClient>}
 */
export function startLspClient(serverScript, root, initializationOptions) {
  /** @type {typeof import('../test/helpers/processes/lspClient.js')} */
  const { TestLspClient } = fromOut('test/helpers/processes/lspClient.js');
  return TestLspClient.start(root, { serverScript, initializationOptions, sendInitialized: false });
}

/**
 * The corpus analysed as one project, for refactorings only (duplicates of Python code: templates
 * and static files stay out), and a snapshot reading its files once, untouched.
 * @param {{ root: string }} corpus
 * @param {import('../server/src/core/parse/pythonParser.js').PythonParser} parser
 * @param {string} source who asks, for the settings layer
 */
export async function loadCorpus(corpus, parser, source) {
  /** @type {typeof import('../server/src/cli/project.js')} */
  const { loadProjects } = fromOut('server/src/cli/project.js');
  /** @type {typeof import('../server/src/fs/sourceReader.js')} */
  const { readPythonTextSync } = fromOut('server/src/fs/sourceReader.js');
  const pythonOnly = { source, values: { duplicateBlock: { languages: ['python'] } } };
  const [index] = await loadProjects([corpus.root], corpus.root, { parser, layers: [pythonOnly] });
  /** @type {Map<string, string | undefined>} */
  const texts = new Map();
  /** @type {import('../server/src/refactor/domainEdit.js').WorkspaceSnapshot} */
  const snapshot = {
    read: (file) => {
      if (!texts.has(file)) texts.set(file, readPythonTextSync(file, index.settings.maxFileSizeKb * 1024)?.text);
      return texts.get(file);
    },
    exists: fs.existsSync,
    pythonFiles: () => index.projectPaths(),
  };
  return { index, snapshot };
}

/** A refusal reason or oracle message with its names and numbers taken out, to count kinds. @param {string} text */
export function kindOf(text) {
  return text
    .replace(/^[^:]*\.py(?::\d+)?: /, '')
    .replace(/ \([^()]*\.py, line \d+\)$/, '')
    .replace(/^\S+\/ is a new package that hides \S+$/, 'a new package hides the module of its name')
    .replace(/^imports \S+, /, 'imports …, ')
    .replace(/ \([\w./]+\.py\)/g, ' (….py)')
    .replace(/in different apps \([^)]*\)/g, 'in different apps (…)')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/`…`(, `…`)+/g, '`…`, …')
    .replace(/(?<!\w)'[^']*'(?!\w)/g, "'…'")
    .replace(/\(line \d+\)|\bline \d+/g, 'line …')
    .replace(/\d+/g, 'N');
}

/** @param {Map<string, number>} counts @param {string} key */
export function count(counts, key) {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
