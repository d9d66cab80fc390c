/**
 * What the refactorings do with a module's head (core/python/moduleHead.ts): the shebang, the
 * encoding declaration and a licence stay where Python and people read them; code moved to a new
 * module takes its `__future__` imports along. Where the new import goes is in targetModule.test.ts.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { extractToModule } from '../../../server/src/refactor/extract/extractToModule';
import { moveSymbol } from '../../../server/src/refactor/move/moveSymbol';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import type { RefactorResult } from '../../../server/src/refactor/domainEdit';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const VIEWS = `${ROOT}/shop/views.py`;
const CONTROLLERS = `${ROOT}/shop/controllers.py`;

/** The editor keeps an edited file's encoding and writes new files as UTF-8. */
const LATIN1_VIEWS = (file: string): BufferEncoding => (file === VIEWS ? 'latin1' : 'utf8');

async function move(files: Map<string, string>, name: string) {
  return moveSymbol(await loadPythonParser(), snapshotOf(files), { file: VIEWS, name, targetFile: CONTROLLERS, keepReexport: false }).result;
}

/** The workspace after a refactoring that must be safe. */
function applied(files: Map<string, string>, result: RefactorResult): Map<string, string> {
  assert.ok(result.safe, result.safe ? '' : result.reason);
  return applyEdit(files, result.edit);
}

/** Extracts the lines of views.py from the one holding `from` to the one holding `to`. */
async function extract(files: Map<string, string>, from: string, to: string, functionName: string) {
  const lineOf = (needle: string) => files.get(VIEWS)!.split('\n').findIndex((line) => line.includes(needle));
  return extractToModule(await loadPythonParser(), snapshotOf(files), { file: VIEWS, startLine: lineOf(from), endLine: lineOf(to), targetFile: CONTROLLERS, functionName });
}

