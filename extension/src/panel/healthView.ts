/**
 * The Health view: a webview with the workspace's figures, a bar chart of the largest files and
 * the trend against the saved baseline. Strict Content-Security-Policy: no remote resources,
 * scripts only with this load's nonce, styles only from the extension; theme colours come
 * from VS Code's CSS variables.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { buildHealth } from './healthModel';
import type { PanelState } from './panelState';

export class HealthView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly state: PanelState,
  ) {
    this.subscription = state.onDidChange(() => this.post());
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [media] };
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'health.js'));
    const style = view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'health.css'));
    view.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${view.webview.cspSource}; script-src 'nonce-${nonce}';">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${style}" rel="stylesheet">
  <title>Untangle health</title>
</head>
<body>
  <main id="health" aria-live="polite"><p class="muted">Waiting for the first analysis…</p></main>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    view.webview.onDidReceiveMessage((message: unknown) => {
      if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready') this.post();
    });
    view.onDidDispose(() => (this.view = undefined));
  }

  private post(): void {
    if (!this.view || this.state.folders.length === 0) return;
    void this.view.webview.postMessage({ type: 'health', health: buildHealth(this.state.folders, this.state.baselines) });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
