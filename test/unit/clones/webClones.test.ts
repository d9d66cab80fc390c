import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadFile, unloadFile } from '../../../server/src/analysis/loadWorkspace';
import { withDuplicateBlock } from '../../helpers/workspace/workspaceIndexFixture';
import { copyWebFixture, loadWebIndex, WEB_FIXTURE, webDuplicates } from '../../helpers/workspace/webFixture';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { silenceFinding } from '../../../server/src/refactor/silenceFinding';
import { applyTextEdits } from '../../../server/src/refactor/domainEdit';

const STATIC = 'shop/static/shop';
const TEMPLATES = 'shop/templates/shop';

/** Every clone of the fixture, as jscpd's detector reports them through the duplicate rule. */
const ALL = [
  `${STATIC}/account.css:5-23 → ${STATIC}/orders.css:1 ${STATIC}/vendor/table.css:1`,
  `${STATIC}/cart.js:3-15 → ${TEMPLATES}/checkout.html:6`,
  `${STATIC}/orders.css:1-19 → ${STATIC}/account.css:5 ${STATIC}/vendor/table.css:1`,
  `${STATIC}/vendor/table.css:1-19 → ${STATIC}/account.css:5 ${STATIC}/orders.css:1`,
  `${TEMPLATES}/account.html:6-17 → ${TEMPLATES}/order_list.html:5`,
  `${TEMPLATES}/checkout.html:6-18 → ${STATIC}/cart.js:3`,
  `${TEMPLATES}/order_list.html:5-16 → ${TEMPLATES}/account.html:6`,
];

