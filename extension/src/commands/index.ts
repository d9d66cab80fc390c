/** Registers every command contributed in package.json; one file per command. */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { analyzeWorkspace } from './analyzeWorkspace';
import { restartServer } from './restartServer';
import { moveSymbol } from './moveSymbol';
import { renameField } from './renameField';
import { moveField } from './moveField';
import { splitFile } from './splitFile';
import { makeObservable } from './makeObservable';
import { saveBaseline } from './saveBaseline';
import { exportSarif } from './exportSarif';
import { fixFinding } from './fixFinding';
import { findingOf } from '../panel/planTree';

export function registerCommands(context: vscode.ExtensionContext, client: UntangleClient, output: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('untangle.showPlan', () => vscode.commands.executeCommand('untangle.plan.focus')),
    vscode.commands.registerCommand('untangle.saveBaseline', () => saveBaseline(client)),
    vscode.commands.registerCommand('untangle.exportSarif', () => exportSarif(client)),
    vscode.commands.registerCommand('untangle.fixFinding', (node: unknown) => fixFinding(client, findingOf(node))),
    vscode.commands.registerCommand('untangle.analyzeWorkspace', () => analyzeWorkspace(client)),
    vscode.commands.registerCommand('untangle.restartServer', () => restartServer(client)),
    vscode.commands.registerCommand('untangle.showOutput', () => output.show()),
    vscode.commands.registerCommand('untangle.moveSymbol', (uri?: string, name?: string) => moveSymbol(client, uri, name)),
    vscode.commands.registerCommand('untangle.renameField', (uri?: string, className?: string, field?: string) => renameField(client, uri, className, field)),
    vscode.commands.registerCommand('untangle.moveField', (uri?: string, className?: string, field?: string, through?: string) => moveField(client, uri, className, field, through)),
    vscode.commands.registerCommand('untangle.splitFile', (uri?: string) => splitFile(client, uri)),
    vscode.commands.registerCommand('untangle.makeObservable', (uri?: string) => makeObservable(client, uri)),
  );
}
