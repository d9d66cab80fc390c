/**
 * What tells that a file is unchanged without reading it, as git's index does: its size, inode,
 * mtime and ctime. The ctime cannot be set by a program, so a tool that writes a file and puts its
 * mtime back (tar, `rsync -t`, `touch -d`) still changes the stamp. A stamp is only trusted once
 * the file was last changed well before the stamp was taken ("racy", in git's word): a file
 * written again within the same tick of the file system's clock keeps its mtime and ctime.
 */
import * as fs from 'fs';

/**
 * How long before a stamp is taken the file must have last changed for the stamp to be kept: past
 * the coarsest timestamps (2 s on FAT) and a modest clock skew between a network file server and this machine.
 */
export const RACY_MS = 2000;

export interface FileStamp {
  /** Size, inode, mtime and ctime (ms). */
  readonly key: readonly [number, number, number, number];
  /** Whether the file last changed more than RACY_MS before the stamp was taken, so that any later change stamps it otherwise. */
  readonly settled: boolean;
}

/** The stamp of a regular file now (taken before its bytes are read), undefined when it is not one or cannot be stat'ed. */
export function fileStamp(file: string, now = Date.now()): FileStamp | undefined {
  const stamp = pathStamp(file, now);
  return stamp?.kind === 'file' ? stamp : undefined;
}

/** A regular file or a folder with its stamp, or nothing at the path. */
export type PathStamp = (FileStamp & { readonly kind: 'file' | 'folder' }) | { readonly kind: 'absent' };

/**
 * What is at a path now: a regular file or a folder with its stamp (a folder's mtime and ctime
 * change when an entry is added, removed or renamed in it), or nothing. Undefined for anything
 * else (a FIFO, a device) or a path that cannot be stat'ed.
 */
export function pathStamp(file: string, now = Date.now()): PathStamp | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? { kind: 'absent' } : undefined;
  }
  if (!stat) return { kind: 'absent' };
  if (!stat.isFile() && !stat.isDirectory()) return undefined;
  return {
    kind: stat.isFile() ? 'file' : 'folder',
    key: [stat.size, stat.ino, stat.mtimeMs, stat.ctimeMs],
    settled: Math.max(stat.mtimeMs, stat.ctimeMs) < now - RACY_MS,
  };
}

export function sameStamp(a: FileStamp['key'], b: FileStamp['key']): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
