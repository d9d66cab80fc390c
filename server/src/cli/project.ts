/**
 * What `check` and `fix` share: turning a path given on the command line into an analysed
 * WorkspaceIndex, with the nearest pyproject.toml (or --config) and the flags applied.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { describeSettingsProblem, type SettingsLayer, type SettingsProblem } from '../core/config/resolveSettings';
import type { PythonParser } from '../core/parse/pythonParser';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import { loadFile, loadWorkspace } from '../analysis/loadWorkspace';
import { readProjectSettings } from '../fs/projectSettings';
import { UsageError } from './options';

/** Settings that cannot be used; the CLI stops (exit 2) rather than guess, unlike the editor. */
export class ConfigError extends Error {}

export interface ProjectOptions {
  readonly config?: string;
  readonly layers?: readonly SettingsLayer[];
  /** Globs added to the configured `exclude`. */
  readonly exclude?: readonly string[];
  /** A loaded parser, for callers that re-analyse edited files; without one, workers parse. */
  readonly parser?: PythonParser;
}

/** Analyses the folder (or the one file) `given` names. */
export async function loadProject(given: string, cwd: string, options: ProjectOptions): Promise<WorkspaceIndex> {
  const target = path.resolve(cwd, given);
  const stat = statOrUndefined(target);
  if (!stat) throw new UsageError(`${given}: no such file or folder`);
  const root = stat.isDirectory() ? target : path.dirname(target);
  const configPath = options.config ? path.resolve(cwd, options.config) : nearestPyproject(root);
  if (options.config && !statOrUndefined(configPath!)) throw new UsageError(`--config: ${options.config}: no such file`);
  const resolved = await readProjectSettings(root, options.layers ?? [], configPath);
  if (resolved.problems.length > 0) {
    throw new ConfigError(resolved.problems.map((problem) => describeProblemAt(problem, configPath, cwd)).join('\n'));
  }
  const settings = options.exclude ? { ...resolved.settings, exclude: [...resolved.settings.exclude, ...options.exclude] } : resolved.settings;
  const index = new WorkspaceIndex(root, options.parser, settings);
  if (stat.isDirectory()) await loadWorkspace(index);
  else await loadFile(index, target);
  return index;
}

function describeProblemAt(problem: SettingsProblem, configPath: string | undefined, cwd: string): string {
  const where = problem.range && configPath ? `${path.relative(cwd, configPath)}:${problem.range.start.line + 1}: ` : '';
  return `${where}${describeSettingsProblem(problem)}`;
}

/** The pyproject.toml in `start` or the closest folder above it. */
function nearestPyproject(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PYPROJECT_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
