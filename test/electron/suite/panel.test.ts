/**
 * The side bar's checks of test/e2e/panel.test.ts that the extension API can make in desktop
 * VS Code: the container and its views open, Save Baseline writes every finding, and a threshold
 * changed in the settings changes the findings without a reload. What only the page shows (the
 * tree's rows, the Health webview, the Refactor Preview's Apply button) is checked in code-server
 * by test/e2e.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { codeOf } from '../../../extension/src/diagnosticCode';
import { openShop } from './openShop';

describe('the Untangle side bar in desktop VS Code', function () {
  this.timeout(180_000);
  let models: vscode.Uri;

  before(async () => {
    models = vscode.Uri.file(path.join(await openShop(), 'models.py'));
  });

  it('opens the Untangle container on the Refactor Plan and the Health view', async () => {
    await vscode.commands.executeCommand('untangle.showPlan');
    await vscode.commands.executeCommand('untangle.health.focus');
  });

  it('saves a baseline holding every finding the editor shows', async () => {
    await until('the long-file warning of models.py', () => longFile(models));
    const shown = vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
    await vscode.commands.executeCommand('untangle.saveBaseline');
    const file = path.join(path.dirname(path.dirname(models.fsPath)), '.untangle', 'baseline.json');
    await until(`${file} to be written`, () => fs.existsSync(file));
    assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: unknown[] }).findings.length, shown);
  });

  it('re-analyses when a threshold setting changes, without a reload', async () => {
    const settings = vscode.workspace.getConfiguration('untangle');
    await until('the long-file warning of models.py', () => longFile(models));
    await settings.update('longFile.maxCodeLines', 100_000, vscode.ConfigurationTarget.Workspace);
    try {
      await until('the long-file warning of models.py to go', () => !longFile(models));
    } finally {
      await settings.update('longFile.maxCodeLines', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('the long-file warning of models.py to come back', () => longFile(models));
  });
});

function longFile(uri: vscode.Uri): boolean {
  return vscode.languages.getDiagnostics(uri).some((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'long-file');
}

/** Polls every 250 ms for up to 60 s. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
