import { strict as assert } from 'node:assert';
import { indexOf, withDuplicateBlock, FIXTURE_ROOT } from '../../helpers/workspace/workspaceIndexFixture';
import { duplicates, files, TOTALS } from '../../helpers/refactor/duplicateFindings';
import { figuresOf } from '../../../server/src/analysis/figures';
import type { Settings } from '../../../server/src/core/config/settings';

describe('duplicate-block detector', () => {
  it('finds an exact clone across files, linking each place to the other', async () => {
    const index = await indexOf(files({
        'shop/views.py': `def checkout(request, order):${TOTALS}
    return order\n`,
        'shop/api.py': `def update_order(request, order):${TOTALS}
    return None\n`,
      }));
    assert.deepEqual(duplicates(index), [
      { file: 'shop/api.py', lines: [2, 13], message: '12 lines duplicated in 2 places', related: ['shop/views.py:2'] },
      { file: 'shop/views.py', lines: [2, 13], message: '12 lines duplicated in 2 places', related: ['shop/api.py:2'] },
    ]);
  });

  it('finds a renamed clone (other names and values, renamed consistently) in three places', async () => {
    const renamed = TOTALS.replace(/order/g, 'invoice').replace(/subtotal/g, 'amount').replace('100', '1000');
    const index = await indexOf(files({
        'a.py': `def one(order):${TOTALS}\n`,
        'b.py': `def two(invoice):${renamed}\n`,
        'c.py': `def three(order):${TOTALS}\n`,
      }));
    const found = duplicates(index);
    assert.equal(found.length, 3);
    for (const place of found) {
      assert.equal(place.message, '13 lines duplicated in 3 places (same code with other names or values)', 'the def line, renamed too, is part of it');
      assert.equal(place.related.length, 2);
    }
  });

  it('splits a copy where a name stops mapping to the same name', async () => {
    // `subtotal` maps to `subtotal` until line 9 of the copy reads `total` in its place.
    const swapped = TOTALS.replace(/discount = subtotal \*/, 'discount = total *');
    const index = await indexOf(files({ 'a.py': `def one(order):${TOTALS}\n`, 'b.py': `def two(order):${swapped}\n` }), withDuplicateBlock({ minTokens: 20, minLines: 2 }));
    const found = duplicates(index);
    assert.ok(found.length > 0, 'the consistent parts are still clones');
    for (const place of found) {
      assert.ok(place.lines[1] < 9 || place.lines[0] > 9, `no clone spans the inconsistent line 9: ${JSON.stringify(place)}`);
    }
  });

  it('finds a clone within one file', async () => {
    const index = await indexOf(files({
      'views.py': `def first(order):${TOTALS}\n    return order\n\n\ndef second(order):${TOTALS}\n    return order\n\n\ndef third(order):\n    pass\n`,
    }));
    assert.deepEqual(duplicates(index), [
      { file: 'views.py', lines: [2, 14], message: '13 lines duplicated in 2 places', related: ['views.py:18'] },
      { file: 'views.py', lines: [18, 30], message: '13 lines duplicated in 2 places', related: ['views.py:2'] },
    ]);
  });

  it('reports a clone that runs across a function boundary per function (the second is too short on its own)', async () => {
    const pair = `def first(order):${TOTALS}\n    return order\n\n\ndef second(order):\n    order.refresh_from_db()\n    return order.total\n`;
    const index = await indexOf(files({ 'a.py': pair, 'b.py': `x = 1\n${pair}` }));
    assert.deepEqual(
      duplicates(index).map((d) => [d.file, d.lines]),
      [
        ['a.py', [1, 14]],
        ['b.py', [2, 15]],
      ],
    );
  });

  it('reports two functions copied one after the other as two clones, a decorated one with its decorator', async () => {
    const report = '@cached\ndef report(rows):\n    lines = []\n    for row in rows:\n        if row.hidden:\n            continue\n        lines.append(f"{row.name}: {row.value}")\n    header = "Report of " + str(len(lines))\n    return "\\n".join([header, *lines])\n';
    const pair = `def first(order):${TOTALS}\n    return order\n\n\n${report}`;
    const index = await indexOf(files({ 'a.py': pair, 'b.py': `x = 1\n${pair}` }));
    assert.deepEqual(
      duplicates(index).map((d) => [d.file, d.lines]),
      [
        ['a.py', [1, 14]],
        ['a.py', [17, 25]],
        ['b.py', [2, 15]],
        ['b.py', [18, 26]],
      ],
    );
  });

  it('keeps whole methods copied together as one clone, though each is too short on its own (Django’s ArrayField and RangeField)', async () => {
    const methods = [
      '    @property\n    def model(self):\n        try:\n            return self.__dict__["model"]\n        except KeyError:\n            raise AttributeError("no model on %s" % self.__class__.__name__)\n',
      '    @model.setter\n    def model(self, model):\n        self.__dict__["model"] = model\n        self.base_field.model = model\n',
      '    @classmethod\n    def _choices_is_value(cls, value):\n        return isinstance(value, (list, tuple)) or super()._choices_is_value(value)\n',
    ].join('\n');
    const index = await indexOf(files({
      'array.py': `class ArrayField:\n    def __init__(self, size):\n        self.size = size\n\n${methods}\n    def check(self, **kwargs):\n        return []\n`,
      'ranges.py': `class RangeField:\n    def __init__(self, *args):\n        self.args = args\n\n${methods}\n    def get_prep_value(self, value):\n        return value\n`,
    }));
    const copied = duplicates(index).filter((d) => !d.message.includes('repeat'));
    assert.deepEqual(copied.map((d) => [d.file, d.lines]), [['array.py', [5, 19]], ['ranges.py', [5, 19]]]);
  });

  it('ignores import blocks, comments and docstrings', async () => {
    const imports = Array.from({ length: 12 }, (_, i) => `from shop.module${i} import name${i}, other${i}`).join('\n');
    const docstring = `"""${Array.from({ length: 12 }, (_, i) => `Line ${i} of a long shared docstring, with words(and, calls) = 1.`).join('\n')}"""`;
    const index = await indexOf(files({
        'a.py': `${docstring}\n${imports}\nx = 1\n`,
        'b.py': `${docstring}\n${imports}\ny = 2\n`,
      }));
    assert.deepEqual(duplicates(index), []);
  });

  it('is silenced on one block by a comment, and for a whole file', async () => {
    const index = await indexOf(files({
        'a.py': `# untangle: ignore duplicate-block
def one(order):${TOTALS}\n`,
        'b.py': `def two(order):${TOTALS}\n`,
        'c.py': `# untangle: ignore-file duplicate-block
def three(order):${TOTALS}\n`,
      }));
    assert.deepEqual(duplicates(index), [], 'with a and c silenced, b has no partner left');

    const twoLeft = await indexOf(files({
        'a.py': `def one(order):  # untangle: ignore duplicate-block
    pass
def one_more(order):${TOTALS}\n`,
        'b.py': `def two(order):${TOTALS}\n`,
      }));
    assert.equal(duplicates(twoLeft).length, 2, 'a trailing comment silences only its own statement');
  });

  it('leaves tests and excluded globs alone, and honours minLines and enabled', async () => {
    const fixture = files({
      'shop/tests/test_views.py': `def test_one(order):${TOTALS}\n`,
      'shop/test_api.py': `def test_two(order):${TOTALS}\n`,
      'shop/views.py': `def view(order):${TOTALS}\n`,
    });
    assert.deepEqual(duplicates(await indexOf(fixture)), []);
    assert.equal(duplicates(await indexOf(fixture, withDuplicateBlock({ exclude: [] }))).length, 3);
    assert.deepEqual(duplicates(await indexOf(fixture, withDuplicateBlock({ exclude: [], minLines: 40 }))), []);
    assert.deepEqual(duplicates(await indexOf(fixture, withDuplicateBlock({ exclude: [], enabled: false }))), []);
  });

  it('honours minTokens (the copy is about 105 tokens) and the severity setting', async () => {
    const fixture = files({ 'a.py': `def one(order):${TOTALS}\n`, 'b.py': `def two(order):${TOTALS}\n` });
    assert.equal(duplicates(await indexOf(fixture, withDuplicateBlock({ minTokens: 100 }))).length, 2);
    assert.deepEqual(duplicates(await indexOf(fixture, withDuplicateBlock({ minTokens: 110 }))), []);
    const severities = async (settings: Settings) => (await indexOf(fixture, settings)).findings().filter((f) => f.rule === 'duplicate-block').map((f) => f.severity);
    assert.deepEqual(await severities(withDuplicateBlock({})), ['warning', 'warning']);
    assert.deepEqual(await severities(withDuplicateBlock({ severity: 'error' })), ['error', 'error']);
    assert.deepEqual(await severities(withDuplicateBlock({ severity: 'hint' })), ['hint', 'hint']);
  });

  it('reports copies that differ only in comments and docstrings as an exact clone', async () => {
    const commented = TOTALS.replace('\n    discount = 0', '\n    # coupons come off before tax\n    discount = 0  # none by default').replace(
      'continue',
      'continue  # nothing to charge',
    );
    const index = await indexOf(files({
      'a.py': `def one(order):\n    """Totals an order."""${TOTALS}\n`,
      'b.py': `def two(order):\n    """Works out what the customer pays,\n    coupon and tax included."""${commented}\n`,
    }));
    assert.deepEqual(duplicates(index), [
      { file: 'a.py', lines: [3, 14], message: '12 lines duplicated in 2 places', related: ['b.py:4'] },
      { file: 'b.py', lines: [4, 16], message: '13 lines duplicated in 2 places', related: ['a.py:3'] },
    ]);
  });

  it('updates incrementally: an edit adds and removes clones and marks both files changed', async () => {
    const index = await indexOf(files({
        'a.py': `def one(order):${TOTALS}\n`,
        'b.py': `def two(order):
    return order\n`,
      }));
    index.takeChangedPaths();
    assert.deepEqual(duplicates(index), []);
    index.update(`${FIXTURE_ROOT}/b.py`, `def two(order):${TOTALS.replace(/\n {4}/g, '\n    ')}\n`);
    assert.deepEqual(index.takeChangedPaths().sort(), [`${FIXTURE_ROOT}/a.py`, `${FIXTURE_ROOT}/b.py`]);
    assert.equal(duplicates(index).length, 2);
    index.remove(`${FIXTURE_ROOT}/b.py`);
    assert.deepEqual(index.takeChangedPaths().sort(), [`${FIXTURE_ROOT}/a.py`, `${FIXTURE_ROOT}/b.py`]);
    assert.deepEqual(duplicates(index), []);
  });

  it('reports the workspace duplication figures', async () => {
    const index = await indexOf(files({
        'a.py': `def one(order):${TOTALS}\n`,
        'b.py': `def two(order):${TOTALS}\n`,
      }));
    assert.deepEqual(index.duplication(), { codeLines: 26, duplicatedLines: 24, nearDuplicateLines: 0, cloneClasses: 1 });
  });

  it('counts duplicated code lines, not the blank and comment lines a clone spans', async () => {
    // Two blank lines and a comment inside each copy: counted as physical lines they made 28 of 26 (107.7 %).
    const spaced = TOTALS.replace('\n    discount = 0', '\n\n    # the coupon comes off before tax\n\n    discount = 0');
    const index = await indexOf(files({ 'a.py': `def one(order):${spaced}\n`, 'b.py': `def two(order):${spaced}\n` }));
    assert.deepEqual(duplicates(index).map((d) => d.lines), [[2, 16], [2, 16]], 'each copy spans the three lines');
    assert.deepEqual(index.duplication(), { codeLines: 26, duplicatedLines: 24, nearDuplicateLines: 0, cloneClasses: 1 });
    assert.equal(figuresOf(index, (file) => file).duplicatedPercentage, 92.3);
  });
});
