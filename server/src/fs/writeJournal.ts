/**
 * The journal of a batch of writes, `.untangle/journal.json` in the project: what every file
 * held before (its bytes and mode), which files and folders the batch creates and the temporary
 * files it may leave. It is written (atomically) before the first change and removed after the
 * last, so when a run is killed in between, the next run finds it and rolls the project back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { asText, describeError, readRegularFile } from './regularFile';
import { WriteError } from './writePreflight';
import { UNTANGLE_FOLDER } from './untangleFolder';

const JOURNAL_FILE = 'journal.json';

const journalSchema = z.object({
  version: z.literal(1),
  /** Whether the batch created `.untangle/` (it goes when the batch is over, if empty). */
  ownsFolder: z.boolean(),
  /** Folders the batch creates, parents first. */
  folders: z.array(z.string()),
  entries: z.array(
    z.object({
      target: z.string(),
      /** The bytes before, base64; null when the batch creates the file. */
      before: z.string().nullable(),
      mode: z.number().int().nullable(),
      /** The temporary file the new bytes are written to before the rename. */
      temporary: z.string(),
    }),
  ),
});
export type Journal = z.infer<typeof journalSchema>;
/** A journal before it is written: where it goes decides whether it creates `.untangle/`. */
export type JournalEntries = Omit<Journal, 'ownsFolder'>;

/** Where the journal of a batch in `root` lives. */
export function journalPath(root: string): string {
  return path.join(root, UNTANGLE_FOLDER, JOURNAL_FILE);
}

/** Writes the journal whole or not at all (temporary file, fsync, rename). */
export function writeJournal(root: string, entries: JournalEntries): Journal {
  const folder = path.join(root, UNTANGLE_FOLDER);
  const journal = { ...entries, ownsFolder: !fs.existsSync(folder) };
  fs.mkdirSync(folder, { recursive: true });
  writeDurably(journalPath(root), journalTemporary(root), Buffer.from(JSON.stringify(journal)), undefined);
  return journal;
}

/** Removes the journal: the batch is complete (or rolled back); `.untangle/` too when it was made for it and is empty. */
export function removeJournal(root: string, journal: Journal): void {
  fs.rmSync(journalPath(root), { force: true });
  fs.rmSync(journalTemporary(root), { force: true });
  if (journal.ownsFolder) removeIfEmpty(path.join(root, UNTANGLE_FOLDER));
}

/**
 * Puts back what the journal says every file held, removes the files and folders the batch
 * created and its temporary files, then the journal. Running it twice does no harm, so a run
 * killed while rolling back is rolled back by the next.
 */
export function rollBack(root: string, journal: Journal): void {
  for (const entry of [...journal.entries].reverse()) {
    fs.rmSync(entry.temporary, { force: true });
    if (entry.before === null) fs.rmSync(entry.target, { force: true });
    else writeDurably(entry.target, entry.temporary, Buffer.from(entry.before, 'base64'), entry.mode ?? undefined);
  }
  for (const folder of [...journal.folders].reverse()) removeIfEmpty(folder);
  removeJournal(root, journal);
}

/** The journal left in `root` by an interrupted batch, if any; a journal that cannot be read is an error, not ignored. */
export async function readJournal(root: string): Promise<Journal | undefined> {
  const file = journalPath(root);
  fs.rmSync(journalTemporary(root), { force: true });
  const read = asText(await readRegularFile(file, 1024 * 1024 * 1024));
  if (read.kind !== 'text') {
    if (read.missing) return undefined;
    throw new WriteError(`${file}: ${read.reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.text);
  } catch (error) {
    throw new WriteError(`${file} is not a journal Untangle can read (${describeError(error)}); restore the project from version control and delete it`);
  }
  const journal = journalSchema.safeParse(parsed);
  if (!journal.success) throw new WriteError(`${file} is not a journal Untangle can read; restore the project from version control and delete it`);
  return journal.data;
}

/**
 * Writes `bytes` to `file` through `temporary` (same folder) renamed over it, after an fsync: a
 * reader sees the old bytes or the new ones, never a part. With `mode`, the file keeps that mode
 * (the umask would otherwise reset 755 or 640 to 644).
 */
export function writeDurably(file: string, temporary: string, bytes: Buffer, mode: number | undefined): void {
  writeTemporary(temporary, bytes, mode);
  fs.renameSync(temporary, file);
}

/** Removes a leftover temporary file, if it can: the failure being handled is the one to report. */
export function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Its folder is gone or not a folder: there is nothing to remove.
  }
}

/** The first half of {@link writeDurably}: the bytes on disk under the temporary name. */
export function writeTemporary(temporary: string, bytes: Buffer, mode: number | undefined): void {
  const fd = fs.openSync(temporary, 'w', mode ?? 0o666);
  try {
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function journalTemporary(root: string): string {
  return path.join(root, UNTANGLE_FOLDER, '.untangle-journal.tmp');
}

function removeIfEmpty(folder: string): void {
  try {
    fs.rmdirSync(folder);
  } catch {
    // Not empty (the user's files, or the baseline) or already gone: it stays, or is gone.
  }
}
