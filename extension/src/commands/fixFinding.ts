/**
 * The plan's inline button: runs the refactoring Untangle offers on a finding (the same code
 * action as the light bulb), through VS Code's refactor preview; on the observability settings
 * finding, the quick pick of "Make the project observable…".
 */
import * as vscode from 'vscode';
import type { UntangleClient } from '../client';
import { codeOf } from '../diagnosticCode';
import { DIAGNOSTIC_SOURCE, type PlanRequest } from '../../../server/src/protocol';

export async function fixFinding(client: UntangleClient, finding: PlanRequest.Finding | undefined): Promise<void> {
  if (!finding) return;
  const uri = vscode.Uri.parse(finding.uri);
  // The message tells a class repeating members (hard stage) from a block cloned on the same line.
  const diagnostic = vscode.languages
    .getDiagnostics(uri)
    .find((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === finding.rule && d.range.start.line === finding.range.start.line && d.message === finding.message);
  if (!diagnostic) {
    void vscode.window.showWarningMessage('Untangle: this finding is gone; the plan refreshes after the next analysis.');
    return;
  }
  const answer = await client.refactoringFor(uri, diagnostic);
  // No edit-carrying refactoring, but a quick fix running a command: the observability quick pick.
  const command = answer ? undefined : await client.quickFixCommandFor(uri, diagnostic);
  if (command) {
    await vscode.commands.executeCommand(command.command, ...command.arguments);
  } else if (!answer) {
    void vscode.window.showWarningMessage('Untangle: no refactoring is offered for this finding.');
  } else if (!answer.edit) {
    void vscode.window.showWarningMessage(`Untangle: ${answer.title}: ${answer.refused ?? 'refused'}`);
  } else {
    await vscode.workspace.applyEdit(answer.edit, { isRefactoring: true });
  }
}
