/** Report paths: relative to the working folder, with forward slashes on every platform. */
import * as path from 'path';

export function relativePosixPath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

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
