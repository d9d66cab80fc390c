/**
 * What `check` and `fix` share: turning the paths given on the command line into analysed
 * WorkspaceIndexes, one per project, with the nearest pyproject.toml (or --config) and the flags applied.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { describeSettingsProblem, type SettingsLayer, type SettingsProblem } from '../core/config/resolveSettings';
import type { PythonParser } from '../core/parse/pythonParser';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import { loadWorkspace } from '../analysis/loadWorkspace';
import { discoverPythonFiles } from '../fs/fileDiscovery';
import { AnalysisCache } from '../analysis/cache/analysisCache';
import { projectCache, sharedCache } from '../analysis/cache/cacheLocation';
import { readProjectSettings } from '../fs/projectSettings';
import { DISK_FILES, seenFiles } from '../fs/projectFiles';
import { UsageError, type ThresholdOptions } from './options';
import { givenPath, groupByProject } from './projectRoots';
import { isWithin } from '../fs/pathScope';
import { forgetParsedFacts } from '../analysis/cache/lazyFacts';
import { collectGarbage } from './collectGarbage';

/** Settings that cannot be used; the CLI stops (exit 2) rather than guess, unlike the editor. */
export class ConfigError extends Error {}

export interface ProjectOptions {
  readonly config?: string;
  readonly layers?: readonly SettingsLayer[];
  /** Globs added to the configured `exclude`. */
  readonly exclude?: readonly string[];
  /** A loaded parser, for callers that re-analyse edited files; without one, workers parse. */
  readonly parser?: PythonParser;
  /** Keep analyses between runs: in `dir`, or in each project's `.untangle/cache/`. */
  readonly cache?: { readonly dir?: string };
  /**
   * Told each file and folder the analysis reads, lists or looks for (a pyproject.toml above, a
   * file the project rules read): what a run record's replay checks is unchanged (runRecord.ts).
   */
  readonly seen?: (file: string) => void;
  /** Told a problem worth a line but not a failure (an unusable cache); standard error by default. */
  readonly warn?: (message: string) => void;
}

/**
 * Analyses the folders and files `given` names, those of one project (the same pyproject.toml,
 * hence the same settings) together in one index, so copies between them are found and a path
 * inside another is analysed once. A file under two projects' paths belongs to its nearest project.
 */
export async function loadProjects(given: readonly string[], cwd: string, options: ProjectOptions): Promise<WorkspaceIndex[]> {
  if (options.config && !statOrUndefined(path.resolve(cwd, options.config))) throw new UsageError(`--config: ${options.config}: no such file`);
  const paths = given.map((name) => {
    const found = givenPath(cwd, name);
    if (!found) throw new UsageError(`${name}: no such file or folder`);
    return found;
  });
  const seen = options.seen;
  const indexes: WorkspaceIndex[] = [];
  for (const { configPath, targets, root } of groupByProject(paths, options.config && path.resolve(cwd, options.config), seen)) {
    seen?.(configPath ?? path.join(root, PYPROJECT_FILE));
    const resolved = await readProjectSettings(root, options.layers ?? [], configPath);
    if (resolved.problems.length > 0) {
      throw new ConfigError(resolved.problems.map((problem) => describeProblemAt(problem, configPath, cwd)).join('\n'));
    }
    const settings = options.exclude ? { ...resolved.settings, exclude: [...resolved.settings.exclude, ...options.exclude] } : resolved.settings;
    const index = new WorkspaceIndex(root, options.parser, settings, seen && seenFiles(DISK_FILES, seen));
    const cache = options.cache && (await AnalysisCache.open(options.cache.dir ? sharedCache(path.resolve(cwd, options.cache.dir), root) : projectCache(root), root, options.warn ?? warnOnStderr));
    await loadWorkspace(index, { within: targets, cache, seen });
    // The project rules run now (unless restored) and read the facts no more; the cache writes them packed (collectGarbage.ts).
    for (const module of index.project.snapshot()?.modules ?? []) forgetParsedFacts(module.facts);
    collectGarbage();
    // Entries of files this run did not look at (outside the paths given) stay while the files do.
    await cache?.save(index, (file) => index.get(file) !== undefined || index.hasFacts(file) || (!targets.some((target) => isWithin(target, file)) && fs.existsSync(file)));
    indexes.push(index);
  }
  keepInNearestProject(indexes);
  return indexes;
}

/**
 * Every Python file of the project, not only of the paths given: a change must keep working the
 * code that imports what it moves, wherever in the project that code is.
 */
export async function projectPythonFiles(index: WorkspaceIndex): Promise<readonly string[]> {
  const discovered = await discoverPythonFiles(index.root, index.settings);
  return [...discovered.files, ...discovered.migrations];
}

/** A file found by two projects (one's path holds the other's) stays only in the deeper one, its nearest. */
function keepInNearestProject(indexes: readonly WorkspaceIndex[]): void {
  const owner = new Map<string, WorkspaceIndex>();
  for (const index of indexes) {
    for (const file of index.paths()) {
      const other = owner.get(file);
      if (!other || index.root.length > other.root.length) owner.set(file, index);
    }
  }
  for (const index of indexes) {
    for (const file of index.paths()) if (owner.get(file) !== index) index.remove(file);
  }
}

function describeProblemAt(problem: SettingsProblem, configPath: string | undefined, cwd: string): string {
  const where = problem.range && configPath ? `${path.relative(cwd, configPath)}:${problem.range.start.line + 1}: ` : '';
  return `${where}${describeSettingsProblem(problem)}`;
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** A cache problem is worth a line, not a failure: the run goes on without it. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`untangle: ${message}\n`);
}

/** The flags that override settings, as a settings layer, the globs they exclude, and the cache. */
export function flagSettings(options: ThresholdOptions): Pick<ProjectOptions, 'layers' | 'exclude' | 'cache'> {
  const values: Record<string, Record<string, unknown>> = {};
  if (options.maxCodeLines !== undefined) values.longFile = { maxCodeLines: options.maxCodeLines };
  if (options.minTokens !== undefined) values.duplicateBlock = { minTokens: options.minTokens };
  if (options.minLines !== undefined) values.duplicateBlock = { ...values.duplicateBlock, minLines: options.minLines };
  return { layers: [{ source: 'command-line flags', values }], exclude: options.exclude, cache: options.cache === false ? undefined : { dir: options.cacheDir } };
}
