/**
 * Finds the Python files of a workspace folder (and, in the same walk, the templates and static
 * files the duplicate rule reads): every `.py` file below it, less what `exclude`
 * globs, `.gitignore` files (at any depth) and virtualenvs (folders holding `pyvenv.cfg`) rule
 * out. Symbolic links are followed once and only inside the folder: a link back into a folder
 * already walked, or out of the folder, is skipped with the reason.
 * The same rules say whether a single file (an open document) belongs to the folder's analysis.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { asText, describeError, MAX_SETTINGS_FILE_BYTES, readRegularFile } from './regularFile';

/**
 * Folders are listed blocking (a listing takes microseconds; awaiting one, a round trip through
 * the thread pool that made the walk three times slower), with a pause for the event loop after
 * this many, so a language server walking a large tree still answers.
 */
const YIELD_EVERY = 128;

export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveredFiles {
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  /**
   * Django migrations that only the exclude globs about migrations leave out of the analysis
   * (absolute, sorted): generated, so not analysed, but they import fields, managers and
   * callables by their path, so refactorings must keep them working.
   */
  readonly migrations: readonly string[];
  readonly skipped: readonly SkippedPath[];
}

export interface DiscoveryOptions {
  readonly exclude: readonly string[];
  readonly useGitignore: boolean;
  /** Extensions listed besides `.py` (`.html`, `.js`…), lower case. */
  readonly alsoExtensions?: readonly string[];
  /**
   * Told each folder listed or looked into, each file taken and each .gitignore read: what a
   * caller must find unchanged to know that the walk would find the same (see cli/runRecord.ts).
   */
  readonly seen?: (file: string) => void;
}

interface GitignoreScope {
  readonly base: string;
  readonly rules: Ignore;
}

/**
 * Lists the Python files below `root` that the settings let through; with `within`, only those
 * in the given folders and files below `root` (the rules still apply from `root` down, a file
 * named there is taken whatever its extension, and one the rules leave out is reported
 * skipped). Folders are walked concurrently (the walk waits on the disk, not the CPU); only
 * folders reached through a link need a realpath call to detect loops, since a loop always goes
 * through a link.
 */
export async function discoverPythonFiles(root: string, options: DiscoveryOptions, within: readonly string[] = [root]): Promise<DiscoveredFiles> {
  const files = new Set<string>();
  const migrations = new Set<string>();
  const skipped: SkippedPath[] = [];
  const rules = rulesOf(root, options);
  const migrationRules = migrationRulesOf(root, options);
  const visited = new Set<string>();
  let listed = 0;
  const also = new Set(options.alsoExtensions);
  const take = (into: Set<string>, file: string) => {
    into.add(file);
    options.seen?.(file);
  };
  const isWanted = (name: string) => name.endsWith('.py') || (also.size > 0 && also.has(path.extname(name).toLowerCase()));

  /**
   * `prefix`: `dir` normalized, ending with a separator, and `relative`: `dir` relative to the root, `/`-separated, both
   * built as the walk goes down (path.relative per entry cost a fifth of the walk, path.join a sixth); `real` (a realpath,
   * or built from one) is normalized.
   */
  const walk = async (dir: string, prefix: string, real: string, scopes: readonly GitignoreScope[], relative: string, inMigrations = false): Promise<void> => {
    if (visited.has(real)) {
      skipped.push({ path: dir, reason: `symbolic link to ${real}, which is already analysed (link loop or alias)` });
      return;
    }
    visited.add(real);
    if (++listed % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    let entries: fs.Dirent[];
    options.seen?.(dir);
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ path: dir, reason: `unreadable folder: ${describeError(error)}` });
      return;
    }
    const entered = enterFolder(rules, dir, scopes, (name) => entries.some((e) => e.name === name && !e.isDirectory()));
    const here = entered instanceof Promise ? await entered : entered;
    if (!here) return;
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      // Most entries of a real tree are neither folders nor Python (Django's are translations).
      if (entry.isFile() && !isWanted(entry.name)) continue;
      const full = prefix + entry.name;
      const linked = entry.isSymbolicLink() ? await linkTarget(full) : undefined;
      const isDirectory = entry.isDirectory() || linked?.isDirectory === true;
      if (!isDirectory && !isWanted(entry.name)) continue;
      const entryRelative = relative ? `${relative}/${entry.name}` : entry.name;
      let migrationsBelow = inMigrations;
      if (isRuledOut(inMigrations ? migrationRules : rules, here, full, isDirectory, entryRelative)) {
        if (!(isDirectory && !linked && entry.name === 'migrations' && !isRuledOut(migrationRules, here, full, true, entryRelative))) continue;
        migrationsBelow = true;
      }
      // A link out of the workspace (to `/`, to a shared checkout) is not followed: the walk
      // would leave the project, and a fix would write outside it.
      if (linked && !isAtOrWithin(realRoot, linked.real)) {
        if (isDirectory || isWanted(entry.name)) skipped.push({ path: full, reason: `symbolic link to ${linked.real}, outside the workspace (not followed)` });
        continue;
      }
      if (isDirectory) {
        subfolders.push(walk(full, full + path.sep, linked?.real ?? (real.endsWith(path.sep) ? real : real + path.sep) + entry.name, here, entryRelative, migrationsBelow));
      } else if (inMigrations) {
        if (!linked && entry.name.endsWith('.py')) take(migrations, full);
      } else if (isWanted(entry.name)) {
        // A link to a file of the workspace would be analysed twice and reported as its own copy.
        if (linked && isWithin(realRoot, linked.real)) skipped.push({ path: full, reason: `symbolic link to ${linked.real}, which is analysed as itself` });
        else take(files, full);
      }
    }
    await Promise.all(subfolders);
  };

  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(root);
  } catch (error) {
    return { files: [], migrations: [], skipped: [{ path: root, reason: `unreadable folder: ${describeError(error)}` }] };
  }
  for (const start of outermost(within)) {
    if (start === root) {
      await walk(root, path.join(root, path.sep), realRoot, [], '');
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(start);
    } catch (error) {
      skipped.push({ path: start, reason: `unreadable: ${describeError(error)}` });
      continue;
    }
    const scopes = await scopesInside(rules, path.dirname(start));
    if (!scopes || isRuledOut(rules, scopes, start, stat.isDirectory())) {
      // Named on purpose, so say why nothing comes of it.
      skipped.push({ path: start, reason: 'left out by an exclude glob, a .gitignore or a virtualenv (pyvenv.cfg)' });
      continue;
    }
    if (stat.isDirectory()) await walk(start, path.join(start, path.sep), await fs.promises.realpath(start), scopes, toPosix(path.relative(root, start)));
    else take(files, start);
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files: [...files].sort(), migrations: [...migrations].sort(), skipped };
}

