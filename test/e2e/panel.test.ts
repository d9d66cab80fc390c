/**
 * The Untangle side bar end to end, driven like a user in code-server: the Refactor Plan's
 * stages, apps and files with their counts (checked against `untangle check` on the same files),
 * a click that opens the code, the inline button that refactors through the Refactor Preview (a
 * view's logic into a controller, and near-copies of the Hard refactor into one function),
 * the Health view's figures, a threshold changed in the Settings editor, and VS Code's own
 * activation time for the extension. Screenshots under test-output/e2e/panel/.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import type { FrameLocator, Locator } from 'playwright-core';
import { untangle } from '../helpers/processes/cli';
import { copyExample } from '../helpers/django/djangoProject';
import { waitUntil } from './codeServer';
import { ShopInBrowser } from './shopInBrowser';
import type { FixStage } from '../../server/src/core/model/finding';

interface CliFinding {
  readonly rule: string;
  /** `hard` for a class repeating members (the Hard refactor stage); absent for the others. */
  readonly stage?: string;
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

interface CliReport {
  readonly summary: { readonly findings: number; readonly analyzedFiles: number };
  readonly findings: readonly CliFinding[];
}

describe('the Untangle side bar in VS Code (code-server + Chromium)', function () {
  this.timeout(900_000);
  let vscode: ShopInBrowser;
  /** What `untangle check` reports on the copy before the panel changes anything. */
  let initial: CliReport;
  let fixedByMove: Set<string> | undefined;

  before(async () => {
    vscode = await ShopInBrowser.open('panel');
    initial = check();
    await vscode.page.locator('.activitybar .action-item .action-label[aria-label="Untangle"]').click();
    await vscode.page.locator('.sidebar .pane-header').filter({ hasText: 'Refactor Plan' }).waitFor({ timeout: 30_000 });
    // Wider, so that the findings' messages can be read in the screenshots.
    const sideBar = (await vscode.page.locator('.part.sidebar').boundingBox())!;
    await vscode.page.mouse.move(sideBar.x + sideBar.width + 1, sideBar.y + 400);
    await vscode.page.mouse.down();
    await vscode.page.mouse.move(760, sideBar.y + 400, { steps: 10 });
    await vscode.page.mouse.up();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && vscode) {
      await vscode.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`).catch(() => undefined);
    }
  });

  after(async () => vscode?.close());

  it('shows the plan by stage, app and file, with as many findings as `untangle check`', async () => {
    const soft = await stageRow('Soft refactor', inStage(initial, 'soft'));
    assert.ok(inStage(initial, 'hard') > 0, 'the shop has classes repeating members');
    await soft.click();
    const hard = await stageRow('Hard refactor', inStage(initial, 'hard'));
    await vscode.screenshot('01-plan-hard-stage.png');
    await hard.click();
    // Every stage with findings opens by default: collapsed, all four fit in the view.
    for (const [label, stage] of [['Database', 'database'], ['Monitoring', 'monitoring']] as const) {
      if (inStage(initial, stage) > 0) await (await stageRow(label, inStage(initial, stage))).click();
    }
    const stages = await waitUntil('the four stages', 10_000, async () => {
      const labels = await planRows(1).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
      return labels.length === 4 ? labels : undefined;
    });
    const described = (label: string, stage: FixStage) => `${label}, ${inStage(initial, stage) > 0 ? `${inStage(initial, stage)} findings` : 'nothing yet'}`;
    assert.deepEqual(stages, [described('Soft refactor', 'soft'), described('Hard refactor', 'hard'), described('Database', 'database'), described('Monitoring', 'monitoring')]);
    // The Hard refactor stays collapsed: the soft stage's findings are what the next tests click.
    await soft.click();

    const files = new Set(initial.findings.filter((f) => f.stage === undefined).map((f) => f.path));
    const app = planRows(2).first();
    await app.waitFor({ timeout: 10_000 });
    assert.equal(await app.innerText(), `shop${files.size} files`);
    // The file with the most to fix comes first, with its size and groups from the long-file rule.
    const views = initial.findings.find((f) => f.rule === 'long-file' && f.path.endsWith('shop/views.py'));
    assert.ok(views, 'untangle check reports no long-file for shop/views.py');
    const [, lines, groups] = /has ([\d,]+) code lines in (\d+) feature groups/.exec(views.message)!;
    assert.equal(await planRows(3).first().innerText(), `views.py · ${lines} lines · ${groups} groups`);
    await vscode.screenshot('01-plan.png');
  });

  it('opens the code of a finding clicked in the plan', async () => {
    const view = firstLogicHeavyView();
    await findingRow(view).click();
    await vscode.page.locator('.tabs-container .tab.active').filter({ hasText: 'views.py' }).waitFor({ timeout: 30_000 });
    const cursor = vscode.page.locator('.statusbar-item').filter({ hasText: /^Ln \d+, Col \d+/ });
    await waitUntil(`the cursor on line ${view.line} of views.py`, 10_000, async () => new RegExp(`^Ln ${view.line},`).test(await cursor.innerText()));
    await vscode.screenshot('02-finding-opened.png');
  });

  it("runs a finding's refactoring from its inline button through the Refactor Preview, and the finding leaves the plan", async () => {
    const view = firstLogicHeavyView();
    const row = findingRow(view);
    const files = await refactorFromInlineButton(row, '03-inline-refactor-preview.png');
    const created = files.map((label) => /^Creating (shop\/controllers\/\w+_controllers\.py)/.exec(label)?.[1]).find(Boolean);
    assert.ok(created, `the preview creates no controllers module: ${files.join('; ')}`);

    await waitUntil(`the finding of \`${viewName(view)}\` to leave the plan`, 60_000, async () => (await row.count()) === 0);
    assert.ok(fs.existsSync(path.join(vscode.shop, ...created.split('/'))), `${created} was not written`);
    // Once the server has seen the new files, the plan counts what the CLI counts on them.
    const after = check();
    assert.equal(after.findings.filter((f) => f.rule === 'logic-heavy-view').length, countOf(initial, 'logic-heavy-view') - 1);
    await stageRow('Soft refactor', inStage(after, 'soft'));
    await vscode.screenshot('04-finding-fixed.png');
  });

  it('generalises near-copies from the Hard refactor stage through the Refactor Preview, and the finding leaves the plan', async () => {
    const before = check();
    const isNearCopy = (f: CliFinding) => f.stage === 'hard' && f.path.endsWith('shop/exports.py') && /same code with other names or values/.test(f.message);
    const nearCopies = before.findings.filter(isNearCopy);
    assert.ok(nearCopies.length > 0, 'the shop has no near-copies in exports.py');
    // The soft stage folds away, so the Hard refactor's rows fit in the view; it opens again at the end.
    await (await stageRow('Soft refactor', inStage(before, 'soft'))).click();
    await (await stageRow('Hard refactor', inStage(before, 'hard'))).click();
    const row = await hardFindingOf('exports.py');
    assert.ok((await row.innerText()).startsWith(nearCopies[0].message), 'the row is the near-copy `untangle check` reports');
    await vscode.screenshot('04a-hard-stage-near-copy.png');
    const files = await refactorFromInlineButton(row, '04b-hard-refactor-preview.png');
    const created = files.map((label) => /^Creating (shop\/utils\/\w+\.py)/.exec(label)?.[1]).find((file) => file !== undefined && !file.endsWith('__init__.py'));
    assert.ok(created, `the preview creates no module in shop/utils: ${files.join('; ')}`);
    assert.ok(files.some((label) => label.startsWith('shop/exports.py')), `the preview leaves exports.py alone: ${files.join('; ')}`);

    // The preview saves the files it changed: the new function, and both copies calling it.
    const written = path.join(vscode.shop, ...created.split('/'));
    await waitUntil(`${created} to define a function exports.py calls twice`, 30_000, async () => {
      const name = fs.existsSync(written) ? /^def (\w+)\(/m.exec(fs.readFileSync(written, 'utf8'))?.[1] : undefined;
      const exports = fs.readFileSync(path.join(vscode.shop, 'shop', 'exports.py'), 'utf8');
      return name !== undefined && exports.match(new RegExp(`= ${name}\\(`, 'g'))?.length === 2;
    });
    // Once the server has seen the new files, the plan counts what the CLI counts on them.
    const after = check();
    assert.deepEqual(after.findings.filter(isNearCopy), []);
    await stageRow('Hard refactor', inStage(after, 'hard'));
    await vscode.screenshot('04c-near-copy-generalised.png');
    await (await stageRow('Hard refactor', inStage(after, 'hard'))).click();
    await (await stageRow('Soft refactor', inStage(after, 'soft'))).click();
  });

  it('shows the workspace figures in the Health view', async () => {
    const now = check();
    const figures = await waitUntil('the Health figures to match `untangle check`', 30_000, async () => {
      const shown = await healthFigures();
      const expected = {
        'Python files': String(now.summary.analyzedFiles),
        'Long files': String(countOf(now, 'long-file')),
        'Logic-heavy views': String(countOf(now, 'logic-heavy-view')),
      };
      return Object.entries(expected).every(([name, value]) => shown.get(name) === value) ? shown : undefined;
    });
    assert.match(figures.get('Duplicated lines') ?? '', /^\d+(\.\d+)?%$/);
    assert.match(figures.get('Code lines') ?? '', /^[\d,]+$/);
    const largest = await health().locator('.bar-label').allInnerTexts();
    assert.deepEqual(largest.slice(0, 2).sort(), ['shop/models.py', 'shop/views.py']);
    await vscode.screenshot('05-health.png');
  });

  it('re-analyses when a threshold changes in the Settings editor, without a reload', async () => {
    const page = vscode.page;
    const longFiles = countOf(check(), 'long-file');
    assert.ok(longFiles > 0, 'no long-file findings to make disappear');
    const findings = inStage(check(), 'soft');
    await page.keyboard.press('Control+,');
    // The search box is an editor of its own: type into it rather than fill it.
    await page.locator('.settings-editor .suggest-input-container').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('untangle.longFile.maxCodeLines');
    const input = page.locator('.settings-editor .setting-item-contents').filter({ hasText: 'Max Code Lines' }).locator('input').first();
    await input.waitFor({ timeout: 30_000 });
    assert.equal(await input.inputValue(), '500', 'the documented default');
    await input.fill('100000');
    await input.press('Tab');
    await stageRow('Soft refactor', findings - longFiles);
    await vscode.screenshot('06-threshold-changed.png');
    await waitUntil('the Health view to count no long file', 30_000, async () => (await healthFigures()).get('Long files') === '0');
    // Back to the default, as the CLI sees the project, for the tests that follow.
    await input.fill('500');
    await input.press('Tab');
    await stageRow('Soft refactor', findings);
    await page.keyboard.press('Escape');
  });

  it('saves a baseline that the plan, the Health trend and `untangle check --baseline` all honour', async () => {
    const accepted = check().summary.findings;
    await vscode.runCommand('Untangle: Save Baseline');
    const file = path.join(vscode.shop, '.untangle', 'baseline.json');
    const saved = await waitUntil(`${file} to be written`, 30_000, async () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: unknown[] }) : undefined));
    assert.equal(saved.findings.length, accepted, 'the baseline holds every current finding');
    const since = health().getByText(/^Trend since the baseline of \d{4}-\d{2}-\d{2}\.$/);
    await since.waitFor({ timeout: 30_000 });
    assert.equal(countOf(checkWithBaseline(), 'duplicate-block'), 0, 'the CLI accepts the baseline the editor saved');

    // One view pasted into a new module: its duplicates are new, the rest stays accepted, and the trend goes up.
    const views = fs.readFileSync(path.join(vscode.shop, 'shop', 'views.py'), 'utf8');
    const pasted = /\ndef quote\(request\):\n[\s\S]*?\n(?=\n\n)/.exec(views)?.[0];
    assert.ok(pasted, 'views.py has no `quote` view to paste');
    fs.writeFileSync(path.join(vscode.shop, 'shop', 'pasted.py'), pasted);
    const fresh = checkWithBaseline();
    assert.ok(fresh.findings.length > 0, 'the paste adds findings');
    assert.deepEqual(fresh.findings.filter((f) => f.rule !== 'duplicate-block'), [], 'only duplicates are new');
    await waitUntil('the plan to mark the pasted duplicates new', 60_000, async () => (await planRows(4).filter({ hasText: '· new' }).count()) > 0);
    assert.ok((await planRows(4).filter({ hasText: '· in baseline' }).count()) > 0, 'the accepted findings are marked so');
    const trend = await waitUntil('the Health trend to show more duplicated lines', 30_000, async () => {
      const row = await health().locator('table.figures tr').filter({ hasText: 'Duplicated lines' }).innerText();
      return /\+\d/.test(row) ? row : undefined;
    });
    console.log(`      Health after the paste: ${trend.replace(/\s+/g, ' ')}`);
    await vscode.screenshot('07-baseline-trend.png');
  });

  it("reports the extension's activation time as VS Code measures it (Developer: Show Running Extensions)", async () => {
    const page = vscode.page;
    await vscode.runCommand('Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: 'Untangle' });
    const text = await waitUntil('Untangle in the running extensions', 30_000, async () => {
      const shown = await row.first().innerText().catch(() => '');
      return /Activation: \d+ms/.test(shown) ? shown : undefined;
    });
    const activation = Number(/Activation: (\d+)ms/.exec(text)![1]);
    // Measurements to report, not timed assertions: README lists the figures.
    console.log(`      activation time (VS Code's measure: code loading + activate()): ${activation} ms`);
    const own = /Untangle activated in (\d+) ms/.exec(vscode.extensionLog());
    assert.ok(own, `no activation line in the Untangle output:\n${vscode.extensionLog()}`);
    console.log(`      activate() until the server starts (the extension's own log): ${own[1]} ms`);
    await vscode.screenshot('08-activation-time.png');
  });

  /** `untangle check` on the open copy, as JSON. */
  function check(): CliReport {
    return checkIn(vscode.shop);
  }

  /** `untangle check` on the open copy, less what its saved baseline accepts. */
  function checkWithBaseline(): CliReport {
    return checkIn(vscode.shop, ['--baseline', '.untangle/baseline.json']);
  }

  function checkIn(folder: string, flags: readonly string[] = []): CliReport {
    const run = untangle(['check', '.', '--format', 'json', '--fail-on', 'never', ...flags], folder);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as CliReport;
  }

  function countOf(report: CliReport, rule: string): number {
    return report.findings.filter((f) => f.rule === rule).length;
  }

  /** The findings of a plan stage: later stages' findings say so, the others are the soft refactor's. */
  function inStage(report: CliReport, stage: FixStage): number {
    return report.findings.filter((f) => (f.stage ?? 'soft') === stage).length;
  }

  /**
   * The largest logic-heavy view of views.py that one controller move leaves thin (found with
   * `untangle fix` on a scratch copy: some views keep their validation, and stay flagged).
   */
  function firstLogicHeavyView(): CliFinding {
    fixedByMove ??= viewsFixedByOneMove();
    const views = initial.findings.filter((f) => f.rule === 'logic-heavy-view' && f.path.endsWith('shop/views.py') && fixedByMove!.has(viewName(f)));
    assert.ok(views.length > 0, 'no logic-heavy view of views.py is left thin by its controller move');
    return views.reduce((a, b) => (statements(b) > statements(a) ? b : a));
  }

  function viewsFixedByOneMove(): Set<string> {
    const scratch = copyExample('shop');
    try {
      const fix = untangle(['fix', '.', '--rule', 'logic-heavy-view'], scratch);
      assert.equal(fix.code, 0, fix.stderr);
      const left = new Set(checkIn(scratch).findings.filter((f) => f.rule === 'logic-heavy-view').map(viewName));
      return new Set(initial.findings.filter((f) => f.rule === 'logic-heavy-view' && !left.has(viewName(f))).map(viewName));
    } finally {
      fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
    }
  }

  function statements(finding: CliFinding): number {
    return Number(/in (\d+) statements/.exec(finding.message)?.[1] ?? 0);
  }

  function viewName(finding: CliFinding): string {
    return /^view `([\w.]+)`/.exec(finding.message)![1];
  }

  function findingRow(view: CliFinding): Locator {
    return planRows(4).filter({ hasText: new RegExp(`^view \`${viewName(view)}\` holds business logic`) });
  }

  /** Runs a finding row's inline "Refactor This Finding" and applies the Refactor Preview; the files it listed. */
  async function refactorFromInlineButton(row: Locator, screenshot: string): Promise<string[]> {
    const preview = vscode.page.locator('.bulk-edit-panel');
    // A click while the plan redraws (an analysis just ended) can miss the button: click again, as a user would.
    await waitUntil('the Refactor Preview to open from the inline button', 60_000, async () => {
      await row.hover();
      await row.locator('.actions .action-label[aria-label="Refactor This Finding"]').click();
      return preview.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    });
    return vscode.applyRefactorPreview(screenshot);
  }

  /**
   * The first finding row under the `file` row of the one stage unfolded, the Hard refactor (the
   * list is virtualised: the side bar is scrolled, as a user would, until it is in view).
   */
  async function hardFindingOf(file: string): Promise<Locator> {
    let drawn: { level: string | null; text: string; index: string | null; above: boolean; inView: boolean }[] = [];
    const index = await waitUntil(`the first finding of ${file} in the Hard refactor stage`, 60_000, async () => {
      drawn = await vscode.page.locator('.sidebar .pane-body .monaco-list-row').evaluateAll((all) =>
        all.map((r) => {
          // Drawn is not shown: the list draws rows past its edges, and the sticky rows cover its top.
          const row = r.getBoundingClientRect();
          const list = r.closest('.monaco-list')!.getBoundingClientRect();
          const top = r.closest('.pane-body')?.querySelector('.monaco-tree-sticky-container')?.getBoundingClientRect().bottom ?? list.top;
          return { level: r.getAttribute('aria-level'), text: (r as unknown as { innerText: string }).innerText, index: r.getAttribute('data-index'), above: row.top < Math.max(top, list.top), inView: row.top >= Math.max(top, list.top) && row.bottom <= list.bottom };
        }),
      );
      // Rows without a level are sticky-scroll copies of the rows above; the other stages are folded, so a file row is the Hard refactor's.
      drawn = drawn.filter((r) => r.level !== null).sort((a, b) => Number(a.index) - Number(b.index));
      const fileRow = drawn.findIndex((r) => r.level === '3' && r.text.startsWith(file));
      const finding = fileRow >= 0 ? drawn[fileRow + 1] : undefined;
      if (finding?.level === '4' && finding.index !== null && finding.inView) return finding.index;
      await vscode.page.locator('.sidebar .pane-body .monaco-list').first().hover();
      await vscode.page.mouse.wheel(0, finding === undefined ? 300 : finding.above ? -60 : 60);
      return undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the rows drawn: ${JSON.stringify(drawn)}`);
    });
    return planRows(4).and(vscode.page.locator(`[data-index="${index}"]`));
  }

  /** The plan's rows at a depth: 1 stages, 2 apps, 3 files, 4 findings (only those rendered). */
  function planRows(level: number): Locator {
    return vscode.page.locator(`.sidebar .pane-body .monaco-list-row[aria-level="${level}"]`);
  }

  /** Waits for the stage's row to count `findings`. */
  async function stageRow(stage: string, findings: number): Promise<Locator> {
    const row = planRows(1).and(vscode.page.locator(`[aria-label="${stage}, ${findings} finding${findings === 1 ? '' : 's'}"]`));
    await waitUntil(`"${stage}" to count ${findings} findings`, 60_000, async () => {
      if ((await row.count()) === 1) return true;
      // Scrolled past, a stage row shows only as its sticky copy (no level): back up, as a user would.
      if ((await planRows(1).filter({ hasText: stage }).count()) === 0) {
        await vscode.page.locator('.sidebar .pane-body .monaco-list').first().hover();
        await vscode.page.mouse.wheel(0, -300);
      }
      return false;
    });
    return row;
  }

  /** The Health webview's document (VS Code nests it in two frames). */
  function health(): FrameLocator {
    return vscode.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** The Health view's figures by name, as shown. */
  async function healthFigures(): Promise<Map<string, string>> {
    const rows = await health().locator('table.figures tr').allInnerTexts().catch(() => []);
    return new Map(rows.map((row) => row.split('\t').map((cell) => cell.trim())).map(([name, value]) => [name, value] as [string, string]));
  }
});
