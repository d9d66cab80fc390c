/**
 * The query rules' code actions on a copy of examples/shop, proven with Django: the activity
 * pages (a comprehension, a list API view with a nested serializer, an admin list_display
 * method) and the boards (a template's {% for %} over a render() context, a get_context_data
 * context and an inclusion tag's, and the rows of the orders' own queryset method, whose returns
 * both get the lookup) make more queries per row; after the n-plus-one actions their
 * query count no longer depends on the rows, and the shop's suite passes. The missing-index action's migration applies
 * and leaves `makemigrations --check` clean.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../server/src/core/config/settings';
import type { Finding } from '../../server/src/core/model/finding';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { missingIndex } from '../../server/src/detectors/missingIndex';
import { nPlusOne } from '../../server/src/detectors/nPlusOne';
import { applyTextEdits, type WorkspaceSnapshot } from '../../server/src/refactor/domainEdit';
import { refactoringForFinding } from '../../server/src/refactor/findingRefactoring';
import { pythonFiles } from '../helpers/django/djangoModel';
import { copyExample, pythonWithDjango, runPython } from '../helpers/django/djangoProject';
import { sourcesOfFolder } from '../helpers/django/querySources';

interface QueryCount {
  readonly url: string;
  readonly rows2: number;
  readonly rows5: number;
}

describe('the query rules on examples/shop', function () {
  this.timeout(600_000);
  let shop: string;
  beforeEach(() => {
    shop = copyExample('shop');
  });
  afterEach(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('n-plus-one: the activity pages make one query per row, and a constant number after the code actions', async () => {
    const python = pythonWithDjango();
    const before = queryCounts(python, shop, false);
    assert.deepEqual(before.map((count) => [count.url, count.rows5 - count.rows2]), PAGES);

    const applied = await applyEvery(shop, 'n-plus-one');
    assert.deepEqual(applied.map((finding) => path.relative(shop, finding.path)).sort(), [
      'shop/activity.py', 'shop/activity.py', 'shop/activity_admin.py', 'shop/boards.py', 'shop/boards.py', 'shop/models.py', 'shop/tasks.py', 'shop/templatetags/board_tags.py', 'shop/views.py',
    ]);
    assert.deepEqual(await rule(shop, 'n-plus-one'), []);

    const after = queryCounts(python, shop, true);
    assert.deepEqual(after.map((count) => [count.url, count.rows5 - count.rows2]), PAGES.map(([url]) => [url, 0]));
    console.log(`      queries per request (2 rows → 5 rows), before: ${summary(before)}; after: ${summary(after)}`);
    assertSuitePasses(python, shop, true);
  });

  it('missing-index: the migration the code action writes applies, and the models match it', async () => {
    const python = pythonWithDjango();
    const findings = (await rule(shop, 'missing-index')).filter((finding) => /looked up in/.test(finding.message));
    // Product.stock: the low-stock report orders `Product.objects.low_stock()` by it, the product search filters on it.
    // Product.name: the product search orders `Product.objects.active().search(text)` by it, and search() filters on it.
    assert.deepEqual(findings.map((finding) => finding.message.split(' ')[0]).sort(), ['Product.name', 'Product.price', 'Product.stock', 'Subscription.frequency']);
    const applied = await applyEvery(shop, 'missing-index', (finding) => /looked up in/.test(finding.message));
    assert.equal(applied.length, 4);
    const created = fs.readdirSync(path.join(shop, 'shop/migrations')).filter((name) => /^000[3-5]_/.test(name));
    assert.deepEqual(created, ['0003_product_name_idx.py', '0004_product_stock_idx.py', '0005_product_price_idx.py']);
    const sql = runPython(python, ['manage.py', 'sqlmigrate', 'shop', '0005'], shop);
    assert.match(sql.output, /CREATE INDEX "product_price_idx" ON "shop_product" \("price"\)/, sql.output);
    assertSuitePasses(python, shop, false);
    assert.deepEqual((await rule(shop, 'missing-index')).filter((finding) => /looked up in/.test(finding.message)), []);
  });
});

/** The pages whose queries the shop's tests count, and how many more each makes for 3 more rows as written. */
const PAGES: readonly [string, number][] = [
  ['/activity/loyalty/', 3],
  ['/activity/notifications/', 3],
  ['/admin/shop/notification/', 3],
  // The reviews board's template reads the product and the customer of each review.
  ['/boards/reviews/', 6],
  // The questions board's template reads the product of each question (get_context_data), its recent-reviews tag the customer of each review.
  ['/boards/questions/', 6],
  // The orders board's template reads the customer of each order Order.objects.recent() returns, through either of its returns.
  ['/boards/orders/', 3],
  ['/boards/orders/?days=7', 3],
];

