/**
 * What every end-to-end suite starts from: the packaged .vsix installed in code-server, a fresh
 * copy of examples/shop opened in headless Chromium, and the page helpers a user's steps need
 * (screenshots, the Problems panel, the light bulb, the Refactor Preview).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { copyExample } from '../helpers/django/djangoProject';
import { launchBrowser, REPO_ROOT, requireChromium, startCodeServer, waitUntil, type BrowserSession, type CodeServer } from './codeServer';
import { packageExtension } from './vsix';

export class ShopInBrowser {
  private constructor(
    /** The copy of examples/shop that is open (its parent folder is removed by close()). */
    readonly shop: string,
    readonly page: Page,
    private readonly screenshots: string,
    private readonly server: CodeServer,
    private readonly session: BrowserSession,
  ) {}

  /** Opens the example in VS Code; screenshots go to test-output/e2e/<suite>/, emptied first. */
  static async open(suite: string): Promise<ShopInBrowser> {
    requireChromium(); // fail in seconds, not after the install, when Chromium is missing
    const screenshots = path.join(REPO_ROOT, 'test-output', 'e2e', suite);
    fs.rmSync(screenshots, { recursive: true, force: true });
    fs.mkdirSync(screenshots, { recursive: true });
    console.log(`      screenshots and code-server.log go to ${screenshots}`);
    const vsix = packageExtension();
    const shop = copyExample('shop');
    const server = await startCodeServer({ workspace: shop, vsix, logFile: path.join(screenshots, 'code-server.log') });
    let session: BrowserSession | undefined;
    try {
      session = await launchBrowser();
      const page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${server.url}/?folder=${encodeURIComponent(shop)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      // The explorer lists the project once the workspace is open.
      await page.locator('.explorer-folders-view').getByText('manage.py').waitFor({ timeout: 60_000 });
      return new ShopInBrowser(shop, page, screenshots, server, session);
    } catch (error) {
      await session?.close();
      await server.stop();
      throw error;
    }
  }

  /** What our extension wrote to its Untangle output channel (VS Code keeps it as a log file). */
  extensionLog(): string {
    const logs = path.join(this.server.userData, 'logs');
    const file = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).find((name) => path.basename(name) === 'Untangle.log') : undefined;
    return file ? fs.readFileSync(path.join(logs, file), 'utf8') : '';
  }

  /** The pids of our language server in this code-server (the bundle of the installed .vsix). */
  languageServers(): number[] {
    return this.server.processesRunning((args) => args.some((arg) => /[\\/]untangle\.untangle-[^\\/]+[\\/]dist[\\/]server\.js$/.test(arg)));
  }

  async close(): Promise<void> {
    await this.session.close().catch((error: unknown) => console.error('closing Chromium:', error));
    await this.server.stop();
    fs.rmSync(path.dirname(this.shop), { recursive: true, force: true });
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(this.screenshots, name) });
    console.log(`      screenshot: ${name}`);
  }

  /** Runs a command from the Command Palette by its title, as a user would. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.page.keyboard.type(title);
    await this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().click();
  }

  /** Opens the Problems panel with its shortcut (it toggles, so press only while it is hidden). */
  async openProblemsPanel(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    await waitUntil('the Problems panel to open', 30_000, async () => {
      if (await panel.isVisible()) return true;
      await this.page.keyboard.press('Control+Shift+M');
      return panel.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    });
  }

  /** Filters the Problems panel (its list is virtualised: only rendered rows can be read) and waits for a matching row. */
  async problem(filter: string, matches: (text: string) => boolean): Promise<Locator> {
    const input = this.page.locator('.viewpane-filter input[aria-label="Filter Problems"]');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    let polls = 0;
    const text = await waitUntil(`a "${filter}" problem in the Problems panel`, 120_000, async () => {
      // Typed while the panel was still being laid out, the filter can be lost (seen once in CI): set it again.
      if ((await input.inputValue()) !== filter || polls++ % 20 === 19) await input.fill(filter);
      return (await rows.allInnerTexts()).find(matches);
    });
    // By its text, not its index: the list may still be refiltered after it was read.
    return rows.filter({ hasText: text.split('\n')[0] }).first();
  }

  /** The status bar's finding count, once an analysis is done (the checklist icon replaces the spinner). */
  async statusBarFindings(): Promise<number> {
    const item = this.page.locator('.statusbar-item').filter({ hasText: /Untangle: \d+/ }).filter({ has: this.page.locator('.codicon-checklist') });
    const text = await waitUntil('the Untangle status-bar item with a number', 120_000, async () => ((await item.count()) === 1 ? item.innerText() : undefined));
    return Number(/Untangle: (\d+)/.exec(text)![1]);
  }

  /** The Problems panel's badge (ours is the only extension reporting problems here); 0 without one. */
  async problemsCount(): Promise<number> {
    const badge = this.page.locator('.panel .composite-bar .action-item').filter({ hasText: 'Problems' }).locator('.badge-content');
    return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
  }

  /** The rows of the Problems panel under the current filter, as text. */
  problemTexts(): Promise<string[]> {
    return this.page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  }

  /**
   * Presses Ctrl+. in the focused editor until the light bulb's menu lists an item starting
   * with `title` (the first press can come before the editor has the code actions).
   */
  async lightBulbItem(title: string): Promise<Locator> {
    const item = this.page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).first();
    await waitUntil(`"${title}…" in the light bulb menu`, 60_000, async () => {
      await this.page.keyboard.press('Control+.');
      if (await item.waitFor({ timeout: 3_000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    });
    assert.notEqual(await item.getAttribute('aria-disabled'), 'true', `"${await item.innerText()}" is disabled`);
    return item;
  }

  /**
   * Waits for the Refactor Preview, ticks every file (changes with needsConfirmation start
   * unticked, as the user sees them; the list is virtualised, so it is scrolled through as a
   * user would), takes the screenshot, applies, and returns the files it listed (their labels:
   * "Creating shop/controllers/…", "shop/views.py, making text edits").
   */
  async applyRefactorPreview(screenshot: string): Promise<string[]> {
    const preview = this.page.locator('.bulk-edit-panel');
    await preview.waitFor({ timeout: 60_000 });
    const fileRows = preview.locator('.monaco-list-row[aria-level="1"]');
    const unticked = preview.locator('.monaco-list-row[aria-level="1"] .edit-checkbox[aria-checked="false"]');
    const labels = new Set<string>();
    let unchangedScrolls = 0;
    // Where the list's rows are scrolled to: a file's many edit rows can fill several scrolls with no new file.
    const rowsAt = () => preview.locator('.monaco-list-rows').first().evaluate((rows) => (rows as unknown as { style: { top: string } }).style.top);
    let lastAt = '';
    await fileRows.first().waitFor({ timeout: 30_000 });
    await preview.locator('.monaco-list').first().hover();
    await waitUntil('every file of the Refactor Preview to be ticked', 60_000, async () => {
      if ((await unticked.count()) > 0) {
        await unticked.first().click();
        return false;
      }
      const shown = await fileRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      const before = labels.size;
      shown.forEach((label) => labels.add(label));
      const at = await rowsAt();
      // At the end of the list a scroll neither moves it nor shows a row it had not seen (twice, in case one was slow to draw).
      unchangedScrolls = labels.size === before && at === lastAt ? unchangedScrolls + 1 : 0;
      lastAt = at;
      if (unchangedScrolls === 2) return true;
      await this.page.mouse.wheel(0, 200);
      return false;
    });
    await this.page.mouse.wheel(0, -100_000);
    await this.screenshot(screenshot);
    await preview.getByRole('button', { name: 'Apply' }).click();
    return [...labels];
  }
}
