/**
 * A split keeps what the module does when it runs, not only what it defines: globals that code
 * rebinds, import-time registrations and their order, or it refuses with the reason.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { splitModule } from '../../server/src/refactor/split/splitModule';
import type { FeatureGroup } from '../../server/src/core/features/featureGrouping';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn, snapshotOf } from '../helpers/refactorFixture';

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
});
