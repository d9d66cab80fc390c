/** Builds a WorkspaceIndex over inline fixture files, without touching the disk. */
import { strict as assert } from 'node:assert';
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

/** Asserts that an index updated edit after edit holds the clone index a from-scratch one holds: the same files, pairs and lists, in the same order. */
export function assertSameCloneIndex(edited: WorkspaceIndex, fresh: WorkspaceIndex, message: string): void {
  const [kept, again] = [edited.cloneSnapshot(), fresh.cloneSnapshot()];
  assert.deepEqual([kept.files.map((f) => f.path), kept.pairs, kept.lists, kept.capped], [again.files.map((f) => f.path), again.pairs, again.lists, again.capped], message);
}
