import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractDuplicate, type ClonePlaceLines } from '../../../server/src/refactor/duplicates/extractDuplicate';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { compileErrors, importErrors, moduleOfFile, newMessages, pyflakes } from '../../helpers/python/pythonOracle';

const BLOCK = (order: string, subtotal: string) =>
  [
    `    ${subtotal} = 0`,
    `    for line in ${order}["lines"]:`,
    `        ${subtotal} += line["price"] * line["qty"]`,
    `    if ${order}.get("coupon"):`,
    `        ${subtotal} -= ${order}["coupon"]`,
  ].join('\n');

const SHOP = `
#- shop/__init__.py
#- shop/views.py
def checkout(request):
    order = request["order"]
${BLOCK('order', 'subtotal')}
    return subtotal


def refund(request):
    order = request["order"]
${BLOCK('order', 'subtotal')}
    return -subtotal
#- shop/api.py
def quote(payload):
    basket = payload
${BLOCK('basket', 'amount')}
    return {"amount": amount}
`;

function placesOf(files: Map<string, string>, marker: RegExp): ClonePlaceLines[] {
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (marker.test(line)) places.push({ file, startLine: i, endLine: i + 4 });
    });
  }
  return places;
}


const CHECK = [
  'from shop.views import checkout, refund',
  'from shop.api import quote',
  'o = {"lines": [{"price": 3, "qty": 2}, {"price": 1, "qty": 5}], "coupon": 2}',
  'print(checkout({"order": o}), refund({"order": o}), quote(o))',
].join('\n');

describe('extract a duplicated block into utils/', () => {
  it('makes one function and calls it from every copy, renamed copies passing their own names', async () => {
    const files = memoryWorkspace(SHOP);
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    assert.equal(places.length, 3);
    const { title, result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(title, 'Extract duplicated block into `compute_amount()` in `utils/quote.py`', 'named from the first copy (api.py), in the module of its feature');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.deepEqual(result.edit.createFiles, [`${ROOT}/shop/utils/__init__.py`, `${ROOT}/shop/utils/quote.py`]);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(`${ROOT}/shop/utils/quote.py`), `def compute_amount(basket):\n${BLOCK('basket', 'amount')}\n    return amount\n`);
    assert.equal(after.get(`${ROOT}/shop/views.py`)!.match(/    subtotal = compute_amount\(order\)\n/g)?.length, 2, 'a renamed copy passes its own names');
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /^from shop\.utils\.quote import compute_amount\n\n\ndef checkout/, 'imported once, absolutely, as the module has no relative imports');
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /^from shop\.utils\.quote import compute_amount\n\n\ndef quote\(payload\):\n    basket = payload\n    amount = compute_amount\(basket\)\n/);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('turns values that differ between the copies into parameters, each copy passing its own', async () => {
    const files = memoryWorkspace(SHOP.replace('amount += line["price"] * line["qty"]', 'amount += line["price"] * line["cnt"]'));
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(`${ROOT}/shop/utils/quote.py`)!, /^def compute_amount\(basket, line_key\):\n {4}amount = 0\n {4}for line in basket\["lines"\]:\n {8}amount \+= line\["price"\] \* line\[line_key\]$/m);
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /amount = compute_amount\(basket, "cnt"\)/);
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /subtotal = compute_amount\(order, "qty"\)/);
    const check = CHECK.replace('{"price": 3, "qty": 2}, {"price": 1, "qty": 5}', '{"price": 3, "qty": 2, "cnt": 4}, {"price": 1, "qty": 5, "cnt": 1}');
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('takes the same string in other quotes for the same value, not a parameter (Django\'s test Client and AsyncClient)', async () => {
    const files = memoryWorkspace(SHOP.replace('amount += line["price"] * line["qty"]', "amount += line['price'] * line['qty']"));
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), placesOf(files, /^\s+(subtotal|amount) = 0$/));
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(`${ROOT}/shop/utils/quote.py`)!, /^def compute_amount\(basket\):\n/m);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('refuses copies that use other names from elsewhere, naming the difference', async () => {
    const files = memoryWorkspace(SHOP.replace('amount += line["price"] * line["qty"]', 'amount += line["price"] * abs(line["qty"])').replaceAll('subtotal += line["price"] * line["qty"]', 'subtotal += line["price"] * round(line["qty"])'));
    const places = placesOf(files, /^\s+(subtotal|amount) = 0$/);
    const { result } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /^(views|api)\.py:\d+: the copies differ in `abs\(line\["qty"\]\)` \/ `round\(line\["qty"\]\)`, which is evaluated once per pass of the loop at line \d+, not once, and it reads `line`, which the block binds/);
  });
});

