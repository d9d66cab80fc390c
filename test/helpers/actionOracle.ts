/**
 * Holds one refactoring to the semantic oracle (pythonOracle.ts) without copying the project: the
 * files it touches are written before and after to two temporary folders, and pyflakes (which
 * reads each file alone) and the compiler judge them there. Shared by the example shop's
 * every-action test and the corpus fuzz (bench/fuzz.mjs), which loads it from out/.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyTextEdits, type DomainEdit, type WorkspaceSnapshot } from '../../server/src/refactor/domainEdit';
import { compileErrors, newMessages, pyflakes } from './pythonOracle';

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
 * file that compiled before and does not now. Empty when the change passes.
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

function pyflakesOf(dir: string, files: readonly string[]): ReturnType<typeof pyflakes> {
  return files.length === 0 ? [] : pyflakes(dir, files);
}

/** `shop/views.py: invalid syntax (…)` → `shop/views.py`. */
function fileOfError(error: string): string {
  return error.slice(0, error.indexOf('.py: ') + 3);
}
