/** The web-duplicates fixture (test/fixtures/web-duplicates) copied to a temporary folder, and its findings. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { loadWorkspace } from '../../../server/src/analysis/loadWorkspace';

export const WEB_FIXTURE = path.join(__dirname, '../../../../test/fixtures/web-duplicates');

/** A fresh copy of the fixture (the caller removes it). */
export function copyWebFixture(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-web-')));
  fs.cpSync(WEB_FIXTURE, root, { recursive: true });
  return root;
}

/** Adds the fixture's templates and static files (7 files, in shop/) to the project at `root`. */
export function copyWebFiles(root: string): void {
  for (const folder of ['templates', 'static']) fs.cpSync(path.join(WEB_FIXTURE, 'shop', folder), path.join(root, 'shop', folder), { recursive: true });
}

/** The folder loaded from disk as the CLI and the server load it. */
export async function loadWebIndex(root: string, settings: Settings = DEFAULT_SETTINGS): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, await loadPythonParser(), settings);
  await loadWorkspace(index);
  return index;
}

/** `file:line-endLine → related file:line…` for every duplicate-block finding, paths relative to `root`. */
export function webDuplicates(index: WorkspaceIndex, root: string): string[] {
  const name = (file: string) => path.relative(root, file);
  return index
    .findings()
    .filter((finding) => finding.rule === 'duplicate-block')
    .map((f) => `${name(f.path)}:${f.range.start.line + 1}-${f.range.end.line + 1} → ${f.related.map((r) => `${name(r.path)}:${r.range.start.line + 1}`).join(' ')}`);
}
