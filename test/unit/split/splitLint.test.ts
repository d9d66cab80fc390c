/**
 * The split's output as a linter sees it: pyflakes (Debian's) reports nothing new on a realistic
 * Django module split into a package, every file compiles and imports; imports keep the author's
 * layout and the project's line length.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import type { FeatureGroup } from '../../../server/src/core/features/featureGrouping';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf, writeMemoryWorkspace } from '../../helpers/refactor/refactorFixture';
import { compileErrors, importErrors, moduleOfFile, newMessages, pyflakes } from '../../helpers/python/pythonOracle';

const MODELS = `${ROOT}/shop/models.py`;

function group(name: string, symbols: string[]): FeatureGroup {
  return { name, symbols, codeLines: 0 };
}

const PROJECT = `
  #- proj/__init__.py
  #- proj/settings.py
  SECRET_KEY = "x"
  INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "shop"]
  DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
  USE_TZ = True
  #- shop/__init__.py
  #- shop/signals.py
  #- shop/reports.py
  from shop.models import OrderLine, _line_total


  def report(line: OrderLine):
      return _line_total(line)
`;

/** A models module as Django projects write them: wrapped imports, relations across features, a parameter named like an import. */
const MODELS_SOURCE = `
  #- shop/models.py
  """The shop's models."""
  import logging
  from decimal import Decimal

  from django.conf import settings
  from django.db import (
      connection,
      models,
      transaction,
  )
  from django.db.models import CheckConstraint, F, Q, Sum, UniqueConstraint, Value  # grouped as the author had it
  from django.utils import timezone

  import shop.signals  # noqa: F401  (connects the receivers)

  logger = logging.getLogger(__name__)
  TAX_RATE = Decimal("0.2")


  class Product(models.Model):
      name = models.CharField(max_length=100)
      price = models.DecimalField(max_digits=8, decimal_places=2)

      class Meta:
          constraints = [CheckConstraint(check=Q(price__gte=0), name="price_positive")]

      def with_tax(self):
          return self.price * (1 + TAX_RATE)


  class Order(models.Model):
      customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
      created = models.DateTimeField(default=timezone.now)

      class Meta:
          constraints = [UniqueConstraint(fields=["customer", "created"], name="one_order_at_a_time")]

      def total(self):
          return self.lines.aggregate(total=Sum(F("quantity") * F("product__price")))["total"] or Value(0)

      def close(self, connection=None):
          with transaction.atomic():
              logger.info("closing %s on %s", self.pk, connection)
              return self.total()


  class OrderLine(models.Model):
      order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
      product = models.ForeignKey(Product, on_delete=models.PROTECT)
      quantity = models.PositiveIntegerField(default=1)


  def _line_total(line):
      return line.product.price * line.quantity


  def vendor():
      return connection.vendor
`;

