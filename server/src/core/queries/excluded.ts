/** The files a query rule leaves out: its `exclude` globs (tests, by default) and migrations, whose queries run once. */
import * as nodePath from 'path';
import picomatch from 'picomatch';

/** Whether an absolute path is left out, its globs matched relative to the workspace folder `root`. */
export function excludedPaths(root: string, globs: readonly string[]): (path: string) => boolean {
  const matches = picomatch([...globs, '**/migrations/**'], { dot: true });
  return (path) => matches(nodePath.relative(root, path).split(nodePath.sep).join('/'));
}
