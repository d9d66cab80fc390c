/**
 * End to end, as a user sees it: the packaged .vsix installed in a real VS Code (code-server), a
 * copy of examples/shop opened in headless Chromium, then the Problems panel, the status bar and
 * the light bulb read and clicked on the page, and the refactorings' results read from disk and
 * run with the project's own Django checks and tests. Each step is saved as a screenshot under
 * test-output/e2e/workbench/ for a reviewer to look at.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertDjangoProjectWorks, pythonWithDjango } from '../helpers/django/djangoProject';
import { waitUntil } from './codeServer';
import { ShopInBrowser } from './shopInBrowser';
import { untangle } from '../helpers/processes/cli';

/** The findings of severity hint `untangle check` reports in `folder`. */
function hintsOf(folder: string): number {
  const report = JSON.parse(untangle(['check', '.', '--format', 'json', '--fail-on', 'never'], folder).stdout) as { findings: { severity: string }[] };
  return report.findings.filter((finding) => finding.severity === 'hint').length;
}

describe('the packaged extension in VS Code (code-server + Chromium)', function () {
  // The first run installs code-server (about 2 minutes); later runs take about a minute.
  this.timeout(900_000);
  let vscode: ShopInBrowser;

  before(async () => {
    vscode = await ShopInBrowser.open('workbench');
    await vscode.screenshot('01-workbench.png');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && vscode) {
      await vscode.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  after(async () => vscode?.close());

  it('lists the long-file warning for models.py in the Problems panel', async () => {
    await vscode.openProblemsPanel();
    const row = await vscode.problem('long-file', (text) => text.includes('models.py has') && text.includes('code lines'));
    const text = await row.innerText();
    assert.match(text, /^models\.py has [\d,]+ code lines in \d+ feature groups?: .+ \(limit \d+\)/m);
    assert.match(text, /^untangle$/m, `source "untangle" in: ${text}`);
    assert.match(text, /^long-file$/m, `code "long-file" in: ${text}`);
    await vscode.screenshot('02-problems-long-file.png');
  });

  it('shows the number of findings in the status bar, as many as the Problems panel lists', async () => {
    const findings = await vscode.statusBarFindings();
    assert.ok(findings >= 2, `the status bar counts ${findings}; expected at least the long-file findings for models.py and views.py`);
    // Ours is the only extension reporting problems here, so the Problems panel's count is ours, less the hints,
    // which VS Code shows as dots in the editor only.
    const listed = findings - hintsOf(vscode.shop);
    await waitUntil('the Problems count to catch up', 10_000, async () => (await vscode.problemsCount()) === listed).catch(() => undefined);
    assert.equal(await vscode.problemsCount(), listed, `the Problems panel counts other problems than the status bar's ${findings} less its hints`);
    await vscode.screenshot('03-status-bar.png');
  });

  it('offers "Move logic of `<view>` to `controllers/…`" in the light bulb of a logic-heavy view, and applying it writes the controller', async () => {
    const page = vscode.page;
    await vscode.openProblemsPanel();
    // `quote`'s logic can move (checkout's cannot: the rest of it reads the request, so no move is offered).
    const row = await vscode.problem('holds business logic', (text) => /^view `quote` holds business logic/m.test(text));
    const view = /^view `([\w.]+)`/m.exec(await row.innerText())![1];
    await row.dblclick(); // opens views.py on the finding, focused
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'views.py' }).waitFor({ timeout: 30_000 });

    const item = await vscode.lightBulbItem(`Move logic of \`${view}\` to \`controllers/`);
    const offered = await item.innerText();
    const target = /to `(controllers\/[\w/]+\.py)`/.exec(offered)?.[1];
    assert.ok(target, `no controller module in "${offered}"`);
    await vscode.screenshot('04-light-bulb.png');
    await item.click();

    const files = await vscode.applyRefactorPreview('05-refactor-preview.png');
    assert.ok(files.some((label) => label.includes(`shop/${target}`)), `the preview does not create shop/${target}: ${files.join('; ')}`);

    const controllerFile = path.join(vscode.shop, 'shop', ...target.split('/'));
    const viewsFile = path.join(vscode.shop, 'shop', 'views.py');
    const controller = await waitUntil(`${controllerFile} on disk, called from views.py`, 30_000, async () => {
      if (!fs.existsSync(controllerFile)) return undefined;
      const name = /^def (\w+)\(/m.exec(fs.readFileSync(controllerFile, 'utf8'))?.[1];
      return name && new RegExp(`\\b${name}\\(`).test(fs.readFileSync(viewsFile, 'utf8')) ? name : undefined;
    });
    const module = target.replace(/\.py$/, '').replaceAll('/', '.');
    assert.match(fs.readFileSync(viewsFile, 'utf8'), new RegExp(`^from \\.${module.replaceAll('.', '\\.')} import .*\\b${controller}\\b`, 'm'));

    // The new module shows in the explorer; open it for the screenshot.
    const explorer = page.locator('.explorer-folders-view');
    await explorer.getByText('controllers', { exact: true }).click();
    await explorer.getByText(path.basename(target), { exact: true }).click();
    await page.locator('.tabs-container .tab.active').filter({ hasText: path.basename(target) }).waitFor({ timeout: 30_000 });
    await vscode.screenshot('06-controller-created.png');
  });

  it('splits models.py into feature modules from the light bulb: the package appears and the long-file warning goes', async () => {
    const page = vscode.page;
    await vscode.openProblemsPanel();
    const row = await vscode.problem('long-file', (text) => text.includes('models.py has'));
    await row.dblclick();
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'models.py' }).waitFor({ timeout: 30_000 });

    const item = await vscode.lightBulbItem('Split `models.py` into feature modules (');
    const groups = /\(([\w, ]+)\)/.exec(await item.innerText())?.[1].split(', ') ?? [];
    assert.ok(groups.length >= 2, `no feature groups in "${await item.innerText()}"`);
    await vscode.screenshot('07-split-light-bulb.png');
    await item.click();
    await vscode.applyRefactorPreview('08-split-preview.png');

    const models = path.join(vscode.shop, 'shop', 'models');
    await waitUntil(`${models}/ to replace models.py`, 30_000, async () => fs.existsSync(path.join(models, '__init__.py')) && !fs.existsSync(`${models}.py`));
    const expected = ['__init__.py', ...groups.map((group) => `${group}_models.py`)];
    const written = fs.readdirSync(models);
    assert.deepEqual(expected.filter((file) => !written.includes(file)), [], `missing from ${models}/`);
    // Besides the groups, only a private module for what several groups share (`_common…`).
    assert.deepEqual(written.filter((file) => !expected.includes(file) && !file.startsWith('_')), [], `unexpected in ${models}/`);

    // The long-file warning for models.py leaves the Problems panel (views.py keeps its own).
    await page.locator('.viewpane-filter input[aria-label="Filter Problems"]').fill('long-file');
    await waitUntil('the long-file warning of models.py to go', 60_000, async () => !(await vscode.problemTexts()).some((text) => text.includes('models.py has')));
    const explorer = page.locator('.explorer-folders-view');
    await explorer.getByText('models', { exact: true }).click();
    await explorer.getByText(`${groups[0]}_models.py`, { exact: true }).click();
    await page.locator('.tabs-container .tab.active').filter({ hasText: `${groups[0]}_models.py` }).waitFor({ timeout: 30_000 });
    await vscode.screenshot('09-split-done.png');
  });

  it('leaves a project that Django checks and tests as green as before both refactorings', () => {
    assertDjangoProjectWorks(pythonWithDjango(), vscode.shop);
  });

  it('restarts a language server that dies, tells the user, and finds the same findings again', async () => {
    const before = await vscode.statusBarFindings();
    const listed = await vscode.problemsCount();
    const [server, ...others] = vscode.languageServers();
    assert.ok(server !== undefined && others.length === 0, `expected one Untangle language server, found ${[server, ...others].join(', ')}`);
    process.kill(server, 'SIGKILL');
    const toast = vscode.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'the language server stopped unexpectedly and is restarting (1 of 4)' });
    await toast.waitFor({ timeout: 30_000 });
    await vscode.screenshot('10-server-restarted.png');
    await waitUntil('a new language server', 60_000, async () => {
      const running = vscode.languageServers();
      return running.length === 1 && running[0] !== server;
    });
    // The client dropped the dead server's diagnostics: these are the new server's.
    await waitUntil(`the Problems panel to count ${listed} again`, 120_000, async () => (await vscode.problemsCount()) === listed);
    assert.equal(await vscode.statusBarFindings(), before);
  });
});
