import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import type { FeatureGroup } from '../../../server/src/core/features/featureGrouping';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const MODELS = `${ROOT}/shop/models.py`;

async function split(fixture: string, groups?: FeatureGroup[]) {
  const files = memoryWorkspace(fixture);
  const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups });
  return { files, plan };
}

function group(name: string, symbols: string[]): FeatureGroup {
  return { name, symbols, codeLines: 0 };
}

/** Plain Python (no Django), so the same script can run before and after the split. */
const SHOP = `
  #- shop/__init__.py
  #- shop/pricing.py
  RATE = 2
  #- shop/report.py
  from shop.models import STATUSES, OrderedDict, _dump
  #- shop/models.py
  """Everything the shop stores."""
  import json
  import logging as log
  from collections import OrderedDict, defaultdict
  from .pricing import RATE
  from .pricing import RATE as BASE_RATE

  __all__ = ["Order", "Product", "order_total"]
  STATUSES = ("new", "paid")


  # A product on sale.
  class Product:
      def __init__(self, price):
          self.price = price

      def orders(self):
          """Orders are found through the order group."""
          return [o for o in Order.registry if self in o.items]


  class Order:
      registry = []

      def __init__(self, *items):
          self.items = list(items)
          self.status = STATUSES[0]
          Order.registry.append(self)


  EMPTY_ORDER_ITEM = Product(0)


  def order_total(order):
      return sum(p.price for p in order.items) * RATE


  def _dump(order):
      from .pricing import RATE as rate
      return json.dumps(OrderedDict(status=order.status, rate=rate))
  # end of models
`;

const CHECK = `
  import shop.models as m
  from shop.models import Order, Product, order_total
  from shop.report import STATUSES
  p = Product(3)
  o = Order(p, Product(4))
  print(order_total(o), p.orders() == [o], m._dump(o), STATUSES, sorted(m.__all__), m.BASE_RATE, m.OrderedDict)
`;