describe('a module’s head', () => {
  it('stays in a latin-1 module an extraction adds an import to, which Python then still decodes', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      # -*- coding: latin-1 -*-
      def greet(request):
          name = request["name"]
          text = "Café " + name
          return text + " ¡Olé!"
    `);
    const check = 'from shop.views import greet\nprint(ascii(greet({"name": "Zoë"})))';
    const before = runPythonOn(files, check, LATIN1_VIEWS);
    const after = applied(files, await extract(files, 'text =', 'text =', 'greeting'));
    assert.equal(
      after.get(VIEWS),
      dedent(`
        # -*- coding: latin-1 -*-
        from shop.controllers import greeting


        def greet(request):
            name = request["name"]
            text = greeting(name)
            return text + " ¡Olé!"
      `),
    );
    assert.equal(runPythonOn(after, check, LATIN1_VIEWS), before);
  });

  it('stays when the first definition moves: the shebang and the encoding declaration are the module’s, not the definition’s', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      #!/usr/bin/env python
      # -*- coding: latin-1 -*-
      def checkout(cart):
          return "Café: %d" % sum(cart)


      def render(cart):
          return "¡" + checkout(cart)
    `);
    const check = 'from shop.views import render\nprint(ascii(render([1, 2])))';
    const before = runPythonOn(files, check, LATIN1_VIEWS);
    const after = applied(files, await move(files, 'checkout'));
    assert.equal(
      after.get(VIEWS),
      dedent(`
        #!/usr/bin/env python
        # -*- coding: latin-1 -*-
        from shop.controllers import checkout


        def render(cart):
            return "¡" + checkout(cart)
      `),
      'the re-export goes below them',
    );
    assert.equal(after.get(CONTROLLERS), 'def checkout(cart):\n    return "Café: %d" % sum(cart)\n', 'a new UTF-8 module, which a latin-1 declaration would misdescribe');
    assert.equal(runPythonOn(after, check, LATIN1_VIEWS), before);
  });

  describe('`from __future__` imports of moved code', () => {
    const SHOP = dedent(`
      #- shop/__init__.py
      #- shop/views.py
      from __future__ import absolute_import, annotations


      def total(prices: list) -> int:
          return sum(prices)


      def render(prices):
          return str(total(prices))
    `);
    const CHECK = 'from shop.views import total, render\nprint(total.__annotations__, render([1, 2]))';

    it('come first in the new module, so its annotations stay unevaluated (those that change nothing in Python 3 are dropped)', async () => {
      const files = memoryWorkspace(SHOP);
      const after = applied(files, await move(files, 'total'));
      assert.equal(after.get(CONTROLLERS), 'from __future__ import annotations\n\n\ndef total(prices: list) -> int:\n    return sum(prices)\n');
      assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
      assert.equal(runPythonOn(after, CHECK), "{'prices': 'list', 'return': 'int'} 3\n");
    });

    it('come before the imports of a new module that an extraction creates', async () => {
      const files = memoryWorkspace(`
        #- shop/__init__.py
        #- shop/views.py
        from __future__ import annotations

        import math


        def describe(request):
            size = len(request)
            class Line:
                qty: int = math.ceil(size)
            hints = Line.__annotations__
            return size, hints
      `);
      const check = 'from shop.views import describe\nprint(describe([1, 2]))';
      const after = applied(files, await extract(files, 'class Line', 'hints =', 'hints_of'));
      assert.equal(
        after.get(CONTROLLERS),
        dedent(`
          from __future__ import annotations

          import math


          def hints_of(size):
              class Line:
                  qty: int = math.ceil(size)
              return Line.__annotations__
        `),
      );
      assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    });

    it('are added to an existing target that holds no code yet, below its comments', async () => {
      const files = memoryWorkspace(`${SHOP}\n#- shop/controllers.py\n# Controllers.\n`);
      const after = applied(files, await move(files, 'total'));
      assert.equal(after.get(CONTROLLERS), '# Controllers.\nfrom __future__ import annotations\n\n\ndef total(prices: list) -> int:\n    return sum(prices)\n', 'only the feature that changes something');
      assert.equal(runPythonOn(after, CHECK), runPythonOn(files, CHECK));
    });

    it('refuse annotated code into an existing module compiled otherwise; code without annotations may go', async () => {
      const withCode = memoryWorkspace(`${SHOP}\n#- shop/controllers.py\ndef other(n: int):\n    return n\n`);
      assert.deepEqual(await move(withCode, 'total'), {
        safe: false,
        reason: 'views.py has `from __future__ import annotations` and controllers.py does not: the moved code would compile differently in controllers.py (add the import to controllers.py by hand if its own code allows)',
      });
      applied(withCode, await move(withCode, 'render'));

      const futureTarget = memoryWorkspace(`${SHOP.replace('from __future__ import absolute_import, annotations', 'import json')}\n#- shop/controllers.py\nfrom __future__ import annotations\n\nX = 1\n`);
      assert.deepEqual(await move(futureTarget, 'total'), {
        safe: false,
        reason: 'controllers.py has `from __future__ import annotations` and views.py does not: the moved code would compile differently in controllers.py',
      });
    });
  });

  it('of a latin-1 module split into a package: the new UTF-8 modules carry no encoding declaration, __init__.py the rest of the head', async () => {
    const models = `${ROOT}/shop/models.py`;
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/models.py
      #!/usr/bin/env python
      # -*- coding: latin-1 -*-
      # Copyright 2024 Café Ltd.

      """Everything the shop stores."""
      from __future__ import annotations


      class Product:
          label = "Crème"

          def price(self) -> int:
              return 3


      class Order:
          note = "Reçu"
    `);
    const latin1Models = (file: string): BufferEncoding => (file === models ? 'latin1' : 'utf8');
    const check = 'from shop.models import Order, Product\nprint(ascii([Product.label, Order.note]), Product.price.__annotations__)';
    const before = runPythonOn(files, check, latin1Models);
    const groups = [
      { name: 'product', symbols: ['Product'], codeLines: 0 },
      { name: 'order', symbols: ['Order'], codeLines: 0 },
    ];
    const after = applied(files, splitModule(await loadPythonParser(), snapshotOf(files), { file: models, groups }).result);
    assert.equal(
      after.get(`${ROOT}/shop/models/__init__.py`),
      dedent(`
        #!/usr/bin/env python
        # Copyright 2024 Café Ltd.

        """Everything the shop stores."""
        from __future__ import annotations

        from .product_models import Product
        from .order_models import Order


        __all__ = ["Product", "Order"]
      `),
    );
    assert.equal(
      after.get(`${ROOT}/shop/models/product_models.py`),
      'from __future__ import annotations\n\n\nclass Product:\n    label = "Crème"\n\n    def price(self) -> int:\n        return 3\n',
    );
    assert.equal(after.get(`${ROOT}/shop/models/order_models.py`), 'from __future__ import annotations\n\n\nclass Order:\n    note = "Reçu"\n');
    assert.equal(runPythonOn(after, check), before);
  });
});
