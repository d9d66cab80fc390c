/** "Untangle: Analyze Workspace": re-reads settings and files and re-analyses everything. */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';

export async function analyzeWorkspace(client: UntangleClient): Promise<void> {
  const totals = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Untangle: analysing' },
    () => client.reanalyze(),
  );
  if (!totals) {
    void vscode.window.showWarningMessage('Untangle: the language server is not running.');
    return;
  }
  void vscode.window.showInformationMessage(`Untangle: ${totals.findings} findings in ${totals.files} Python files.`);
}
