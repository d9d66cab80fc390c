/**
 * The outline of a module parsed for its facts is read from the copy of its tree (outlineOfCopy,
 * moduleOutline.ts): it must equal, field for field (typed arrays included), the outline read
 * through WASM, syntax errors and statement-scoped silencing comments included.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { copyTree } from '../../../server/src/core/parse/treeCopy';
import { outlineModule, outlineOfCopy } from '../../../server/src/core/python/moduleOutline';
import { lexPython } from '../../../server/src/core/python/pythonLexer';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const SHOP = path.join(__dirname, '../../../../examples/shop/shop');
const DJANGO = '/usr/lib/python3/dist-packages/django';

async function expectSameOutline(text: string, isUrlConf = false): Promise<void> {
  const parser = await loadPythonParser();
  const tree = parser.parse(text);
  try {
    const lexed = lexPython(text);
    assert.deepStrictEqual(outlineOfCopy(tree, copyTree(tree.rootNode, text), text, isUrlConf, lexed), outlineModule(tree, text, isUrlConf, lexed));
  } finally {
    tree.delete();
  }
}

describe('outlineOfCopy: the outline read from a tree copy', function () {
  this.timeout(60_000);

  it('equals the outline read through WASM on syntax errors and statement-scoped silencing comments', async () => {
    await expectSameOutline(
      dedent(`
        from django.db import models

        # untangle: ignore duplicate-block
        class Order(models.Model):
            total = models.DecimalField()  # untangle: ignore long-file

            def paid(self):
                return self.total > 0

        class Broken(:
            def f(self
                x = [1, 2
        print "old"
      `),
    );
  });

  it('equals the outline read through WASM on the example shop, urls.py included', async () => {
    for (const file of fs.readdirSync(SHOP).filter((name) => name.endsWith('.py'))) {
      await expectSameOutline(fs.readFileSync(path.join(SHOP, file), 'utf8'), file === 'urls.py');
    }
  });

  it("equals the outline read through WASM on Django's largest modules, when Debian's Django is installed", async function () {
    if (!fs.existsSync(DJANGO)) this.skip();
    for (const file of ['db/models/sql/query.py', 'contrib/admin/options.py', 'db/models/base.py', 'urls/resolvers.py']) {
      await expectSameOutline(fs.readFileSync(path.join(DJANGO, file), 'utf8'));
    }
  });
});
