/**
 * Finds the Python files of a workspace folder: every `.py` file below it, less what `exclude`
 * globs, `.gitignore` files (at any depth) and virtualenvs (folders holding `pyvenv.cfg`) rule
 * out. Symbolic links are followed once: a link back into a folder already walked is skipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { describeError } from './sourceReader';

export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  readonly skipped: readonly SkippedPath[];
}

export interface DiscoveryOptions {
  readonly exclude: readonly string[];
  readonly useGitignore: boolean;
}

interface GitignoreScope {
  readonly base: string;
  readonly rules: Ignore;
}

/** Lists the Python files below `root` that the settings let through. */
export async function discoverPythonFiles(root: string, options: DiscoveryOptions): Promise<DiscoveredFiles> {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const isExcluded = picomatch([...options.exclude], { dot: true });
  const visited = new Set<string>();

  const walk = async (dir: string, scopes: readonly GitignoreScope[]): Promise<void> => {
    let real: string;
    try {
      real = await fs.promises.realpath(dir);
    } catch (error) {
      skipped.push({ path: dir, reason: `unreadable folder: ${describeError(error)}` });
      return;
    }
    if (visited.has(real)) {
      if (dir !== real) skipped.push({ path: dir, reason: `symbolic link to ${real}, which is already analysed (link loop or alias)` });
      return;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: dir, reason: `unreadable folder: ${describeError(error)}` });
      return;
    }
    if (dir !== root && entries.some((e) => e.name === 'pyvenv.cfg')) return;
    const here = options.useGitignore ? await withGitignore(dir, scopes) : scopes;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectoryTarget(full)));
      const relative = toPosix(path.relative(root, full)) + (isDirectory ? '/' : '');
      if (isExcluded(relative) || isIgnored(here, full, isDirectory)) continue;
      if (isDirectory) {
        await walk(full, here);
      } else if (entry.name.endsWith('.py')) {
        files.push(full);
      }
    }
  };

  await walk(root, []);
  files.sort();
  return { files, skipped };
}

async function isDirectoryTarget(link: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(link)).isDirectory();
  } catch {
    return false;
  }
}

async function withGitignore(dir: string, scopes: readonly GitignoreScope[]): Promise<readonly GitignoreScope[]> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return scopes;
  }
  return [...scopes, { base: dir, rules: ignore().add(text) }];
}

function isIgnored(scopes: readonly GitignoreScope[], full: string, isDirectory: boolean): boolean {
  return scopes.some((scope) => {
    const relative = toPosix(path.relative(scope.base, full));
    return relative !== '' && !relative.startsWith('..') && scope.rules.ignores(isDirectory ? `${relative}/` : relative);
  });
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