describe('duplicates in templates and static files (jscpd)', function () {
  this.timeout(20_000);
  let root: string;
  beforeEach(() => (root = copyWebFixture()));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds copied template markup, JavaScript (a template’s inline <script> too) and CSS, linking every place', async () => {
    const index = await loadWebIndex(root);
    assert.deepEqual(webDuplicates(index, root), ALL);
    const [css] = index.findingsFor(path.join(root, STATIC, 'orders.css'));
    assert.equal(css.message, '19 lines duplicated in 3 places');
    assert.deepEqual(css.range, { start: { line: 0, character: 0 }, end: { line: 18, character: 1 } });
    assert.equal(index.webPaths().length, 7);
    assert.deepEqual(index.analyzedPaths().map((file) => path.relative(root, file)), ['shop/__init__.py', 'shop/views.py'], 'templates are not Python');
  });

  it('leaves out what the exclude globs and duplicateBlock.exclude rule out, without reading it', async () => {
    fs.writeFileSync(path.join(root, STATIC, 'orders.min.css'), fs.readFileSync(path.join(root, STATIC, 'orders.css')));
    const settings = { ...withDuplicateBlock({ exclude: [...DEFAULT_SETTINGS.duplicateBlock.exclude, '**/vendor/**'] }), exclude: ['**/checkout.html'] };
    const index = await loadWebIndex(root, settings);
    assert.deepEqual(webDuplicates(index, root), [
      `${STATIC}/account.css:5-23 → ${STATIC}/orders.css:1`,
      `${STATIC}/orders.css:1-19 → ${STATIC}/account.css:5`,
      `${TEMPLATES}/account.html:6-17 → ${TEMPLATES}/order_list.html:5`,
      `${TEMPLATES}/order_list.html:5-16 → ${TEMPLATES}/account.html:6`,
    ]);
    assert.ok(!index.has(path.join(root, STATIC, 'vendor/table.css')) && !index.has(path.join(root, STATIC, 'orders.min.css')), 'minified files are excluded by default');
    assert.deepEqual(index.skipped(), []);
  });

  it('reads only the languages duplicateBlock.languages lists, and nothing when the rule is off', async () => {
    const cssOnly = await loadWebIndex(root, withDuplicateBlock({ languages: ['python', 'css'] }));
    assert.deepEqual(webDuplicates(cssOnly, root), ALL.filter((line) => /^\S+\.css:/.test(line)));
    assert.deepEqual(cssOnly.webPaths().map((file) => path.extname(file)), ['.css', '.css', '.css']);
    const pythonOnly = await loadWebIndex(root, withDuplicateBlock({ languages: ['python'] }));
    assert.deepEqual(pythonOnly.webPaths(), []);
    assert.deepEqual(webDuplicates(pythonOnly, root), []);
    const off = await loadWebIndex(root, withDuplicateBlock({ enabled: false }));
    assert.deepEqual(off.paths().map((file) => path.relative(root, file)), ['shop/__init__.py', 'shop/views.py']);
  });

  it('counts a clone’s lines as Python’s are counted: first to last line, at least minLines', async () => {
    // The JavaScript clone spans lines 3 to 15 of cart.js: 13 lines.
    const at13 = await loadWebIndex(root, withDuplicateBlock({ minLines: 13 }));
    assert.ok(webDuplicates(at13, root).some((line) => line.startsWith(`${STATIC}/cart.js:3-15`)));
    const at14 = await loadWebIndex(root, withDuplicateBlock({ minLines: 14 }));
    assert.ok(!webDuplicates(at14, root).some((line) => line.includes('cart.js')));
  });

  it('follows edits, new files and removals as a fresh scan sees them', async () => {
    const index = await loadWebIndex(root);
    const account = path.join(root, TEMPLATES, 'account.html');
    const orders = path.join(root, STATIC, 'orders.css');
    // The edited file is detected last against the others: typing on repeats that.
    await loadFile(index, account, '<p>No table here any more.</p>\n');
    await loadFile(index, account, '<p>Nor here.</p>\n');
    // Another file edited: the base is rebuilt from the frames kept.
    await loadFile(index, orders, 'h1 { color: red; }\n');
    const copy = path.join(root, STATIC, 'copy.js');
    fs.copyFileSync(path.join(root, STATIC, 'cart.js'), copy);
    await loadFile(index, copy);
    await unloadFile(index, path.join(root, TEMPLATES, 'checkout.html'));
    fs.writeFileSync(account, '<p>Nor here.</p>\n');
    fs.writeFileSync(orders, 'h1 { color: red; }\n');
    fs.rmSync(path.join(root, TEMPLATES, 'checkout.html'));
    const fresh = await loadWebIndex(root);
    assert.deepEqual(webDuplicates(index, root), webDuplicates(fresh, root));
    assert.deepEqual(webDuplicates(fresh, root), [
      `${STATIC}/account.css:5-23 → ${STATIC}/vendor/table.css:1`,
      `${STATIC}/cart.js:1-15 → ${STATIC}/copy.js:1`,
      `${STATIC}/copy.js:1-15 → ${STATIC}/cart.js:1`,
      `${STATIC}/vendor/table.css:1-19 → ${STATIC}/account.css:5`,
    ]);
    // order_list.html shares nothing now, so its frames went into the base unwalked; a paste of it is still found.
    const orderList = fs.readFileSync(path.join(root, TEMPLATES, 'order_list.html'), 'utf8');
    await loadFile(index, account, orderList);
    fs.writeFileSync(account, orderList);
    assert.deepEqual(webDuplicates(index, root), webDuplicates(await loadWebIndex(root), root));
    assert.ok(webDuplicates(index, root).includes(`${TEMPLATES}/account.html:1-17 → ${TEMPLATES}/order_list.html:1`), webDuplicates(index, root).join('\n'));
  });

  it('forgets the clones of a language when the last file holding it drops it', async () => {
    fs.rmSync(path.join(root, 'shop/static'), { recursive: true });
    fs.rmSync(path.join(root, TEMPLATES, 'checkout.html'));
    const twice = path.join(root, 'twice.js');
    const script = fs.readFileSync(path.join(WEB_FIXTURE, STATIC, 'cart.js'), 'utf8');
    fs.writeFileSync(twice, `${script}\n${script.replace('renderTotals', 'renderAgain')}`);
    const index = await loadWebIndex(root);
    assert.ok(webDuplicates(index, root).includes('twice.js:3-15 → twice.js:19'));
    // Emptied, it holds no JavaScript token: nothing else is detected again, yet its clone must go.
    await loadFile(index, twice, '// nothing left\n');
    assert.deepEqual(webDuplicates(index, root).filter((line) => line.includes('twice.js')), []);
  });

  it('honours the jscpd:ignore markers its quick fix writes', async () => {
    const index = await loadWebIndex(root);
    const account = path.join(root, TEMPLATES, 'account.html');
    const [finding] = index.findingsFor(account);
    const snapshot = { read: (file: string) => fs.readFileSync(file, 'utf8'), exists: fs.existsSync, pythonFiles: () => [] };
    const { result } = silenceFinding(snapshot, { file: account, rule: finding.rule, line: finding.range.start.line, endLine: finding.range.end.line, wholeFile: false });
    assert.ok(result.safe);
    await loadFile(index, account, applyTextEdits(fs.readFileSync(account, 'utf8'), result.edit.edits.get(account)!));
    assert.deepEqual(index.findingsFor(account), []);
    assert.deepEqual(index.findingsFor(path.join(root, TEMPLATES, 'order_list.html')), [], 'one place left is no clone');
  });

  it('skips a template or static file over 100 KB (jscpd’s maxSize) with the reason, and one that is not text', async () => {
    const big = path.join(root, STATIC, 'big.js');
    fs.writeFileSync(big, 'var x = 1;\n'.repeat(12_000));
    fs.writeFileSync(path.join(root, TEMPLATES, 'binary.html'), Buffer.from([0x3c, 0x00, 0x3e]));
    const index = await loadWebIndex(root);
    assert.deepEqual(
      index.skipped().map((s) => [path.basename(s.path), s.reason]),
      [
        ['big.js', "129 KB is over the 100 KB limit (jscpd's maxSize, for templates and static files)"],
        ['binary.html', 'binary file (NUL byte at offset 1)'],
      ],
    );
    assert.deepEqual(webDuplicates(index, root), ALL);
  });

  it('ends each place of a copy within its file, where jscpd ends the second at the first-seen frame, which may be in a third file', async () => {
    const rules = (name: string, count: number) => Array.from({ length: count }, (_, i) => `.${name}-${i} { margin: ${i}px; padding: ${i}px; }\n`).join('');
    const [head, tail] = [rules('head', 10), rules('tail', 10)];
    const css = path.join(root, STATIC, 'copies');
    fs.mkdirSync(css);
    // First in the walk: the tail's frames are first seen here, past the other files' last token.
    fs.writeFileSync(path.join(css, 'a.css'), rules('pad', 40) + tail);
    for (const name of ['b.css', 'c.css']) fs.writeFileSync(path.join(css, name), head + tail);
    const index = await loadWebIndex(root);
    const found = webDuplicates(index, root).filter((line) => line.includes('copies/'));
    assert.deepEqual(found, [
      `${STATIC}/copies/a.css:40-50 → ${STATIC}/copies/b.css:1 ${STATIC}/copies/c.css:1`,
      `${STATIC}/copies/b.css:1-20 → ${STATIC}/copies/a.css:40 ${STATIC}/copies/c.css:1`,
      `${STATIC}/copies/c.css:1-20 → ${STATIC}/copies/a.css:40 ${STATIC}/copies/b.css:1`,
    ]);
    for (const finding of index.findings()) assert.doesNotMatch(finding.message, /NaN/);
  });
});
