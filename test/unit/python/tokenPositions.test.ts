import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { outlineModule } from '../../../server/src/core/python/moduleOutline';
import { narrowPositions, type TokenStream } from '../../../server/src/core/python/tokenStream';

/** The tokens of `text` as the analysis makes them. */
async function tokensOf(text: string): Promise<TokenStream> {
  const tree = (await loadPythonParser()).parse(text);
  try {
    return outlineModule(tree, text).tokens;
  } finally {
    tree.delete();
  }
}

/** Where the last token of `tokens` starts and ends, 0-based lines and columns. */
function lastToken(tokens: TokenStream): number[] {
  const i = tokens.length - 1;
  return [tokens.startLines[i], tokens.startColumns[i], tokens.endLines[i], tokens.endColumns[i]];
}

describe('token positions: 16-bit where a module allows, 32-bit where it does not', () => {
  it('keeps the lines and columns of an ordinary module in 16 bits', async () => {
    const tokens = await tokensOf('def total(order):\n    return order.price * 2\n');
    assert.ok(narrowPositions(tokens));
    assert.ok(tokens.startLines instanceof Uint16Array && tokens.endColumns instanceof Uint16Array);
    assert.deepEqual(lastToken(tokens), [1, 26, 1, 26], 'the end of the logical line, after `2`');
  });

  it('falls back to 32 bits for a module with a column past 65,535, with the same values', async () => {
    const literal = `"${'x'.repeat(70_000)}"`;
    const tokens = await tokensOf(`TABLE = ${literal}; size = 1\n`);
    assert.ok(!narrowPositions(tokens));
    assert.ok(tokens.startColumns instanceof Int32Array && tokens.startLines instanceof Int32Array);
    const one = tokens.length - 2;
    assert.deepEqual([tokens.startLines[one], tokens.startColumns[one]], [0, 8 + literal.length + 9], 'the `1` after the long string');
  });

  it('falls back to 32 bits for a module past 65,536 lines, with the same values', async () => {
    const tokens = await tokensOf('x = 1\n'.repeat(70_000));
    assert.ok(!narrowPositions(tokens));
    assert.deepEqual(lastToken(tokens), [69_999, 5, 69_999, 5]);
  });
});
