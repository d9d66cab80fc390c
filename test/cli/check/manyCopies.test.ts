import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { assertValidSarif } from '../../helpers/processes/sarif';
import { writeCopies } from '../../helpers/python/discountBlock';
import { MAX_LISTED_COPIES } from '../../../server/src/report/listedRelated';

/** Past the copies a report lists per finding (report/listedRelated.ts). */
const COPIES = 13;

describe('a block copied into many places (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  let files: string[];
  beforeEach(() => {
    root = writeWorkspace('#- shop/__init__.py\n');
    files = writeCopies(root, COPIES, 'import logging\n\nlog = logging.getLogger(__name__)\n\n\n');
  });
  afterEach(() => removeWorkspace(root));

  it('lists the first copies in JSON and SARIF and counts the others, each finding saying how many places', () => {
    const json = JSON.parse(untangle(['check', 'shop', '--format', 'json', '--no-cache'], root).stdout);
    const duplicates: { path: string; message: string; related: { path: string }[]; moreRelated?: number }[] = json.findings.filter((f: { rule: string }) => f.rule === 'duplicate-block');
    assert.deepEqual(duplicates.map((f) => f.path), files);
    for (const finding of duplicates) {
      assert.match(finding.message, new RegExp(`duplicated in ${COPIES} places`));
      assert.equal(finding.related.length, MAX_LISTED_COPIES);
      assert.equal(finding.moreRelated, COPIES - 1 - MAX_LISTED_COPIES);
      assert.ok(!finding.related.some((related) => related.path === finding.path));
    }
    const sarif = JSON.parse(untangle(['check', 'shop', '--format', 'sarif', '--no-cache'], root).stdout);
    assertValidSarif(sarif);
    const results: { ruleId: string; relatedLocations: unknown[]; properties?: { moreRelatedLocations: number } }[] = sarif.runs[0].results;
    for (const result of results.filter((r) => r.ruleId === 'duplicate-block')) {
      assert.deepEqual([result.relatedLocations.length, result.properties], [MAX_LISTED_COPIES, { moreRelatedLocations: COPIES - 1 - MAX_LISTED_COPIES }]);
    }
  });

  it('a report of at most the listed copies has no count', () => {
    for (const file of files.slice(MAX_LISTED_COPIES + 1)) fs.rmSync(path.join(root, file));
    const json = JSON.parse(untangle(['check', 'shop', '--format', 'json', '--no-cache'], root).stdout);
    const duplicates: { related: unknown[]; moreRelated?: number }[] = json.findings.filter((f: { rule: string }) => f.rule === 'duplicate-block');
    assert.equal(duplicates.length, MAX_LISTED_COPIES + 1);
    for (const finding of duplicates) assert.deepEqual([finding.related.length, 'moreRelated' in finding], [MAX_LISTED_COPIES, false]);
  });

  it('untangle fix extracts every copy, not only those a report lists', () => {
    const fixed = untangle(['fix', 'shop', '--rule', 'duplicate-block', '--no-cache'], root);
    assert.equal(fixed.code, 0, fixed.stderr + fixed.stdout);
    assert.match(fixed.stdout, new RegExp(`replaces ${COPIES} copies`));
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      assert.doesNotMatch(text, /for item in order\.items\.all\(\)/, file);
      assert.match(text, /^from shop\.utils\.\w+ import \w+$/m, file);
    }
    const again = JSON.parse(untangle(['check', 'shop', '--format', 'json', '--no-cache'], root).stdout);
    assert.deepEqual(again.findings.filter((f: { rule: string }) => f.rule === 'duplicate-block'), []);
  });
});
