/**
 * "Untangle: Move Symbol…": asks which module a top-level definition should move to, gets the
 * edit from the server and applies it through VS Code, which shows the refactor preview first.
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { applyRefactoringAnswer } from './applyRefactoring';

const PYTHON_MODULE = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

/** From the code action the server offers (uri and name), or from the word under the cursor. */
export async function moveSymbol(client: UntangleClient, uri?: string, name?: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const documentUri = uri ?? editor?.document.uri.toString();
  const symbol = name ?? (editor ? editor.document.getText(editor.document.getWordRangeAtPosition(editor.selection.active)) : undefined);
  if (!documentUri || !symbol) {
    void vscode.window.showWarningMessage('Untangle: put the cursor on the name of a top-level class, function or constant.');
    return;
  }
  const targetModule = await vscode.window.showInputBox({
    title: `Move \`${symbol}\` to…`,
    prompt: 'The dotted module to move it to (created when it does not exist)',
    placeHolder: 'shop.controllers.order_controllers',
    validateInput: (value) => (PYTHON_MODULE.test(value.trim()) ? undefined : 'A dotted Python module name, e.g. shop.utils.pricing'),
  });
  if (!targetModule) return;
  await applyRefactoringAnswer(await client.moveSymbol({ uri: documentUri, name: symbol, targetModule: targetModule.trim() }));
}
