/**
 * Where a folder's analysis cache lives. The CLI keeps it in the project, in
 * `.untangle/cache/`, which holds a `.gitignore` of its own (`*`, as `.ruff_cache/` and
 * `.pytest_cache/` do), so it is never committed while `.untangle/baseline.json` still can be.
 * The language server keeps it in the editor's storage for the workspace, with `--cache-dir`
 * the CLI too: one file per folder there, named by the folder's path.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { UNTANGLE_FOLDER } from '../../fs/untangleFolder';
import { isWithin, realLocation } from '../../fs/pathScope';

export interface CacheLocation {
  readonly file: string;
  /** The file's folder, where the CLI's run records go too (cli/runRecord.ts). */
  readonly folder: string;
  /** Makes the file's folder ready to write in; throws when it cannot, or must not, be written. */
  prepare(): void;
}

const CACHE_FOLDER = 'cache';
const GITIGNORE = '# Made by Untangle: its analysis cache is not for version control.\n*\n';

/** `<root>/.untangle/cache/analysis.bin`. */
export function projectCache(root: string): CacheLocation {
  const folder = path.join(root, UNTANGLE_FOLDER, CACHE_FOLDER);
  return {
    file: path.join(folder, 'analysis.bin'),
    folder,
    prepare: () => {
      // A `.untangle` linked elsewhere must not make the CLI write outside the project, not even a folder.
      if (!isWithin(realLocation(root), realLocation(folder))) throw new Error(`${folder} leads outside the project (symbolic link)`);
      fs.mkdirSync(folder, { recursive: true });
      try {
        fs.writeFileSync(path.join(folder, '.gitignore'), GITIGNORE, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    },
  };
}

/** `<folder>/analysis-<hash of root>.bin`, in a folder that holds the caches of several roots. */
export function sharedCache(folder: string, root: string): CacheLocation {
  const name = rootKey(root);
  return {
    file: path.join(folder, `analysis-${name}.bin`),
    folder,
    prepare: () => void fs.mkdirSync(folder, { recursive: true }),
  };
}

/** What names a root's files in a folder shared by several roots. */
export function rootKey(root: string): string {
  return crypto.hash('sha1', root).slice(0, 16);
}
