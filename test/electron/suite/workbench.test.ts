/**
 * Runs inside desktop VS Code's extension host (started by ../runTests.ts) with a copy of
 * examples/shop open: the checks of test/e2e/workbench.test.ts, through the API instead of the page.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { codeOf } from '../../../extension/src/diagnosticCode';
import { openShop } from './openShop';

describe('Untangle in desktop VS Code', function () {
  this.timeout(180_000);
  let app: string;

  before(async () => {
    app = await openShop();
  });

  it('reports the long-file warning for models.py', async () => {
    const found = await diagnostic('models.py', 'long-file');
    assert.match(found.message, /^models\.py has [\d,]+ code lines in \d+ feature groups?/);
    assert.equal(found.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('offers "Move logic of `<view>` to `controllers/…`" on a logic-heavy view, and applying it writes the controller', async () => {
    const views = vscode.Uri.file(path.join(app, 'views.py'));
    const finding = await diagnostic('views.py', 'logic-heavy-view');
    const view = /^view `([\w.]+)`/.exec(finding.message)?.[1];
    assert.ok(view, `no view name in "${finding.message}"`);

    // The last argument resolves the listed actions, so they carry their edits.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', views, finding.range, vscode.CodeActionKind.RefactorMove.value, 10,
    );
    const action = actions.find((a) => a.title.startsWith(`Move logic of \`${view}\` to \`controllers/`));
    assert.ok(action, `offered for ${view}: ${actions.map((a) => a.title).join('; ')}`);
    assert.equal(action.disabled, undefined, action.disabled?.reason);
    assert.ok(action.edit, `"${action.title}" carries no edit`);
    const target = /to `(controllers\/[\w/]+\.py)`/.exec(action.title)?.[1];
    assert.ok(target, `no controller module in "${action.title}"`);

    assert.ok(await vscode.workspace.applyEdit(withoutConfirmation(action.edit), { isRefactoring: true }), 'VS Code refused the edit');
    const controllerFile = path.join(app, ...target.split('/'));
    assert.ok(fs.existsSync(controllerFile), `${controllerFile} was not created`);
    const controller = /^def (\w+)\(/m.exec((await vscode.workspace.openTextDocument(controllerFile)).getText())?.[1];
    assert.ok(controller, `${controllerFile} defines no function`);
    assert.match((await vscode.workspace.openTextDocument(views)).getText(), new RegExp(`\\b${controller}\\(`), `views.py does not call ${controller}`);
  });

  /** Waits (up to 120 s: the first analysis) for our diagnostic with the given code in <app>/<file>. */
  async function diagnostic(file: string, code: string): Promise<vscode.Diagnostic> {
    const uri = vscode.Uri.file(path.join(app, file));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const found = vscode.languages.getDiagnostics(uri).find((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === code);
      if (found) return found;
      assert.ok(Date.now() < deadline, `no ${code} diagnostic for ${file} within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
});

/**
 * The same changes without their change annotations. Ours carry needsConfirmation, which opens
 * the Refactor Preview and waits for a click that no one gives here (test/e2e clicks it in the
 * browser). entries() lists text edits only, so files to create are created first; an empty
 * file created without text (a package's __init__.py) is left out.
 */
function withoutConfirmation(edit: vscode.WorkspaceEdit): vscode.WorkspaceEdit {
  const plain = new vscode.WorkspaceEdit();
  for (const [uri, edits] of edit.entries()) {
    if (!fs.existsSync(uri.fsPath)) plain.createFile(uri, { ignoreIfExists: true });
    plain.set(uri, edits);
  }
  return plain;
}
