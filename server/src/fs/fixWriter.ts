/**
 * Writes a batch of fixes all-or-nothing. Every path is checked first (writePreflight); a
 * journal records what each file held; the new modules are written before the `__init__.py`
 * files and the edits that import them, and the old modules are deleted last, so the project
 * imports at every step; any failure rolls back what was written. A run killed by SIGKILL
 * leaves the journal, and the next run rolls the project back before planning anything.
 *
 * Test hook: with UNTANGLE_TEST_PAUSE_AT_STEP=N set, the writer stops for a minute at its Nth
 * step (1: journal written; then, per file, after its temporary file is written and after it
 * is renamed or deleted), after printing `untangle: test pause at step N` on stderr, so a test
 * can kill it there.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError, readRegularFileSync } from './regularFile';
import { preflight, WriteError, type ResolvedWrite } from './writePreflight';
import { isWithin } from './pathScope';
import { journalPath, readJournal, removeJournal, rollBack, writeJournal, writeTemporary, type Journal, type JournalEntries } from './writeJournal';
import { UNTANGLE_FOLDER } from './untangleFolder';

/** Writes `files` (absolute paths → new text, undefined to delete) inside the project `roots`, all or nothing. */
export function writeFixBatch(roots: readonly string[], files: ReadonlyMap<string, string | undefined>): void {
  if (files.size === 0) return;
  const { writes, folders } = preflight(roots, files);
  const ordered = [...writes].sort((a, b) => stage(a) - stage(b) || depth(b) - depth(a));
  const root = commonFolder(roots);
  const entries: JournalEntries = {
    version: 1,
    folders: [...folders],
    entries: ordered.map((write, i) => ({
      target: write.target,
      before: write.mode === undefined ? null : beforeBytes(write).toString('base64'),
      mode: write.mode ?? null,
      temporary: path.join(path.dirname(write.target), `.untangle-${process.pid}-${i}.tmp`),
    })),
  };
  const pause = testPause();
  let journal: Journal;
  try {
    journal = writeJournal(root, entries);
  } catch (error) {
    throw new WriteError(`cannot write the journal in ${path.join(root, UNTANGLE_FOLDER)}, so nothing was written: ${describeError(error)}`);
  }
  pause();
  try {
    for (const folder of folders) fs.mkdirSync(folder);
    ordered.forEach((write, i) => {
      const { temporary } = journal.entries[i];
      if (write.after === undefined) {
        fs.rmSync(write.target);
      } else {
        writeTemporary(temporary, Buffer.from(write.after), write.mode ?? replacedMode(write, ordered));
        pause();
        fs.renameSync(temporary, write.target);
      }
      pause();
    });
  } catch (error) {
    try {
      rollBack(root, journal);
    } catch (again) {
      throw new WriteError(`writing the fixes failed (${describeError(error)}), and so did putting the files back (${describeError(again)}): the next \`untangle fix\` rolls back from ${journalPath(root)}`);
    }
    throw new WriteError(`writing the fixes failed, and every file was put back as it was: ${describeError(error)}`);
  }
  removeJournal(root, journal);
}

/**
 * Rolls back a batch a killed run left half-written, for the folders about to be fixed (the
 * journal is looked for in each and the folders above it); returns the journals' paths. With
 * `dryRun`, nothing may be written: a journal found is an error asking for a real run.
 */
export async function recoverInterruptedFix(folders: readonly string[], dryRun: boolean): Promise<string[]> {
  const recovered: string[] = [];
  for (const root of new Set(folders.flatMap(foldersUp))) {
    const journal = await readJournal(root);
    if (!journal) continue;
    if (dryRun) throw new WriteError(`an interrupted fix left ${journalPath(root)}: run \`untangle fix\` without --dry-run to roll it back first`);
    rollBack(root, journal);
    recovered.push(root);
  }
  return recovered;
}

/**
 * When a write happens: new modules (1), then new `__init__.py` files (2), which make a
 * package out of them, then edits of existing files (3), which may import either; deletes of
 * the old modules last (4), once the package beside them already wins the import.
 */
function stage(write: ResolvedWrite): number {
  if (write.after === undefined) return 4;
  if (write.mode !== undefined) return 3;
  return path.basename(write.planned) === '__init__.py' ? 2 : 1;
}

/**
 * The mode of the module a new file replaces, when the batch deletes `x.py` and creates it
 * inside `x/` (a split): a 640 module's code does not become world-readable by moving.
 */
function replacedMode(write: ResolvedWrite, writes: readonly ResolvedWrite[]): number | undefined {
  const replaced = writes.find((other) => other.after === undefined && other.planned.endsWith('.py') && path.dirname(write.planned) === other.planned.slice(0, -'.py'.length));
  return replaced?.mode === undefined ? undefined : replaced.mode & 0o666;
}

function depth(write: ResolvedWrite): number {
  return write.planned.split(path.sep).length;
}

function beforeBytes(write: ResolvedWrite): Buffer {
  const read = readRegularFileSync(write.target, Number.MAX_SAFE_INTEGER);
  if (read.kind === 'skipped') throw new WriteError(`cannot read ${write.planned} to keep a copy: ${read.reason}`);
  return read.bytes;
}

/** The deepest folder holding every root: where the batch's journal goes. */
function commonFolder(roots: readonly string[]): string {
  return roots.reduce((common, root) => {
    let dir = common;
    while (!isWithin(dir, root)) dir = path.dirname(dir);
    return dir;
  });
}

/** `folder` and the folders above it; a file given to fix starts at its folder. */
function foldersUp(folder: string): string[] {
  const up = [fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false ? path.dirname(folder) : folder];
  while (path.dirname(up[up.length - 1]) !== up[up.length - 1]) up.push(path.dirname(up[up.length - 1]));
  return up;
}

/** The test hook (see the header): a function to call at each step. */
function testPause(): () => void {
  const at = Number(process.env.UNTANGLE_TEST_PAUSE_AT_STEP);
  if (!Number.isInteger(at) || at < 1) return () => undefined;
  let step = 0;
  return () => {
    if (++step !== at) return;
    fs.writeSync(2, `untangle: test pause at step ${step}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  };
}
