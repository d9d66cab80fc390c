/**
 * What refactorings and the panel read of a file: the editor's text when it is open (unsaved
 * edits included), else the file as Python reads it, if it is a regular file within the
 * folder's size limit (a FIFO named like a module must not freeze the server).
 */
import * as fs from 'fs';
import { URI } from 'vscode-uri';
import type { Settings } from '../core/config/settings';
import type { WorkspaceSnapshot } from '../refactor/domainEdit';
import { readPythonTextSync } from '../fs/sourceReader';
import { normalizeLineEnds } from '../core/parse/lineEnds';

/** What is read of an open document. */
export interface OpenText {
  getText(): string;
}

export function editorOrDiskText(documentFor: (uri: string) => OpenText | undefined, file: string, maxBytes: number): string | undefined {
  const open = documentFor(URI.file(file).toString())?.getText();
  return open === undefined ? readPythonTextSync(file, maxBytes)?.text : normalizeLineEnds(open);
}

/** What a snapshot of the workspace needs of the server: its open documents, settings and Python files. */
export interface SnapshotHost {
  document(uri: string): OpenText | undefined;
  settingsFor(file: string): Settings;
  pythonFiles(): readonly string[];
}

/** The workspace as refactorings read it: open documents as the editor has them, everything else from disk. */
export function snapshotFor(host: SnapshotHost): WorkspaceSnapshot {
  return {
    read: (file) => editorOrDiskText((uri) => host.document(uri), file, host.settingsFor(file).maxFileSizeKb * 1024),
    exists: (file) => host.document(URI.file(file).toString()) !== undefined || fs.existsSync(file),
    pythonFiles: () => host.pythonFiles(),
  };
}
