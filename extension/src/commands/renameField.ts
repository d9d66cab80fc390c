/**
 * "Untangle: Rename Field…": asks the new name of a model field, gets the edit from the server
 * (the field renamed with its old name kept as a property, serializer keys kept, lookups
 * rewritten, the safe migrations) and applies it through VS Code, which shows the preview first.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { applyRefactoringAnswer } from './applyRefactoring';

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/;

/** From the code action the server offers on a field declaration (uri, class, field). */
export async function renameField(client: UntangleClient, uri?: string, className?: string, field?: string): Promise<void> {
  if (!uri || !className || !field) {
    void vscode.window.showWarningMessage('Untangle: use the "Rename field" code action on a model field declaration.');
    return;
  }
  const newName = await vscode.window.showInputBox({
    title: `Rename \`${className}.${field}\` to…`,
    prompt: 'The new field name: the old one stays a property until the contract migration',
    validateInput: (value) => (FIELD_NAME.test(value.trim()) && value.trim() !== field ? undefined : 'A new field name, e.g. cadence'),
  });
  if (!newName) return;
  await applyRefactoringAnswer(await client.renameField({ uri, className, field, newName: newName.trim() }));
}
