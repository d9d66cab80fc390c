/** "Untangle: Save Baseline": writes each folder's current findings to `.untangle/baseline.json`. */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { BASELINE_FILE } from '../../../server/src/core/baseline/baseline';

export async function saveBaseline(client: UntangleClient): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  let saved = 0;
  for (const folder of folders) {
    const baseline = await client.baseline({ folderUri: folder.uri.toString() });
    if (!baseline) {
      void vscode.window.showWarningMessage('Untangle: the language server is not running.');
      return;
    }
    const file = vscode.Uri.joinPath(folder.uri, BASELINE_FILE);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${JSON.stringify(baseline, null, 2)}\n`));
    saved += baseline.findings.length;
  }
  void vscode.window.showInformationMessage(
    `Untangle: baseline saved (${saved} finding${saved === 1 ? '' : 's'} accepted). Commit ${BASELINE_FILE}; \`untangle check --baseline ${BASELINE_FILE}\` then reports only new findings.`,
  );
}
