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
