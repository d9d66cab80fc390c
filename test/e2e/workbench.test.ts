/**
 * End to end, as a user sees it: the packaged .vsix installed in a real VS Code (code-server), a
 * copy of examples/shop opened in headless Chromium, then the Problems panel, the status bar and
 * the light bulb read and clicked on the page, and the refactoring's result read from disk.
 * Each step is saved as a screenshot under test-output/e2e/ for a reviewer to look at.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { copyExample } from '../helpers/djangoProject';
import { launchBrowser, REPO_ROOT, requireChromium, startCodeServer, waitUntil, type BrowserSession, type CodeServer } from './codeServer';
import { packageExtension } from './vsix';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'e2e');

describe('the packaged extension in VS Code (code-server + Chromium)', function () {
  // The first run installs code-server (about 2 minutes); later runs take about half a minute.
  this.timeout(900_000);
  let shop: string;
  let server: CodeServer | undefined;
  let session: BrowserSession | undefined;
  let page: Page;

  before(async function () {
    requireChromium(); // fail in seconds, not after the install, when Chromium is missing
    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    console.log(`      screenshots and code-server.log go to ${SCREENSHOTS}`);
    const vsix = packageExtension();
    shop = copyExample('shop');
    server = await startCodeServer({ workspace: shop, vsix, logFile: path.join(SCREENSHOTS, 'code-server.log') });
    session = await launchBrowser();
    page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(shop)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the project once the workspace is open.
    await page.locator('.explorer-folders-view').getByText('manage.py').waitFor({ timeout: 60_000 });
    await screenshot('01-workbench.png');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && session) {
      await screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  after(async () => {
    await session?.close().catch((error: unknown) => console.error('closing Chromium:', error));
    await server?.stop();
    if (shop) fs.rmSync(path.dirname(shop), { recursive: true, force: true });
  });

  it('lists the long-file warning for models.py in the Problems panel', async () => {
    await openProblemsPanel();
    const row = await firstProblem('long-file', (text) => text.includes('models.py has') && text.includes('code lines'));
    const text = await row.innerText();
    assert.match(text, /^models\.py has [\d,]+ code lines in \d+ feature groups?: .+ \(limit \d+\)/m);
    assert.match(text, /^untangle$/m, `source "untangle" in: ${text}`);
    assert.match(text, /^long-file$/m, `code "long-file" in: ${text}`);
    await screenshot('02-problems-long-file.png');
  });

  it('shows the number of findings in the status bar, as many as the Problems panel lists', async () => {
    // The finished state: the checklist icon replaces the spinner once the analysis is done.
    const item = page.locator('.statusbar-item').filter({ hasText: /Untangle: \d+/ }).filter({ has: page.locator('.codicon-checklist') });
    const text = await waitUntil('the Untangle status-bar item with a number', 120_000, async () => ((await item.count()) === 1 ? item.innerText() : undefined));
    const findings = Number(/Untangle: (\d+)/.exec(text)?.[1]);
    assert.ok(findings >= 2, `status bar says "${text}"; expected at least the long-file findings for models.py and views.py`);
    // Ours is the only extension reporting problems here, so the Problems panel's count is ours.
    const badge = page.locator('.panel .composite-bar .action-item').filter({ hasText: 'Problems' }).locator('.badge-content');
    await waitUntil('the Problems count to catch up', 10_000, async () => Number(await badge.innerText()) === findings).catch(() => undefined);
    assert.equal(Number(await badge.innerText()), findings, `the Problems panel counts other problems than the status bar's "${text}"`);
    await screenshot('03-status-bar.png');
  });

  it('offers "Move logic of `<view>` to `controllers/…`" in the light bulb of a logic-heavy view, and applying it writes the controller', async () => {
    await openProblemsPanel();
    const row = await firstProblem('holds business logic', (text) => /^view `[\w.]+` holds business logic/m.test(text));
    const view = /^view `([\w.]+)`/m.exec(await row.innerText())![1];
    await row.dblclick(); // opens views.py on the finding, focused
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'views.py' }).waitFor({ timeout: 30_000 });

    // Ctrl+. opens the light bulb's menu at the cursor. The first press can come before the
    // editor has the code actions, so retry.
    const title = `Move logic of \`${view}\` to \`controllers/`;
    const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: title });
    await waitUntil(`"${title}…" in the light bulb menu`, 60_000, async () => {
      await page.keyboard.press('Control+.');
      if (await item.first().waitFor({ timeout: 3_000 }).then(() => true, () => false)) return true;
      await page.keyboard.press('Escape');
      return false;
    });
    const offered = await item.first().innerText();
    assert.notEqual(await item.first().getAttribute('aria-disabled'), 'true', `"${offered}" is disabled`);
    const target = /to `(controllers\/[\w/]+\.py)`/.exec(offered)?.[1];
    assert.ok(target, `no controller module in "${offered}"`);
    await screenshot('04-light-bulb.png');
    await item.first().click();

    // Every change carries needsConfirmation, so VS Code shows its Refactor Preview with the
    // changes unticked: tick each file, as the user has to, then Apply.
    const preview = page.locator('.bulk-edit-panel');
    await preview.waitFor({ timeout: 30_000 });
    const unticked = preview.locator('.monaco-list-row[aria-level="1"] .edit-checkbox[aria-checked="false"]');
    await waitUntil('every file of the Refactor Preview to be ticked', 30_000, async () => {
      if ((await unticked.count()) === 0) return true;
      await unticked.first().click();
      return false;
    });
    const files = await preview.locator('.monaco-list-row[aria-level="1"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    assert.ok(files.some((label) => label.includes(`shop/${target}`)), `the preview does not create shop/${target}: ${files.join('; ')}`);
    await screenshot('05-refactor-preview.png');
    await preview.getByRole('button', { name: 'Apply' }).click();

    const controllerFile = path.join(shop, 'shop', ...target.split('/'));
    const viewsFile = path.join(shop, 'shop', 'views.py');
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
    await screenshot('06-controller-created.png');
  });

  /** Opens the Problems panel with its shortcut (it toggles, so press only while it is hidden). */
  async function openProblemsPanel(): Promise<void> {
    const panel = page.locator('.markers-panel');
    await waitUntil('the Problems panel to open', 30_000, async () => {
      if (await panel.isVisible()) return true;
      await page.keyboard.press('Control+Shift+M');
      return panel.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    });
  }

  /** Filters the Problems panel (its list is virtualised: only rendered rows can be read) and waits for a matching row. */
  async function firstProblem(filter: string, matches: (text: string) => boolean): Promise<Locator> {
    await page.locator('.viewpane-filter input[aria-label="Filter Problems"]').fill(filter);
    const rows = page.locator('.markers-panel .monaco-list-row');
    const index = await waitUntil(`a "${filter}" problem in the Problems panel`, 120_000, async () => {
      const found = (await rows.allInnerTexts()).findIndex(matches);
      return found >= 0 ? found : undefined;
    });
    return rows.nth(index);
  }

  async function screenshot(name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, name) });
    console.log(`      screenshot: ${name}`);
  }
});
