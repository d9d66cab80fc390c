/** The status-bar item: a spinner while the server analyses, then the number of findings. */
import * as vscode from 'vscode';
import type { StatusNotification } from '../../server/src/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('untangle.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Untangle';
    this.item.command = 'workbench.actions.view.problems';
    this.item.text = '$(sync~spin) Untangle';
    this.item.tooltip = 'Untangle is starting';
    this.item.show();
  }

  show(status: StatusNotification.Params): void {
    const findings = `${status.findings} finding${status.findings === 1 ? '' : 's'}`;
    const files = `${status.files} Python file${status.files === 1 ? '' : 's'}`;
    if (status.state === 'analyzing') {
      this.item.text = `$(sync~spin) Untangle: ${status.findings}`;
      this.item.tooltip = `Untangle is analysing the workspace (${findings} so far in ${files})`;
    } else {
      this.item.text = `$(checklist) Untangle: ${status.findings}`;
      this.item.tooltip = `Untangle: ${findings} in ${files}. Click to open the Problems panel.`;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
