/**
 * "Untangle: Move Field…": from the code action the server offers on a model field, per
 * one-to-one of its class; gets the edit (the field declared on the related model, a property
 * under the old name, serializer keys kept, lookups rewritten, the safe migrations) and applies it
 * through VS Code, which shows the refactor preview first.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { applyRefactoringAnswer } from './applyRefactoring';

export async function moveField(client: UntangleClient, uri?: string, className?: string, field?: string, through?: string): Promise<void> {
  if (!uri || !className || !field || !through) {
    void vscode.window.showWarningMessage('Untangle: use the "Move field" code action on a model field declaration.');
    return;
  }
  await applyRefactoringAnswer(await client.moveField({ uri, className, field, through }));
}
