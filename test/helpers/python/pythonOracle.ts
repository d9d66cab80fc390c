/**
 * The semantic oracle a refactoring is held to, on a project folder: what pyflakes (Debian's
 * python3-pyflakes) reports, whether every file compiles, whether modules import. Tests take a
 * reading before and after a refactoring and compare: a refactoring adds no pyflakes message.
 * Messages are compared without their line numbers and paths (code moves between files), as a
 * multiset: one more `undefined name 'rate'` than before is a new message.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

/** Debian's Python, which has pyflakes (the pyenv one on PATH may not). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export interface PyflakesMessage {
  /** Path relative to the folder read. */
  readonly file: string;
  readonly line: number;
  /** The message without its place: `undefined name 'rate'`. */
  readonly text: string;
}

/** Every pyflakes message for the Python files under `dir` (or the given files, relative to it). */
export function pyflakes(dir: string, files: readonly string[] = ['.']): PyflakesMessage[] {
  const run = spawnSync(DEBIAN_PYTHON, ['-m', 'pyflakes', ...files], { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  // pyflakes exits 1 when it reports anything; only a crash writes a traceback.
  if (run.status !== 0 && run.status !== 1) throw new Error(`pyflakes failed in ${dir}:\n${run.stderr}`);
  return parsePyflakes(`${run.stdout}${run.stderr}`);
}

/** `path:line:col: message` or `path:line: message` lines; others (source excerpts, carets) are skipped. */
export function parsePyflakes(output: string): PyflakesMessage[] {
  const messages: PyflakesMessage[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?\.py):(\d+):(?:\d+:)? (.+)$/.exec(line);
    if (match) messages.push({ file: path.normalize(match[1]), line: Number(match[2]), text: match[3].trim() });
  }
  return messages;
}

/**
 * Messages of `after` beyond those of `before`, compared by text alone (code moves between
 * files and lines), the line numbers some texts quote (`redefinition of unused 'x' from line 6`)
 * blanked: an edit above shifts them; so is the module of an unused import (`'.io.WKBReader'`):
 * an importer a move rewrote still has its unused re-export, from the new module. Each is
 * reported with its place in `after`.
 */
export function newMessages(before: readonly PyflakesMessage[], after: readonly PyflakesMessage[]): PyflakesMessage[] {
  const key = (message: PyflakesMessage) => starImportIn(message) ?? message.text.replace(/\bline \d+\b/g, 'line N').replace(/^'[\w.]*\.(\w+)' imported but unused$/, "'…$1' imported but unused");
  const seen = new Map<string, number>();
  for (const message of before) seen.set(key(message), starImportIn(message) ? Infinity : (seen.get(key(message)) ?? 0) + 1);
  const added: PyflakesMessage[] = [];
  for (const message of after) {
    const left = seen.get(key(message)) ?? 0;
    if (left > 0) seen.set(key(message), left - 1);
    else added.push(message);
  }
  return added;
}

/**
 * A file that star-imported a module split into parts star-imports each part (a tests package's
 * `__init__.py`): pyflakes says the same of every star import, so a file that had star imports
 * before may have more. One that had none gets a new message.
 */
function starImportIn(message: PyflakesMessage): string | undefined {
  return /^'from \S+ import \*' used; unable to detect undefined names$|^'\S+\.\*' imported but unused$/.test(message.text) ? `star imports in ${message.file}` : undefined;
}

/** Files (relative to `dir`) that do not compile, with Python's message; empty when all do. */
export function compileErrors(dir: string, files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const script = [
    'import sys',
    'for name in sys.argv[1:]:',
    '    try:',
    '        with open(name, "rb") as f: compile(f.read(), name, "exec", dont_inherit=True)',
    '    except (SyntaxError, ValueError) as e: print(f"{name}: {e}")',
  ].join('\n');
  const run = spawnSync(DEBIAN_PYTHON, ['-c', script, ...files], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`compiling in ${dir} failed:\n${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/**
 * Modules that fail to import (`shop.views: NameError …`), with `dir` on sys.path; with a
 * Django settings module, after `django.setup()`.
 */
export function importErrors(dir: string, modules: readonly string[], djangoSettings?: string): string[] {
  if (modules.length === 0) return [];
  const script = [
    'import importlib, sys, traceback',
    'sys.path.insert(0, ".")',
    ...(djangoSettings ? ['import os, django', `os.environ.setdefault("DJANGO_SETTINGS_MODULE", ${JSON.stringify(djangoSettings)})`, 'django.setup()'] : []),
    'for name in sys.argv[1:]:',
    '    try: importlib.import_module(name)',
    '    except BaseException as e: print(f"{name}: {type(e).__name__}: {e}")',
  ].join('\n');
  const run = spawnSync(DEBIAN_PYTHON, ['-c', script, ...modules], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.status !== 0) throw new Error(`importing in ${dir} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout.split('\n').filter(Boolean);
}

/** `shop/views.py` → `shop.views`, `shop/models/__init__.py` → `shop.models`. */
export function moduleOfFile(relativeFile: string): string {
  return relativeFile.replace(/\.py$/, '').split(/[\\/]/).filter((part, i, parts) => !(part === '__init__' && i === parts.length - 1)).join('.');
}
