/** In-memory workspaces for refactoring tests: a snapshot to refactor and the files after the edit. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dedent, parseFixture } from '../workspace/workspaceFixture';
import { applyTextEdits, type DomainEdit, type WorkspaceSnapshot } from '../../../server/src/refactor/domainEdit';
import { newMessages, pyflakes, type PyflakesMessage } from '../python/pythonOracle';

export const ROOT = '/ws';

export function memoryWorkspace(fixture: string): Map<string, string> {
  return new Map([...parseFixture(fixture)].map(([file, text]) => [`${ROOT}/${file}`, text]));
}

export function snapshotOf(files: ReadonlyMap<string, string>): WorkspaceSnapshot {
  return { read: (file) => files.get(file), exists: (file) => files.has(file), pythonFiles: () => [...files.keys()].filter((f) => f.endsWith('.py')) };
}

/** The workspace after the edit, as a new map. */
export function applyEdit(files: ReadonlyMap<string, string>, edit: DomainEdit): Map<string, string> {
  const next = new Map(files);
  for (const file of edit.createFiles) {
    if (next.has(file)) throw new Error(`${file} already exists`);
    next.set(file, '');
  }
  for (const [file, edits] of edit.edits) next.set(file, applyTextEdits(next.get(file) ?? '', edits));
  for (const file of edit.deleteFiles ?? []) next.delete(file);
  return next;
}

/**
 * Writes the in-memory workspace to a temporary folder and runs `script` with Python from its
 * root; returns stdout. Refactoring tests run the same script before and after an edit. Files
 * are written as UTF-8, or in the encoding `encodingOf` gives (a latin-1 module).
 */
export function runPythonOn(files: ReadonlyMap<string, string>, script: string, encodingOf: (file: string) => BufferEncoding = () => 'utf8'): string {
  const dir = writeMemoryWorkspace(files, encodingOf);
  try {
    return runPythonScript(dir, script);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The pyflakes messages (the oracle's) the workspace after an edit has beyond those it had before. */
export function newPyflakesMessages(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): PyflakesMessage[] {
  const dirs = [writeMemoryWorkspace(before), writeMemoryWorkspace(after)];
  try {
    return newMessages(pyflakes(dirs[0]), pyflakes(dirs[1]));
  } finally {
    dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  }
}

/** Writes the in-memory workspace to a new temporary folder (the caller removes it) and returns the folder. */
export function writeMemoryWorkspace(files: ReadonlyMap<string, string>, encodingOf: (file: string) => BufferEncoding = () => 'utf8'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-python-'));
  for (const [file, text] of files) {
    const full = path.join(dir, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text, encodingOf(file));
  }
  return dir;
}

/** Runs `script` (dedented) with python3 in `cwd`, failing the test when Python fails; returns stdout. */
export function runPythonScript(cwd: string, script: string): string {
  const result = spawnSync('python3', ['-c', dedent(script)], { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}
