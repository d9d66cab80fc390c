/** Move Symbol and importers that read the moved name through its module (`views.checkout`, `import shop.views as sv`). */
import { strict as assert } from 'node:assert';
import { applyEdit, newPyflakesMessages, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';
import { move, VIEWS } from '../../helpers/refactor/moveFixture';

describe('move a symbol to another module', () => {
  describe('importers that read it through the module', () => {
    const IMPORTERS = `
      #- shop/__init__.py
      #- shop/views.py
      def checkout(cart):
          return sum(cart) * 2


      def render(cart):
          return str(cart)
      #- shop/plain.py
      import shop.views


      def total(cart):
          return shop.views.checkout(cart)
      #- shop/package.py
      import shop


      def total(cart):
          return shop.views.checkout(cart)
      #- shop/aliased.py
      import shop.views as sv

      order_controllers = "a name of this module"


      def total(cart):
          return sv.checkout(cart), sv.render(cart)
      #- shop/local.py
      def total(cart):
          import shop.views as v
          return v.checkout(cart)


      def other(sv):
          return sv.checkout(cart=1)
      #- shop/relative.py
      from . import views


      def total(cart):
          return views.checkout(cart)
    `;
    const CALL = `
      from types import SimpleNamespace
      from shop import plain, package, aliased, local, relative
      print(plain.total([1]), package.total([2]), aliased.total([3]), local.total([4]), relative.total([5]), local.other(SimpleNamespace(checkout=lambda cart: cart + 1)))
    `;
    const EXPECTED = new Map([
      ['plain.py', 'import shop.controllers.order_controllers\n\n\ndef total(cart):\n    return shop.controllers.order_controllers.checkout(cart)\n'],
      ['package.py', 'import shop\nimport shop.controllers.order_controllers\n\n\ndef total(cart):\n    return shop.controllers.order_controllers.checkout(cart)\n'],
      [
        'aliased.py',
        'import shop.views as sv\nimport shop.controllers.order_controllers as order_controllers_2\n\norder_controllers = "a name of this module"\n\n\ndef total(cart):\n    return order_controllers_2.checkout(cart), sv.render(cart)\n',
      ],
      ['local.py', 'def total(cart):\n    import shop.controllers.order_controllers as order_controllers\n    return order_controllers.checkout(cart)\n\n\ndef other(sv):\n    return sv.checkout(cart=1)\n'],
      ['relative.py', 'from .controllers import order_controllers\n\n\ndef total(cart):\n    return order_controllers.checkout(cart)\n'],
    ]);

    /** views.py with an `__all__`: the re-export for importers outside the workspace is kept. */
    const ALL = '__all__ = ["checkout", "render"]\n';
    const LISTED = IMPORTERS.replace('#- shop/views.py\n', `#- shop/views.py\n      ${ALL}\n\n`);

    it('without a re-export, each reads the new module, imported in its own style (the alias was an AttributeError)', async () => {
      const { files, plan } = await move(IMPORTERS, { name: 'checkout', keepReexport: false });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      assert.match(plan.result.summary, /updates 5 importers$/);
      const after = applyEdit(files, plan.result.edit);
      for (const [file, text] of EXPECTED) assert.equal(after.get(`${ROOT}/shop/${file}`), text, file);
      assert.equal(after.get(VIEWS), 'def render(cart):\n    return str(cart)\n');
      assert.equal(runPythonOn(after, CALL), runPythonOn(files, CALL));
    });

    it('with a re-export, they are rewritten the same way and the re-export stays', async () => {
      const { files, plan } = await move(LISTED, { name: 'checkout' });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      for (const [file, text] of EXPECTED) assert.equal(after.get(`${ROOT}/shop/${file}`), text, file);
      assert.equal(after.get(VIEWS), `from shop.controllers.order_controllers import checkout\n\n\n${ALL}\n\ndef render(cart):\n    return str(cart)\n`, 'the re-export goes at the top');
    });

    // Uses that cannot be rewritten: refused without a re-export (without keep-reexports, or without __all__ listing the name), left to it with one.
    const UNSAFE: [string, string, RegExp][] = [
      ['getattr', 'import shop.views as sv\n\n\ndef use(cart):\n    return getattr(sv, "checkout")(cart)', /api\.py uses the module as a value \(`getattr\(sv, "checkout"\)`\) and may read `checkout` from it; only a re-export in the old module keeps that working: list `checkout` in views\.py’s `__all__`/],
      ['passed around', 'from shop import views\n\nMODULES = [views]\n\n\ndef use(cart):\n    return MODULES[0].checkout(cart)', /uses the module as a value \(`MODULES = \[views\]`\)/],
      ['__dict__', 'import shop.views as sv\n\n\ndef use(cart):\n    return sv.__dict__["checkout"](cart)', /uses the module as a value \(`sv\.__dict__`\)/],
      ['rebound', 'try:\n    import shop.views as sv\nexcept ImportError:\n    sv = None\n\n\ndef use(cart):\n    return sv.checkout(cart)', /reads `sv\.checkout`, but `sv` is rebound or deleted \(`sv = None`\)/],
      ['deleted', 'def use(cart):\n    import shop.views as sv\n    total = sv.checkout(cart)\n    del sv\n    return total', /`sv` is rebound or deleted \(`del sv`\)/],
      ['global', 'sv = None\n\n\ndef load():\n    global sv\n    import shop.views as sv\n\n\ndef use(cart):\n    load()\n    return sv.checkout(cart)', /`sv` is declared `global` \(`global sv`\)/],
      ['imported from the importer', 'from shop.aliased import sv\n\n\ndef use(cart):\n    return sv.checkout(cart)', /other modules may use shop\.views through `sv` of aliased\.py; only a re-export in the old module keeps that working: list `checkout` in views\.py’s `__all__`/],
      ['star import', 'from shop.views import *\n\n\ndef use(cart):\n    return checkout(cart)', /api\.py imports everything from shop\.views \(`from shop\.views import \*`\)/],
      ['shared line', 'import json; import shop.views as sv\n\n\ndef use(cart):\n    return json.dumps(sv.checkout(cart))', /it is imported on a line with other code \(`import json; import shop\.views as sv`\)/],
    ];
    for (const [what, api, reason] of UNSAFE) {
      it(`a use it cannot rewrite (${what}): refused without a re-export, kept working through it with one`, async () => {
        const fixture = `${IMPORTERS.trimEnd()}\n      #- shop/api.py\n${api.replace(/^/gm, '      ')}\n`;
        for (const refused of [await move(fixture, { name: 'checkout', keepReexport: false }), await move(fixture, { name: 'checkout' })]) {
          assert.equal(refused.plan.result.safe, false);
          assert.match(refused.plan.result.safe ? '' : refused.plan.result.reason, reason);
        }
        const { files, plan } = await move(fixture.replace(IMPORTERS.trimEnd(), LISTED.trimEnd()), { name: 'checkout' });
        assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
        const after = applyEdit(files, plan.result.edit);
        assert.deepEqual(newPyflakesMessages(files, after), [], 'the re-export __all__ lists is used to pyflakes');
        assert.equal(after.get(`${ROOT}/shop/api.py`), files.get(`${ROOT}/shop/api.py`), 'left as it was');
        const use = 'from shop.api import use\nprint(use([6]))';
        assert.equal(runPythonOn(after, use), runPythonOn(files, use));
      });
    }

    it('a module only reloaded through an importer is no way to read the moved name (django-filter’s test reloads backends, which imports utils)', async () => {
      const fixture = `${IMPORTERS.trimEnd()}\n      #- shop/backends.py\n      from shop import views\n\n\n      def total(cart):\n          return views.render(cart)\n      #- shop/tests.py\n      from importlib import reload\n\n      from shop import backends\n\n\n      def again():\n          reload(backends)\n          return backends.total([1])\n`;
      const { files, plan } = await move(fixture, { name: 'checkout', keepReexport: false });
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.deepEqual(newPyflakesMessages(files, after), []);
      const use = 'from shop.tests import again\nprint(again())';
      assert.equal(runPythonOn(after, use), runPythonOn(files, use));
    });

    it('an import the moved code took along stays in the old module while an importer reads it through an alias of the module', async () => {
      const { files, plan } = await move(
        `
        #- shop/__init__.py
        #- shop/views.py
        import json


        def checkout(cart):
            return json.dumps(cart)


        def render(cart):
            return str(cart)
        #- shop/api.py
        import shop.views as sv


        def dump(cart):
            return sv.json.dumps(cart), sv.render(cart)
        `,
        { name: 'checkout', keepReexport: false, targetFile: `${ROOT}/shop/pricing.py` },
      );
      assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
      const after = applyEdit(files, plan.result.edit);
      assert.match(after.get(VIEWS)!, /^import json$/m);
      const dump = 'from shop.api import dump\nprint(dump([1]))';
      assert.equal(runPythonOn(after, dump), runPythonOn(files, dump));
    });

    it('refuses patching it through the module, with or without a re-export', async () => {
      for (const keepReexport of [true, false]) {
        const patched = await move(`${IMPORTERS.trimEnd()}\n      #- shop/tests.py\n      from unittest import mock\n      import shop.views as sv\n      PATCH = mock.patch.object(sv, "checkout")\n`, { name: 'checkout', keepReexport });
        assert.match(patched.plan.result.safe ? '' : patched.plan.result.reason, /tests\.py patches `checkout` through the module \(`mock\.patch\.object\(sv, "checkout"\)`\); after the move, patch it where it is used/);
        const assigned = await move(`${IMPORTERS.trimEnd()}\n      #- shop/tests.py\n      from shop import views\n      views.checkout = print\n`, { name: 'checkout', keepReexport });
        assert.match(assigned.plan.result.safe ? '' : assigned.plan.result.reason, /tests\.py assigns `views\.checkout`; after the move, patch it where it is used/);
      }
    });
  });
});
