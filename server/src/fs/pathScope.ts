/**
 * Whether a path is inside a folder, as the disk sees it: a symbolic link on the way (to the
 * file, or to a folder above it) may lead somewhere else than the path's text says.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Whether `file` is `folder` or below it, by the paths' text. */
export function isWithin(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Where `file` really is: the real path of its nearest existing part (links resolved) with the
 * rest of its path, for a file that does not exist yet.
 */
export function realLocation(file: string): string {
  const rest: string[] = [];
  for (let dir = file; ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync(dir), ...rest.reverse());
    } catch {
      if (path.dirname(dir) === dir) return file;
      rest.push(path.basename(dir));
    }
  }
}

/** Whether `file` is inside one of `folders`, both by its path and where links lead. */
export function isInsideFolders(folders: readonly string[], file: string): boolean {
  return folders.some((folder) => isWithin(folder, file) && isWithin(realLocation(folder), realLocation(file)));
}
