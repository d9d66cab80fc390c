/**
 * Which project each path given to the CLI belongs to, and where that project's root is: the
 * grouping loadProjects analyses by, and the one the warm path (replay.ts) finds a run record by.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { isWithin } from '../fs/pathScope';

/** A path given on the command line, absolute, with its folder (itself, or a file's parent). */
export interface GivenPath {
  readonly target: string;
  readonly folder: string;
}

/** A path named on the command line, resolved against `cwd`; undefined when nothing is there (or it cannot be stat'ed). */
export function givenPath(cwd: string, name: string): GivenPath | undefined {
  const target = path.resolve(cwd, name);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    return undefined;
  }
  return { target, folder: stat.isDirectory() ? target : path.dirname(target) };
}

/** The paths of one project (one pyproject.toml, or none), and the folder its settings apply from. */
export interface ProjectPaths {
  readonly configPath?: string;
  readonly targets: readonly string[];
  readonly folders: readonly string[];
  readonly root: string;
}

/**
 * Groups `given` by their pyproject.toml: `configPath` (--config) for all, else each one's
 * nearest. `lookedFor` is told each pyproject.toml looked for, found or not.
 */
export function groupByProject(given: readonly GivenPath[], configPath: string | undefined, lookedFor?: (file: string) => void): ProjectPaths[] {
  const projects = new Map<string, { configPath?: string; targets: string[]; folders: string[] }>();
  for (const { target, folder } of given) {
    const config = configPath ?? nearestPyproject(folder, lookedFor);
    const key = config ?? '';
    const project = projects.get(key) ?? { configPath: config, targets: [], folders: [] };
    project.targets.push(target);
    project.folders.push(folder);
    projects.set(key, project);
  }
  return [...projects.values()].map((project) => ({ ...project, root: projectRoot(project.configPath, project.folders) }));
}

/**
 * Where a project's globs and .gitignore files apply from: the folder of its pyproject.toml when
 * that holds every path's folder, else the deepest folder that does.
 */
function projectRoot(configPath: string | undefined, folders: readonly string[]): string {
  if (configPath && folders.every((folder) => isWithin(path.dirname(configPath), folder))) return path.dirname(configPath);
  return folders.reduce((common, folder) => {
    let dir = common;
    while (!isWithin(dir, folder)) dir = path.dirname(dir);
    return dir;
  });
}

/** The pyproject.toml in `start` or the closest folder above it. */
function nearestPyproject(start: string, lookedFor?: (file: string) => void): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PYPROJECT_FILE);
    lookedFor?.(candidate);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

