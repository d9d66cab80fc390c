import { strict as assert } from 'node:assert';
import { lexPython } from '../../../server/src/core/python/pythonLexer';
import { outlineFromTokens } from '../../../server/src/core/python/tokens/tokenOutline';
import type { TokenStream } from '../../../server/src/core/python/tokenStream';
import { consistentRuns, equalRun, extend, mayHoldClone, perFunction, reportableParts, type Run } from '../../../server/src/core/clones/runs';

const THRESHOLDS = { minTokens: 50, minLines: 5 };
const WINDOW = THRESHOLDS.minTokens / 2;

function tokensOf(text: string): TokenStream {
  const outlined = outlineFromTokens(text, lexPython(text), false);
  assert.ok(outlined, 'the fixture outlines from tokens');
  return outlined.tokens;
}

/** What CloneIndex.clonesOf reports of a run: the cut mayHoldClone stands in for. */
function reported(a: TokenStream, b: TokenStream, run: Run): Run[] {
  return consistentRuns(a, b, run.aStart, run.bStart, run.length)
    .flatMap((consistent) => perFunction(a, consistent))
    .flatMap((part) => reportableParts(a, b, part, THRESHOLDS));
}

/** Every maximal run of at least minTokens tokens between `a` and `b`, one per diagonal. */
function runsBetween(a: TokenStream, b: TokenStream): Run[] {
  const runs = new Map<number, Run>();
  for (let i = 0; i + WINDOW <= a.length; i++) {
    for (let j = 0; j + WINDOW <= b.length; j++) {
      if (runs.has(j - i) && runs.get(j - i)!.aStart + runs.get(j - i)!.length > i) continue;
      if (!equalRun(a.shapes, i, b.shapes, j, WINDOW)) continue;
      const run = extend(a.shapes, b.shapes, i, j, WINDOW);
      if (run.length >= THRESHOLDS.minTokens) runs.set(j - i, run);
    }
  }
  return [...runs.values()];
}

/** `0x80: 0x00c7,` rows from `first`, values counting from `value`: a charmap's table. */
const table = (first: number, value: number, rows: number) =>
  `MAP = {\n${Array.from({ length: rows }, (_, k) => `    0x${(first + k).toString(16)}: 0x${(value + k * 7).toString(16)},`).join('\n')}\n}\n`;
const code = (name: string) => `def ${name}(basket, customer):
    discount = customer.loyalty_rate()
    lines = [line for line in basket.lines if line.price > 0]
    for line in lines:
        line.price = line.price - line.price * discount
        line.touched = True
    basket.recount(lines, reason="discount")
    return basket
`;

describe('mayHoldClone: the scan that spares cutting runs that report nothing', () => {
  it('rules out the diagonals of two tables of other values, and only runs the cut reports nothing of', () => {
    const a = tokensOf(table(0x80, 0xc7, 60));
    const b = tokensOf(table(0x80, 0x3a1, 60));
    const runs = runsBetween(a, b);
    assert.ok(runs.length > 10, `${runs.length} diagonals`);
    assert.ok(runs.every((run) => !mayHoldClone(a, b, run, THRESHOLDS.minTokens)));
    assert.ok(runs.every((run) => reported(a, b, run).length === 0));
  });

  it('keeps a run with an exact stretch of minTokens tokens, in a table as in code', () => {
    const a = tokensOf(table(0x80, 0xc7, 60));
    const b = tokensOf(table(0x80, 0xc7, 40));
    const exact = runsBetween(a, b).filter((run) => reported(a, b, run).length > 0);
    assert.ok(exact.length > 0);
    assert.ok(exact.every((run) => mayHoldClone(a, b, run, THRESHOLDS.minTokens)));
  });

  it('keeps renamed code that is not mostly literals', () => {
    const a = tokensOf(code('total'));
    const b = tokensOf(code('sum_up').replace(/basket/g, 'cart'));
    const runs = runsBetween(a, b);
    assert.ok(runs.some((run) => reported(a, b, run).length > 0));
    assert.ok(runs.every((run) => mayHoldClone(a, b, run, THRESHOLDS.minTokens)));
  });

  it('never rules out a run the cut reports something of (mixed code and tables)', () => {
    const a = tokensOf(`${code('total')}\n${table(0x80, 0xc7, 30)}\n${code('again')}`);
    const b = tokensOf(`${table(0x90, 0x11, 20)}\n${code('other').replace(/line/g, 'row')}\n${table(0x80, 0xc7, 30)}`);
    const runs = runsBetween(a, b);
    const ruledOut = runs.filter((run) => !mayHoldClone(a, b, run, THRESHOLDS.minTokens));
    assert.ok(ruledOut.length > 0, 'some diagonal is ruled out');
    assert.deepEqual(ruledOut.flatMap((run) => reported(a, b, run)), []);
    assert.ok(runs.some((run) => reported(a, b, run).length > 0));
  });
});
