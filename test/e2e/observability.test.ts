/**
 * "Make the project observable…" end to end, as a user runs it in VS Code (code-server +
 * Chromium): the settings module's observability warning in the Problems panel, its light bulb,
 * the quick pick of parts (one unticked), the Refactor Preview, the files on disk; then the
 * warning naming only the part left, the quick pick offering only it, and once it is written the
 * warning gone and the command saying there is nothing left to do. The project still passes
 * Django's checks and its tests. Screenshots go under test-output/e2e/observability/.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator } from 'playwright-core';
import { assertDjangoProjectWorks, pythonWithDjango } from '../helpers/django/djangoProject';
import { waitUntil } from './codeServer';
import { ShopInBrowser } from './shopInBrowser';

const SETTINGS = path.join('shop_project', 'settings.py');

describe('Make the project observable in VS Code (code-server + Chromium)', function () {
  this.timeout(900_000);
  let vscode: ShopInBrowser;

  before(async () => {
    vscode = await ShopInBrowser.open('observability');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && vscode) {
      await vscode.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  after(async () => vscode?.close());

  /** Opens settings.py from its observability warning (whose text `matches`) and returns the warning's text. */
  async function openFromWarning(matches: RegExp): Promise<string> {
    await vscode.openProblemsPanel();
    const row = await vscode.problem('Observability:', (text) => matches.test(text));
    const text = await row.innerText();
    await row.dblclick();
    await vscode.page.locator('.tabs-container .tab.active').filter({ hasText: 'settings.py' }).waitFor({ timeout: 30_000 });
    return text;
  }

  /** Runs the light bulb's "Make the project observable…" and returns the quick pick that opens. */
  async function quickPickFromLightBulb(): Promise<Locator> {
    const item = await vscode.lightBulbItem('Make the project observable…');
    await item.click();
    const pick = vscode.page.locator('.quick-input-widget');
    await pick.locator('.quick-input-title').filter({ hasText: 'Make the project observable' }).waitFor({ timeout: 30_000 });
    return pick;
  }

  /** The labels of the quick pick's rows (the first label of each: the detail line has one too). */
  function pickLabels(pick: Locator): Promise<string[]> {
    return pick.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.querySelector('.label-name')?.textContent?.trim() ?? ''));
  }

  it('offers the action on the settings warning, and the quick pick lists every missing part, all ticked', async () => {
    const warning = await openFromWarning(/logging ✗ · metrics ✗ · profiling ✗/);
    assert.match(warning, /^Observability: logging ✗ · metrics ✗ · profiling ✗\. Missing: no LOGGING configuration/m);
    await vscode.screenshot('01-observability-warning.png');
    const pick = await quickPickFromLightBulb();
    assert.deepEqual(await pickLabels(pick), ['Logging', 'Metrics', 'Profiling', 'deploy/observability/']);
    await waitUntil('the quick pick to count 4 selected', 10_000, async () => /\b4\b/.test(await pick.locator('.quick-input-count').innerText()));
    await vscode.screenshot('02-quick-pick.png');
  });

  it('writes the parts left ticked through the Refactor Preview (profiling unticked)', async () => {
    const pick = vscode.page.locator('.quick-input-widget');
    const profiling = pick.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Profiling' });
    await profiling.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-custom-toggle').first().click();
    await waitUntil('the quick pick to count 3 selected', 10_000, async () => /\b3\b/.test(await pick.locator('.quick-input-count').innerText()));
    await vscode.screenshot('03-profiling-unticked.png');
    await pick.getByRole('button', { name: 'OK' }).click();

    const files = await vscode.applyRefactorPreview('04-refactor-preview.png');
    for (const expected of ['shop_project/settings.py', 'shop_project/urls.py', 'deploy/observability/docker-compose.yml', 'deploy/observability/prometheus.yml']) {
      assert.ok(files.some((label) => label.includes(expected)), `the preview does not list ${expected}: ${files.join('; ')}`);
    }
    assert.ok(!files.some((label) => /profiling/.test(label)), `the preview writes profiling settings: ${files.join('; ')}`);

    const settings = path.join(vscode.shop, SETTINGS);
    await waitUntil('settings.py to gain LOGGING and django_prometheus', 30_000, async () => /^LOGGING = /m.test(fs.readFileSync(settings, 'utf8')) && fs.readFileSync(settings, 'utf8').includes('"django_prometheus"'));
    const written = fs.readFileSync(settings, 'utf8');
    assert.match(written, /"django_prometheus\.middleware\.PrometheusBeforeMiddleware"/);
    assert.doesNotMatch(written, /silk/);
    assert.match(fs.readFileSync(path.join(vscode.shop, 'shop_project', 'urls.py'), 'utf8'), /django_prometheus\.urls/);
    assert.ok(fs.existsSync(path.join(vscode.shop, 'deploy', 'observability', 'docker-compose.yml')));
    assert.deepEqual(fs.readdirSync(path.join(vscode.shop, 'shop_project')).filter((file) => /profiling/.test(file)), []);
  });

  it('then warns of profiling only, and the quick pick offers only it, naming what is done', async () => {
    await openFromWarning(/logging ✓ · metrics ✓ · profiling ✗/);
    await vscode.screenshot('05-profiling-left.png');
    const pick = await quickPickFromLightBulb();
    assert.match(await pick.locator('.quick-input-title').innerText(), /^Make the project observable \(already done: logging, metrics, deploy\/observability\/\)$/);
    assert.deepEqual(await pickLabels(pick), ['Profiling']);
    // Debian has no django-silk: the detail says to install it before using the profiling settings.
    assert.match(await pick.locator('.quick-input-list .monaco-list-row').first().innerText(), /django-silk is no dependency: install it/);
    await vscode.screenshot('06-quick-pick-profiling.png');
    await pick.getByRole('button', { name: 'OK' }).click();
    const files = await vscode.applyRefactorPreview('07-profiling-preview.png');
    assert.ok(files.some((label) => /settings_profiling\.py/.test(label)), `the preview does not create the profiling settings: ${files.join('; ')}`);
    await waitUntil('the profiling settings on disk', 30_000, async () => fs.existsSync(path.join(vscode.shop, 'shop_project', 'settings_profiling.py')));
  });

  it('has no observability warning left, and the command says there is nothing to write', async () => {
    await vscode.openProblemsPanel();
    await vscode.page.locator('.viewpane-filter input[aria-label="Filter Problems"]').fill('Observability:');
    await waitUntil('the observability warning to go', 60_000, async () => !(await vscode.problemTexts()).some((text) => text.startsWith('Observability:')));
    await vscode.page.locator('.tabs-container .tab').filter({ hasText: 'settings.py' }).first().click();
    await vscode.runCommand('Untangle: Make the Project Observable');
    const toast = vscode.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'the project is observable already: nothing left to write' });
    await toast.waitFor({ timeout: 30_000 });
    await vscode.screenshot('08-nothing-left.png');
  });

  it('leaves a project that Django checks and tests as green as before', () => {
    assertDjangoProjectWorks(pythonWithDjango(), vscode.shop);
  });
});
