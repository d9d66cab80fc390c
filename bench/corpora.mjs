// @ts-check
/**
 * The real corpora the benchmark runs on, installed from Debian packages so that any machine of
 * the project has the same files, and the walk that lists their Python files. `all` is Django and
 * the standard library; all of dist-packages (a few minutes a run) is chosen by name, for the
 * scale targets (issue 13).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * @typedef {'django' | 'stdlib' | 'dist-packages'} CorpusName
 */

/**
 * @typedef {object} Corpus
 * @property {CorpusName} name
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
  {
    name: 'dist-packages',
    root: '/usr/lib/python3/dist-packages',
    description: "every Debian Python package installed (Django, DRF, pyflakes, … : whatever the machine holds)",
    debianPackage: 'python3-django',
  },
];

/** What `--corpus all` runs. @type {readonly CorpusName[]} */
const ALL = ['django', 'stdlib'];

/**
 * @typedef {object} PythonFiles
 * @property {string[]} files regular `.py` files, absolute, sorted
 * @property {string[]} links symbolic links named `*.py` that lead to a file
 * @property {Map<string, number>} sizes bytes of each regular file
 * @property {number} lines newline-terminated lines of the regular files, for time per line
 */

/**
 * The corpora `choice` names, checked to exist.
 * @param {readonly (CorpusName | 'all')[]} choice
 * @returns {Corpus[]}
 */
export function selectCorpora(choice) {
  const chosen = CORPORA.filter((corpus) => choice.includes(corpus.name) || (choice.includes('all') && ALL.includes(corpus.name)));
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
  let lines = 0;
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.name.endsWith('.py')) continue;
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) {
      files.push(full);
      const bytes = fs.readFileSync(full);
      sizes.set(full, bytes.length);
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
    } else if (entry.isSymbolicLink() && fs.statSync(full, { throwIfNoEntry: false })?.isFile()) {
      links.push(full);
    }
  }
  return { files: files.sort(), links: links.sort(), sizes, lines };
}