/** Runs the activity and boards test modules, which record the queries of each page with 2 and with 5 rows. */
function queryCounts(python: string, shop: string, expectConstant: boolean): QueryCount[] {
  const report = path.join(path.dirname(shop), `counts-${expectConstant}.jsonl`);
  const env = { ...process.env, SHOP_QUERY_COUNTS: report, ...(expectConstant ? { SHOP_EXPECT_CONSTANT_QUERIES: '1' } : {}) };
  const run = runPython(python, ['manage.py', 'test', '--noinput', 'shop.tests.test_activity', 'shop.tests.test_boards'], shop, 300_000, env);
  assert.equal(run.status, 0, run.output);
  const counts = fs.readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as QueryCount);
  return PAGES.map(([url]) => counts.find((count) => count.url === url)!);
}

function summary(counts: readonly QueryCount[]): string {
  return counts.map((count) => `${count.url} ${count.rows2}→${count.rows5}`).join(', ');
}

async function rule(shop: string, id: 'missing-index' | 'n-plus-one'): Promise<Finding[]> {
  const sources = await sourcesOfFolder(shop);
  return (id === 'missing-index' ? missingIndex : nPlusOne)(sources, DEFAULT_SETTINGS);
}

/** Applies the rule's code action to each finding in turn (re-detecting after each, as positions move), writing to disk. */
async function applyEvery(shop: string, id: 'missing-index' | 'n-plus-one', wanted: (finding: Finding) => boolean = () => true): Promise<Finding[]> {
  const parser = await loadPythonParser();
  const applied: Finding[] = [];
  const refused = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const finding = (await rule(shop, id)).find((candidate) => wanted(candidate) && !refused.has(`${candidate.path}:${candidate.message}`));
    if (!finding) break;
    const { result } = refactoringForFinding(parser, diskSnapshot(shop), finding, DEFAULT_SETTINGS);
    if (!result.safe) {
      refused.add(`${finding.path}:${finding.message}`);
      continue;
    }
    for (const file of result.edit.createFiles) fs.writeFileSync(file, '');
    for (const [file, edits] of result.edit.edits) fs.writeFileSync(file, applyTextEdits(fs.readFileSync(file, 'utf8'), edits));
    applied.push(finding);
  }
  assert.deepEqual([...refused], []);
  return applied;
}

function diskSnapshot(root: string): WorkspaceSnapshot {
  return {
    read: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
    exists: fs.existsSync,
    pythonFiles: () => pythonFiles(root),
  };
}

/** The shop's checks and suite; `fixedQueries`: the activity tests expect constant query counts. */
function assertSuitePasses(python: string, shop: string, fixedQueries: boolean): void {
  const env = fixedQueries ? { ...process.env, SHOP_EXPECT_CONSTANT_QUERIES: '1' } : process.env;
  for (const args of [['manage.py', 'check'], ['manage.py', 'makemigrations', '--check', '--dry-run'], ['manage.py', 'test', '--noinput']]) {
    const run = runPython(python, args, shop, 300_000, env);
    assert.equal(run.status, 0, `python ${args.join(' ')}:\n${run.output}`);
  }
}
