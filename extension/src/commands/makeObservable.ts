/**
 * "Untangle: Make the Project Observable…": on the settings module (from the code action on its
 * `observability` finding, or the active editor), asks the server what each part still has to
 * write, lets the user pick the parts in a multi-select quick pick, then asks for the edit of
 * exactly those and applies it through VS Code's refactor preview.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { observabilityPick, type PartItem } from '../observabilityPick';
import { applyRefactoringAnswer } from './applyRefactoring';

export async function makeObservable(client: UntangleClient, uri?: string): Promise<void> {
  const settingsUri = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!settingsUri) {
    void vscode.window.showWarningMessage('Untangle: open the Django settings module to make the project observable.');
    return;
  }
  const answer = await client.observabilityParts({ uri: settingsUri });
  if (!answer) {
    void vscode.window.showWarningMessage('Untangle: the language server is not running.');
    return;
  }
  const pick = observabilityPick(answer);
  if ('message' in pick) {
    void vscode.window.showInformationMessage(`Untangle: ${pick.message}`);
    return;
  }
  const picked = await vscode.window.showQuickPick<PartItem>(pick.items, { title: pick.title, placeHolder: pick.placeHolder, canPickMany: true, ignoreFocusOut: true });
  if (!picked || picked.length === 0) return;
  await applyRefactoringAnswer(await client.makeObservable({ uri: settingsUri, parts: picked.map((item) => item.part) }));
}
