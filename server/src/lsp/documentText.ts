/**
 * What refactorings and the panel read of a file: the editor's text when it is open (unsaved
 * edits included), else the file as Python reads it, if it is a regular file within the
 * folder's size limit (a FIFO named like a module must not freeze the server).
 */
import { URI } from 'vscode-uri';
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
