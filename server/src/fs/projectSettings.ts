/**
 * Resolves the settings of a folder from its pyproject.toml (if any) and the layers the caller
 * adds on top (editor settings, CLI flags).
 */
import * as path from 'path';
import { readPyprojectSettings, PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import { resolveSettings, type ResolvedSettings, type SettingsLayer, type SettingsProblem } from '../core/config/resolveSettings';
import { asText, MAX_SETTINGS_FILE_BYTES, readRegularFile } from './regularFile';

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
  // A FIFO or a device named pyproject.toml is refused, not waited on.
  const read = asText(await readRegularFile(pyprojectPath, MAX_SETTINGS_FILE_BYTES));
  if (read.kind === 'text') text = read.text;
  else if (!read.missing) problems.push({ source: PYPROJECT_FILE, key: '', message: `could not be read: ${read.reason}; using defaults` });
  const pyproject = text === undefined ? {} : readPyprojectSettings(text);
  if (pyproject.syntaxProblem) problems.push(pyproject.syntaxProblem);
  const resolved = resolveSettings(pyproject.layer ? [pyproject.layer, ...overrides] : overrides);
  return {
    settings: resolved.settings,
    problems: [...problems, ...resolved.problems],
    pyprojectPath: text === undefined ? undefined : pyprojectPath,
  };
}
