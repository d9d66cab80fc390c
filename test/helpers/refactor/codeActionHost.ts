/** A code action host over files the editor holds (every file open at version 1), for code action tests. */
import { URI } from 'vscode-uri';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { CodeActionHost } from '../../../server/src/lsp/codeActions';
import { ROOT } from './refactorFixture';

export async function memoryHost(files: ReadonlyMap<string, string>): Promise<CodeActionHost> {
  const parser = await loadPythonParser();
  return {
    parser,
    document: (uri) => {
      const text = files.get(URI.parse(uri).fsPath);
      return text === undefined ? undefined : { version: 1, getText: () => text };
    },
    pythonFiles: () => [...files.keys()],
    settingsFor: () => DEFAULT_SETTINGS,
    resourceOperations: ['create', 'delete'],
    workspaceFolders: [ROOT],
    // No analysis behind these files: an action acts on the places its diagnostic lists.
    findingPlaces: () => undefined,
  };
}
