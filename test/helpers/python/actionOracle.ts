/**
 * Holds one refactoring to the semantic oracle (pythonOracle.ts) without copying the project: the
 * files it touches are written before and after to two temporary folders, and pyflakes (which
 * reads each file alone) and the compiler judge them there. Shared by the example shop's
 * every-action test and the corpus fuzz (bench/fuzz.mjs), which loads it from out/. Since
 * pyflakes does not follow imports, each import the change adds is also resolved as Python would.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyTextEdits, type DomainEdit, type WorkspaceSnapshot } from '../../../server/src/refactor/domainEdit';
import { compileErrors, DEBIAN_PYTHON, newMessages, pyflakes } from './pythonOracle';

/** The new text of every file an edit touches (absolute paths); undefined for a deleted file. */
export function changesOf(edit: DomainEdit, snapshot: WorkspaceSnapshot): Map<string, string | undefined> {
  const changes = new Map<string, string | undefined>();
  for (const file of edit.createFiles) changes.set(file, '');
  for (const [file, edits] of edit.edits) changes.set(file, applyTextEdits(changes.get(file) ?? snapshot.read(file) ?? '', edits));
  for (const file of edit.deleteFiles ?? []) changes.set(file, undefined);
  return changes;
}

/**
 * What the oracle finds wrong with `changes` to the project at `root` (read before through
 * `snapshot`): each pyflakes message the touched files did not have before, and each touched
 * file that compiled before and does not now, each import it adds of a module that does not
 * exist, and each new package that hides a module of the same name. Empty when the change passes.
 */
