/**
 * Checks every path of a batch of writes before the first byte is written, so a bad path ends
 * in a clear error with the project untouched: a target that is a folder, a file where a folder
 * is needed, a name too long, a folder that is not writable, a symbolic link leading out of the
 * project. It also settles where each write lands: through a symbolic link to a `.py` inside the
 * project, the link's target is written (the link stays a link), with the target's mode.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describeError } from './regularFile';
import { isWithin, realLocation } from './pathScope';

/** A batch cannot be written; nothing was. */
export class WriteError extends Error {}

/** One planned write or delete, resolved. */
export interface ResolvedWrite {
  /** The path as planned (what messages name). */
  readonly planned: string;
  /** Where the bytes go: the planned path, or the target of the link it is. */
  readonly target: string;
  /** The new text; undefined to delete. */
  readonly after: string | undefined;
  /** The file's mode before (permission bits), undefined when it does not exist yet. */
  readonly mode: number | undefined;
}

export interface Preflight {
  readonly writes: readonly ResolvedWrite[];
  /** Folders to create, parents first. */
  readonly folders: readonly string[];
}

/** Linux's NAME_MAX and PATH_MAX less the terminating NUL; also fine on macOS. */
const NAME_MAX = 255;
const PATH_MAX = 4095;

/**
 * Resolves every write of `files` (absolute paths; undefined means delete) against the project
 * roots, or throws a WriteError naming the first bad path and why.
 */
export function preflight(roots: readonly string[], files: ReadonlyMap<string, string | undefined>): Preflight {
  const realRoots = roots.map((root) => ({ root, real: realpathOrThrow(root) }));
  const writes: ResolvedWrite[] = [];
  const folders = new Set<string>();
  const targets = new Set<string>();
  for (const [file, after] of files) {
    const fail = (why: string): never => {
      throw new WriteError(`cannot write ${file}: ${why}`);
    };
    const owner = realRoots.find(({ root }) => isWithin(root, file));
    if (!owner) fail('it is outside the project');
    checkLength(file, fail);
    const existing = lstatOrUndefined(file);
    let target = file;
    let mode: number | undefined;
    if (existing) {
      if (existing.isSymbolicLink() && after === undefined) fail('it is a symbolic link, and fix does not delete links');
      const stat = existing.isSymbolicLink() ? statOrUndefined(file) : existing;
      if (!stat) fail('it is a dangling symbolic link');
      if (stat!.isDirectory()) fail('it is a folder');
      if (!stat!.isFile()) fail('it is not a regular file');
      target = realpathOrThrow(file);
      mode = stat!.mode & 0o7777;
    } else if (after === undefined) {
      continue;
    } else {
      for (const missing of missingFolders(file, fail)) folders.add(missing);
    }
    // The real place written must be inside the project: a link (to the file or a folder above it) may lead out.
    const real = existing ? target : realLocation(file);
    if (!isWithin(owner!.real, real)) fail(`a symbolic link leads it outside the project, to ${real}`);
    if (targets.has(real)) fail(`another planned file is the same file (${real})`);
    targets.add(real);
    const writableFolder = nearestExisting(path.dirname(target));
    try {
      fs.accessSync(writableFolder, fs.constants.W_OK);
      if (existing) fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      fail(`not writable: ${describeError(error)}`);
    }
    writes.push({ planned: file, target, after, mode });
  }
  return { writes, folders: [...folders].sort((a, b) => a.length - b.length) };
}

/** The folders to create above `file`, the nearest existing one being a folder (not a file). */
function missingFolders(file: string, fail: (why: string) => never): string[] {
  const missing: string[] = [];
  let dir = path.dirname(file);
  for (let stat = statOrUndefined(dir); !stat; stat = statOrUndefined(dir)) {
    if (lstatOrUndefined(dir)) fail(`${dir} is a dangling symbolic link`);
    missing.push(dir);
    dir = path.dirname(dir);
  }
  if (!statOrUndefined(dir)!.isDirectory()) fail(`${dir} is a file where a folder is needed`);
  return missing;
}

function checkLength(file: string, fail: (why: string) => never): void {
  if (Buffer.byteLength(file) > PATH_MAX) fail(`the path is longer than ${PATH_MAX} bytes`);
  const long = file.split(path.sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long) fail(`the name ${long.slice(0, 40)}… is longer than ${NAME_MAX} bytes`);
}

function nearestExisting(file: string): string {
  let dir = file;
  while (!lstatOrUndefined(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function realpathOrThrow(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch (error) {
    throw new WriteError(`cannot resolve ${file}: ${describeError(error)}`);
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
