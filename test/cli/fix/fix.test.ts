import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { runPythonScript } from '../../helpers/refactor/refactorFixture';
import { ORDER_SHOP } from '../../helpers/refactor/orderShop';
import { discountBlock } from '../../helpers/python/discountBlock';

/** The order shop with `quote` and `preview`, two copies of one block under other names. */
const SHOP = `${ORDER_SHOP}

  def quote(request):
      lines = request["lines"]
      subtotal = 0
      for line in lines:
          if line.get("gift"):
              continue
          subtotal += line["qty"] * 10
      discount = 5 if subtotal > 100 else 0
      subtotal -= discount
      tax = round(subtotal * 0.2, 2)
      shipping = 0 if subtotal > 50 else 7
      return {"subtotal": subtotal + tax + shipping}


  def preview(request):
      items = request["lines"]
      subtotal = 0
      for line in items:
          if line.get("gift"):
              continue
          subtotal += line["qty"] * 10
      discount = 5 if subtotal > 100 else 0
      subtotal -= discount
      tax = round(subtotal * 0.2, 2)
      shipping = 0 if subtotal > 50 else 7
      return {"preview": subtotal + tax + shipping}
`;

const CALL_EVERY_VIEW = `
  from shop.views import checkout, quote, preview
  request = {"customer": "ada", "lines": [{"sku": "a", "qty": 12}, {"sku": "b", "qty": 3}, {"sku": "c", "qty": 1, "gift": True}]}
  print(checkout(request), quote(request), preview(request))
`;

