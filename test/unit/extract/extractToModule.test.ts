import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractToModule, type ExtractRequest } from '../../../server/src/refactor/extract/extractToModule';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const VIEWS = `${ROOT}/shop/views.py`;
const CONTROLLERS = `${ROOT}/shop/controllers/order_controllers.py`;

/** 0-based line of the first line of `files[file]` containing `needle`. */
function lineOf(files: Map<string, string>, file: string, needle: string): number {
  const line = files.get(file)!.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${file}`);
  return line;
}

async function extract(files: Map<string, string>, from: string, to: string, target = CONTROLLERS, functionName = 'place_order') {
  const request: ExtractRequest = {
    file: VIEWS,
    startLine: lineOf(files, VIEWS, from),
    endLine: lineOf(files, VIEWS, to),
    targetFile: target,
    functionName,
  };
  return extractToModule(await loadPythonParser(), snapshotOf(files), request);
}


const SHOP = `
  #- shop/__init__.py
  #- shop/models.py
  class Order:
      def __init__(self, lines):
          self.lines = lines
          self.total = 0
  #- shop/views.py
  import math
  from decimal import Decimal as D
  from .models import Order


  def checkout(request):
      cart = request["cart"]
      order = Order(cart)
      subtotal = D("0")
      for line in order.lines:
          if line["qty"] <= 0:
              continue
          subtotal += D(line["price"]) * line["qty"]
      tax = (subtotal * D("0.2")).quantize(D("0.01"))
      order.total = subtotal + tax
      rounded = math.ceil(order.total)
      return {"total": str(order.total), "rounded": rounded}
`;

const CHECK = `
  from shop.views import checkout
  print(checkout({"cart": [{"price": "10.50", "qty": 2}, {"price": "3", "qty": 0}, {"price": "1.25", "qty": 4}]}))
`;

describe('extract statements to another module', () => {
  it('moves the logic into a new controllers package, with parameters, returns and carried imports', async () => {
    const files = memoryWorkspace(SHOP);
    const before = runPythonOn(files, CHECK);
    const result = await extract(files, 'subtotal = D("0")', 'order.total = subtotal + tax');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.deepEqual(result.edit.createFiles, [`${ROOT}/shop/controllers/__init__.py`, CONTROLLERS]);
    assert.equal(result.summary, 'moves 4 statements of `checkout` into `place_order(order)` in controllers/order_controllers.py');
    const after = applyEdit(files, result.edit);
    assert.equal(
      after.get(CONTROLLERS),
      dedent(`
        from decimal import Decimal as D


        def place_order(order):
            subtotal = D("0")
            for line in order.lines:
                if line["qty"] <= 0:
                    continue
                subtotal += D(line["price"]) * line["qty"]
            tax = (subtotal * D("0.2")).quantize(D("0.01"))
            order.total = subtotal + tax
      `),
    );
    assert.match(after.get(VIEWS)!, /from \.controllers\.order_controllers import place_order\nfrom \.models import Order\n/);
    assert.match(after.get(VIEWS)!, /    order = Order\(cart\)\n    place_order\(order\)\n    rounded = math\.ceil/);
    assert.equal(runPythonOn(after, CHECK), before, 'the view returns exactly what it returned before');
  });

  it('moves a nested function that returns, with the statements that call it (its return stays its own)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def report(request):
          rows = request["rows"]
          def weight(row):
              return row["qty"] * 2
          heaviest = max(rows, key=weight)
          return {"heaviest": heaviest["sku"]}
    `);
    const check = 'from shop.views import report\nprint(report({"rows": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 3}]}))';
    const before = runPythonOn(files, check);
    const result = await extract(files, 'def weight(row):', 'heaviest = max(');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /    rows = request\["rows"\]\n    heaviest = place_order\(rows\)\n/);
    assert.equal(runPythonOn(after, check), before);
  });

  it('returns what the rest of the function reads, as a tuple when several', async () => {
    const files = memoryWorkspace(SHOP);
    const before = runPythonOn(files, CHECK);
    const result = await extract(files, 'cart = request["cart"]', 'tax = (subtotal');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /    order, subtotal, tax = place_order\(request\)\n/);
    assert.match(after.get(CONTROLLERS)!, /from \.\.models import Order\n/, 'a relative import is rewritten for the new place');
    assert.match(after.get(CONTROLLERS)!, /    return order, subtotal, tax\n$/);
    assert.equal(runPythonOn(after, CHECK), before);
  });

  it('appends to an existing module without repeating its imports', async () => {
    const files = memoryWorkspace(`${SHOP}
  #- shop/controllers/__init__.py
  #- shop/controllers/order_controllers.py
  from decimal import Decimal as D


  def existing():
      return D("1")
`);
    const result = await extract(files, 'subtotal = D("0")', 'order.total = subtotal + tax');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.deepEqual(result.edit.createFiles, []);
    const after = applyEdit(files, result.edit);
    const target = after.get(CONTROLLERS)!;
    assert.equal(target.match(/from decimal import Decimal as D/g)?.length, 1);
    assert.match(target, /def existing\(\):\n    return D\("1"\)\n\n\ndef place_order\(order\):\n/);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('imports a helper of the source module inside the new function: views.py imports the controller at its top', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def helper(r):
          return r * 2


      def checkout(request):
          x = helper(request)
          return x
    `);
    const result = await extract(files, 'x = helper', 'x = helper');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(CONTROLLERS), 'def place_order(request):\n    from shop.views import helper\n    return helper(request)\n');
    const check = 'from shop.views import checkout\nprint(checkout(21))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('passes a value the statements may overwrite and then read (the branch may not run)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def checkout(request):
          label = "no"
          if request:
              label = "yes"
          print(label)
          return label
    `);
    const result = await extract(files, 'if request:', 'print(label)');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(result.summary, /`place_order\(request, label\)`/);
    const check = 'from shop.views import checkout\nprint(checkout(0), checkout(1))';
    assert.equal(runPythonOn(applyEdit(files, result.edit), check), runPythonOn(files, check));
  });

  it('passes a name bound on every arm of an if/else or try before the statements (a handler that continues binds nothing)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def dashboard(request, tickets):
          if request["staff"]:
              per_page = 10
          else:
              per_page = 25
          rows = []
          for t in tickets:
              try:
                  value = int(t)
              except ValueError:
                  continue
              rows.append(value)
          rows = rows[:per_page]
          total = sum(rows)
          return {"rows": rows, "total": total}
    `);
    const result = await extract(files, 'rows = []', 'total = sum(rows)');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /^ {4}rows, total = place_order\(tickets, per_page\)$/m);
    const check = 'from shop.views import dashboard\nprint(dashboard({"staff": True}, ["1", "x", "3"]), dashboard({"staff": False}, []))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('wraps a call and a signature longer than the project\'s line length (black\'s [tool.black] line-length here)', async () => {
    const files = memoryWorkspace(`
      #- pyproject.toml
      [tool.black]
      line-length = 60
      #- shop/__init__.py
      #- shop/views.py
      def quote(request, customer_account, shopping_cart, discount_coupon):
          subtotal = sum(shopping_cart) - discount_coupon
          tax = subtotal * customer_account
          return {"subtotal": subtotal, "tax": tax}
    `);
    const result = await extract(files, 'subtotal = sum', 'tax = subtotal', CONTROLLERS, 'handle_quote_for_customer');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /^ {4}subtotal, tax = handle_quote_for_customer\(\n {8}shopping_cart, discount_coupon, customer_account\n {4}\)$/m);
    assert.match(after.get(CONTROLLERS)!, /^def handle_quote_for_customer\(\n {4}shopping_cart, discount_coupon, customer_account\n\):$/m);
    const check = 'from shop.views import quote\nprint(quote(None, 2, [1, 2, 3], 1))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('does not return a name the code after it binds again before reading (a later loop variable)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def checkout(request):
          total = 0
          for line in request:
              total += line
          for line in request:
              print(line)
          return total
    `);
    const result = await extract(files, 'total = 0', '    total += line');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    assert.match(result.summary, /`place_order\(request\)`/);
    assert.match(applyEdit(files, result.edit).get(VIEWS)!, /^ {4}total = place_order\(request\)$/m, 'only total is returned');
  });

  it('into a module the source imports from: the names imported from there are the target’s own, and need no import', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/pricing.py
      def total(cart):
          return sum(cart)
      #- shop/views.py
      from shop.pricing import total


      def checkout(cart):
          n = total(cart)
          m = n * 3
          return m
    `);
    const result = await extract(files, 'n = total(cart)', 'm = n * 3', `${ROOT}/shop/pricing.py`, 'count');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.equal(after.get(`${ROOT}/shop/pricing.py`), 'def total(cart):\n    return sum(cart)\n\n\ndef count(cart):\n    n = total(cart)\n    return n * 3\n');
    const check = 'from shop.views import checkout\nprint(checkout([1, 2]))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  describe('refuses, saying why', () => {
    const refusal = async (fixture: string, from: string, to: string, target = CONTROLLERS, name = 'place_order') => {
      const result = await extract(memoryWorkspace(fixture), from, to, target, name);
      assert.equal(result.safe, false);
      return result.safe ? '' : result.reason;
    };
    /** shop/views.py holding `header` lines, then `def checkout(request):` with `body` lines (indented for you). */
    const view = (body: string[], header: string[] = []) =>
      `#- shop/__init__.py\n#- shop/views.py\n${[...header, 'def checkout(request):', ...body.map((line) => `    ${line}`)].join('\n')}\n`;

    it('a return inside the statements', async () => {
      assert.match(await refusal(view(['x = 1', 'if x:', '    return x', 'return 2']), 'x = 1', 'return x'), /return from the function \(line 4\)/);
    });

    it('a break or continue that leaves the statements', async () => {
      const body = ['for i in range(3):', '    y = i', '    if y:', '        break', 'return 0'];
      assert.match(await refusal(view(body), 'y = i', 'break'), /`break` leaves the statements/);
    });

    it('global, locals() and eval', async () => {
      assert.match(await refusal(view(['global counter', 'counter = 1', 'return counter']), 'global counter', 'counter = 1'), /declare `global counter`/);
      assert.match(await refusal(view(['a = 1', 'b = locals()', 'return b']), 'a = 1', 'b = locals()'), /`locals\(\)`/);
      assert.match(await refusal(view(['a = "1"', 'b = eval(a)', 'return b']), 'a = "1"', 'b = eval(a)'), /`eval\(\)`/);
    });

    it('yield, await and async for or with: the new function would be neither a generator nor a coroutine', async () => {
      assert.match(await refusal(view(['for i in range(3):', '    yield i']), 'for i in range(3)', 'yield i'), /the statements yield \(line 3\)/);
      const coroutine = (body: string[]) => view(body).replace('def checkout', 'async def checkout');
      assert.match(await refusal(coroutine(['data = await request.json()', 'return data']), 'data = await', 'data = await'), /the statements await \(line 2\)/);
      assert.match(await refusal(coroutine(['async for row in request:', '    print(row)']), 'async for', 'print(row)'), /`async for` \(line 2\)/);
      assert.match(await refusal(coroutine(['async with request as r:', '    print(r)']), 'async with', 'print(r)'), /`async with` \(line 2\)/);
      assert.match(await refusal(coroutine(['rows = [r async for r in request]', 'return rows']), 'rows =', 'rows ='), /`async for` \(line 2\)/);
    });

    it('a continue that leaves the statements', async () => {
      const body = ['for i in range(3):', '    if i == 1:', '        continue', '    print(i)', 'return 0'];
      assert.match(await refusal(view(body), 'if i == 1', '        continue'), /`continue` leaves the statements \(line 4\)/);
    });

    it('nonlocal', async () => {
      const body = ['count = 0', 'def bump():', '    nonlocal count', '    count += 1', 'bump()', 'return count'];
      assert.match(await refusal(view(body), 'nonlocal count', 'count += 1'), /declare `nonlocal count` \(line 4\)/);
    });

    it('vars(), dir(), exec() and zero-argument super(), which see the function itself', async () => {
      assert.match(await refusal(view(['a = 1', 'b = vars()', 'return b']), 'a = 1', 'b = vars()'), /`vars\(\)`/);
      assert.match(await refusal(view(['a = 1', 'b = dir()', 'return b']), 'a = 1', 'b = dir()'), /`dir\(\)`/);
      assert.match(await refusal(view(['exec("a = 1")', 'return 0']), 'exec(', 'exec('), /`exec\(\)`/);
      const method = '#- shop/__init__.py\n#- shop/views.py\nclass Base:\n    def get(self):\n        return 1\nclass Orders(Base):\n    def get(self):\n        n = super().get()\n        return n\n';
      assert.match(await refusal(method, 'n = super()', 'n = super()'), /`super\(\)` without arguments/);
      const files = memoryWorkspace(view(['a = vars(request)', 'return a']));
      assert.ok((await extract(files, 'a = vars', 'a = vars')).safe, 'vars(x) is x.__dict__ wherever it runs');
    });

    it('a private name of the class, which Python renames inside it only', async () => {
      const method = '#- shop/__init__.py\n#- shop/views.py\nclass Orders:\n    def get(self):\n        self.__seen = True\n        return self\n';
      assert.match(await refusal(method, 'self.__seen', 'self.__seen'), /private name `__seen`.*\(line 3\)/);
    });

    it('a name that may come from a star import', async () => {
      assert.match(await refusal(view(['x = helper(request)', 'return x'], ['from .utils import *']), 'x = helper', 'x = helper'), /may come from `from \.utils import \*`/);
    });

    it('a selection that is not whole statements, or not in a function', async () => {
      assert.match(await refusal(view(['total = (1 +', '         2)', 'return total']), 'total = (1 +', 'total = (1 +'), /ends inside a statement/);
      assert.match(await refusal(view(['return 1'], ['LIMIT = 3', 'OTHER = 4']), 'LIMIT = 3', 'OTHER = 4'), /not inside a function/);
    });

    it('a value assigned only on some paths and read afterwards', async () => {

      assert.match(await refusal(view(['if request:', '    label = "yes"', 'return label']), 'if request:', 'label = "yes"'), /`label` is assigned only on some paths/);
    });

    it('a target that imports the source when it loads (importing the new function back would be a cycle)', async () => {
      for (const importer of ['import shop.views', 'from shop.views import LIMIT', 'try:\n    from . import views\nexcept ImportError:\n    views = None']) {
        const fixture = `${view(['x = 1', 'return x'], ['LIMIT = 3'])}#- shop/controllers/__init__.py\n#- shop/controllers/order_controllers.py\n${importer.replace('from . ', 'from .. ')}\n`;
        assert.match(await refusal(fixture, 'x = 1', 'x = 1'), /order_controllers\.py imports views\.py at module level: importing `place_order` from it at the top of views\.py would be an import cycle/, importer);
      }
    });

    it('a parameter that may be unbound when the statements start (assigned on one arm only before them)', async () => {
      const body = ['if request:', '    page = 1', 'rows = []', 'if request:', '    rows.append(page)', 'return rows'];
      assert.match(await refusal(view(body), 'rows = []', 'rows.append(page)'), /`page` may be unbound when the statements start/);
    });

    it('a new package beside a module of its name, and a new module beside a package of its name', async () => {
      const beside = `${view(['x = 1', 'return x'])}#- shop/controllers.py
def helper():
    pass
`;
      assert.match(await refusal(beside, 'x = 1', 'x = 1'), /controllers\.py exists: a new package `controllers\/` beside it would shadow it/);
      const shadowed = `${view(['x = 1', 'return x'])}#- shop/controllers/__init__.py
#- shop/controllers/order_controllers/__init__.py
`;
      assert.match(await refusal(shadowed, 'x = 1', 'x = 1'), /a package `order_controllers\/` exists: a new module order_controllers\.py beside it would never be imported/);
    });

    it('a name clash in the target', async () => {
      const fixture = `${view(['x = 1', 'return x'])}#- shop/controllers/__init__.py\n#- shop/controllers/order_controllers.py\ndef place_order():\n    pass\n`;
      assert.match(await refusal(fixture, 'x = 1', 'x = 1'), /already defines `place_order`/);
    });
  });

  it('calls through the target module the source already imports (`from . import utils` → `utils.compute_total(…)`), unless the function rebinds that name (simple-history’s commands)', async () => {
    const fixture = (local: string) => memoryWorkspace(`
      #- shop/__init__.py
      #- shop/utils.py
      def label(text):
          return text.upper()
      #- shop/views.py
      from . import utils


      def checkout(lines):
          ${local}total = 0
          for line in lines:
              total += line
          return utils.label(str(total))
    `);
    const [files, shadowing] = [fixture(''), fixture('utils = __import__("shop.utils").utils\n          ')];
    const result = await extract(files, 'total = 0', 'total += line', `${ROOT}/shop/utils.py`, 'compute_total');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /^from \. import utils\n\n\ndef checkout\(lines\):\n    total = utils\.compute_total\(lines\)\n/);
    assert.equal(runPythonOn(after, 'from shop.views import checkout\nprint(checkout([1, 2]))'), '3\n');
    const direct = await extract(shadowing, 'total = 0', 'total += line', `${ROOT}/shop/utils.py`, 'compute_total');
    assert.ok(direct.safe, direct.safe ? '' : direct.reason);
    assert.match(applyEdit(shadowing, direct.edit).get(VIEWS)!, /from \.utils import compute_total\n[^]*    total = compute_total\(lines\)\n/);
  });
});
