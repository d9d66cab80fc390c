/** What the refactoring commands do with the server's answer: apply the edit (VS Code previews it first), or say why not. */
import * as vscode from 'vscode';
import type { RefactoringAnswer } from '../client';

export async function applyRefactoringAnswer(answer: RefactoringAnswer | undefined): Promise<void> {
  if (!answer) {
    void vscode.window.showWarningMessage('Untangle: the language server is not running.');
    return;
  }
  if (!answer.edit) {
    void vscode.window.showWarningMessage(`Untangle: ${answer.title}: ${answer.refused ?? 'refused'}`);
    return;
  }
  await vscode.workspace.applyEdit(answer.edit, { isRefactoring: true });
}