describe('untangle fix (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(SHOP);
  });
  afterEach(() => removeWorkspace(root));

  const views = () => fs.readFileSync(path.join(root, 'shop/views.py'), 'utf8');

  it('prints a diff and writes nothing with --dry-run', () => {
    const before = views();
    const run = untangle(['fix', '--rule', 'logic-heavy-view', '--dry-run'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ b\/shop\/controllers\/order_controllers\.py\n/m);
    assert.match(run.stdout, /^\+def handle_checkout\(customer\):$/m, 'the controller takes the values the view read from the request, not the request');
    assert.match(run.stderr, /^would apply: Move logic of `checkout` to `controllers\/order_controllers\.py`/m);
    assert.match(run.stderr, /^1 applied, 0 refused, 0 not offered, 3 files would change$/m);
    assert.equal(views(), before);
    assert.equal(fs.existsSync(path.join(root, 'shop/controllers')), false);
  });

  it('moves view logic to a controller; the views return what they returned before', () => {
    const before = runPythonScript(root, CALL_EVERY_VIEW);
    const run = untangle(['fix', '--rule', 'logic-heavy-view'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Move logic of `checkout`/m);
    assert.match(views(), /from \.controllers\.order_controllers import handle_checkout/);
    assert.ok(fs.existsSync(path.join(root, 'shop/controllers/__init__.py')));
    assert.equal(runPythonScript(root, CALL_EVERY_VIEW), before);
    assert.equal(untangle(['check', '--format', 'json'], root).stdout.includes('"logic-heavy-view"'), false, 'nothing left to move');
  });

  it('extracts a duplicated block into utils/; every copy calls it', () => {
    const before = runPythonScript(root, CALL_EVERY_VIEW);
    // The copies differ in their own names (`lines` / `items`): near-copies, the hard stage's to generalise.
    const soft = untangle(['fix', '--rule', 'duplicate-block'], root);
    assert.match(soft.stdout, /^0 applied, 0 refused, 0 not offered, 0 files changed$/m, soft.stdout);
    const run = untangle(['fix', '--rule', 'duplicate-block', '--stage', 'hard'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Extract duplicated block into `\w+\(\)` in `utils\/\w+\.py`/m);
    const after = views();
    const calls = after.match(/^ {4}subtotal, tax = (\w+)\(request\)$/gm) ?? [];
    assert.equal(calls.length, 2, after);
    assert.equal(new Set(calls).size, 1, 'both copies call one function');
    assert.equal(runPythonScript(root, CALL_EVERY_VIEW), before);
  });

  it('reports a view whose logic cannot leave the request as not offered, not as refused', () => {
    const plumbing = [
      '',
      '',
      'def audit(request):',
      '    for line in request["lines"]:',
      '        for part in line["sku"]:',
      '            if part:',
      '                request.setdefault("seen", []).append(part)',
      '    return request',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'shop/views.py'), views() + plumbing);
    const run = untangle(['fix', '--rule', 'logic-heavy-view', '--dry-run'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^not offered: Move logic of `audit` to `controllers\/\w+\.py` \(shop\/views\.py:\d+\): the view has no statements to move that do not read the request/m);
    assert.doesNotMatch(run.stderr, /^refused: /m);
    assert.match(run.stderr, /^1 applied, 0 refused, 1 not offered, \d+ files would change$/m);
  });

  it('reports the duplicates it offers no fix for, with the reason, and leaves those files alone', () => {
    const edited = views()
      .replace(/(in lines:[^]*?)line\["qty"\] \* 10/, '$1round(line["qty"]) * 10')
      .replace(/(in items:[^]*?)line\["qty"\] \* 10/, '$1abs(line["qty"]) * 10');
    fs.writeFileSync(path.join(root, 'shop/views.py'), edited);
    const before = views();
    const run = untangle(['fix', '--rule', 'duplicate-block', '--stage', 'hard'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^not offered: Extract duplicated block into utils \(shop\/views\.py:\d+\): views\.py:\d+: the copies differ in `round\(line\["qty"\]\)` \/ `abs\(line\["qty"\]\)`, which is evaluated once per pass of the loop/m);
    assert.match(run.stdout, /^0 applied, 0 refused, 1 not offered, 0 files changed$/m);
    assert.equal(views(), before);
  });

  it('turns values that differ between copies into parameters', () => {
    fs.writeFileSync(path.join(root, 'shop/views.py'), views().replace(/(in items:[^]*?)\* 10/, '$1* 12'));
    const before = runPythonScript(root, CALL_EVERY_VIEW);
    const run = untangle(['fix', '--rule', 'duplicate-block', '--stage', 'hard'], root);
    assert.match(run.stdout, /^applied: Extract duplicated block into `\w+\(\)` in `utils\/\w+\.py`: replaces 2 copies with calls to `\w+\(request, factor\)`/m);
    assert.match(views(), /= \w+\(request, 10\)/);
    assert.match(views(), /= \w+\(request, 12\)/);
    assert.equal(runPythonScript(root, CALL_EVERY_VIEW), before);
  });

  it('moves one symbol with --move and --to; its importers follow', () => {
    fs.writeFileSync(path.join(root, 'shop/api.py'), 'from .views import quote, preview\n\n\ndef both(request):\n    return quote(request), preview(request)\n');
    // Nothing imports quote from views.py any more (no re-export): the other views and the importer are called.
    const script = `${CALL_EVERY_VIEW.replace('checkout, quote, preview', 'checkout, preview').replace(' quote(request),', '')}\n  from shop.api import both\n  print(both({"lines": [{"qty": 2}]}))`;
    const before = runPythonScript(root, script);
    const run = untangle(['fix', '--move', 'shop.views:quote', '--to', 'shop.pricing.quotes'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Move `quote` to `pricing\/quotes\.py`: moves `quote` to pricing\/quotes\.py, updates 1 importer, and leaves no re-export in views\.py \(its `__all__` does not list `quote`\)$/m, 'nothing imports it from there any more');
    assert.equal(fs.readFileSync(path.join(root, 'shop/api.py'), 'utf8').split('\n')[0], 'from .views import preview');
    assert.ok(fs.existsSync(path.join(root, 'shop/pricing/__init__.py')), 'the new package is a package');
    assert.equal(runPythonScript(root, script), before);
  });

  it('rewrites the migrations that import it, though analysis leaves them out (they would no longer load)', () => {
    fs.mkdirSync(path.join(root, 'shop/migrations'));
    fs.writeFileSync(path.join(root, 'shop/migrations/__init__.py'), '');
    fs.writeFileSync(path.join(root, 'shop/migrations/0001_initial.py'), 'import shop.views\n\nDEFAULT = shop.views.quote\n');
    const run = untangle(['fix', '--move', 'shop.views:quote', '--to', 'shop.pricing.quotes'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /updates 1 importer/);
    assert.equal(fs.readFileSync(path.join(root, 'shop/migrations/0001_initial.py'), 'utf8'), 'import shop.pricing.quotes\n\nDEFAULT = shop.pricing.quotes.quote\n');
    assert.match(runPythonScript(root, 'import importlib\nprint(importlib.import_module("shop.migrations.0001_initial").DEFAULT.__name__)'), /^quote$/m);
  });

  it('with keep-reexports off, an importer reading it through an aliased module import follows too', () => {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.untangle.refactor]\nkeep-reexports = false\n');
    fs.writeFileSync(path.join(root, 'shop/api.py'), 'import shop.views as sv\n\n\ndef both(request):\n    return sv.quote(request), sv.preview(request)\n');
    const script = 'from shop.api import both\nprint(both({"lines": [{"qty": 2}]}))';
    const before = runPythonScript(root, script);
    const run = untangle(['fix', '--move', 'shop.views:quote', '--to', 'shop.pricing.quotes'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Move `quote` to `pricing\/quotes\.py`: moves `quote` to pricing\/quotes\.py, updates 1 importer$/m);
    assert.doesNotMatch(views(), /quote/, 'no re-export');
    assert.equal(
      fs.readFileSync(path.join(root, 'shop/api.py'), 'utf8'),
      'import shop.views as sv\nimport shop.pricing.quotes as quotes\n\n\ndef both(request):\n    return quotes.quote(request), sv.preview(request)\n',
    );
    assert.equal(runPythonScript(root, script), before);
  });

  it('refuses a change to a file in another encoding than UTF-8 (it writes UTF-8 only), and leaves its bytes alone', () => {
    const latin1 = Buffer.from(`# -*- coding: latin-1 -*-\n${views().replace('sku="receipt"', 'sku="reçu"')}`, 'latin1');
    fs.writeFileSync(path.join(root, 'shop/views.py'), latin1);
    const before = runPythonScript(root, CALL_EVERY_VIEW);
    const run = untangle(['fix', '--rule', 'logic-heavy-view'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^refused: Move logic of `checkout` .*: shop\/views\.py is encoded as latin1, and fix writes UTF-8 only/m);
    assert.match(run.stdout, /^0 applied, \d+ refused, \d+ not offered, 0 files changed$/m);
    assert.deepEqual(fs.readFileSync(path.join(root, 'shop/views.py')), latin1);
    assert.equal(fs.existsSync(path.join(root, 'shop/controllers')), false);
    assert.equal(runPythonScript(root, CALL_EVERY_VIEW), before);
  });

  it('names the flag when --rule is wrong or --move lacks --to', () => {
    const noTarget = untangle(['fix', '--move', 'shop.views:quote'], root);
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /--to: --move needs --to MODULE/);
    const run = untangle(['fix', '--rule', 'long-lines'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--rule: /);
  });
});

describe('untangle fix over several paths', function () {
  this.timeout(30_000);
  it('takes the paths of one project together, as check does: a block copied between two folders is extracted once', () => {
    const block = discountBlock();
    const root = writeWorkspace(`
      #- orders/__init__.py
      #- billing/__init__.py
    `);
    try {
      fs.writeFileSync(path.join(root, 'orders/discounts.py'), block);
      fs.writeFileSync(path.join(root, 'billing/invoices.py'), block);
      const run = untangle(['fix', 'orders', 'billing', '--rule', 'duplicate-block', '--dry-run'], root);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^would apply: Extract duplicated block into `\w+\(\)` in `utils\/\w+\.py`: replaces 2 copies with calls to /m);
      assert.match(run.stderr, /^1 applied, 0 refused, \d+ not offered, \d+ files would change$/m);
    } finally {
      removeWorkspace(root);
    }
  });

  it('keeps what code outside the paths given (here one file) imports from a module it splits (Django’s contenttypes takes flatten_fieldsets from admin.options)', () => {
    const root = writeWorkspace(`
      #- pyproject.toml
      [tool.untangle]
      #- app/__init__.py
      #- app/big.py
      from collections import OrderedDict


      def create_order(items):
          order = OrderedDict()
          for item in items:
              order[item] = 1
          return order


      def cancel_order(order):
          order.clear()
          return order


      def list_products(catalog):
          return sorted(catalog)


      def price_product(product, rate):
          return product * rate
      #- other/__init__.py
      #- other/use.py
      from app.big import OrderedDict, create_order

      print(OrderedDict.__name__, create_order.__name__)
    `);
    try {
      const run = untangle(['fix', 'app/big.py', '--rule', 'long-file', '--max-code-lines', '10'], root);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^applied: Split `big\.py`/m);
      assert.match(fs.readFileSync(path.join(root, 'app/big/__init__.py'), 'utf8'), /^from collections import OrderedDict$/m);
      assert.equal(runPythonScript(root, 'import other.use'), 'OrderedDict create_order\n');
    } finally {
      removeWorkspace(root);
    }
  });
});
