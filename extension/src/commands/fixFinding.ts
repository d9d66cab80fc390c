/**
 * The plan's inline button: runs the refactoring Untangle offers on a finding (the same code
 * action as the light bulb), through VS Code's refactor preview.
 */
import * as vscode from 'vscode';
import type { PlanRequest } from '../../../server/src/protocol';

export async function fixFinding(finding: PlanRequest.Finding | undefined): Promise<void> {
  if (!finding) return;
  const uri = vscode.Uri.parse(finding.uri);
  const range = new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.Refactor.value, 1);
  const ours = (actions ?? []).filter((a) => a.diagnostics?.some((d) => d.code === finding.rule || (typeof d.code === 'object' && d.code.value === finding.rule)));
  const action = ours.find((a) => !a.disabled);
  if (!action) {
    const reason = ours[0]?.disabled?.reason ?? 'no refactoring is offered for this finding';
    void vscode.window.showWarningMessage(`Untangle: ${reason}`);
    return;
  }
  if (action.edit) await vscode.workspace.applyEdit(action.edit, { isRefactoring: true });
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