/** Writes the workspace to a folder, runs `check` on it, removes it. */
function inFolder<T>(files: ReadonlyMap<string, string>, check: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-oracle-'));
  try {
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, path.relative(ROOT, file))), { recursive: true });
      fs.writeFileSync(path.join(dir, path.relative(ROOT, file)), text);
    }
    return check(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The oracle: no new pyflakes message, every file compiles, every module imports. */
function assertOracleHolds(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): void {
  const lintBefore = inFolder(before, (dir) => pyflakes(dir));
  inFolder(after, (dir) => {
    const files = [...after.keys()].filter((f) => f.endsWith('.py')).map((f) => path.relative(ROOT, f));
    assert.deepEqual(newMessages(lintBefore, pyflakes(dir)), []);
    assert.deepEqual(compileErrors(dir, files), []);
    assert.deepEqual(importErrors(dir, files.map(moduleOfFile)), []);
  });
}

async function extracted(fixture: string, marker: RegExp, lines: number) {
  const files = memoryWorkspace(fixture);
  const places: ClonePlaceLines[] = [];
  for (const [file, text] of files) {
    text.split('\n').forEach((line, i) => {
      if (marker.test(line)) places.push({ file, startLine: i, endLine: i + lines - 1 });
    });
  }
  const extraction = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
  const after = extraction.result.safe ? applyEdit(files, extraction.result.edit) : files;
  return { files, places, after, ...extraction };
}

/** The reduced real-world case: shop/utils.py exists, shop/orders.py holds the same block twice. */
const SHADOW_CASE = path.join(__dirname, '../../../../test/fixtures/refactor-regressions/utils-package-shadows-module');
const ORDERS = ['shop/__init__.py', 'shop/utils.py', 'shop/orders.py'].map((file) => `#- ${file}\n${fs.readFileSync(path.join(SHADOW_CASE, file), 'utf8')}`).join('\n');

describe('where an extracted duplicate goes, and what it is called', () => {
  it('extends the app\'s existing utils.py instead of creating a utils/ package that would shadow it', async () => {
    const { files, after, title, result } = await extracted(ORDERS, /^\s+total = 0$/, 5);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, 'Extract duplicated block into `compute_total_and_label()` in `utils.py`');
    assert.deepEqual(result.edit.createFiles, []);
    assert.ok(![...after.keys()].some((file) => file.includes('/shop/utils/')));
    assert.match(after.get(`${ROOT}/shop/utils.py`)!, /^def slug\(s\):\n(.*\n)+\n\ndef compute_total_and_label\(items, name\):\n {4}total = 0\n/);
    assert.match(after.get(`${ROOT}/shop/orders.py`)!, /^from shop\.utils import compute_total_and_label\n\n\ndef make_order/, '`slug` is now used in utils.py only');
    assertOracleHolds(files, after);
    const check = 'from shop.orders import make_order, make_invoice\nprint(make_order("A b", [{"price": 2, "qty": 3}]), make_invoice("C", []))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('puts utils in the app that holds models.py, grouped by feature, not beside management commands', async () => {
    const block = ['    count = 0', '    for book in Book.objects.all():', '        book.title = book.title.strip()', '        count += 1', '    print(count)'].join('\n');
    const { files, after, title, result } = await extracted(
      `
#- library/__init__.py
#- library/models.py
class Manager:
    def all(self):
        return []


class Book:
    objects = Manager()
#- library/management/__init__.py
#- library/management/commands/__init__.py
#- library/management/commands/tidy_books.py
from library.models import Book


def handle():
${block}
#- library/management/commands/tidy_shelves.py
from library.models import Book


def handle():
${block}
`,
      /^\s+count = 0$/,
      5,
    );
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, 'Extract duplicated block into `set_book_title()` in `utils/book.py`');
    assert.deepEqual(result.edit.createFiles, [`${ROOT}/library/utils/__init__.py`, `${ROOT}/library/utils/book.py`]);
    assert.match(after.get(`${ROOT}/library/management/commands/tidy_books.py`)!, /^from library\.utils\.book import set_book_title\n/m);
    assertOracleHolds(files, after);
  });

  it('calls a function already extracted with the same code instead of creating a twin', async () => {
    const first = await extracted(ORDERS.replace('#- shop/utils.py\ndef slug(s):\n    return s.lower().replace(" ", "-")\n', '#- shop/models.py\n#- shop/slugs.py\ndef slug(s):\n    return s.lower().replace(" ", "-")\n').replace('from shop.utils import slug', 'from shop.slugs import slug'), /^\s+total = 0$/, 5);
    assert.ok(first.result.safe, first.result.safe ? '' : first.result.reason);
    const utilsFile = [...first.after.keys()].find((file) => /\/shop\/utils\/\w+\.py$/.test(file) && !file.endsWith('__init__.py'))!;
    // The same block again, in a module of its own: found by another clone class.
    const again = new Map(first.after);
    again.set(`${ROOT}/shop/quotes.py`, first.files.get(`${ROOT}/shop/orders.py`)!.replace('from shop.utils import slug', 'from shop.slugs import slug').replaceAll('make_', 'quote_'));
    const places: ClonePlaceLines[] = [];
    again.get(`${ROOT}/shop/quotes.py`)!.split('\n').forEach((line, i) => {
      if (/^\s+total = 0$/.test(line)) places.push({ file: `${ROOT}/shop/quotes.py`, startLine: i, endLine: i + 4 });
    });
    const { title, result } = extractDuplicate(await loadPythonParser(), snapshotOf(again), places);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.equal(title, `Replace duplicated block with a call to \`compute_total_and_label()\` of \`utils/${path.basename(utilsFile)}\``);
    assert.deepEqual(result.edit.createFiles, []);
    assert.deepEqual([...result.edit.edits.keys()], [`${ROOT}/shop/quotes.py`], 'the utils module is left as it is');
    const after = applyEdit(again, result.edit);
    assert.match(after.get(`${ROOT}/shop/quotes.py`)!, /total, label = compute_total_and_label\(items, name\)/);
    assertOracleHolds(again, after);
  });

  it('names values after what the code says they are, never after a builtin, never with a number', async () => {
    const command = (name: string, help: string, limit: number) =>
      [`def ${name}(parser):`, `    parser.add_argument("--verbose", help="${help}")`, `    parser.add_argument("--limit", default=${limit})`, `    parser.set_defaults(mode="quiet")`, ''].join('\n');
    const { files, after, result } = await extracted(
      `\n#- tools/__init__.py\n#- tools/cli.py\n${command('add_sync', 'Say more', 10)}\n\n${command('add_export', 'Talk', 20)}`,
      /add_argument\("--verbose"/,
      3,
    );
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const util = [...after].find(([file]) => file.includes('/tools/utils/') && !file.endsWith('__init__.py'))!;
    assert.match(util[1], /^def \w+\(parser, help_text, default\):$/m, util[1]);
    assert.doesNotMatch(util[1], /shared_block|_2\b|\bvalue\b/);
    assertOracleHolds(files, after);
    const check = 'import argparse\nfrom tools.cli import add_sync, add_export\nfor f in (add_sync, add_export):\n    p = argparse.ArgumentParser()\n    f(p)\n    print(p.format_help(), p.parse_args([]))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });
});

describe('what is not offered, and what nested functions allow', () => {
  const fields = (name: string) => [`class ${name}(models.Model):`, '    title = models.CharField(max_length=200)', '    body = models.TextField(blank=True)', '    created = models.DateTimeField(auto_now_add=True)', ''].join('\n');
  for (const [what, fixture, marker, lines] of [
    ['model field declarations', `\n#- blog/__init__.py\n#- blog/models.py\nfrom django.db import models\n\n\n${fields('Post')}\n\n${fields('Page')}`, /^\s+title = models/, 3],
    ['model fields between the methods a clone cuts through', `\n#- blog/__init__.py\n#- blog/models.py\nfrom django.db import models\n\n\nclass Post(models.Model):\n    def words(self):\n        n = len(self.body.split())\n        return n\n\n\n${fields('Page')}\n    def __str__(self):\n        return self.title\n\n\nclass Note(models.Model):\n    def words(self):\n        n = len(self.body.split())\n        return n\n\n\n${fields('Draft')}\n    def __str__(self):\n        return self.title\n`, /^\s+return n$/, 11],
    ['a urls.py route list', '\n#- blog/__init__.py\n#- blog/urls.py\ndef urls():\n    a = path("a/", view)\n    b = path("b/", view)\n    c = path("c/", view)\n    return [a, b, c]\n\n\ndef more():\n    a = path("a/", view)\n    b = path("b/", view)\n    c = path("c/", view)\n    return [a, b, c]\n', /^\s+a = path/, 3],
    ['settings', '\n#- site/__init__.py\n#- site/settings/__init__.py\n#- site/settings/base.py\ndef db():\n    name = "x"\n    host = "y"\n    return name, host\n\n\ndef cache():\n    name = "x"\n    host = "y"\n    return name, host\n', /^\s+name = "x"/, 2],
    ['one-line @property accessors', '\n#- shop/__init__.py\n#- shop/models.py\nclass A:\n    @property\n    def total(self):\n        return self._total\n\n    @property\n    def count(self):\n        return self._count\n\n\nclass B:\n    @property\n    def total(self):\n        return self._total\n\n    @property\n    def count(self):\n        return self._count\n', /^\s+@property$/, 7],
  ] as const) {
    it(`offers no extraction for ${what}, saying why`, async () => {
      const files = memoryWorkspace(fixture);
      const places: ClonePlaceLines[] = [];
      for (const [file, text] of files) {
        text.split('\n').forEach((line, i) => {
          if (marker.test(line) && !places.some((p) => p.file === file && i <= p.endLine)) places.push({ file, startLine: i, endLine: i + lines - 1 });
        });
      }
      assert.ok(places.length >= 2);
      const { result, noise } = extractDuplicate(await loadPythonParser(), snapshotOf(files), places);
      assert.equal(result.safe, false);
      assert.ok(noise, `not marked as noise: ${result.safe ? '' : result.reason}`);
    });
  }

  it('still offers a duplicated block of a view, and never names it after a vague receiver (`save_t`)', async () => {
    const view = (name: string) => [`def ${name}(request, t):`, '    t.status = "done"', '    t.closed_by = request.user', '    t.save()', '    return t', ''].join('\n');
    const { files, after, title, result, noise } = await extracted(`\n#- tasks/__init__.py\n#- tasks/models.py\n#- tasks/views.py\n${view('close')}\n\n${view('finish')}`, /^\s+t\.status = "done"$/, 3);
    assert.equal(noise, undefined);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(title, /^Extract duplicated block into `update_status\(\)` in `utils\/\w+\.py`$/);
    assertOracleHolds(files, after);
  });

  it('leaves docstrings in place and names exception messages, keeping the code valid', async () => {
    const check = (name: string, what: string) =>
      [`def ${name}(condition, deferrable):`, `    """Check a ${what}.`, '', '    Long enough to span lines.', '    """', '    if condition and deferrable:', `        raise ValueError("${what} with conditions cannot be deferred.")`, '    if deferrable not in (None, "deferred"):', `        raise ValueError("${what}.deferrable must be a Deferrable.")`, ''].join('\n');
    const { files, after, title, result } = await extracted(`\n#- db/__init__.py\n#- db/constraints.py\n${check('check_exclusion', 'ExclusionConstraint')}\n\n${check('check_unique', 'UniqueConstraint')}`, /^\s+"""Check a/, 8);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(title, /^Extract duplicated block into `validate_\w+\(\)`/);
    assert.match(after.get(`${ROOT}/db/constraints.py`)!, /def check_unique\(condition, deferrable\):\n {4}"""Check a UniqueConstraint\.\n/, 'the docstring stays');
    const util = [...after].find(([file]) => file.includes('/db/utils/') && !file.endsWith('__init__.py'))!;
    assert.match(util[1], /^def validate_\w+\(condition, deferrable, message, other_message\):$/m, util[1]);
    assertOracleHolds(files, after);
    const run = 'from db.constraints import check_exclusion, check_unique\nfor f in (check_exclusion, check_unique):\n    try:\n        f(True, "x")\n    except ValueError as e:\n        print(e, f.__doc__)';
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
  });

  for (const [what, line] of [
    ['a multi-line string', '    label = """QQ\n    b""" if n else ""'],
  ] as const) {
    it(`refuses copies differing in ${what}, which no parameter can replace`, async () => {
      const fn = (name: string, other: string) => [`def ${name}(n):`, line.replace('QQ', other), '    total = n * 2', '    return label, total', ''].join('\n');
      const { result } = await extracted(`\n#- app/__init__.py\n#- app/labels.py\n${fn('one', 'a')}\n\n${fn('two', 'c')}`, /^\s+label = /, line.split('\n').length + 1);
      assert.equal(result.safe, false);
      assert.match(result.safe ? '' : result.reason, /the copies differ in/);
    });
  }

  it('refuses a block working on self: a util taking self is a method in disguise', async () => {
    const method = (name: string) => [`    def ${name}(self):`, '        self.count += 1', '        self.total = self.count * 2', ''].join('\n');
    const { result } = await extracted(`\n#- app/__init__.py\n#- app/counters.py\nclass A:\n${method('bump')}\n\nclass B:\n${method('bump')}`, /^\s+self\.count \+= 1$/, 2);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /the block assigns through `self` \(line 3\): a function in utils taking `self` would be a method in disguise/);
  });

  it('refuses to add an import to utils.py that would clash with its own use of the name', async () => {
    const fn = (name: string) => [`def ${name}(items):`, '    chosen = router.pick(items)', '    chosen.sort()', '    return chosen', ''].join('\n');
    const { result } = await extracted(`\n#- app/__init__.py\n#- app/routing.py\nrouter = object()\n#- app/utils.py\ndef routes(routers):\n    return [router for router in routers]\n#- app/views.py\nfrom app.routing import router\n\n\n${fn('a')}\n\n${fn('b')}`, /^\s+chosen = router/, 2);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /utils\.py already uses `router` for something else/);
  });

  it('returns what a handler assigns and the code after the try reads (the else clause does not run after a handler)', async () => {
    const waiter = (name: string) =>
      [`def ${name}(pid, ok):`, '    try:', '        if not ok:', '            raise LookupError(pid)', '        code = 0', '    except LookupError:', '        pid = -pid', '        code = 255', '        LOG.append(pid)', '    else:', '        code = 1', '    return pid, code', ''].join('\n');
    const { files, after, result } = await extracted(`\n#- jobs/__init__.py\n#- jobs/waiters.py\nLOG = []\n\n\n${waiter('wait_one')}\n\n${waiter('wait_two')}`, /^\s+pid = -pid$/, 3);
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(after.get(`${ROOT}/jobs/waiters.py`)!, /^ {8}pid, code = \w+\(pid\)$/m);
    assertOracleHolds(files, after);
    const run = 'from jobs.waiters import wait_one, wait_two, LOG\nprint(wait_one(3, False), wait_two(4, True), LOG)';
    assert.equal(runPythonOn(after, run), runPythonOn(files, run));
  });

  it('refuses a block that needs a helper of the views: a util never imports back from them', async () => {
    const view = (name: string) => [`def ${name}(request):`, '    data = _body(request)', '    name = data["name"].strip()', '    return name', ''].join('\n');
    const { result } = await extracted(`\n#- shop/__init__.py\n#- shop/views.py\ndef _body(request):\n    return request\n\n\n${view('a')}\n\n${view('b')}`, /^\s+data = _body/, 2);
    assert.equal(result.safe, false);
    assert.match(result.safe ? '' : result.reason, /^views\.py:\d+: the block uses `_body` of views\.py, and a util must not import back from the views; move it out of the views first$/);
  });

  it('names a block after the model it creates, not after its manager', async () => {
    const view = (name: string) => [`def ${name}(order):`, '    body = "Order %s" % order.pk', '    Notification.objects.create(order=order, body=body)', ''].join('\n');
    const { files, after, title } = await extracted(`\n#- shop/__init__.py\n#- shop/models.py\nclass Manager:\n    def create(self, **kw):\n        return kw\n\n\nclass Notification:\n    objects = Manager()\n#- shop/signals.py\nfrom shop.models import Notification\n\n\n${view('a')}\n\n${view('b')}`, /^\s+body = "Order/, 2);
    assert.match(title, /^Extract duplicated block into `create_notification\(\)` in `utils\/\w+\.py`$/);
    assertOracleHolds(files, after);
  });

  it('extracts identical runs inside nested functions (a decorator\'s wrapper), the closure\'s free names becoming parameters', async () => {
    const decorator = (name: string) =>
      [
        `def ${name}(func):`,
        '    def wrapper(*args, **kwargs):',
        '        started = time.monotonic()',
        '        result = func(*args, **kwargs)',
        '        elapsed = time.monotonic() - started',
        `        LOG.append((func.__name__, "${name}", round(elapsed, 3) >= 0))`,
        '        return result',
        '    return wrapper',
        '',
      ].join('\n');
    const { files, after, result } = await extracted(
      `\n#- jobs/__init__.py\n#- jobs/timing.py\nimport time\n\nLOG = []\n\n\n${decorator('timed')}\n\n${decorator('logged')}`,
      /^\s+started = time\.monotonic\(\)$/,
      4,
    );
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const util = [...after].find(([file]) => file.includes('/jobs/utils/') && !file.endsWith('__init__.py'))!;
    assert.match(util[1], /^def \w+\(func, args, kwargs, \w+\):$/m, util[1]);
    assertOracleHolds(files, after);
    const check = 'from jobs.timing import timed, logged, LOG\nprint(timed(lambda x: x + 1)(1), logged(len)([1, 2]), LOG)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });
});
