/**
 * The code actions the server lists on one line of an open document (the field actions are
 * offered on a field's declaration), and waiting, with a deadline, for one to be offered once the
 * workspace is analysed.
 */
import type { CodeAction } from 'vscode-languageserver-protocol';
import type { TestLspClient } from './lspClient';

export function actionsOnLine(client: TestLspClient, uri: string, line: number, only: string): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 4 }, end: { line, character: 4 } },
    context: { diagnostics: [], only: [only] },
  });
}

/** The actions on the line whose title starts with `title`, polled until there are some or 15 s pass. */
export async function offeredOnLine(client: TestLspClient, uri: string, line: number, only: string, title: string): Promise<CodeAction[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const offered = (await actionsOnLine(client, uri, line, only)).filter((action) => action.title.startsWith(title));
    if (offered.length > 0 || Date.now() > deadline) return offered;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
