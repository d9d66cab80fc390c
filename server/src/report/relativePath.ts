/** Report paths: relative to the working folder, with forward slashes on every platform. */
import * as path from 'path';

export function relativePosixPath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}
