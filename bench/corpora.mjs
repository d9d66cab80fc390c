// @ts-check
/**
 * The two real corpora the benchmark runs on, both installed from Debian packages so that any
 * machine of the project has the very same files, and the walk that lists their Python files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * @typedef {object} Corpus
 * @property {'django' | 'stdlib'} name
 * @property {string} root absolute folder
 * @property {string} description
 * @property {string} debianPackage what to apt-get install when the folder is missing
 */

/** @type {readonly Corpus[]} */
export const CORPORA = [
  {
    name: 'django',
    root: '/usr/lib/python3/dist-packages/django',
    description: "Debian's Django source",
    debianPackage: 'python3-django',
  },
  {
    name: 'stdlib',
    root: '/usr/lib/python3.11',
    description: "Debian's CPython 3.11 standard library",
    debianPackage: 'libpython3.11-stdlib',
  },
];

/**
 * @typedef {object} PythonFiles
 * @property {string[]} files regular `.py` files, absolute, sorted
 * @property {string[]} links symbolic links named `*.py` that lead to a file
 * @property {Map<string, number>} sizes bytes of each regular file
 */

/**
 * The corpora `choice` names, checked to exist.
 * @param {'django' | 'stdlib' | 'all'} choice
 * @returns {Corpus[]}
 */
export function selectCorpora(choice) {
  const chosen = CORPORA.filter((corpus) => choice === 'all' || corpus.name === choice);
  for (const corpus of chosen) {
    if (!fs.existsSync(corpus.root)) {
      throw new Error(`corpus ${corpus.name}: ${corpus.root} is missing (apt-get install -y ${corpus.debianPackage})`);
    }
  }
  return chosen;
}

/**
 * Every `*.py` below `root`, regular files and symbolic links apart: the tools treat links
 * differently (Untangle follows them, jscpd does not), so the bench has to know them.
 * @param {string} root
 * @returns {PythonFiles}
 */
export function listPythonFiles(root) {
  /** @type {string[]} */
  const files = [];
  /** @type {string[]} */
  const links = [];
  const sizes = new Map();
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.name.endsWith('.py')) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      files.push(full);
      sizes.set(full, fs.statSync(full).size);
    } else if (entry.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile()) {
      links.push(full);
    }
  }
  return { files: files.sort(), links: links.sort(), sizes };
}

/**
 * The largest regular file by bytes, the one the edit-latency scenario types into.
 * @param {PythonFiles} python
 * @returns {string}
 */
export function largestFile(python) {
  let best = python.files[0];
  for (const file of python.files) if ((python.sizes.get(file) ?? 0) > (python.sizes.get(best) ?? 0)) best = file;
  return best;
}
