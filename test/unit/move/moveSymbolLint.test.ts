/**
 * Move Symbol never breaks code nor adds a pyflakes message (issue #11, issue #12 point 5): the
 * re-export it keeps, conditional imports, `# noqa` comments, cycles through a third module,
 * registering decorators, consecutive moves and a module read on its import's line.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { moveSymbol, type MoveSymbolRequest } from '../../../server/src/refactor/move/moveSymbol';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/shop/views.py`;
const PRICING = `${ROOT}/shop/pricing.py`;

async function moveIn(files: ReadonlyMap<string, string>, request: Partial<MoveSymbolRequest> & { name: string }) {
  return moveSymbol(await loadPythonParser(), snapshotOf(files), { file: VIEWS, targetFile: PRICING, keepReexport: true, ...request }).result;
}

/** Applies the move, asserting it is offered and adds no pyflakes message; the workspace after. */
async function applied(files: ReadonlyMap<string, string>, request: Partial<MoveSymbolRequest> & { name: string }): Promise<Map<string, string>> {
  const result = await moveIn(files, request);
  assert.ok(result.safe, result.safe ? '' : result.reason);
  const after = applyEdit(files, result.edit);
  assert.deepEqual(newPyflakesMessages(files, after).map((m) => m.text), []);
  return after;
}

async function refusal(files: ReadonlyMap<string, string>, request: Partial<MoveSymbolRequest> & { name: string }): Promise<string> {
  const result = await moveIn(files, request);
  assert.ok(!result.safe, 'the move is refused');
  return result.reason;
}

const SHOP = `
  #- shop/__init__.py
  #- shop/views.py
  TAX = 2


  def checkout(cart):
      return sum(cart) * TAX


  def render(cart):
      return str(cart)
  #- shop/api.py
  from shop.views import checkout, render


  def api(cart):
      return render(checkout(cart))
`;

/** The shop with views.py's `__all__` listing `names`. */
const withAll = (names: string) => memoryWorkspace(SHOP.replace('  TAX = 2', `  __all__ = [${names}]\n  TAX = 2`));

