/**
 * The diagnostics one index (a workspace folder, or the files outside every folder) shows in the
 * editor: which URIs show some, so that a file whose findings went, or that left the index, is
 * cleared, and a file that never had any is not sent an empty list.
 */
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver';
import { PYPROJECT_FILE } from '../core/config/pyprojectSettings';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { findingToDiagnostic } from './diagnostics';

export class PublishedDiagnostics {
  /** What each URI that shows diagnostics currently shows. */
  private readonly shown = new Map<string, Diagnostic[]>();

  constructor(private readonly send: (uri: string, diagnostics: Diagnostic[]) => void) {}

  has(uri: string): boolean {
    return this.shown.has(uri);
  }

  /** Every URI that shows diagnostics, with them. */
  entries(): [string, Diagnostic[]][] {
    return [...this.shown];
  }

  /** Publishes the files whose findings changed, and clears files the index no longer holds. */
  publishIndex(index: WorkspaceIndex): void {
    for (const file of index.takeChangedPaths()) {
      const uri = URI.file(file).toString();
      const diagnostics = index.findingsFor(file).map(findingToDiagnostic);
      if (diagnostics.length > 0 || this.shown.has(uri)) this.publish(uri, diagnostics);
    }
    for (const uri of this.shown.keys()) {
      const file = URI.parse(uri).fsPath;
      // A migration is no analysed file, but the project rules report on it.
      if (!index.has(file) && !index.hasFacts(file) && path.basename(file) !== PYPROJECT_FILE) this.publish(uri, []);
    }
  }

  publish(uri: string, diagnostics: Diagnostic[]): void {
    this.send(uri, diagnostics);
    if (diagnostics.length > 0) this.shown.set(uri, diagnostics);
    else this.shown.delete(uri);
  }

  /** Clears every URI (the folder was removed). */
  clear(): void {
    for (const uri of this.shown.keys()) this.send(uri, []);
    this.shown.clear();
  }
}
