/**
 * The sections isort and ruff's `I` rules keep imports in: `__future__`, the standard library,
 * other absolute imports, relative imports, a blank line apart; in each, plain `import x` before
 * `from x import y`, each sorted by module (case-insensitively, as isort does). A module Untangle
 * writes from scratch (a controller, a util module, a moved symbol's new home) gets its imports
 * so; an import added to a module whose imports already keep that order goes where isort would
 * put it (`placeImports`).
 */

/** Python 3.11's `sys.stdlib_module_names`, without the private ones. */
const STDLIB = new Set([
  'abc', 'aifc', 'antigravity', 'argparse', 'array', 'ast', 'asynchat', 'asyncio', 'asyncore', 'atexit', 'audioop',
  'base64', 'bdb', 'binascii', 'bisect', 'builtins', 'bz2', 'cProfile', 'calendar', 'cgi', 'cgitb', 'chunk', 'cmath',
  'cmd', 'code', 'codecs', 'codeop', 'collections', 'colorsys', 'compileall', 'concurrent', 'configparser',
  'contextlib', 'contextvars', 'copy', 'copyreg', 'crypt', 'csv', 'ctypes', 'curses', 'dataclasses', 'datetime', 'dbm',
  'decimal', 'difflib', 'dis', 'distutils', 'doctest', 'email', 'encodings', 'ensurepip', 'enum', 'errno',
  'faulthandler', 'fcntl', 'filecmp', 'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools', 'gc', 'genericpath',
  'getopt', 'getpass', 'gettext', 'glob', 'graphlib', 'grp', 'gzip', 'hashlib', 'heapq', 'hmac', 'html', 'http',
  'idlelib', 'imaplib', 'imghdr', 'imp', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools', 'json', 'keyword',
  'lib2to3', 'linecache', 'locale', 'logging', 'lzma', 'mailbox', 'mailcap', 'marshal', 'math', 'mimetypes', 'mmap',
  'modulefinder', 'msilib', 'msvcrt', 'multiprocessing', 'netrc', 'nis', 'nntplib', 'nt', 'ntpath', 'nturl2path',
  'numbers', 'opcode', 'operator', 'optparse', 'os', 'ossaudiodev', 'pathlib', 'pdb', 'pickle', 'pickletools', 'pipes',
  'pkgutil', 'platform', 'plistlib', 'poplib', 'posix', 'posixpath', 'pprint', 'profile', 'pstats', 'pty', 'pwd',
  'py_compile', 'pyclbr', 'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri', 'random', 're', 'readline', 'reprlib',
  'resource', 'rlcompleter', 'runpy', 'sched', 'secrets', 'select', 'selectors', 'shelve', 'shlex', 'shutil', 'signal',
  'site', 'smtpd', 'smtplib', 'sndhdr', 'socket', 'socketserver', 'spwd', 'sqlite3', 'sre_compile', 'sre_constants',
  'sre_parse', 'ssl', 'stat', 'statistics', 'string', 'stringprep', 'struct', 'subprocess', 'sunau', 'symtable', 'sys',
  'sysconfig', 'syslog', 'tabnanny', 'tarfile', 'telnetlib', 'tempfile', 'termios', 'textwrap', 'this', 'threading',
  'time', 'timeit', 'tkinter', 'token', 'tokenize', 'tomllib', 'trace', 'traceback', 'tracemalloc', 'tty', 'turtle',
  'turtledemo', 'types', 'typing', 'unicodedata', 'unittest', 'urllib', 'uu', 'uuid', 'venv', 'warnings', 'wave',
  'weakref', 'webbrowser', 'winreg', 'winsound', 'wsgiref', 'xdrlib', 'xml', 'xmlrpc', 'zipapp', 'zipfile',
  'zipimport', 'zlib', 'zoneinfo',
]);

type Section = 'future' | 'stdlib' | 'absolute' | 'relative';
const ORDER: readonly Section[] = ['future', 'stdlib', 'absolute', 'relative'];

/** The module an import statement (`import a.b`, `from .x import y`, maybe wrapped) imports from. */
function moduleOf(statement: string): string {
  return /^(?:from|import)\s+(\S+)/.exec(statement)?.[1] ?? '';
}

function sectionOf(statement: string): Section {
  const module = moduleOf(statement);
  if (module === '__future__') return 'future';
  if (module.startsWith('.')) return 'relative';
  return STDLIB.has(module.split('.')[0]) ? 'stdlib' : 'absolute';
}

/** Where a statement sorts within its section. */
function sortKey(statement: string): string {
  return `${statement.startsWith('import') ? 0 : 1}${moduleOf(statement).toLowerCase()}`;
}

const byKey = (a: string, b: string) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

/** Import statements in their sections, each section's lines joined, the sections a blank line apart. */
export function importSections(statements: readonly string[]): string {
  return ORDER.map((section) => statements.filter((s) => sectionOf(s) === section).sort(byKey))
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n');
}

/** A top-level import statement of a module: its first and last line and its text. */
export interface ExistingImport {
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
}

/**
 * Where isort would put each of `statements` among a module's top-level imports (in file order),
 * as text to insert at the start of a line, by line: in its section, in sort order; a section the
 * module lacks gets a blank line apart from its neighbours. Undefined when the module's imports
 * are not in sections order already (its team does not sort them: appending is then as good).
 */