describe('Move Symbol adds no pyflakes message and keeps behaviour', () => {
  describe('the re-export in the old module', () => {
    it('is not written when every importer in the workspace was rewritten and no __all__ lists the name (it would be unused)', async () => {
      const files = memoryWorkspace(SHOP);
      const after = await applied(files, { name: 'checkout' });
      assert.doesNotMatch(after.get(VIEWS)!, /import checkout/);
      assert.match(after.get(`${ROOT}/shop/api.py`)!, /^from shop\.pricing import checkout$/m);
      const check = 'from shop.api import api\nprint(api([1, 2]))';
      assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    });

    it('is not needed by a string naming it, which follows: an entry point (`module:name`) or a dotted path inside a longer one', async () => {
      const files = memoryWorkspace(`${SHOP}\n  #- setup.py\n  ENTRY_POINTS = {"console_scripts": ["checkout = shop.views:checkout"]}\n  HELP = "calls shop.views.checkout, not shop.views.checkout_all"\n`);
      const after = await applied(files, { name: 'checkout' });
      assert.equal(
        after.get(`${ROOT}/setup.py`),
        'ENTRY_POINTS = {"console_scripts": ["checkout = shop.pricing:checkout"]}\nHELP = "calls shop.pricing.checkout, not shop.views.checkout_all"\n',
      );
    });

    it('is not written for an import of the same name from another module (`from .base import Loader as BaseLoader`, django.template.loaders.locmem)', async () => {
      const files = memoryWorkspace(`
        #- shop/__init__.py
        #- shop/base.py
        class Loader:
            pass
        #- shop/views.py
        from .base import Loader as BaseLoader


        class Loader(BaseLoader):
            pass
      `);
      const after = await applied(files, { name: 'Loader' });
      assert.equal(after.get(VIEWS), '');
    });

    it('is kept for a name its __all__ lists, which stays listed (pyflakes counts it as used)', async () => {
      const files = withAll('"checkout", "render"');
      const after = await applied(files, { name: 'checkout' });
      assert.match(after.get(VIEWS)!, /^from shop\.pricing import checkout$/m);
      assert.match(after.get(VIEWS)!, /^__all__ = \["checkout", "render"\]$/m);
    });

    it('that an importer needs (it reads the name through the module object) is refused when no __all__ lists the name', async () => {
      const files = memoryWorkspace(`${SHOP}\n  #- shop/dispatch.py\n  from shop import views\n\n\n  def run(action, cart):\n      return getattr(views, action)(cart)\n`);
      assert.match(await refusal(files, { name: 'checkout' }), /dispatch\.py uses the module as a value .*: list `checkout` in views\.py’s `__all__`/);
    });

    it('of an earlier move stays while __all__ lists it, and goes once nothing uses it (two moves in a row)', async () => {
      const files = memoryWorkspace(`
        #- shop/__init__.py
        #- shop/views.py
        __all__ = ["total", "render"]


        def checkout(cart):
            return sum(cart)


        def total(cart):
            return checkout(cart) * 2


        def render(cart):
            return str(cart)
      `);
      const check = 'from shop.views import total, render\nprint(total([1, 2]), render([3]))';
      const once = await applied(files, { name: 'checkout' });
      assert.match(once.get(VIEWS)!, /^from shop\.pricing import checkout$/m, 'total still uses it');
      const twice = await applied(once, { name: 'total' });
      assert.match(twice.get(VIEWS)!, /^from shop\.pricing import total\n/m, 'listed in __all__');
      assert.doesNotMatch(twice.get(VIEWS)!, /checkout/, 'nothing uses it any more, and __all__ does not list it');
      assert.equal(runPythonOn(twice, check), runPythonOn(files, check));
      const listed = memoryWorkspace(files.get(VIEWS)!.replace('"total", "render"', '"checkout", "total", "render"').replace(/^/, '#- shop/__init__.py\n#- shop/views.py\n'));
      const both = await applied(await applied(listed, { name: 'checkout' }), { name: 'total' });
      assert.match(both.get(VIEWS)!, /^from shop\.pricing import checkout, total$/m, 'both listed in __all__: both stay');
    });
  });

  it('drops an import only the moved code used though another module star-imports the old one, whose __all__ does not list it (asyncio.threads)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      from .views import *
      #- shop/views.py
      import json

      __all__ = "render",


      def checkout(cart):
          return json.dumps(cart)


      def render(cart):
          return str(cart)
    `);
    const after = await applied(files, { name: 'checkout' });
    assert.doesNotMatch(after.get(VIEWS)!, /json/);
  });

  it('drops an import only the moved code used though another module reads the same name from a namesake module (django.conf.urls.static)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/urls/__init__.py
      #- shop/urls/static.py
      from shop.files.static import serve


      def static(prefix, view=serve):
          return [prefix, view]
      #- shop/files/__init__.py
      #- shop/files/static.py
      def serve(path):
          return path
      #- shop/other.py
      from shop.files import static


      def show(path):
          return static.serve(path)
    `);
    const after = await applied(files, { name: 'static', file: `${ROOT}/shop/urls/static.py`, targetFile: `${ROOT}/shop/urls/helpers.py` });
    assert.equal(after.get(`${ROOT}/shop/urls/static.py`), '');
  });

  it('refuses an import cycle the re-export closes through a third module (views → pricing → rates → views)', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      __all__ = ["checkout"]


      def checkout(cart):
          return sum(cart)
      #- shop/rates.py
      from shop.views import checkout

      RATE = checkout([1])
      #- shop/pricing.py
      from shop.rates import RATE
    `);
    assert.match(await refusal(files, { name: 'checkout' }), /pricing\.py imports shop\.rates, which imports views\.py.*import cycle/);
  });

  it('is not offered for __all__ (nor another dunder of the module)', async () => {
    const files = memoryWorkspace('#- shop/__init__.py\n#- shop/views.py\n__all__ = ["TAX"]\n__version__ = "1"\nTAX = 2\n');
    assert.match(await refusal(files, { name: '__all__' }), /`__all__` belongs to views\.py/);
    assert.match(await refusal(files, { name: '__version__' }), /`__version__` belongs to views\.py/);
  });

  it('takes a try/except ImportError block along with code reading its name, and leaves it where the old module still needs it', async () => {
    const conditional = (imports: string, rest = '') =>
      memoryWorkspace(`#- shop/__init__.py\n#- shop/views.py\nfrom __future__ import annotations\n\n${imports}\n\n\ndef dump(data: Decimal) -> str:\n    return json.dumps(data)\n${rest}#- shop/use.py\nfrom shop.views import dump\nprint(dump(2))\n`);
    const block = 'try:\n    import ujson as json  # faster\nexcept ImportError:\n    import json';
    const alone = conditional(`from decimal import Decimal\n\n${block}`);
    const moved = await applied(alone, { name: 'dump' });
    assert.equal(moved.get(PRICING), `from __future__ import annotations\n\nfrom decimal import Decimal\n\n\n${block}\n\n\ndef dump(data: Decimal) -> str:\n    return json.dumps(data)\n`);
    assert.doesNotMatch(moved.get(VIEWS)!, /json/, 'nothing in views.py reads json any more');
    assert.equal(runPythonOn(moved, 'import shop.use'), '2\n');

    const shared = conditional(`from decimal import Decimal\n\n${block}`, '\n\ndef load(text):\n    return json.loads(text)\n');
    const kept = await applied(shared, { name: 'dump' });
    assert.match(kept.get(VIEWS)!, /^try:\n {4}import ujson as json {2}# faster\nexcept ImportError:\n {4}import json$/m, 'load still reads json');
    assert.match(kept.get(PRICING)!, /^try:\n {4}import ujson as json/m);
  });

  it('refuses code reading a name imported under if TYPE_CHECKING, or a block doing more than importing', async () => {
    const conditional = (imports: string) =>
      memoryWorkspace(`#- shop/__init__.py\n#- shop/views.py\nfrom __future__ import annotations\n\n${imports}\n\n\ndef dump(data: Decimal) -> str:\n    return json.dumps(data)\n`);
    const typing = conditional('import json\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from decimal import Decimal');
    assert.match(await refusal(typing, { name: 'dump' }), /`Decimal` is imported inside a `try`\/`if` block of views\.py/);
    const noisy = conditional('from decimal import Decimal\n\ntry:\n    import ujson as json\nexcept ImportError:\n    print("slow json")\n    import json');
    assert.match(await refusal(noisy, { name: 'dump' }), /`json` is imported inside a `try`\/`if` block of views\.py/);
  });

  it('refuses to carry a try/except import block binding more than the moved code reads (Django\'s pyyaml.py: SafeDumper and SafeLoader), or one the old module would half use', async () => {
    const yamlBlock = 'try:\n    from yaml import CSafeDumper as SafeDumper, CSafeLoader as SafeLoader\nexcept ImportError:\n    from yaml import SafeDumper, SafeLoader';
    const files = (moved: string) =>
      memoryWorkspace(`#- shop/__init__.py\n#- shop/views.py\n${yamlBlock}\n\n\nclass Dumper(SafeDumper):\n    pass\n\n\n${moved}\n#- shop/use.py\nfrom shop.views import load\n`);
    assert.match(await refusal(files('def load(stream):\n    return SafeLoader(stream)\n'), { name: 'load' }), /`SafeLoader` is imported in a `try`\/`if` block of views\.py that also binds `SafeDumper`, which the moved code does not read/);
    assert.match(await refusal(files('def load(stream):\n    return SafeLoader(stream), SafeDumper\n'), { name: 'load' }), /views\.py would still read some names of the `try`\/`if` import block at line 1 but no longer `SafeLoader`/);
  });

  it('refuses a definition the module replaces with an import when it can (`try: from _speedups import dump`)', async () => {
    const files = memoryWorkspace('#- shop/__init__.py\n#- shop/views.py\ndef dump(data):\n    return str(data)\n\n\ntry:\n    from shop._speedups import dump\nexcept ImportError:\n    pass\n');
    assert.match(await refusal(files, { name: 'dump' }), /views\.py also imports `dump` \(line 6\), which replaces the definition there/);
  });

  it('refuses a receiver that only importing the old module connects, and moves one when the old module imports the new one', async () => {
    const receivers = (imports: string) => memoryWorkspace(`#- shop/__init__.py\n#- shop/views.py\n${imports}from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\n\n@receiver(post_save)\ndef on_saved(sender, **kwargs):\n    return sender\n\n\n@property\ndef label(self):\n    return str(self)\n`);
    assert.match(await refusal(receivers(''), { name: 'on_saved' }), /`on_saved` registers itself through `@receiver` when views\.py is imported; moved, nothing would import pricing\.py at start-up/);
    assert.ok((await moveIn(receivers(''), { name: 'label' })).safe, 'a pure decorator registers nothing');
    const connected = await moveIn(receivers('from shop import pricing  # noqa: F401\n'), { name: 'on_saved' });
    assert.ok(connected.safe, connected.safe ? '' : connected.reason);
  });

  it('refuses a concrete model the models module would no longer import (makemigrations would delete its table), and moves an abstract one', async () => {
    const models = memoryWorkspace('#- shop/__init__.py\n#- shop/models.py\nfrom django.db import models\n\n\nclass Stamped(models.Model):\n    created = models.DateTimeField()\n\n    class Meta:\n        abstract = True\n\n\nclass Bucket(Stamped):\n    tokens = models.FloatField()\n');
    const request = { file: `${ROOT}/shop/models.py`, targetFile: `${ROOT}/shop/buckets.py` };
    assert.match(await refusal(models, { ...request, name: 'Bucket' }), /`Bucket` is a Django model, registered when models\.py is imported; moved, nothing would import buckets\.py .*makemigrations/);
    const abstract = await moveIn(models, { ...request, name: 'Stamped' });
    assert.ok(abstract.safe, abstract.safe ? '' : abstract.reason);
  });

  it('keeps a # noqa comment on each line an import of several names is split into', async () => {
    const files = memoryWorkspace(SHOP.replace('from shop.views import checkout, render', 'from shop.views import checkout, render  # noqa: E501'));
    const after = await applied(files, { name: 'checkout' });
    assert.match(after.get(`${ROOT}/shop/api.py`)!, /^from shop\.views import render {2}# noqa: E501\nfrom shop\.pricing import checkout {2}# noqa: E501\n/);
  });

  it('refuses a read through the module on its import’s line, which the new import would come after (a NameError)', async () => {
    const files = memoryWorkspace(`${SHOP}\n  #- shop/report.py\n  import shop.views as m; TOTAL = m.checkout([1])\n`);
    assert.match(await refusal(files, { name: 'checkout' }), /report\.py reads `m\.checkout`, but it is imported on a line with other code/);
  });
});