/**
 * Whether discovery would take `file` (below `root`), for a file met one at a time, such as a
 * document opened in the editor: the same exclude globs, .gitignore files and virtualenvs rule it out.
 */
export async function isDiscoverable(root: string, file: string, options: DiscoveryOptions): Promise<boolean> {
  const rules = rulesOf(root, options);
  const scopes = await scopesInside(rules, path.dirname(file));
  return scopes !== undefined && !isRuledOut(rules, scopes, file, false);
}

/** The settings' rules, compiled once for a walk or a check. */
interface Rules {
  readonly root: string;
  readonly useGitignore: boolean;
  readonly seen?: (file: string) => void;
  readonly isExcluded: (relative: string) => boolean;
}

function rulesOf(root: string, options: DiscoveryOptions): Rules {
  return { root, useGitignore: options.useGitignore, seen: options.seen, isExcluded: picomatch([...options.exclude], { dot: true }) };
}

/** The rules less the exclude globs about migrations: those that take a migration but not a model (the default one). */
function migrationRulesOf(root: string, options: DiscoveryOptions): Rules {
  const aboutMigrations = (glob: string) => {
    const matches = picomatch(glob, { dot: true });
    return matches('app/migrations/0001_initial.py') && !matches('app/models.py');
  };
  return rulesOf(root, { ...options, exclude: options.exclude.filter((glob) => !aboutMigrations(glob)) });
}

/**
 * What entering `dir` does: a virtualenv below the root (it holds `pyvenv.cfg`) is skipped whole
 * (undefined); otherwise its `.gitignore` joins the scopes in force. `holds` says whether `dir`
 * has a file of that name. Only reading a .gitignore waits: the walk enters thousands of folders
 * holding neither, and awaiting each cost a tenth of it.
 */
function enterFolder(rules: Rules, dir: string, scopes: readonly GitignoreScope[], holds: (name: string) => boolean): readonly GitignoreScope[] | undefined | Promise<readonly GitignoreScope[]> {
  if (dir !== rules.root && holds('pyvenv.cfg')) return undefined;
  return rules.useGitignore && holds('.gitignore') ? withGitignore(rules, dir, scopes) : scopes;
}

/** Whether an exclude glob or a .gitignore in force rules out `full` (a file, or a folder). */
function isRuledOut(rules: Rules, scopes: readonly GitignoreScope[], full: string, isDirectory: boolean, relative = toPosix(path.relative(rules.root, full))): boolean {
  return rules.isExcluded(isDirectory ? `${relative}/` : relative) || isIgnored(scopes, full, isDirectory);
}

/**
 * The .gitignore scopes in force inside `folder` (the root or below it), entering each folder
 * from the root down as the walk does; undefined when the folder or one above it is ruled out.
 */
async function scopesInside(rules: Rules, folder: string): Promise<readonly GitignoreScope[] | undefined> {
  const relative = path.relative(rules.root, folder);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  let dir = rules.root;
  let scopes: readonly GitignoreScope[] = [];
  for (const part of relative ? relative.split(path.sep) : []) {
    const entered = await enterFolder(rules, dir, scopes, holdsOnDisk(rules, dir));
    if (!entered) return undefined;
    dir = path.join(dir, part);
    if (isRuledOut(rules, entered, dir, true)) return undefined;
    scopes = entered;
  }
  return enterFolder(rules, dir, scopes, holdsOnDisk(rules, dir));
}

/** Whether `dir` holds a file of a name, asked of the disk (no listing of the whole folder). */
function holdsOnDisk(rules: Rules, dir: string): (name: string) => boolean {
  // A file appearing in the folder changes the folder's stamp: that is what the answers depend on.
  rules.seen?.(dir);
  return (name) => fs.statSync(path.join(dir, name), { throwIfNoEntry: false })?.isFile() === true;
}

/** The paths not inside another of them (a folder given with one of its files is walked once). */
function outermost(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((other) => isWithin(other, p)));
}

function isWithin(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function isAtOrWithin(folder: string, file: string): boolean {
  return file === folder || isWithin(folder, file);
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

async function withGitignore(rules: Rules, dir: string, scopes: readonly GitignoreScope[]): Promise<readonly GitignoreScope[]> {
  const file = path.join(dir, '.gitignore');
  rules.seen?.(file);
  // A FIFO or a device named .gitignore is refused, not waited on.
  const read = asText(await readRegularFile(file, MAX_SETTINGS_FILE_BYTES));
  return read.kind === 'text' ? [...scopes, { base: dir, rules: ignore().add(read.text) }] : scopes;
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
