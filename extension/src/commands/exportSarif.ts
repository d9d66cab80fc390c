/** "Untangle: Export SARIF Report": the first folder's findings as SARIF 2.1.0, saved where the user says. */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';

export async function exportSarif(client: UntangleClient): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
  if (!folder) return;
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, 'untangle.sarif'), filters: { SARIF: ['sarif', 'json'] } });
  if (!target) return;
  const report = await client.sarifReport({ folderUri: folder.uri.toString() });
  if (!report) {
    void vscode.window.showWarningMessage('Untangle: the language server is not running.');
    return;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(report.sarif));
  void vscode.window.showInformationMessage(`Untangle: SARIF report written to ${vscode.workspace.asRelativePath(target)}.`);
}
