/**
 * The files `check` writes (--output, --write-baseline): checked before the analysis runs, so a
 * path that cannot be written is a clear error (exit 2) rather than a crash after minutes of work.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError } from '../fs/regularFile';

/** A file the CLI cannot read or write as asked; main.ts turns it into exit code 2. */
export class FileError extends Error {}

/**
 * Fails unless `file` can be written: it is not a folder, and its folder exists, or (with
 * `createFolders`) the nearest existing one above it is a folder.
 */
export function assertWritable(flag: string, file: string, options: { createFolders: boolean }): void {
  if (stat(file)?.isDirectory()) throw new FileError(`${flag} ${file}: is a folder, not a file`);
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const found = stat(dir);
    if (found?.isDirectory()) return;
    if (found) throw new FileError(`${flag} ${file}: ${dir} is a file, not a folder`);
    if (!options.createFolders) throw new FileError(`${flag} ${file}: the folder ${dir} does not exist`);
    if (path.dirname(dir) === dir) return;
  }
}

/** Writes `text` to `file` (creating its folders when asked), any failure a FileError naming the flag. */
export function writeOutput(flag: string, file: string, text: string, options: { createFolders: boolean }): void {
  assertWritable(flag, file, options);
  try {
    if (options.createFolders) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new FileError(`${flag} ${file}: ${describeError(error)}`);
  }
}

function stat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
