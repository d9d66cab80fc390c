import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The bench's plain ES modules, loaded as the bench runs them (out/ holds no copy). */
const BENCH = path.resolve(__dirname, '../../../../bench');
const load = (module: string) => import(pathToFileURL(path.join(BENCH, module)).href);

const place = (line: number, endLine: number) => ({ path: 'models.py', line, endLine });

describe('bench recall: what counts as found', () => {
  it('does not count a clone as found through a finding of classes repeating members, whose range spans the members between', async () => {
    const { readUntangleReport } = await load('reports.mjs');
    const { compareClones } = await load('recall.mjs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-recall-'));
    const report = {
      summary: { analyzedFiles: 1 },
      skipped: [],
      findings: [
        // `salt` and `harden_runtime` repeated in two classes: lines 10-40 and 60-90, members between not shared.
        { rule: 'duplicate-block', stage: 'hard', ...place(10, 40), message: '`salt`, `harden_runtime` repeated in 2 classes', related: [place(60, 90)] },
        { rule: 'duplicate-block', ...place(60, 90), stage: 'hard', message: '`salt`, `harden_runtime` repeated in 2 classes', related: [place(10, 40)] },
        { rule: 'duplicate-block', ...place(100, 110), message: '11 lines duplicated in 2 places', related: [place(120, 130)] },
        { rule: 'duplicate-block', ...place(120, 130), message: '11 lines duplicated in 2 places', related: [place(100, 110)] },
      ],
    };
    fs.writeFileSync(path.join(dir, 'untangle.json'), JSON.stringify(report));
    const ours = readUntangleReport(path.join(dir, 'untangle.json'), dir);
    const span = (start: number, end: number) => ({ file: path.join(dir, 'models.py'), start, end });
    const reference = [
      { a: span(25, 32), b: span(75, 82), lines: 8, exact: true },
      { a: span(101, 109), b: span(121, 129), lines: 9, exact: true },
    ];
    const compared = compareClones(reference, ours.pairs);
    assert.equal(ours.memberFindings, 2);
    assert.deepEqual(compared.missed, [reference[0]]);
    assert.equal(compared.found, 1);
  });
});

describe('bench recall: why a clone is missed', () => {
  it('names a clone whose two places lie in one place Untangle reports (grouping merged them), else the engine', async () => {
    const { missReasons } = await load('missReasons.mjs');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-miss-')), 'orders.py');
    const block = [
      'subtotal = 0',
      'for item in order.items.all():',
      '    if item.quantity <= 0:',
      '        continue',
      '    subtotal += item.unit_price * item.quantity',
      'discount = 0',
      'if order.coupon and order.coupon.active:',
      '    discount = subtotal * order.coupon.percent / 100',
      'tax = (subtotal - discount) * TAX_RATE',
      'order.total = subtotal - discount + tax',
      'order.save(update_fields=["total"])',
      'print(order.total)',
    ].join('\n');
    fs.writeFileSync(file, `${block}\n${block}\n`);
    const span = (start: number, end: number) => ({ file, start, end });
    const clone = { a: span(1, 12), b: span(13, 24), lines: 12, exact: true };
    const reasonWith = async (place: ReturnType<typeof span>) => (await missReasons(path.dirname(BENCH), [clone], { minTokens: 50, minLines: 5 }, [place]))[0].reason;
    assert.equal(await reasonWith(span(1, 24)), 'inside one place');
    assert.equal(await reasonWith(span(30, 40)), 'engine');
  });
});
