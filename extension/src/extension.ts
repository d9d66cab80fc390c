/**
 * The extension's entry point: creates the output channel, the status bar, the language client
 * and the panel's views, registers the commands, and nothing else. All analysis runs in the server.
 */
import * as vscode from 'vscode';
import { UntangleClient } from './client';
import { StatusBar } from './statusBar';
import { registerCommands } from './commands';
import { PanelState } from './panel/panelState';
import { PlanTree } from './panel/planTree';
import { HealthView } from './panel/healthView';

let client: UntangleClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Untangle', { log: true });
  const statusBar = new StatusBar();
  context.subscriptions.push(output, statusBar);
  client = new UntangleClient(context, output, statusBar);
  context.subscriptions.push(client);
  registerCommands(context, client, output);
  const panel = new PanelState(client, output);
  const plan = new PlanTree(panel);
  const health = new HealthView(context.extensionUri, panel);
  context.subscriptions.push(
    panel,
    plan,
    health,
    vscode.window.registerTreeDataProvider('untangle.plan', plan),
    vscode.window.registerWebviewViewProvider('untangle.health', health),
  );
  // The activation cost the user pays before the server takes over (kept small: see README).
  output.info(`Untangle activated in ${Math.round(performance.now() - started)} ms; starting the language server`);
  // Not awaited: VS Code counts activate() until it settles, and the server's start (a process,
  // the grammar, the first scan) reports its own progress; start() shows its own errors.
  void client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