describe('split a module into feature modules', () => {
  it('makes a package: one module per group, each importing what it uses; __init__ re-exports what other modules use', async () => {
    const { files, plan } = await split(SHOP, [group('product', ['Product']), group('order', ['STATUSES', 'Order', 'EMPTY_ORDER_ITEM', 'order_total', '_dump'])]);
    assert.equal(plan.title, 'Split `models.py` into feature modules (product, order)');
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.deepEqual(plan.result.edit.deleteFiles, [MODELS]);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(after.has(MODELS), false);
    assert.equal(
      after.get(`${ROOT}/shop/models/__init__.py`),
      [
        '"""Everything the shop stores."""',
        '',
        'import logging as log',
        'from collections import defaultdict',
        'from ..pricing import RATE as BASE_RATE',
        '',
        'from .product_models import Product',
        'from .order_models import Order, order_total',
        'from . import order_models',
        '',
        '',
        '# Not in __all__, and importable from here as before.',
        'STATUSES = order_models.STATUSES',
        'EMPTY_ORDER_ITEM = order_models.EMPTY_ORDER_ITEM',
        '_dump = order_models._dump',
        'OrderedDict = order_models.OrderedDict',
        '',
        '__all__ = ["Order", "Product", "order_total"]',
        '',
        '# end of models',
        '',
      ].join('\n'),
      'the imports nothing used, as they were; what __all__ lists re-exported, the other definitions and the import report.py takes from here (OrderedDict) assigned (importing them would be unused to pyflakes); __all__ and trailing comments as they were',
    );
    assert.equal(
      after.get(`${ROOT}/shop/models/product_models.py`),
      [
        '# A product on sale.',
        'class Product:',
        '    def __init__(self, price):',
        '        self.price = price',
        '',
        '    def orders(self):',
        '        """Orders are found through the order group."""',
        '        from .order_models import Order',
        '        return [o for o in Order.registry if self in o.items]',
        '',
      ].join('\n'),
      'order needs Product when it is imported, so product imports Order inside the function that uses it',
    );
    const order = after.get(`${ROOT}/shop/models/order_models.py`)!;
    assert.match(order, /^import json\nfrom collections import OrderedDict\nfrom \.\.pricing import RATE\n\nfrom \.product_models import Product\n\n\nSTATUSES = \("new", "paid"\)\n\n\nclass Order:/);
    assert.match(order, /^ {4}from \.\.pricing import RATE as rate$/m, 'a function-local relative import gains a level too');
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('puts what several features share in _common_models.py, which the features import and which imports none of them', async () => {
    // A distributed package (setup.py): its package keeps the old imports for code outside the workspace.
    const { files, plan } = await split(`
      #- setup.py
      #- shop/__init__.py
      #- shop/models.py
      from decimal import Decimal

      CURRENCY = "EUR"
      CENTS = Decimal("0.01")
      LIMIT = 3


      def money(value):
          return Decimal(value).quantize(CENTS)


      class Customer:
          def __init__(self, name):
              self.name = name
              self.credit = money(0)


      class Order:
          def __init__(self, customer, total):
              self.customer = customer
              self.total = money(total)

          def label(self):
              return f"{self.total} {CURRENCY} for {self.customer.name}"

          def small(self):
              return self.total < LIMIT


      class Payment:
          def __init__(self, order):
              self.order = order

          def label(self):
              return f"{money(self.order.total)} {CURRENCY} paid"
    `);
    assert.equal(plan.title, 'Split `models.py` into feature modules (order, payment, _common, customer)');
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const module = (name: string) => after.get(`${ROOT}/shop/models/${name}.py`)!;
    assert.equal(
      module('_common_models'),
      [
        'from decimal import Decimal',
        '',
        '',
        'CURRENCY = "EUR"',
        'CENTS = Decimal("0.01")',
        '',
        '',
        'def money(value):',
        '    return Decimal(value).quantize(CENTS)',
        '',
      ].join('\n'),
      'the shared constants and helper, with the constant only the helper uses; neighbours keep their layout',
    );
    assert.match(module('order_models'), /^from \._common_models import money, CURRENCY\n\n\nLIMIT = 3\n\n\nclass Order:/, 'a constant one feature uses stays with it');
    assert.match(module('payment_models'), /^from \._common_models import money, CURRENCY\n\n\nclass Payment:/, 'payment imports the shared helper from _common, not from order');
    assert.match(module('customer_models'), /^from \._common_models import money\n/);
    assert.match(
      module('__init__'),
      /^from decimal import Decimal\n\nfrom \.order_models import LIMIT, Order\nfrom \.payment_models import Payment\nfrom \._common_models import CURRENCY, CENTS, money\nfrom \.customer_models import Customer\n\n\n__all__ = \[\n {4}"LIMIT",\n {4}"Order",\n {4}"Payment",\n {4}"CURRENCY",\n {4}"CENTS",\n {4}"money",\n {4}"Customer",\n {4}# Imported by the old module: code may import them from here\.\n {4}"Decimal",\n\]\n$/,
      'a new __all__ lists the re-exports, the old imports after the definitions, one a line',
    );
    const check = 'from shop.models import CENTS, CURRENCY, Customer, Order, Payment, money\nprint(Payment(Order(Customer("Ann"), 2)).label(), Order(Customer("Bo"), 5).label(), money(1), CENTS, CURRENCY)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('breaks a cycle of model relations with lazy strings', async () => {
    const { files, plan } = await split(`
      #- shop/__init__.py
      #- shop/models.py
      from django.db import models


      class Customer(models.Model):
          favourite = models.ForeignKey(Product, on_delete=models.SET_NULL, null=True)


      class Product(models.Model):
          made_for = models.ForeignKey(to=Customer, on_delete=models.CASCADE)
    `, [group('customer', ['Customer']), group('product', ['Product'])]);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const customer = after.get(`${ROOT}/shop/models/customer_models.py`)!;
    const product = after.get(`${ROOT}/shop/models/product_models.py`)!;
    assert.match(customer, /favourite = models\.ForeignKey\("Product", on_delete/);
    assert.match(product, /made_for = models\.ForeignKey\(to="Customer", on_delete/);
    assert.doesNotMatch(customer + product, /from \.\w+_models import/);
  });

  it('refuses a cycle of other import-time uses, naming it', async () => {
    const { plan } = await split(`
      #- shop/__init__.py
      #- shop/models.py
      class Base:
          pass


      class Order(Base):
          pass


      class SpecialBase(Order):
          pass
    `, [group('base', ['Base', 'SpecialBase']), group('order', ['Order'])]);
    assert.equal(plan.result.safe, false);
    assert.match(plan.result.safe ? '' : plan.result.reason, /import each other in a cycle \((base|order) → (order|base) → \1\)/);
  });

  it('merges the groups of such a cycle when it chose them itself, naming the merged module after the larger', async () => {
    const { files, plan } = await split(`
      #- shop/__init__.py
      #- shop/models.py
      class Customer:
          kind = "customer"


      class Order:
          pass


      class CustomerProfile(Order):
          pass


      class CustomerAddress:
          pass


      class OrderNote(Customer):
          lines = 2


      class OrderLine:
          pass


      class Payment:
          pass


      class PaymentRefund(Payment):
          pass


      class PaymentReceipt(Payment):
          pass
    `);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.match(plan.title, /^Split `models\.py` into feature modules \((customer|order), payment\)$/);
    const after = applyEdit(files, plan.result.edit);
    const check = 'from shop.models import CustomerProfile, OrderNote, PaymentReceipt\nprint(OrderNote.kind, OrderNote.lines, CustomerProfile.__mro__[1].__name__, PaymentReceipt.__mro__[1].__name__)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('refuses when other modules import a name the module never defines (made at run time, as django-simple-history does)', async () => {
    const { plan } = await split(`
      #- shop/__init__.py
      #- shop/models.py
      class Customer:
          pass


      class Payment:
          pass
      #- shop/reports.py
      from shop.models import HistoricalCustomer
    `, [group('customer', ['Customer']), group('payment', ['Payment'])]);
    assert.match(plan.result.safe ? '' : plan.result.reason, /other modules import `HistoricalCustomer` from models\.py, which never defines it: something makes it at run time/);
  });

  for (const [what, source, reason] of [
    ['a star import', 'from .pricing import *\n\nA = 1\n\n\ndef b():\n    return A', /import \*/],
    ['__file__', 'import os\n\nHERE = os.path.dirname(__file__)\n\n\ndef b():\n    return HERE', /__file__/],
    ['globals()', 'A = 1\n\n\ndef b():\n    return globals()["A"]', /globals/],
    ['getattr(sys.modules[__name__], …)', 'import sys\n\nA = 1\n\n\ndef b(name):\n    return getattr(sys.modules[__name__], name)', /reads its own globals dynamically \(`sys\.modules\[__name__\]`\)/],
    ['eval', 'A = 1\n\n\ndef b(expression):\n    return eval(expression)', /reads its own globals dynamically \(`eval`\)/],
    ['exec', 'A = 1\n\n\ndef b(source):\n    exec(source, None)', /reads its own globals dynamically \(`exec`\)/],
    ['a conditional import two groups read', 'try:\n    import ujson as json\nexcept ImportError:\n    import json\n\nA = json\n\n\ndef b():\n    return json', /^line 1 imports conditionally at module level, and what it binds \(json\) is read in a, b; move it to a module of its own first$/],
    ['a conditional import doing more than importing', 'try:\n    import ujson as json\nexcept ImportError:\n    print("slow")\n    import json\n\nA = 1\n\n\ndef b():\n    return json', /^line 1 imports conditionally at module level and does more than import/],
  ] as const) {
    it(`refuses a module with ${what}`, async () => {
      const { plan } = await split(`#- shop/__init__.py\n#- shop/models.py\n${source}\n`, [group('a', [source.includes('HERE') ? 'HERE' : 'A']), group('b', ['b'])]);
      assert.equal(plan.result.safe, false);
      assert.match(plan.result.safe ? '' : plan.result.reason, reason);
    });
  }

  it('moves a conditional import, once, to the one module that reads what it binds', async () => {
    const source = [
      '#- shop/__init__.py',
      '#- shop/models.py',
      'try:',
      '    from asgiref.local import Local as LocalContext  # newer Django',
      'except (ImportError, RuntimeError):',
      '    from threading import local as LocalContext',
      '    HAS_ASGIREF = False',
      'else:',
      '    HAS_ASGIREF = True',
      '',
      '',
      'class Recorder:',
      '    context = LocalContext()',
      '',
      '',
      'def price():',
      '    return 1',
      '#- shop/use.py',
      'from shop.models import HAS_ASGIREF, LocalContext, Recorder',
      'print(HAS_ASGIREF in (True, False), type(Recorder.context) is type(LocalContext()))',
      '',
    ].join('\n');
    const { files, plan } = await split(source, [group('history', ['Recorder']), group('pricing', ['price'])]);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/models/history_models.py`)!, /^try:\n    from asgiref\.local import Local as LocalContext  # newer Django\n(.*\n){4}    HAS_ASGIREF = True\n\n\nclass Recorder:/);
    assert.doesNotMatch(after.get(`${ROOT}/shop/models/pricing_models.py`)!, /LocalContext/);
    assert.equal(runPythonOn(after, 'import shop.use'), 'True True\n');
  });

  it('applies the groups and the module pattern the user chose, and checks them', async () => {
    const files = memoryWorkspace(SHOP);
    const groups = [group('catalogue', ['Product']), group('sales', ['STATUSES', 'Order', 'EMPTY_ORDER_ITEM', 'order_total', '_dump'])];
    const chosen = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups, featureModule: 'models_{feature}.py' });
    assert.ok(chosen.result.safe, chosen.result.safe ? '' : chosen.result.reason);
    assert.deepEqual([...chosen.result.edit.edits.keys()].map((f) => f.slice(`${ROOT}/shop/models/`.length)).sort(), ['__init__.py', 'models_catalogue.py', 'models_sales.py']);

    const twice = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [...groups, group('again', ['Product'])] });
    assert.match(twice.result.safe ? '' : twice.result.reason, /`Product` is in two groups/);
    const missing = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [groups[0], group('sales', ['Order'])] });
    assert.match(missing.result.safe ? '' : missing.result.reason, /`STATUSES` is in no group/);
    const badName = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [groups[0], group('sales-2', groups[1].symbols as string[])] });
    assert.match(badName.result.safe ? '' : badName.result.reason, /`sales-2` cannot name a module/);
  });

  it('points a test’s patch of a name the module looks up at the feature module that reads it', async () => {
    const files = memoryWorkspace(SHOP).set(`${ROOT}/shop/tests.py`, 'from unittest import mock\n\n\n@mock.patch("shop.models.json")\ndef test_dump(json):\n    pass\n');
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [group('catalogue', ['Product']), group('sales', ['STATUSES', 'Order', 'EMPTY_ORDER_ITEM', 'order_total', '_dump'])] });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.match(applyEdit(files, plan.result.edit).get(`${ROOT}/shop/tests.py`)!, /^@mock\.patch\("shop\.models\.sales_models\.json"\)$/m);
  });

  it('refuses when a package of the same name exists', async () => {
    const files = memoryWorkspace(SHOP).set(`${ROOT}/shop/models/__init__.py`, '');
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS });
    assert.equal(plan.result.safe, false);
    assert.match(plan.result.safe ? '' : plan.result.reason, /`models\/` exists already/);
  });
});
