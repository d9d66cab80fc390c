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

/**
 * Lists the Python files below `root` that the settings let through. Folders are walked
 * concurrently (the walk waits on the disk, not the CPU); only folders reached through a link
 * need a realpath call to detect loops, since a loop always goes through a link.
 */
export async function discoverPythonFiles(root: string, options: DiscoveryOptions): Promise<DiscoveredFiles> {
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const isExcluded = picomatch([...options.exclude], { dot: true });
  const visited = new Set<string>();

  const walk = async (dir: string, real: string, scopes: readonly GitignoreScope[]): Promise<void> => {
    if (visited.has(real)) {
      skipped.push({ path: dir, reason: `symbolic link to ${real}, which is already analysed (link loop or alias)` });
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
    const hasGitignore = options.useGitignore && entries.some((e) => e.name === '.gitignore' && !e.isDirectory());
    const here = hasGitignore ? await withGitignore(dir, scopes) : scopes;
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const linked = entry.isSymbolicLink() ? await linkTarget(full) : undefined;
      const isDirectory = entry.isDirectory() || linked?.isDirectory === true;
      const relative = toPosix(path.relative(root, full)) + (isDirectory ? '/' : '');
      if (isExcluded(relative) || isIgnored(here, full, isDirectory)) continue;
      if (isDirectory) {
        subfolders.push(walk(full, linked?.real ?? path.join(real, entry.name), here));
      } else if (entry.name.endsWith('.py')) {
        // A link to a file of the workspace would be analysed twice and reported as its own copy.
        if (linked && isWithin(realRoot, linked.real)) skipped.push({ path: full, reason: `symbolic link to ${linked.real}, which is analysed as itself` });
        else files.push(full);
      }
    }
    await Promise.all(subfolders);
  };

  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(root);
  } catch (error) {
    return { files: [], skipped: [{ path: root, reason: `unreadable folder: ${describeError(error)}` }] };
  }
  await walk(root, realRoot, []);
  files.sort();
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, skipped };
}

function isWithin(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Where a link leads, or undefined when it is dangling. */
async function linkTarget(link: string): Promise<{ real: string; isDirectory: boolean } | undefined> {
  try {
    const real = await fs.promises.realpath(link);
    return { real, isDirectory: (await fs.promises.stat(real)).isDirectory() };
  } catch {
    return undefined;
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
