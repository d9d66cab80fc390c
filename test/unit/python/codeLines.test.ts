import { strict as assert } from 'node:assert';
import { outline } from '../../helpers/python/python';

describe('code line counting', () => {
  it('does not count blank lines, comments or docstrings', async () => {
    const module = await outline(`
      """Module docstring
      spanning two lines."""
      # a comment

      import os  # trailing comments do not hide code


      class A:
          """Class docstring."""

          x = 1

          def f(self):
              '''Function docstring.'''
              # comment
              return 2
    `);
    assert.equal(module.codeLines, 5);
    assert.equal(module.totalLines, 16);
  });

  it('counts every line of a multi-line string that is not a docstring', async () => {
    const module = await outline(`
      QUERY = """
      SELECT *
      FROM shop_order
      """
      x = 1
      """A bare string after code is not a docstring."""
    `);
    assert.equal(module.codeLines, 6);
  });

  it('counts the code lines of each definition', async () => {
    const module = await outline(`
      def f():
          """Doc."""

          # why
          return 1


      def g():
          a = 1
          return a
    `);
    assert.deepEqual(
      module.symbols.map((s) => s.codeLines),
      [2, 3],
    );
  });
});
