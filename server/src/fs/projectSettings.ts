/**
 * Resolves the settings of a folder from its pyproject.toml (if any) and the layers the caller
 * adds on top (editor settings, CLI flags).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readPyprojectSettings, PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { resolveSettings, type ResolvedSettings, type SettingsLayer, type SettingsProblem } from '../core/config/resolveSettings';
import { describeError } from './sourceReader';

export interface ProjectSettings extends ResolvedSettings {
  /** The pyproject.toml that was read, if one exists. */
  readonly pyprojectPath?: string;
}

/** Reads `pyprojectPath` (default: `<root>/pyproject.toml`) and merges `overrides` over it. */
export async function readProjectSettings(
  root: string,
  overrides: readonly SettingsLayer[],
  pyprojectPath = path.join(root, PYPROJECT_FILE),
): Promise<ProjectSettings> {
  let text: string | undefined;
  const problems: SettingsProblem[] = [];
  try {
    text = await fs.promises.readFile(pyprojectPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ source: PYPROJECT_FILE, key: '', message: `could not be read: ${describeError(error)}; using defaults` });
    }
  }
  const pyproject = text === undefined ? {} : readPyprojectSettings(text);
  if (pyproject.syntaxProblem) problems.push(pyproject.syntaxProblem);
  const resolved = resolveSettings(pyproject.layer ? [pyproject.layer, ...overrides] : overrides);
  return {
    settings: resolved.settings,
    problems: [...problems, ...resolved.problems],
    pyprojectPath: text === undefined ? undefined : pyprojectPath,
  };
}
