/** What the language server's session (workspaceSession.ts) needs from the client connection and the editor. */
import type { Diagnostic } from 'vscode-languageserver';
import type { StatusNotification } from '../protocol';

export interface ProgressReporter {
  report(percentage: number, message: string): void;
  done(): void;
  /** The user cancelled the progress notification. */
  isCancelled(): boolean;
}

/** What the session needs from the client connection. */
export interface SessionHost {
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
  showWarning(message: string): void;
  sendStatus(status: StatusNotification.Params): void;
  beginProgress(title: string): Promise<ProgressReporter>;
  /** The `untangle` section of the editor settings for a folder, as the user set them. */
  fetchEditorSettings(folderUri: string | undefined): Promise<unknown>;
}

/** The open documents, as the session reads them. */
export interface OpenDocuments {
  get(uri: string): { getText(): string } | undefined;
  /** The URIs of every open document. */
  keys(): string[];
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';
