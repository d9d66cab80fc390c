import { strict as assert } from 'node:assert';
import { analyzeModule } from '../../../server/src/analysis/analyzeModule';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { whyMissed, type LineSpan, type MissedSide } from '../../../server/src/core/clones/missedClones';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { TOTALS } from '../../helpers/refactor/duplicateFindings';

const THRESHOLDS = { minTokens: 50, minLines: 5 };

async function side(text: string, lines: LineSpan): Promise<MissedSide> {
  return { tokens: analyzeModule(await loadPythonParser(), '/ws/a.py', text, DEFAULT_SETTINGS).tokens, text, lines };
}

/** Tail of `first` and head of `second`: about 25 tokens each, 60 together over 9 lines. */
const BOUNDARY = `def first(order):
    order.refresh_from_db()
    total = order.subtotal + order.shipping + order.tax
    order.total = total
    return order.total


def second(order, user):
    order.owner = user
    order.status = order.status or "draft"
    order.save(update_fields=["owner", "status"])
    return order
`;

/** The same docstring over a body of some 20 tokens: jscpd counts the docstring's words, Untangle does not. */
const DOCUMENTED = (name: string) => `def ${name}(request, order):
    """
    Return the order's total as the customer sees it: the subtotal of every item
    in the cart, the shipping cost of the chosen carrier and the tax of the
    customer's country, rounded to the currency's smallest unit.
    """
    return round(order.subtotal + order.shipping + order.tax, 2)
`;

describe('why a reference clone is missed (bench recall)', () => {
  it('names a clone across a function boundary whose parts are each too short', async () => {
    const a = await side(BOUNDARY, { start: 3, end: 11 });
    const b = await side(`x = 1\n${BOUNDARY}`, { start: 4, end: 12 });
    assert.equal(whyMissed(a, b, THRESHOLDS), 'function boundary');
  });

  it('names a clone that is long enough only with its docstring', async () => {
    const text = `${DOCUMENTED('one')}\n\n${DOCUMENTED('two')}`;
    const a = await side(text, { start: 1, end: 7 });
    const b = await side(text, { start: 10, end: 16 });
    assert.equal(whyMissed(a, b, THRESHOLDS), 'left out');
  });

  it('names the docstring when the places hold too few code tokens, even where a longer run passes by', async () => {
    // The same tail-and-head run as above, but the reference's places are first()'s docstring and one line of code.
    const documented = BOUNDARY.replace('def first(order):\n', 'def first(order):\n    """\n    Refresh the order and total it: the subtotal of every item, the\n    shipping cost of the carrier and the tax of the country.\n    """\n');
    const a = await side(documented, { start: 2, end: 6 });
    const b = await side(`x = 1\n${documented}`, { start: 3, end: 7 });
    assert.equal(whyMissed(a, b, THRESHOLDS), 'left out');
  });

  it('says the engine missed a clone that every stage keeps (not a deliberate exclusion)', async () => {
    const a = await side(`def checkout(request, order):${TOTALS}\n    return order\n`, { start: 2, end: 13 });
    const b = await side(`def update(request, order):${TOTALS}\n    return None\n`, { start: 2, end: 13 });
    assert.equal(whyMissed(a, b, THRESHOLDS), 'engine');
  });

  it('says the tokens differ when nothing is left out and too few tokens match', async () => {
    const a = await side(`def checkout(request, order):${TOTALS}\n`, { start: 2, end: 13 });
    const b = await side(`def checkout(request, order):${TOTALS.replace(/\+=/, '= 1 +')}\n`, { start: 2, end: 13 });
    assert.equal(whyMissed(a, b, { minTokens: 100, minLines: 5 }), 'tokens differ');
  });
});
