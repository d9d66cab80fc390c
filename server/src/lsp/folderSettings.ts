/** A workspace folder's settings (the editor's over its pyproject.toml's), and the problems with them, told once each. */
import { describeSettingsProblem, type SettingsLayer, type SettingsProblem } from '../core/config/resolveSettings';
import { readProjectSettings, type ProjectSettings } from '../fs/projectSettings';
import type { SessionHost } from './sessionHost';

/** The settings of the folder `root` (`uri`), the editor's `untangle.*` settings over its pyproject.toml's. */
export async function readFolderSettings(host: Pick<SessionHost, 'fetchEditorSettings'>, uri: string, root: string): Promise<ProjectSettings> {
  const editorLayer: SettingsLayer = { source: 'VS Code settings (untangle.*)', values: (await host.fetchEditorSettings(uri)) ?? {} };
  return readProjectSettings(root, [editorLayer]);
}

/** Tells the problems among `problems` that `before` did not hold: a log line each, and a warning for the first. */
export function reportNewProblems(host: Pick<SessionHost, 'log' | 'showWarning'>, root: string, before: readonly SettingsProblem[], problems: readonly SettingsProblem[]): void {
  const told = new Set(before.map(describeSettingsProblem));
  const fresh = problems.map(describeSettingsProblem).filter((text) => !told.has(text));
  for (const text of fresh) host.log(`Settings problem in ${root}: ${text}`);
  if (fresh.length > 0) host.showWarning(`Untangle: ${fresh[0]}${fresh.length > 1 ? ` (and ${fresh.length - 1} more; see the Untangle output)` : ''}`);
}
