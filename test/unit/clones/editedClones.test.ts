/**
 * After an edit the index makes findings again only from the clone classes and member groups the
 * edit changed, keeps the others' findings as they were, and tells changed only the files whose
 * findings differ: an edit that creates or removes a clone with another file must still reach
 * that file, and leave the index as a from-scratch analysis would.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { discountBlock } from '../../helpers/python/discountBlock';
import { assertSameCloneIndex } from '../../helpers/workspace/workspaceIndexFixture';

const [edited, original, copyA, copyB] = ['/ws/shop/cart.py', '/ws/shop/orders.py', '/ws/blog/a.py', '/ws/blog/b.py'];
const head = 'import logging\n\nlog = logging.getLogger(__name__)\n\n\n';
const unrelated = `def total(items):\n    return sum(item.price for item in items)\n`;
/** A clone of two other files, which no edit of `edited` touches. */
const other = `def render(posts):\n    lines = []\n    for post in posts:\n        if post.hidden or not post.title:\n            continue\n        lines.append(post.title.upper() + " by " + post.author.name)\n    lines.sort(key=len)\n    return "\\n".join(lines)\n`;

describe('findings after edits that create and remove clones with other files', function () {
  this.timeout(120_000);
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const others: [string, string][] = [
    [original, head + discountBlock()],
    [copyA, head + other],
    [copyB, `${head}def unrelated():\n    return 1\n\n\n${other}`],
  ];
  const fresh = (text: string) => {
    const index = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
    for (const [file, fileText] of others) index.update(file, fileText);
    index.update(edited, text);
    return index;
  };

  it('reports the other file changed when a pasted copy creates a clone with it and when removing the copy ends it, and nothing else', () => {
    const index = new WorkspaceIndex('/ws', parser, DEFAULT_SETTINGS);
    for (const [file, fileText] of others) index.update(file, fileText);
    index.update(edited, head + unrelated, true);
    assert.equal(index.findings().filter((f) => f.rule === 'duplicate-block').length, 2, 'the blog copies only');
    index.takeChangedPaths();
    const renamed = discountBlock().replace(/order\b/g, 'basket').replace('apply_discount', 'discount_basket');
    const steps: [string, string, readonly string[]][] = [
      ['an exact copy pasted', `${head}${unrelated}\n\n${discountBlock()}`, [edited, original]],
      ['the copy renamed: a near-copy', `${head}${unrelated}\n\n${renamed}`, [edited, original]],
      ['a line typed above it: the copy moves, and the original links to it there', `${head}x = 1\n${unrelated}\n\n${renamed}`, [edited, original]],
      ['a line typed below it: nothing moves', `${head}x = 1\n${unrelated}\n\n${renamed}y = 2\n`, [edited]],
      ['the copy removed', `${head}x = 1\n${unrelated}y = 2\n`, [edited, original]],
      ['an exact copy of the blog code pasted: a class of three', `${head}${unrelated}\n\n${other}`, [edited, copyA, copyB]],
      ['and removed', `${head}${unrelated}`, [edited, copyA, copyB]],
    ];
    for (const [step, text, changed] of steps) {
      index.update(edited, text, true);
      assert.deepEqual(index.takeChangedPaths().sort(), [...changed].sort(), step);
      const scratch = fresh(text);
      assert.deepEqual(index.findings(), scratch.findings(), step);
      assertSameCloneIndex(index, scratch, step);
      scratch.dispose();
    }
    index.dispose();
  });
});
