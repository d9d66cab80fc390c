/** What every desktop suite starts from: our extension active and the example shop's app folder. */
import { strict as assert } from 'node:assert';
import * as path from 'path';
import * as vscode from 'vscode';

/** Activates untangle.untangle and returns the open copy's `shop/` app folder. */
export async function openShop(): Promise<string> {
  const extension = vscode.extensions.getExtension('untangle.untangle');
  assert.ok(extension, 'the extension untangle.untangle is not loaded');
  await extension.activate();
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return path.join(folder.uri.fsPath, 'shop');
}
