/** Report paths: relative to the working folder, with forward slashes on every platform. */
import * as path from 'path';

export function relativePosixPath(cwd: string, file: string): string {
  // Most files are below `cwd` as written: path.relative resolves both, tens of milliseconds over a warm Django run.
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  const below = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
  const relative = below !== undefined && !UNRESOLVED.test(below) ? below : path.relative(cwd, file);
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/** A rest that resolving would change: empty, `.` or `..` segments, doubled, leading or trailing separators. */
const UNRESOLVED = /^$|(^|[\\/])\.{1,2}([\\/]|$)|[\\/]{2}|^[\\/]|[\\/]$/;

/**
 * relativePosixPath from one folder, remembering each file's answer: a report names the same
 * files over and over (Debian's dist-packages: 4,760 findings, 45,774 related places).
 */
export function relativePathsFrom(cwd: string): (file: string) => string {
  const known = new Map<string, string>();
  return (file) => {
    let relative = known.get(file);
    if (relative === undefined) known.set(file, (relative = relativePosixPath(cwd, file)));
    return relative;
  };
}
