import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../../helpers/processes/cli';
import { assertValidSarif } from '../../helpers/processes/sarif';
import { copyWebFixture } from '../../helpers/workspace/webFixture';

const ACCOUNT = 'shop/templates/shop/account.html';
const ORDER_LIST = 'shop/templates/shop/order_list.html';

interface SarifResult {
  readonly ruleId: string;
  readonly message: { text: string };
  readonly locations: readonly { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
  readonly relatedLocations: readonly { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

describe('untangle check on templates and static files (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = copyWebFixture()));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports template, JavaScript and CSS clones in text, with the files counted apart from Python', () => {
    const run = untangle(['check', '.'], root);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 7), [
      'shop/static/shop/account.css:5:1: warning [duplicate-block] 19 lines duplicated in 3 places',
      'shop/static/shop/cart.js:3:22: warning [duplicate-block] 13 lines duplicated in 2 places',
      'shop/static/shop/orders.css:1:1: warning [duplicate-block] 19 lines duplicated in 3 places',
      'shop/static/shop/vendor/table.css:1:1: warning [duplicate-block] 19 lines duplicated in 3 places',
      `${ACCOUNT}:6:38: warning [duplicate-block] 12 lines duplicated in 2 places`,
      'shop/templates/shop/checkout.html:6:26: warning [duplicate-block] 13 lines duplicated in 2 places',
      `${ORDER_LIST}:5:33: warning [duplicate-block] 12 lines duplicated in 2 places`,
    ]);
    assert.equal(lines[7], '7 findings in 7 files (2 Python files analysed, 7 template/static files checked for duplicates)');
  });

  it('writes JSON and SARIF with every other place related, as for Python', () => {
    const json = JSON.parse(untangle(['check', '.', '--format', 'json'], root).stdout);
    assert.deepEqual(json.summary, { findings: 7, analyzedFiles: 2, templateAndStaticFiles: 7, skippedFiles: 0, inBaseline: 0 });
    const account = json.findings.find((f: { path: string }) => f.path === ACCOUNT);
    assert.deepEqual(account, {
      rule: 'duplicate-block',
      severity: 'warning',
      path: ACCOUNT,
      line: 6,
      column: 38,
      endLine: 17,
      endColumn: 9,
      message: '12 lines duplicated in 2 places',
      related: [{ path: ORDER_LIST, line: 5, column: 33, endLine: 16, endColumn: 9, message: 'the same block (lines 5–16)' }],
    });

    const sarif = JSON.parse(untangle(['check', '.', '--format', 'sarif'], root).stdout);
    assertValidSarif(sarif);
    const results: SarifResult[] = sarif.runs[0].results;
    const inTemplate = results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === ACCOUNT);
    assert.ok(inTemplate);
    assert.equal(inTemplate.ruleId, 'duplicate-block');
    assert.deepEqual(inTemplate.locations[0].physicalLocation.region, { startLine: 6, startColumn: 38, endLine: 17, endColumn: 9 });
    assert.deepEqual(inTemplate.relatedLocations.map((r) => [r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine]), [[ORDER_LIST, 5]]);
  });

  it('accepts them in a baseline, and reports a new copy only', () => {
    assert.equal(untangle(['check', '.', '--write-baseline', '.untangle/baseline.json'], root).code, 0);
    const accepted = untangle(['check', '.', '--baseline', '.untangle/baseline.json'], root);
    assert.match(accepted.stdout, /^0 findings in 0 files \(2 Python files analysed, 7 template\/static files checked for duplicates, 7 in the baseline\)$/m);
    fs.copyFileSync(path.join(root, 'shop/static/shop/cart.js'), path.join(root, 'shop/static/shop/cart_copy.js'));
    const copied = untangle(['check', '.', '--baseline', '.untangle/baseline.json', '--format', 'json'], root);
    assert.deepEqual(
      JSON.parse(copied.stdout).findings.map((f: { path: string; line: number }) => `${f.path}:${f.line}`),
      ['shop/static/shop/cart.js:1', 'shop/static/shop/cart_copy.js:1'],
      'the new copy, and cart.js whose clone (now the whole file) is not the accepted one',
    );
    fs.rmSync(path.join(root, 'shop/static/shop/cart_copy.js'));
  });

  it('reads no template or static file when duplicate-block.languages is ["python"]; rejects an unknown language', () => {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.untangle.duplicate-block]\nlanguages = ["python"]\n');
    try {
      assert.equal(untangle(['check', '.'], root).stdout, '0 findings in 0 files (2 Python files analysed)\n');
      fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.untangle.duplicate-block]\nlanguages = ["python", "html"]\n');
      const bad = untangle(['check', '.'], root);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /pyproject\.toml:2: .*duplicateBlock\.languages\.1: Invalid option: expected one of "python"\|"django-template"\|"javascript"\|"css"; got "html"/);
    } finally {
      fs.rmSync(path.join(root, 'pyproject.toml'));
    }
  });

  it('offers no extraction for them: untangle fix lists them as not offered, and changes nothing', () => {
    const run = untangle(['fix', '.', '--rule', 'duplicate-block', '--dry-run'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^not offered: Extract duplicated block \(shop\/static\/shop\/account\.css:5\): CSS duplicates are reported only: Untangle extracts Python code, not templates, JavaScript or CSS$/m);
    assert.match(run.stderr, /^not offered: Extract duplicated block \(shop\/templates\/shop\/account\.html:6\): Django template duplicates are reported only/m);
    assert.match(run.stderr, /^0 applied, 0 refused, 3 not offered, 0 files would change$/m);
  });
});
