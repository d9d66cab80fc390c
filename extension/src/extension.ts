/**
 * The extension's entry point: creates the output channel, the status bar and the language
 * client, registers the commands, and nothing else. All analysis runs in the server.
 */
import * as vscode from 'vscode';
import { UntangleClient } from './client';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';

let client: UntangleClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Untangle', { log: true });
  const statusBar = new StatusBar();
  context.subscriptions.push(output, statusBar);
  client = new UntangleClient(context, output, statusBar);
  context.subscriptions.push(client);
  registerCommands(context, client, output);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
