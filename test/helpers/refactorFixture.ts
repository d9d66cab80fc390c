/** In-memory workspaces for refactoring tests: a snapshot to refactor and the files after the edit. */
import { parseFixture } from './workspaceFixture';
import { applyTextEdits, type DomainEdit, type WorkspaceSnapshot } from '../../server/src/refactor/domainEdit';

export const ROOT = '/ws';

export function memoryWorkspace(fixture: string): Map<string, string> {
  return new Map([...parseFixture(fixture)].map(([file, text]) => [`${ROOT}/${file}`, text]));
}

export function snapshotOf(files: ReadonlyMap<string, string>): WorkspaceSnapshot {
  return { read: (file) => files.get(file), exists: (file) => files.has(file) };
}

/** The workspace after the edit, as a new map. */
export function applyEdit(files: ReadonlyMap<string, string>, edit: DomainEdit): Map<string, string> {
  const next = new Map(files);
  for (const file of edit.createFiles) {
    if (next.has(file)) throw new Error(`${file} already exists`);
    next.set(file, '');
  }
  for (const [file, edits] of edit.edits) next.set(file, applyTextEdits(next.get(file) ?? '', edits));
  return next;
}
