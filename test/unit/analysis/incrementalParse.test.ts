/**
 * Re-parsing an edited text from its previous parse: the change found between two texts, and
 * trees that match a fresh parse whatever the edit (non-ASCII text included, since web-tree-sitter
 * counts UTF-16 code units), through the parser and through the index as the editor drives it.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { changeBetween, commonEnds } from '../../../server/src/core/parse/textEdit';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const MODULE = dedent(`
  """Prices — in € and ¥, with a 🧾 for receipts."""
  from decimal import Decimal


  def total(lines):
      result = Decimal("0")
      for line in lines:
          result += line.price * line.quantity
      return result


  class Cart:
      def add(self, item):
          self.items.append(item)
`);

/** Edits as (find, replace) on MODULE: inserts, deletions, replacements, across lines, around non-ASCII text. */
const EDITS: readonly (readonly [string, string])[] = [
  ['result = Decimal("0")', 'result = Decimal("0")\n    seen = 0'],
  ['    for line in lines:\n        result += line.price * line.quantity\n', ''],
  ['€ and ¥', '€, ¥ and £'],
  ['🧾', '🧾🧾 (twice)'],
  ['class Cart:', 'class Cart(object):'],
  ['def add(self, item):', 'def add(self, item, count=1):\n        """Adds."""'],
  ['return result', 'return result +'],
];

describe('incremental parsing', () => {
  let parser: PythonParser;
  before(async () => (parser = await loadPythonParser()));

  it('finds the one change between two texts, with rows and UTF-16 columns', () => {
    assert.equal(changeBetween('same', 'same'), undefined);
    assert.deepEqual(changeBetween('a = 1\nb = 2\n', 'a = 1\nb = 20\n'), {
      startIndex: 11,
      oldEndIndex: 11,
      newEndIndex: 12,
      startPosition: { row: 1, column: 5 },
      oldEndPosition: { row: 1, column: 5 },
      newEndPosition: { row: 1, column: 6 },
    });
    assert.deepEqual(changeBetween('x = "🧾"\ny\n', 'x = "🧾"\n'), {
      startIndex: 9,
      oldEndIndex: 11,
      newEndIndex: 9,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 2, column: 0 },
      newEndPosition: { row: 1, column: 0 },
    });
  });

  it('counts the characters two long texts share at each end, compared a block at a time, as one at a time does', () => {
    const base = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join('');
    const oneByOne = (before: string, after: string) => {
      let head = 0;
      while (head < Math.min(before.length, after.length) && before[head] === after[head]) head++;
      let tail = 0;
      while (tail < Math.min(before.length, after.length) - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
      return { head, tail };
    };
    for (const at of [0, 1, 255, 256, 257, 511, 1000, 1743, 1744, 1999, 2000]) {
      for (const [removed, inserted] of [[0, 'x'], [1, ''], [3, 'yz'], [300, 'q'], [0, base.slice(0, 600)]] as const) {
        const after = base.slice(0, at) + inserted + base.slice(at + removed);
        assert.deepEqual(commonEnds(base, after), oneByOne(base, after), JSON.stringify([at, removed, inserted.length]));
      }
    }
  });

  it('gives the tree a fresh parse gives, edit after edit', () => {
    let previous = { text: MODULE, tree: parser.parse(MODULE) };
    for (const [find, replace] of EDITS) {
      assert.ok(previous.text.includes(find), `the fixture holds ${JSON.stringify(find)}`);
      const text = previous.text.replace(find, replace);
      const tree = parser.parse(text, previous);
      previous.tree.delete();
      const fresh = parser.parse(text);
      try {
        assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `after replacing ${JSON.stringify(find)}`);
        assert.equal(tree.rootNode.endIndex, text.length);
      } finally {
        fresh.delete();
      }
      previous = { text, tree };
    }
    previous.tree.delete();
  });

  it('leaves the index with the findings a fresh analysis gives, as the editor types', async () => {
    const file = '/ws/shop/prices.py';
    const settings = { ...DEFAULT_SETTINGS, longFile: { ...DEFAULT_SETTINGS.longFile, maxCodeLines: 8 } };
    const edited = new WorkspaceIndex('/ws', parser, settings);
    let text = MODULE;
    edited.update(file, text, true);
    for (const [find, replace] of EDITS) {
      text = text.replace(find, replace);
      edited.update(file, text, true);
      const fresh = new WorkspaceIndex('/ws', parser, settings);
      fresh.update(file, text);
      assert.deepEqual(edited.get(file)?.outline, fresh.get(file)?.outline, `after replacing ${JSON.stringify(find)}`);
      assert.deepEqual(edited.findingsFor(file), fresh.findingsFor(file));
    }
    edited.dispose();
  });
});
