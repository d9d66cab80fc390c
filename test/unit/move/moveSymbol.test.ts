import { strict as assert } from 'node:assert';
import { applyEdit, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';
import { CONTROLLERS, move, VIEWS } from '../../helpers/refactor/moveFixture';

const SHOP = `
  #- shop/__init__.py
  #- shop/controllers/__init__.py
  #- shop/controllers/order_controllers.py
  from decimal import Decimal as D
  from ..views import checkout


  def place(cart):
      return checkout(cart)
  #- shop/views.py
  import json
  from decimal import Decimal as D

  __all__ = ["checkout", "render"]
  TAX = D("0.2")


  # Totals the cart, tax included.
  def checkout(cart):
      total = sum(D(str(p)) for p in cart)
      return total + total * TAX


  def render(cart):
      return json.dumps({"total": str(checkout(cart))})
  #- shop/api.py
  from .views import render, checkout as do_checkout
  from . import views


  def api(cart):
      from shop.views import checkout
      return checkout(cart), do_checkout(cart), views.checkout(cart), render(cart), views.render([5])
  #- shop/urls.py
  ROUTES = {"checkout": "shop.views.checkout"}
`;

const CHECK = `
  import importlib
  from shop.api import api
  from shop.controllers.order_controllers import place
  from shop.urls import ROUTES
  module, name = ROUTES["checkout"].rsplit(".", 1)
  print(api([1, 2]), place([3]), getattr(importlib.import_module(module), name)([4]))
`;

describe('move a symbol to another module', () => {
  it('moves it with its imports; importers, strings and the old module follow', async () => {
    const { files, plan } = await move(SHOP, { name: 'checkout' });
    assert.equal(plan.title, 'Move `checkout` to `controllers/order_controllers.py`');
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.match(plan.result.summary, /updates 2 importers, and leaves a re-export in views\.py/);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(
      after.get(CONTROLLERS),
      [
        'from decimal import Decimal as D',
        '',
        '',
        'def place(cart):',
        '    return checkout(cart)',
        '',
        '',
        '# Totals the cart, tax included.',
        'def checkout(cart):',
        '    from ..views import TAX',
        '    total = sum(D(str(p)) for p in cart)',
        '    return total + total * TAX',
        '',
      ].join('\n'),
      'its own import of checkout is gone; TAX is imported where it is used, since views.py imports checkout back',
    );
    const views = after.get(VIEWS)!;
    assert.match(views, /^from decimal import Decimal as D\n\nfrom shop\.controllers\.order_controllers import checkout\n/m, 'views.py writes absolute imports, so the re-export does too, in its isort section');
    assert.doesNotMatch(views, /def checkout/);
    assert.match(views, /__all__ = \["checkout", "render"\]/, 're-exported, so it stays in __all__');
    assert.equal(
      after.get(`${ROOT}/shop/api.py`)!.split('\n').slice(0, 2).join('\n'),
      'from .views import render\nfrom .controllers.order_controllers import checkout as do_checkout',
      'an import of several names is split, relative stays relative, the alias is kept',
    );
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /^ {4}from shop\.controllers\.order_controllers import checkout$/m, 'function-local imports too');
    assert.match(
      after.get(`${ROOT}/shop/api.py`)!,
      /^from \. import views\nfrom \.controllers import order_controllers\n[^]*order_controllers\.checkout\(cart\), render\(cart\), views\.render\(\[5\]\)$/m,
      'a read through the module reads the new one, imported in the same style; the old import stays for views.render',
    );
    assert.equal(after.get(`${ROOT}/shop/urls.py`), 'ROUTES = {"checkout": "shop.controllers.order_controllers.checkout"}\n');
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('without a re-export, an importer reading it through the module reads the new module', async () => {
    const { files, plan } = await move(SHOP, { name: 'render', keepReexport: false, targetFile: `${ROOT}/shop/rendering.py` });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.doesNotMatch(after.get(VIEWS)!, /render/);
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /^from \. import views\nfrom \. import rendering\n[^]*, views\.checkout\(cart\), render\(cart\), rendering\.render\(\[5\]\)$/m);
    assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
  });

  it('without a re-export, removes it from __all__ and imports the old module’s names at the top', async () => {
    const { files, plan } = await move(
      `
      #- shop/__init__.py
      #- shop/views.py
      __all__ = ["checkout", "render"]
      TAX = 2


      def checkout(cart):
          return sum(cart) * TAX


      def render(cart):
          return str(cart)
      `,
      { name: 'checkout', keepReexport: false, targetFile: `${ROOT}/shop/pricing.py` },
    );
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.deepEqual(plan.result.edit.createFiles, [`${ROOT}/shop/pricing.py`]);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(after.get(`${ROOT}/shop/pricing.py`), 'from shop.views import TAX\n\n\ndef checkout(cart):\n    return sum(cart) * TAX\n');
    assert.match(after.get(VIEWS)!, /^__all__ = \["render"\]$/m);
    assert.equal(runPythonOn(after, 'from shop.pricing import checkout\nprint(checkout([1, 2]))'), '6\n');
  });

  it('puts the re-export after the module’s last import, a plain `import x` too, or without imports in place of the moved code', async () => {
    const render = 'def render(cart):\n    return str(checkout(cart))\n';
    const cases: [string, string][] = [
      ['', `from shop.pricing import checkout\n\n\n${render}`],
      ['from decimal import Decimal\nimport json\n\n\n', `from decimal import Decimal\nimport json\nfrom shop.pricing import checkout\n\n\n${render}`],
    ];
    for (const [imports, expected] of cases) {
      const { files, plan } = await move(`#- shop/__init__.py\n#- shop/views.py\n${imports}def checkout(cart):\n    return sum(cart)\n\n\n${render}`, {
        name: 'checkout',
        targetFile: `${ROOT}/shop/pricing.py`,
      });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.equal(after.get(VIEWS), expected);
      assert.equal(runPythonOn(after, 'from shop.views import render\nprint(render([1, 2]))'), '3\n');
    }
  });

  it('leaves the old module tidy: one newline at its end, code at its start', async () => {
    const fixture = `
      #- shop/__init__.py
      #- shop/views.py
      import json


      def render(cart):
          return json.dumps(cart)


      def checkout(cart):
          return sum(cart)
      `;
    const moved = async (name: string, keepReexport: boolean, files = fixture) => {
      const { files: before, plan } = await move(files, { name, keepReexport, targetFile: `${ROOT}/shop/pricing.py` });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      return applyEdit(before, plan.result.edit);
    };
    assert.equal((await moved('checkout', false)).get(VIEWS), 'import json\n\n\ndef render(cart):\n    return json.dumps(cart)\n');
    assert.equal((await moved('checkout', true)).get(VIEWS), 'import json\n\n\ndef render(cart):\n    return json.dumps(cart)\n', 'no __all__ lists it: no re-export (it would be unused)');
    assert.equal((await moved('render', false)).get(VIEWS), 'def checkout(cart):\n    return sum(cart)\n', 'its import went with it');

    const alone = '#- shop/__init__.py\n#- shop/pricing.py\nfrom shop.views import checkout\n\n\ndef place(cart):\n    return checkout(cart)\n#- shop/views.py\ndef checkout(cart):\n    return sum(cart)\n';
    assert.equal((await moved('checkout', true, alone.replace('def checkout', '__all__ = ["checkout"]\n\n\ndef checkout'))).get(VIEWS), 'from shop.pricing import checkout\n\n\n__all__ = ["checkout"]\n');
    const after = await moved('checkout', false, alone);
    assert.equal(after.get(VIEWS), '');
    assert.equal(after.get(`${ROOT}/shop/pricing.py`), 'def place(cart):\n    return checkout(cart)\n\n\ndef checkout(cart):\n    return sum(cart)\n', 'its import of checkout went, with the blank lines after it');
  });

  it('sees any import of the old module that runs with the target as an import cycle, not one only for type checkers', async () => {
    const importers: [string, boolean][] = [
      ['import shop.views', true],
      ['from shop import views', true],
      ['try:\n    import shop.views\nexcept ImportError:\n    pass', true],
      ['from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from shop.views import TAX', false],
    ];
    for (const [importer, cycle] of importers) {
      const fixture = `#- shop/__init__.py\n#- shop/pricing.py\n${importer}\n\n\ndef total(cart):\n    return 2 * sum(cart)\n#- shop/views.py\nTAX = 2\n\n\ndef checkout(cart):\n    return sum(cart)\n\n\ndef render(cart):\n    return str(checkout(cart))\n`;
      const { files, plan } = await move(fixture, { name: 'checkout', targetFile: `${ROOT}/shop/pricing.py` });
      if (cycle) {
        assert.match(plan.result.safe ? '' : plan.result.reason, /pricing\.py imports views\.py at module level, and views\.py would import `checkout` back: an import cycle/, importer);
        continue;
      }
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const check = 'from shop.views import render\nprint(render([1, 2]))';
      assert.equal(runPythonOn(applyEdit(files, plan.result.edit), check), runPythonOn(files, check));
    }
  });

  it('to a module the old one imports: the names it imports from there are the target’s own, its other names are imported where used', async () => {
    const fixture = `
      #- shop/__init__.py
      #- shop/pricing.py
      def total(cart):
          return sum(cart)
      #- shop/views.py
      from shop.pricing import total

      TAX = 2
      DOUBLE = TAX * 2


      def checkout(cart):
          return total(cart) * TAX


      def render(cart):
          return str(total(cart))
      `;
    const { files, plan } = await move(fixture, { name: 'checkout', keepReexport: false, targetFile: `${ROOT}/shop/pricing.py` });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(
      after.get(`${ROOT}/shop/pricing.py`),
      'def total(cart):\n    return sum(cart)\n\n\ndef checkout(cart):\n    from shop.views import TAX\n    return total(cart) * TAX\n',
      'no import of itself, and no import of views.py at the top: views.py imports pricing.py',
    );
    const check = (module: string) => `from shop.views import render\nfrom ${module} import checkout\nprint(render([1, 2]), checkout([1]))`;
    assert.equal(runPythonOn(after, check('shop.pricing')), runPythonOn(files, check('shop.views')));

    const early = await move(fixture, { name: 'DOUBLE', keepReexport: false, targetFile: `${ROOT}/shop/pricing.py` });
    assert.match(early.plan.result.safe ? '' : early.plan.result.reason, /uses `TAX` of views\.py when the module is imported, and views\.py imports pricing\.py: an import cycle/);
  });

  it('refuses when the target imports the name back inside a block, which removing the import would empty', async () => {
    const { plan } = await move(
      `
      #- shop/__init__.py
      #- shop/pricing.py
      from typing import TYPE_CHECKING

      if TYPE_CHECKING:
          from shop.views import checkout
      #- shop/views.py
      def checkout(cart):
          return sum(cart)
      `,
      { name: 'checkout', targetFile: `${ROOT}/shop/pricing.py` },
    );
    assert.match(plan.result.safe ? '' : plan.result.reason, /pricing\.py imports `checkout` from views\.py inside an `if`\/`try` block/);
  });

  it('refuses an import cycle at import time', async () => {
    const { plan } = await move(
      `
      #- shop/__init__.py
      #- shop/views.py
      BASE = 2
      DOUBLE = BASE * 2


      def use():
          return DOUBLE
      `,
      { name: 'DOUBLE', targetFile: `${ROOT}/shop/constants.py` },
    );
    assert.equal(plan.result.safe, false);
    assert.match(plan.result.safe ? '' : plan.result.reason, /uses `BASE` of views\.py when the module is imported, and views\.py imports `DOUBLE` back/);
  });

  it('refuses a name clash, a model leaving its app and a patched path', async () => {
    const cycle = await move(SHOP, { name: 'render' });
    assert.match(cycle.plan.result.safe ? '' : cycle.plan.result.reason, /order_controllers\.py imports views\.py at module level, and views\.py would import `render` back/);
    const taken = await move(SHOP.replace('def place(cart):', 'def render(cart):'), { name: 'render' });
    assert.match(taken.plan.result.safe ? '' : taken.plan.result.reason, /order_controllers\.py already defines `render`/);

    const model = await move(
      `
      #- shop/__init__.py
      #- shop/views.py
      from django.db import models


      class Order(models.Model):
          pass
      `,
      { name: 'Order', targetFile: `${ROOT}/billing/models.py` },
    );
    assert.match(model.plan.result.safe ? '' : model.plan.result.reason, /Django model: outside shop it would belong to another app/);

    const patched = await move(`${SHOP.trimEnd()}\n  #- shop/tests.py\n  from unittest import mock\n  PATCH = mock.patch("shop.views.checkout")\n`, { name: 'checkout' });
    assert.match(patched.plan.result.safe ? '' : patched.plan.result.reason, /tests\.py patches `shop\.views\.checkout`/);
  });

  describe('names a test patches in the old module', () => {
    const PKG = `
      #- pkg/__init__.py
      VERSION = "1.0"
      #- pkg/utils.py
      from . import VERSION


      def prefix():
          return "v"


      def banner():
          return prefix() + VERSION


      def title():
          return banner().upper()
    `;
    const moveBanner = (test: string, keepReexport = false, pkg = PKG) =>
      move(`${pkg.trimEnd()}\n      #- pkg/test_utils.py\n${test.replace(/^/gm, '      ')}\n`, { file: `${ROOT}/pkg/utils.py`, targetFile: `${ROOT}/pkg/banners.py`, name: 'banner', keepReexport });
    const reason = (plan: Awaited<ReturnType<typeof move>>['plan']) => (plan.result.safe ? '' : plan.result.reason);

    it('refuses moving code that reads an import a test patches, by path or through the module', async () => {
      const byPath = await moveBanner('from unittest import mock\nPATCH = mock.patch("pkg.utils.VERSION", "0.1")');
      assert.equal(reason(byPath.plan), 'test_utils.py patches `pkg.utils.VERSION`, which `banner` reads; in banners.py it would not see the patch (patch it where it is used)');
      const through = await moveBanner('from pkg import utils\n\ndef test_it(monkeypatch):\n    monkeypatch.setattr(utils, "VERSION", "0.1")');
      assert.match(reason(through.plan), /^test_utils\.py patches `VERSION` through the module \(`monkeypatch\.setattr\(utils, "VERSION", "0\.1"\)`\), which `banner` reads/);
      const moved = await moveBanner('def test_it(monkeypatch):\n    monkeypatch.setattr("pkg.utils.banner", print)');
      assert.match(reason(moved.plan), /^test_utils\.py patches `pkg\.utils\.banner`; after the move, patch it where it is used/);
    });

    it('refuses moving code that reads a patched name of the old module imported at the top of the new one', async () => {
      // Nothing left in utils.py calls banner: no re-export, so banners.py imports prefix at its top.
      const { plan } = await moveBanner('from unittest import mock\nPATCH = mock.patch("pkg.utils.prefix")', false, PKG.replace('banner().upper()', '"T"'));
      assert.match(reason(plan), /patches `pkg\.utils\.prefix`, which `banner` reads; in banners\.py/);
    });

    it('moves code that imports the patched name of the old module inside its functions: the patch still reaches it', async () => {
      const test = 'from unittest import mock\nfrom pkg import utils\nwith mock.patch("pkg.utils.prefix", return_value="patched "):\n    print(utils.title())';
      const { files, plan } = await moveBanner(test, true);
      assert.ok(plan.result.safe, reason(plan));
      const after = applyEdit(files, plan.result.edit);
      assert.match(after.get(`${ROOT}/pkg/banners.py`)!, /def banner\(\):\n    from pkg\.utils import prefix\n/);
      assert.equal(runPythonOn(after, 'import pkg.test_utils'), 'PATCHED 1.0\n');
    });
  });

  describe('regressions from other tools', () => {
    const NESTED = `
      #- shop/__init__.py
      #- shop/models.py
      class Order:
          total = 3
      #- shop/api/__init__.py
      #- shop/api/views.py
      from decimal import Decimal
      from ..models import Order

      __all__ = ["order_total", "cents"]


      def order_total():
          return Decimal(Order.total)


      def cents():
          return Decimal(100)
      #- shop/controllers/__init__.py
      #- shop/controllers/orders.py
      from decimal import ROUND_UP
      #- shop/controllers/v1/__init__.py
    `;
    const CALL = 'from shop.api.views import order_total, cents\nprint(order_total(), cents())';

    it('a target that already imports from the same module gets the new name without losing its own (Pylance #5973)', async () => {
      const { files, plan } = await move(NESTED, { file: `${ROOT}/shop/api/views.py`, name: 'order_total', targetFile: `${ROOT}/shop/controllers/orders.py`, keepReexport: true });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.match(after.get(`${ROOT}/shop/controllers/orders.py`)!, /^from decimal import ROUND_UP, Decimal\n\nfrom \.\.models import Order\n/);
      assert.equal(runPythonOn(after, CALL), runPythonOn(files, CALL));
    });

    it('a relative import from a nested package is rewritten for the new depth (rope #91: no long dotted imports)', async () => {
      const { files, plan } = await move(NESTED, { file: `${ROOT}/shop/api/views.py`, name: 'order_total', targetFile: `${ROOT}/shop/controllers/v1/orders.py`, keepReexport: true });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.match(after.get(`${ROOT}/shop/controllers/v1/orders.py`)!, /^from decimal import Decimal\n\nfrom \.\.\.models import Order\n/);
      assert.equal(runPythonOn(after, CALL), runPythonOn(files, CALL));
    });

    it('an import the old module still uses stays there (rope #811)', async () => {
      const { files, plan } = await move(NESTED, { file: `${ROOT}/shop/api/views.py`, name: 'order_total', targetFile: `${ROOT}/shop/controllers/orders.py`, keepReexport: false });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.match(after.get(`${ROOT}/shop/api/views.py`)!, /^from decimal import Decimal$/m, 'cents() still uses Decimal');
      assert.doesNotMatch(after.get(`${ROOT}/shop/api/views.py`)!, /order_total/);
      assert.equal(runPythonOn(after, 'from shop.api.views import cents\nfrom shop.controllers.orders import order_total\nprint(order_total(), cents())'), runPythonOn(files, CALL));
    });
  });
});
