/**
 * A split keeps what the module does when it runs, not only what it defines: globals that code
 * rebinds, import-time registrations and their order, or it refuses with the reason.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import type { FeatureGroup } from '../../../server/src/core/features/featureGrouping';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

async function split(fixture: string, groups?: FeatureGroup[]) {
  const files = memoryWorkspace(fixture);
  const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/shop/models.py`, groups });
  return { files, plan };
}

function group(name: string, symbols: string[]): FeatureGroup {
  return { name, symbols, codeLines: 0 };
}

const SALES = `
  #- shop/__init__.py
  #- shop/models.py
  PRODUCT_SALES = 0


  class Order:
      def __init__(self, total):
          self.total = total

      def pay(self):
          record_order_sale()
          return self.total


  def record_order_sale():
      global PRODUCT_SALES
      PRODUCT_SALES += 1


  class Product:
      def __init__(self, price):
          self.price = price


  def product_sales():
      return PRODUCT_SALES
`;

describe('split keeps run-time behaviour', () => {
  it('keeps a function that rebinds a global (`global NAME`) in the module defining it', async () => {
    const { files, plan } = await split(SALES);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const check = 'from shop.models import Order, product_sales\nOrder(1).pay()\nOrder(2).pay()\nprint(product_sales())\n';
    assert.equal(runPythonOn(files, check), '2\n');
    assert.equal(runPythonOn(after, check), '2\n');
    const partOf = (name: string) => [...after].find(([file, text]) => file.includes('/shop/models/') && !file.endsWith('__init__.py') && new RegExp(`^(def|class) ${name}\\b`, 'm').test(text))?.[0];
    assert.equal(partOf('record_order_sale'), partOf('product_sales'));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('refuses groups the user chose that separate a global from the function rebinding it', async () => {
    const { plan } = await split(SALES, [group('order', ['Order', 'record_order_sale']), group('product', ['PRODUCT_SALES', 'Product', 'product_sales'])]);
    assert.match(plan.result.safe ? '' : plan.result.reason, /`PRODUCT_SALES` and `record_order_sale` share the global `PRODUCT_SALES`, which code rebinds \(`global PRODUCT_SALES`\): in separate modules one would change a copy; put them in one group/);
  });

  it('refuses when code outside reads a rebound global from the module (the package would re-export a copy)', async () => {
    const { plan } = await split(`${SALES}\n  #- shop/report.py\n  import shop.models\n\n\n  def sales():\n      return shop.models.PRODUCT_SALES\n`);
    assert.match(plan.result.safe ? '' : plan.result.reason, /code outside reads `PRODUCT_SALES` from the module and code rebinds it/);
  });

  const REGISTRY = (order: string[]) => `
  #- shop/__init__.py
  #- shop/models.py
  REGISTRY = []


  def register(function):
      REGISTRY.append(function.__name__)
      return function
${order.map((name) => `\n\n  @register\n  def ${name}():\n      return 1\n`).join('')}

  print(REGISTRY)
`;
  const REGISTRY_GROUPS = [group('order', ['order_total', 'order_tax']), group('product', ['product_price']), group('_common', ['REGISTRY', 'register'])];

  it('imports every part from __init__.py, registrations in source order, and runs a statement reading the registry after them', async () => {
    const { files, plan } = await split(REGISTRY(['order_total', 'order_tax', 'product_price']), REGISTRY_GROUPS);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const check = 'import shop.models\n';
    assert.equal(runPythonOn(files, check), "['order_total', 'order_tax', 'product_price']\n");
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.match(after.get(`${ROOT}/shop/models/__init__.py`)!, /\nprint\(REGISTRY\)\n$/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('refuses when registrations of two parts are interleaved in the source (their order would change)', async () => {
    const { plan } = await split(REGISTRY(['order_total', 'product_price', 'order_tax']), REGISTRY_GROUPS);
    assert.match(plan.result.safe ? '' : plan.result.reason, /line 19 of models\.py would run at import before line 14 above it, in another module: registrations and module-level statements would change order/);
  });

  it('splits interleaved definitions decorated by the project\'s own wrappers (functools.wraps), which register nothing', async () => {
    const decorated = (decorator: string) => `
  #- shop/__init__.py
  #- shop/decorators.py
  from functools import wraps

  CALLS = []


  def require_setting(key):
      """Answers 404 unless the setting is on."""
      def decorator(f):
          @wraps(f)
          def wrapper(*args, **kwargs):
              return f(*args, **kwargs)

          return wrapper

      return decorator


  def counted(f):
      CALLS.append(f.__name__)
      return f
  #- shop/models.py
  from shop.decorators import ${decorator}
${['order_total', 'product_price', 'order_tax'].map((name) => `\n\n  @${decorator}${decorator === 'require_setting' ? '("ON")' : ''}\n  def ${name}():\n      return 1\n`).join('')}`;
    const groups = [group('order', ['order_total', 'order_tax']), group('product', ['product_price'])];
    const wrapped = await split(decorated('require_setting'), groups);
    assert.ok(wrapped.plan.result.safe, wrapped.plan.result.safe ? '' : wrapped.plan.result.reason);
    const after = applyEdit(wrapped.files, wrapped.plan.result.edit);
    assert.equal(runPythonOn(after, 'from shop.models import order_tax\nprint(order_tax())\n'), '1\n');
    assert.deepEqual(newPyflakesMessages(wrapped.files, after), []);
    const registering = await split(decorated('counted'), groups);
    assert.match(registering.plan.result.safe ? '' : registering.plan.result.reason, /would change order/);
  });

  it('keeps the order of receivers of one signal; admin and template library registrations need none, and a method named eval is no eval', async () => {
    const receivers = await split(`
  #- shop/__init__.py
  #- shop/models.py
  from django.core.signals import request_started
  from django.dispatch import receiver


  @receiver(request_started)
  def log_order(sender, **kwargs):
      return 1


  @receiver(request_started)
  def log_product(sender, **kwargs):
      return 2


  @receiver(request_started)
  def audit_order(sender, **kwargs):
      return 3
`, [group('order', ['log_order', 'audit_order']), group('product', ['log_product'])]);
    assert.match(receivers.plan.result.safe ? '' : receivers.plan.result.reason, /would change order/);
    const admin = await split(`
  #- shop/__init__.py
  #- shop/models.py
  from django import template
  from django.contrib import admin

  register = template.Library()


  class Order:
      pass


  class Product:
      pass


  @admin.register(Order)
  class OrderAdmin(admin.ModelAdmin):
      pass


  @admin.register(Product)
  class ProductAdmin(admin.ModelAdmin):
      pass


  admin.site.register(Order, admin.ModelAdmin, name="again")


  @register.filter(is_safe=True)
  def order_total(value):
      return value


  @register.simple_tag
  def product_price():
      return 1


  @register.filter
  def order_tax(value):
      return value


  class Eval:
      def eval(self, context):
          return context.eval(1)
`, [group('order', ['Order', 'OrderAdmin', 'order_total', 'order_tax']), group('product', ['register', 'Product', 'ProductAdmin', 'product_price', 'Eval'])]);
    assert.ok(admin.plan.result.safe, admin.plan.result.safe ? '' : admin.plan.result.reason);
  });

  it('keeps importable from the package an import the module’s own strings name by its path, with keep-reexports off', async () => {
    const files = memoryWorkspace(`
  #- shop/__init__.py
  #- shop/models.py
  from json import dumps


  class Order:
      def as_json(self):
          return dumps({})


  class Product:
      SERIALIZER = "shop.models.dumps"
`);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/shop/models.py`, groups: [group('order', ['Order']), group('product', ['Product'])], keepReexports: false });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const check = 'import importlib\nfrom shop.models import Product\nmodule, name = Product.SERIALIZER.rsplit(".", 1)\nprint(getattr(importlib.import_module(module), name).__name__)\n';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });
});