describe('the split as a linter sees it', () => {
  it('keeps in an application\'s package only the old imports the workspace takes from the module or that run for their side effect', async () => {
    const files = memoryWorkspace(`${PROJECT}${MODELS_SOURCE}\n  #- shop/tasks.py\n  from shop.models import settings\n`);
    const groups = [group('product', ['Product', 'TAX_RATE']), group('order', ['logger', 'Order', 'OrderLine', '_line_total', 'vendor'])];
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const init = after.get(`${ROOT}/shop/models/__init__.py`)!;
    assert.match(init, /\nfrom django\.conf import settings\n/);
    assert.match(init, /\nimport shop\.signals {2}# noqa: F401/);
    assert.doesNotMatch(init, /Decimal|logging|connection/, 'nothing imports them from shop.models');
    assert.deepEqual(newPyflakesMessages(files, after), []);
    const withSetup = memoryWorkspace(`  #- setup.py\n${PROJECT}${MODELS_SOURCE}`);
    const library = splitModule(await loadPythonParser(), snapshotOf(withSetup), { file: MODELS, groups });
    assert.match(library.result.safe ? applyEdit(withSetup, library.result.edit).get(`${ROOT}/shop/models/__init__.py`)! : '', /"Decimal"/, 'a distributed package keeps them');
  });

  it('adds no pyflakes message on a Django models module; every file compiles and imports with Django set up', async () => {
    const files = memoryWorkspace(`${PROJECT}${MODELS_SOURCE}`);
    const groups = [group('product', ['Product', 'TAX_RATE']), group('order', ['logger', 'Order', 'OrderLine', '_line_total', 'vendor'])];
    // Keeping re-exports as a distributed package does; an application's package keeps fewer (the test above).
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups, keepReexports: true });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const init = after.get(`${ROOT}/shop/models/__init__.py`)!;
    const oldImports = files.get(MODELS)!.split('\n').slice(1, 14).join('\n');
    assert.ok(
      init.startsWith(`"""The shop's models."""\n\n${oldImports}\n\nfrom .product_models import TAX_RATE, Product\nfrom .order_models import logger, Order, OrderLine, _line_total, vendor\n\n\n__all__ = [\n    "TAX_RATE",\n`),
      `every old import as it was written, then the re-exports:\n${init}`,
    );
    assert.match(init, /"vendor",\n {4}# Imported by the old module: code may import them from here\.\n {4}"logging",\n {4}"Decimal",\n {4}"settings",\n {4}"connection",/, 'the old imports listed after the definitions');
    assert.doesNotMatch(init, /"shop"/, 'an import the module did not use is there for its side effect, not to be exported');
    const order = after.get(`${ROOT}/shop/models/order_models.py`)!;
    assert.match(order, /^import logging\n\nfrom django\.conf import settings\nfrom django\.db import \(\n {4}connection,\n {4}models,\n {4}transaction,\n\)\nfrom django\.db\.models import F, Sum, UniqueConstraint, Value\n/, 'the wrapped import as written; the long one keeps only what order uses');
    assert.doesNotMatch(order, /import Decimal|signals/);

    const dirs = [writeMemoryWorkspace(files), writeMemoryWorkspace(after)];
    try {
      const [before, split] = dirs;
      assert.deepEqual(newMessages(pyflakes(before), pyflakes(split)), []);
      const created = plan.result.edit.createFiles.map((f) => path.relative(ROOT, f));
      assert.deepEqual(compileErrors(split, created), []);
      const modules = ['shop.models', 'shop.reports', ...created.map(moduleOfFile)];
      assert.deepEqual(importErrors(split, modules, 'proj.settings'), []);
      const oldLines = new Set(files.get(MODELS)!.split('\n'));
      for (const file of created) {
        const long = fs.readFileSync(path.join(split, file), 'utf8').split('\n').filter((line) => line.length > 79 && !oldLines.has(line));
        assert.deepEqual(long, [], `${file} has no new line over 79 characters`);
      }
    } finally {
      dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    }
  });

  it('with keep-reexports off, keeps only the imports the workspace takes from the module', async () => {
    const files = memoryWorkspace(`${PROJECT}${MODELS_SOURCE}\n  #- shop/admin.py\n  from shop.models import models\n`);
    const groups = [group('product', ['Product', 'TAX_RATE']), group('order', ['logger', 'Order', 'OrderLine', '_line_total', 'vendor'])];
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups, keepReexports: false });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const init = after.get(`${ROOT}/shop/models/__init__.py`)!;
    assert.ok(
      init.startsWith(`"""The shop's models."""\n\nfrom django.db import (\n    models,\n)\n\nimport shop.signals  # noqa: F401  (connects the receivers)\n\nfrom .product_models`),
      `models, which admin.py imports from here, and the import kept for its side effect:\n${init}`,
    );
    assert.match(init, /"vendor",\n {4}# Imported by the old module: code may import them from here\.\n {4}"models",\n\]\n$/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('keeps an old __all__ as it was: `from pkg import *` exports the same names; what it does not list is assigned', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      from shop.models import OrderedDict
      #- shop/models.py
      import json
      from collections import OrderedDict

      __all__ = ["dump", "Cart"]


      class Cart:
          items = ()


      class Order:
          cart = Cart


      def dump(order):
          return json.dumps(OrderedDict(items=order.cart.items))
    `);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [group('cart', ['Cart']), group('order', ['Order', 'dump'])] });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(
      after.get(`${ROOT}/shop/models/__init__.py`),
      [
        'from .cart_models import Cart',
        'from .order_models import dump',
        'from . import order_models',
        '',
        '',
        '# Not in __all__, and importable from here as before.',
        'Order = order_models.Order',
        'OrderedDict = order_models.OrderedDict',
        '',
        '__all__ = ["dump", "Cart"]',
        '',
      ].join('\n'),
      'json, which only the code used and __all__ does not list, is not kept; OrderedDict, which views.py imports from here, is assigned',
    );
    const check = 'names = {}\nexec("from shop.models import *", names)\nfrom shop.models import Order\nfrom shop.views import OrderedDict\nprint(sorted(n for n in names if n != "__builtins__"), Order.cart.__name__, OrderedDict.__name__)';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('imports what the code reads at module level: not a parameter named like an import, not an import a later one makes dead', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/models.py
      import os
      import xml.dom
      import xml.sax
      from json import loads as dumps
      from json import dumps
      from os import sep as connection


      class Report:
          def render(self, connection):
              from os import sep as dumps_separator
              return dumps([connection, xml.dom.__name__, xml.sax.__name__, dumps_separator])


      def separator():
          return os.sep + connection
    `);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [group('report', ['Report']), group('path', ['separator'])] });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/models/report_models.py`)!, /^import xml\.dom\nimport xml\.sax\nfrom json import dumps\n\n\nclass Report:/, 'both submodules; dumps from its last import; no connection, no os (the names of a function-local import read nothing)');
    assert.match(after.get(`${ROOT}/shop/models/path_models.py`)!, /^import os\nfrom os import sep as connection\n\n\ndef separator/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
    const check = 'from shop.models import Report, separator\nprint(Report().render(1), separator())';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('keeps the blank line between import sections when a section’s first imports are left out', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/pricing.py
      RATE = 2
      #- shop/models.py
      import json
      from decimal import Decimal

      from .pricing import RATE
      from . import pricing


      def dump(value):
          return json.dumps(value) + str(RATE)


      def tax(value):
          return Decimal(value) * pricing.RATE
    `);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [group('dump', ['dump']), group('tax', ['tax'])] });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/models/tax_models.py`)!, /^from decimal import Decimal\n\nfrom \.\. import pricing\n\n\ndef tax/);
    assert.match(after.get(`${ROOT}/shop/models/dump_models.py`)!, /^import json\n\nfrom \.\.pricing import RATE\n\n\ndef dump/);
  });

  it('imports the names of string annotations, which pyflakes checks', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/models.py
      from typing import Optional


      class Cart:
          def order(self) -> "Optional[Order]":
              return None


      class Order:
          pass
    `);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups: [group('cart', ['Cart']), group('order', ['Order'])] });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/models/cart_models.py`)!, /^from typing import Optional\n\nfrom \.order_models import Order\n\n\nclass Cart:/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('wraps what it writes at the line length of [tool.black]', async () => {
    const files = memoryWorkspace(`
      #- pyproject.toml
      [tool.black]
      line-length = 36
      #- shop/__init__.py
      #- shop/models.py
      from collections import OrderedDict, defaultdict


      class Cart:
          items = OrderedDict()


      class CartLine:
          cart = Cart


      class Order:
          lines = defaultdict(list)
          parts = (Cart, CartLine)
    `);
    const groups = [group('cart', ['Cart', 'CartLine']), group('order', ['Order'])];
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: MODELS, groups });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/models/order_models.py`)!, /^from collections import defaultdict\n\nfrom \.cart_models import \(\n {4}Cart,\n {4}CartLine,\n\)\n/);
    assert.match(after.get(`${ROOT}/shop/models/cart_models.py`)!, /^from collections import OrderedDict\n/, 'the original line is 49 characters; what is left fits in 36');
  });
});