export function oracleProblems(root: string, snapshot: WorkspaceSnapshot, changes: ReadonlyMap<string, string | undefined>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-oracle-'));
  try {
    const before = writeVersion(path.join(dir, 'before'), root, [...changes.keys()].map((file) => [file, snapshot.read(file)]));
    const after = writeVersion(path.join(dir, 'after'), root, [...changes]);
    const brokenBefore = new Set(compileErrors(path.join(dir, 'before'), before).map(fileOfError));
    return [
      ...newMessages(pyflakesOf(path.join(dir, 'before'), before), pyflakesOf(path.join(dir, 'after'), after)).map((m) => `${m.file}:${m.line}: ${m.text}`),
      ...compileErrors(path.join(dir, 'after'), after).filter((error) => !brokenBefore.has(fileOfError(error))),
      ...missingImports(root, snapshot, changes),
      ...shadowedModules(root, changes),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the Python files among `files` (those with a text) below `dir`, as they sit below `root`; returns their relative paths. */
function writeVersion(dir: string, root: string, files: readonly (readonly [string, string | undefined])[]): string[] {
  const written: string[] = [];
  for (const [file, text] of files) {
    if (text === undefined || !file.endsWith('.py')) continue;
    const relative = path.relative(root, file);
    fs.mkdirSync(path.join(dir, path.dirname(relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
    written.push(relative);
  }
  return written;
}

/** pyflakes' messages for `files` (newMessages blanks the line numbers some of them quote). */
function pyflakesOf(dir: string, files: readonly string[]): ReturnType<typeof pyflakes> {
  return files.length === 0 ? [] : pyflakes(dir, files);
}

/** `shop/views.py: invalid syntax (…)` → `shop/views.py`. */
function fileOfError(error: string): string {
  return error.slice(0, error.indexOf('.py: ') + 3);
}

/** New folders holding Python files beside a module of their name: `utils/` hides `utils.py` from every importer. */
function shadowedModules(root: string, changes: ReadonlyMap<string, string | undefined>): string[] {
  const folders = new Set<string>();
  for (const [file, text] of changes) {
    if (text === undefined || !file.endsWith('.py')) continue;
    for (let dir = path.dirname(file); dir.startsWith(`${root}${path.sep}`) && !fs.existsSync(dir); dir = path.dirname(dir)) folders.add(dir);
  }
  return [...folders].filter((dir) => (changes.has(`${dir}.py`) ? changes.get(`${dir}.py`) !== undefined : fs.existsSync(`${dir}.py`))).map((dir) => `${path.relative(root, dir)}/ is a new package that hides ${path.relative(root, dir)}.py`);
}

/** Import statements: `from X import …` (X relative or not) or `import X, Y as Z`. */
const IMPORT = /^\s*(?:from\s+(\.*[\w.]*)\s+import\b|import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*$)/;

/**
 * Imports `changes` adds (lines not in the file before) of modules that will not exist: a
 * module of the project resolved from the importing file's import root, or an outside top-level
 * module Python cannot find (unless the same line was in a touched file before). `from . import name` is not checked (name may be an attribute).
 */
function missingImports(root: string, snapshot: WorkspaceSnapshot, changes: ReadonlyMap<string, string | undefined>): string[] {
  const exists = (file: string) => (changes.has(file) ? changes.get(file) !== undefined : fs.existsSync(file));
  const isFolder = (dir: string) => fs.existsSync(dir) || [...changes].some(([file, text]) => text !== undefined && file.startsWith(`${dir}${path.sep}`));
  const isModule = (base: string) => exists(`${base}.py`) || isFolder(base);
  const problems: string[] = [];
  const outside: { where: string; name: string }[] = [];
  // An outside import moved as it was (`from PIL import Image` in a function a split moves) was there before.
  const linesBefore = new Set([...changes.keys()].flatMap((file) => (snapshot.read(file) ?? '').split('\n').map((line) => line.trim())));
  for (const [file, text] of changes) {
    if (text === undefined || !file.endsWith('.py')) continue;
    const old = new Set((snapshot.read(file) ?? '').split('\n').map((line) => line.trim()));
    text.split('\n').forEach((line, number) => {
      if (old.has(line.trim())) return;
      const match = IMPORT.exec(line);
      if (!match) return;
      const where = `${path.relative(root, file)}:${number + 1}`;
      const modules = match[1] !== undefined ? [match[1]] : match[2].split(',').map((part) => part.trim().split(/\s+/)[0]);
      for (const module of modules) {
        const dots = /^\.*/.exec(module)![0].length;
        if (dots > 0) {
          const base = path.join(path.dirname(file), ...Array<string>(dots - 1).fill('..'), ...module.slice(dots).split('.').filter(Boolean));
          if (module.length > dots && !isModule(base)) problems.push(`${where}: imports ${module}, which does not exist`);
          continue;
        }
        const importRoot = importRootOf(file, exists);
        const top = module.split('.')[0];
        if (isModule(path.join(importRoot, top))) {
          if (!isModule(path.join(importRoot, ...module.split('.')))) problems.push(`${where}: imports ${module}, which does not exist`);
        } else if (!linesBefore.has(line.trim())) {
          outside.push({ where, name: top });
        }
      }
    });
  }
  const unknown = unfindable([...new Set(outside.map((o) => o.name))]);
  return [...problems, ...outside.filter((o) => unknown.has(o.name)).map((o) => `${o.where}: imports ${o.name}, which Python cannot find`)];
}

/** The folder on sys.path a file is imported from: above its package (folders with __init__.py). */
function importRootOf(file: string, exists: (file: string) => boolean): string {
  let dir = path.dirname(file);
  while (exists(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Python's verdict on outside top-level modules, cached: every run asks about `os` and `django`. */
const findable = new Map<string, boolean>();

/** The names among `names` Debian's Python cannot import (from its own path, not the project's). */
function unfindable(names: readonly string[]): Set<string> {
  const ask = names.filter((name) => !findable.has(name));
  if (ask.length > 0) {
    const script = 'import importlib.util, sys\nfor name in sys.argv[1:]: print(name, importlib.util.find_spec(name) is not None)';
    const run = spawnSync(DEBIAN_PYTHON, ['-I', '-c', script, ...ask], { cwd: '/', encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`find_spec failed:\n${run.stderr}`);
    for (const line of run.stdout.split('\n').filter(Boolean)) {
      const [name, found] = line.split(' ');
      findable.set(name, found === 'True');
    }
  }
  return new Set(names.filter((name) => findable.get(name) === false));
}
