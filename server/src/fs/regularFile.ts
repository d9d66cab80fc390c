/**
 * The one way Untangle reads a file from disk: only a regular file, only up to a size cap. A FIFO
 * or a link to `/dev/zero` named `x.py` (or `pyproject.toml`, `.gitignore`) would otherwise block
 * a read forever or fill memory: the file is opened without blocking (O_NONBLOCK, so opening a
 * FIFO returns at once), and what was opened is checked with fstat before a byte is read.
 */
import * as fs from 'fs';

export type BytesRead =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  /** `missing` when there is no such file (ENOENT, ENOTDIR), which callers often take as "none". */
  | { readonly kind: 'skipped'; readonly reason: string; readonly missing?: boolean };

/** O_NONBLOCK does not exist on Windows, where opening a named pipe does not wait for a writer. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Reads `file` if it is a regular file of at most `maxBytes`; otherwise says why not. */
export function readRegularFileSync(file: string, maxBytes: number): BytesRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return unopened(error);
  }
  try {
    const refused = refusal(fs.fstatSync(fd), maxBytes);
    if (refused) return refused;
    // Only a regular file gets here, so reading to its end ends.
    return capped(fs.readFileSync(fd), maxBytes);
  } catch (error) {
    return skipped(`unreadable: ${describeError(error)}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same as {@link readRegularFileSync}, without blocking the event loop; `limit` names the cap in the reason. */
export async function readRegularFile(file: string, maxBytes: number, limit = DEFAULT_LIMIT): Promise<BytesRead> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (error) {
    return unopened(error);
  }
  try {
    const refused = refusal(await handle.stat(), maxBytes, limit);
    if (refused) return refused;
    return capped(await handle.readFile(), maxBytes, limit);
  } catch (error) {
    return skipped(`unreadable: ${describeError(error)}`);
  } finally {
    await handle.close();
  }
}

/** Settings files (pyproject.toml, .gitignore) are small; past this they are not settings. */
export const MAX_SETTINGS_FILE_BYTES = 4 * 1024 * 1024;

/** A read as UTF-8 text (a pyproject.toml, a .gitignore, a journal), or why it was not read. */
export function asText(read: BytesRead): { kind: 'text'; text: string } | Exclude<BytesRead, { kind: 'bytes' }> {
  return read.kind === 'bytes' ? { kind: 'text', text: read.bytes.toString('utf8') } : read;
}

/** Why an opened file is not read: not a regular file, or over the cap. */
function refusal(stat: fs.Stats, maxBytes: number, limit = DEFAULT_LIMIT): BytesRead | undefined {
  if (!stat.isFile()) return skipped(`not a regular file (${kindOf(stat)})`);
  if (stat.size > maxBytes) return skipped(overLimit(stat.size, maxBytes, limit));
  return undefined;
}

/** The bytes read, unless the file grew past the cap since fstat. */
function capped(bytes: Buffer, maxBytes: number, limit = DEFAULT_LIMIT): BytesRead {
  return bytes.length > maxBytes ? skipped(overLimit(bytes.length, maxBytes, limit)) : { kind: 'bytes', bytes };
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

/** What caps most reads: a Python file's size limit. */
const DEFAULT_LIMIT = 'setting maxFileSizeKb';

export function overLimit(size: number, maxBytes: number, limit = DEFAULT_LIMIT): string {
  return `${formatSize(size)} is over the ${formatSize(maxBytes)} limit (${limit})`;
}

function unopened(error: unknown): BytesRead {
  const reason = `unreadable: ${describeError(error)}`;
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'skipped', reason, missing: true } : skipped(reason);
}

function skipped(reason: string): BytesRead {
  return { kind: 'skipped', reason };
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return code ? `${code} (${message.replace(/^\w+: /, '')})` : message;
}
