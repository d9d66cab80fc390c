/** Builds a WorkspaceIndex over inline fixture files, without touching the disk. */
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { parseFixture } from './workspaceFixture';

export const FIXTURE_ROOT = '/ws';

/** Settings with some `duplicateBlock` values replaced. */
export function withDuplicateBlock(values: Partial<Settings['duplicateBlock']>): Settings {
  return { ...DEFAULT_SETTINGS, duplicateBlock: { ...DEFAULT_SETTINGS.duplicateBlock, ...values } };
}

/** An index holding every file of `fixture` under /ws. */
export async function indexOf(fixture: string, settings: Settings = DEFAULT_SETTINGS): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(FIXTURE_ROOT, await loadPythonParser(), settings);
  for (const [file, text] of parseFixture(fixture)) index.update(`${FIXTURE_ROOT}/${file}`, text);
  return index;
}