export function placeImports(existing: readonly ExistingImport[], statements: readonly string[]): Map<number, string> | undefined {
  if (existing.length === 0) return undefined;
  const rank = (statement: string) => ORDER.indexOf(sectionOf(statement));
  for (let i = 1; i < existing.length; i++) {
    const [before, after] = [existing[i - 1].text, existing[i].text];
    if (rank(before) > rank(after) || (rank(before) === rank(after) && sortKey(before) > sortKey(after))) return placeInBlocks(existing, statements);
  }
  // Per line, the pieces to insert there in rank order: a statement within an existing section, or a section the module lacks.
  const inserts = new Map<number, { kind: 'within' | 'after' | 'before'; statement: string }[]>();
  const add = (line: number, kind: 'within' | 'after' | 'before', statement: string) => inserts.set(line, [...(inserts.get(line) ?? []), { kind, statement }]);
  for (const statement of [...statements].sort((a, b) => rank(a) - rank(b) || byKey(a, b))) {
    const section = existing.filter((other) => rank(other.text) === rank(statement));
    const previous = existing.filter((other) => rank(other.text) < rank(statement)).pop();
    if (section.length > 0) {
      const next = section.find((other) => sortKey(other.text) > sortKey(statement));
      add(next ? next.startLine : section[section.length - 1].endLine + 1, 'within', statement);
    } else if (previous) add(previous.endLine + 1, 'after', statement);
    else add(existing[0].startLine, 'before', statement);
  }
  const render = (pieces: { kind: string; statement: string }[]): string => {
    let text = '';
    for (let i = 0; i < pieces.length; ) {
      const kind = pieces[i].kind;
      let j = i;
      while (j < pieces.length && pieces[j].kind === kind) j++;
      const group = pieces.slice(i, j).map((piece) => piece.statement);
      text += kind === 'within' ? `${group.join('\n')}\n` : kind === 'after' ? `\n${importSections(group)}\n` : `${importSections(group)}\n\n`;
      i = j;
    }
    return text;
  };
  return new Map([...inserts].map(([line, pieces]) => [line, render(pieces)]));
}

/**
 * Where isort would put each statement in a module whose sections are its own (isort's
 * first-party section: `from openid…` then, a blank line apart, `from allauth…`): each block of
 * imports a blank line apart is a section, sorted within. A statement joins the block importing
 * from its top-level package, else the block of its kind (the standard library's, the first of
 * other absolute imports, the relative ones'). Undefined when a block is not sorted or no block fits one.
 */
function placeInBlocks(existing: readonly ExistingImport[], statements: readonly string[]): Map<number, string> | undefined {
  const blocks: ExistingImport[][] = [];
  for (const statement of existing) {
    const last = blocks.at(-1);
    if (last && statement.startLine === last[last.length - 1].endLine + 1) last.push(statement);
    else blocks.push([statement]);
  }
  if (blocks.some((block) => block.some((statement, i) => i > 0 && byKey(block[i - 1].text, statement.text) > 0))) return undefined;
  const top = (statement: string) => moduleOf(statement).split('.')[0];
  const ofKind = (block: readonly ExistingImport[], section: Section) => block.every((other) => sectionOf(other.text) === section);
  const inserts = new Map<number, string[]>();
  for (const statement of [...statements].sort(byKey)) {
    const section = sectionOf(statement);
    const block =
      (section === 'relative' ? undefined : blocks.find((b) => b.some((other) => top(other.text) === top(statement)))) ??
      blocks.find((b) => ofKind(b, section));
    if (!block) return undefined;
    const next = block.find((other) => byKey(other.text, statement) > 0);
    const line = next ? next.startLine : block[block.length - 1].endLine + 1;
    inserts.set(line, [...(inserts.get(line) ?? []), statement]);
  }
  return new Map([...inserts].map(([line, group]) => [line, `${group.join('\n')}\n`]));
}

/**
 * For a module whose imports keep no order placeImports knows: each absolute statement goes after
 * the last import of the module sharing the most leading parts with it (at least its top-level
 * package: `hc.front.controllers…` after `hc.front.schemas`); `alone` are those sharing none.
 */
export function placeBesideRelatives(existing: readonly ExistingImport[], statements: readonly string[]): { placed: Map<number, string>; alone: string[] } {
  const parts = (statement: string) => (sectionOf(statement) === 'relative' ? [] : moduleOf(statement).split('.'));
  const shared = (a: readonly string[], b: readonly string[]) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const byLine = new Map<number, string[]>();
  const alone: string[] = [];
  for (const statement of statements) {
    const wanted = parts(statement);
    // The last of the imports sharing the most parts: the new line goes after it.
    let best: { endLine: number; shared: number } | undefined;
    for (const other of existing) {
      const n = shared(wanted, parts(other.text));
      if (n > 0 && (n > (best?.shared ?? 0) || (n === best?.shared && other.endLine > best.endLine))) best = { endLine: other.endLine, shared: n };
    }
    if (best) byLine.set(best.endLine + 1, [...(byLine.get(best.endLine + 1) ?? []), statement]);
    else alone.push(statement);
  }
  return { placed: new Map([...byLine].map(([line, group]) => [line, `${[...group].sort().join('\n')}\n`])), alone };
}
