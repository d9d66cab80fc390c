import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';
import { spawn } from 'child_process';
import { BIN, untangle } from '../../helpers/processes/cli';
import { assertValidSarif } from '../../helpers/processes/sarif';
import { discountBlock } from '../../helpers/python/discountBlock';

const BLOCK = discountBlock();

/** 4 lines and about 30 tokens: below both defaults. */
const SMALL_BLOCK = `def total(order):
    subtotal = sum(item.price * item.quantity for item in order.items.all())
    order.total = subtotal - order.discount
    order.save()
`;

interface JsonFinding {
  readonly rule: string;
  readonly path: string;
  readonly line: number;
  readonly message: string;
  readonly related: readonly { path: string; line: number }[];
}

interface SarifLocation {
  readonly physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
}

/** The duplicate-block findings of a JSON report, as `path:line -> related path:line…`. */
function duplicatesIn(stdout: string): string[] {
  const findings: JsonFinding[] = JSON.parse(stdout).findings;
  return findings.filter((f) => f.rule === 'duplicate-block').map((f) => `${f.path}:${f.line} -> ${f.related.map((r) => `${r.path}:${r.line}`).join(' ')}`);
}

describe('untangle check (CLI)', function () {
  this.timeout(30_000);
  let root: string;
  before(() => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def index(request):
          return None
      #- shop/broken.py
      def broken(:
          pass
    `);
    fs.writeFileSync(path.join(root, 'shop/models.py'), modelsModule(['order', 'product', 'payment'], 30));
    fs.writeFileSync(path.join(root, 'shop/blob.py'), Buffer.from([0x00, 0x01]));
  });
  after(() => removeWorkspace(root));

  it('prints findings as text, skipped files and a summary; warnings do not fail by default', () => {
    const { code, stdout } = untangle(['check', 'shop'], root);
    assert.equal(code, 0);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^shop\/models\.py:1:1: warning \[long-file\] models\.py has \d+ code lines in 3 feature groups: order, product, payment \(limit 500\)$/);
    assert.equal(lines[1], 'shop/blob.py: skipped: binary file (NUL byte at offset 0)');
    assert.equal(lines[2], '1 finding in 1 file (4 Python files analysed, 1 skipped)');
  });

  it('exits 1 when a finding reaches --fail-on', () => {
    assert.equal(untangle(['check', 'shop', '--fail-on', 'warning'], root).code, 1);
    assert.equal(untangle(['check', 'shop', '--fail-on', 'hint'], root).code, 1);
    assert.equal(untangle(['check', 'shop', '--fail-on', 'error'], root).code, 0);
    assert.equal(untangle(['check', 'shop', '--fail-on', 'never', '--max-code-lines', '1'], root).code, 0);
  });

  it('writes JSON with 1-based positions', () => {
    const { code, stdout } = untangle(['check', '--format', 'json', '--max-code-lines', '1'], root);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.summary, { findings: 3, analyzedFiles: 4, templateAndStaticFiles: 0, skippedFiles: 1, inBaseline: 0 }, 'the empty __init__.py has no code line');
    const models = report.findings.find((f: { path: string }) => f.path === 'shop/models.py');
    assert.deepEqual(
      { rule: models.rule, severity: models.severity, line: models.line, column: models.column },
      { rule: 'long-file', severity: 'warning', line: 1, column: 1 },
    );
    assert.deepEqual(report.skipped, [{ path: 'shop/blob.py', reason: 'binary file (NUL byte at offset 0)' }]);
  });

  it('writes SARIF 2.1.0 that validates against the schema', () => {
    const out = path.join(root, 'report.sarif');
    const { code, stdout } = untangle(['check', '--format', 'sarif', '--output', out], root);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    const log = JSON.parse(fs.readFileSync(out, 'utf8'));
    assertValidSarif(log);
    const [run] = log.runs;
    assert.equal(run.tool.driver.rules[0].id, 'long-file');
    assert.equal(run.results.length, 1);
    assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'shop/models.py', uriBaseId: '%SRCROOT%' });
    assert.equal(run.invocations[0].toolExecutionNotifications.length, 1);
  });

  it('reads [tool.untangle] from the nearest pyproject.toml, or --config', () => {
    const project = writeWorkspace(`
      #- pyproject.toml
      [tool.untangle.long-file]
      max-code-lines = 3
      severity = "error"
      #- app/a.py
      a = 1
      b = 2
      c = 3
      d = 4
      #- other.toml
      [tool.untangle]
      exclude = ["app/**"]
    `);
    try {
      const nested = untangle(['check', 'app'], project);
      assert.equal(nested.code, 1, 'an error-severity finding fails by default');
      assert.match(nested.stdout, /a\.py:1:1: error \[long-file\] a\.py has 4 code lines/);
      const configured = untangle(['check', '.', '--config', 'other.toml'], project);
      assert.equal(configured.code, 0);
      assert.match(configured.stdout, /^0 findings in 0 files \(0 Python files analysed\)$/m);
    } finally {
      removeWorkspace(project);
    }
  });

  it('exits 2 with a clear message on bad flags, missing paths and bad config', () => {
    const badFormat = untangle(['check', '--format', 'xml'], root);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /^untangle: --format: Invalid option: expected one of "text"\|"json"\|"sarif"/);
    const unknown = untangle(['check', '--colour'], root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--colour'/);
    const badNumber = untangle(['check', '--max-code-lines', 'x'], root);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--max-code-lines: Invalid input: expected number/);
    const missing = untangle(['check', 'nowhere'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^untangle: nowhere: no such file or folder/);
    assert.equal(untangle(['lint'], root).code, 2);
    const noConfig = untangle(['check', '--config', 'none.toml'], root);
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.stderr, /--config: none\.toml: no such file/);

    fs.writeFileSync(path.join(root, 'bad.toml'), '[tool.untangle]\nmaxFileSizeKb = -3\n');
    const badConfig = untangle(['check', 'shop', '--config', 'bad.toml'], root);
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.stderr, /^untangle: configuration error:\nbad\.toml:2: pyproject\.toml \[tool\.untangle\]: maxFileSizeKb: Too small: expected number to be >=1/);
  });

  it('prints help and version', () => {
    const help = untangle(['--help'], root);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: untangle check/);
    const version = untangle(['--version'], root);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')).version);
  });

  it('checks a single file, and a folder without Python', () => {
    const single = untangle(['check', 'shop/models.py', '--format', 'json'], root);
    assert.equal(JSON.parse(single.stdout).summary.analyzedFiles, 1);
    fs.mkdirSync(path.join(root, 'empty'), { recursive: true });
    const empty = untangle(['check', 'empty'], root);
    assert.equal(empty.code, 0);
    assert.equal(empty.stdout, '0 findings in 0 files (0 Python files analysed)\n');
  });

  it('with --baseline, reports only the findings the saved baseline does not hold', () => {
    const baseline = path.join(root, '.untangle/baseline.json');
    const saved = untangle(['check', '--write-baseline', '.untangle/baseline.json', '--max-code-lines', '1', '--fail-on', 'warning'], root);
    assert.equal(saved.code, 1, 'writing the baseline still reports and fails as usual');
    const written = JSON.parse(fs.readFileSync(baseline, 'utf8'));
    assert.equal(written.version, 1);
    assert.deepEqual(written.findings.map((f: { path: string }) => f.path), ['shop/broken.py', 'shop/models.py', 'shop/views.py']);

    const views = path.join(root, 'shop/views.py');
    const before = fs.readFileSync(views, 'utf8');
    try {
      fs.writeFileSync(views, `import os\n\n\n${before}`);
      const accepted = untangle(['check', '--baseline', '.untangle/baseline.json', '--max-code-lines', '1', '--fail-on', 'warning'], root);
      assert.equal(accepted.code, 0, accepted.stdout);
      assert.match(accepted.stdout, /^0 findings in 0 files \(4 Python files analysed, 1 skipped, 3 in the baseline\)$/m, 'code added above a finding does not make it new');

      fs.writeFileSync(path.join(root, 'shop/extra.py'), 'def extra():\n    return 1\n');
      const fresh = untangle(['check', '--baseline', '.untangle/baseline.json', '--max-code-lines', '1', '--format', 'json'], root);
      assert.deepEqual(JSON.parse(fresh.stdout).findings.map((f: { path: string }) => f.path), ['shop/extra.py']);
    } finally {
      fs.writeFileSync(views, before);
      fs.rmSync(path.join(root, 'shop/extra.py'), { force: true });
    }

    fs.writeFileSync(path.join(root, 'bad.json'), '{"version": 2}');
    const bad = untangle(['check', '--baseline', 'bad.json'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--baseline .*bad\.json: not an Untangle baseline \(version: /);
  });
});

describe('untangle check over several paths, and duplicates', function () {
  this.timeout(30_000);
  let root: string;
  before(() => {
    root = writeWorkspace(`
      #- orders/__init__.py
      #- billing/__init__.py
      #- small/one.py
      #- small/two.py
    `);
    fs.writeFileSync(path.join(root, 'orders/discounts.py'), BLOCK);
    fs.writeFileSync(path.join(root, 'billing/invoices.py'), `import decimal\n\n\n${BLOCK}`);
    fs.writeFileSync(path.join(root, 'small/one.py'), SMALL_BLOCK);
    fs.writeFileSync(path.join(root, 'small/two.py'), SMALL_BLOCK);
  });
  after(() => removeWorkspace(root));

  it('analyses paths of one project together: a block copied between two folders is one duplicate', () => {
    const { code, stdout } = untangle(['check', 'orders', 'billing', '--format', 'json'], root);
    assert.equal(code, 0);
    assert.deepEqual(duplicatesIn(stdout), ['billing/invoices.py:4 -> orders/discounts.py:1', 'orders/discounts.py:1 -> billing/invoices.py:4']);
    assert.match(JSON.parse(stdout).findings[0].message, /^11 lines duplicated in 2 places$/);
    assert.equal(JSON.parse(stdout).summary.analyzedFiles, 4);
  });

  it('counts a file once when paths overlap, and takes single files into the same analysis', () => {
    const overlapping = JSON.parse(untangle(['check', 'orders', 'billing', 'orders/discounts.py', 'orders', '--format', 'json'], root).stdout);
    assert.deepEqual(overlapping.summary, { findings: 2, analyzedFiles: 4, templateAndStaticFiles: 0, skippedFiles: 0, inBaseline: 0 });
    const files = untangle(['check', 'orders/discounts.py', 'billing/invoices.py', '--format', 'json'], root);
    assert.deepEqual(duplicatesIn(files.stdout), ['billing/invoices.py:4 -> orders/discounts.py:1', 'orders/discounts.py:1 -> billing/invoices.py:4']);
  });

  it('keeps a project with its own pyproject.toml apart, each file counted once with its own settings', () => {
    const nested = path.join(root, 'nested');
    fs.mkdirSync(nested);
    fs.writeFileSync(path.join(nested, 'pyproject.toml'), '[tool.untangle.duplicate-block]\nseverity = "error"\n');
    fs.writeFileSync(path.join(nested, 'copy.py'), BLOCK);
    fs.writeFileSync(path.join(nested, 'again.py'), BLOCK);
    try {
      const { stdout } = untangle(['check', '.', 'nested', '--format', 'json'], root);
      const findings: (JsonFinding & { severity: string })[] = JSON.parse(stdout).findings;
      assert.equal(JSON.parse(stdout).summary.analyzedFiles, 8);
      assert.deepEqual(
        duplicatesIn(stdout).filter((d) => !d.startsWith('small/')),
        ['billing/invoices.py:4 -> orders/discounts.py:1', 'nested/again.py:1 -> nested/copy.py:1', 'nested/copy.py:1 -> nested/again.py:1', 'orders/discounts.py:1 -> billing/invoices.py:4'],
        'the outer project does not take in the nested one',
      );
      assert.deepEqual([...new Set(findings.filter((f) => f.path.startsWith('nested/')).map((f) => f.severity))], ['error'], 'nested files have their own settings');
    } finally {
      fs.rmSync(nested, { recursive: true, force: true });
    }
  });

  it('--min-tokens and --min-lines change what is reported', () => {
    const run = (...flags: string[]) => duplicatesIn(untangle(['check', 'orders', 'billing', 'small', '--format', 'json', ...flags], root).stdout);
    assert.equal(run().length, 2, 'by the defaults: the 11-line block only');
    assert.deepEqual(run('--min-lines', '12'), []);
    assert.deepEqual(run('--min-tokens', '200'), []);
    assert.deepEqual(run('--min-lines', '3', '--min-tokens', '20').filter((d) => d.startsWith('small/')), ['small/one.py:1 -> small/two.py:1', 'small/two.py:1 -> small/one.py:1']);
    assert.deepEqual(run('--min-lines', '3').filter((d) => d.startsWith('small/')), [], 'its 30-odd tokens are still under 50');
  });

  it('stops quietly, with the run’s exit code, when the reader closes its output early (`untangle check | head`)', async () => {
    const child = spawn(process.execPath, [BIN, 'check', 'orders', 'billing', '--no-cache', '--fail-on', 'warning'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.deepEqual([code, stderr], [1, '']);
  });

  it('writes duplicates to SARIF with every other place as a relatedLocation, valid by the schema', () => {
    fs.writeFileSync(path.join(root, 'small/three.py'), BLOCK);
    try {
      const { stdout } = untangle(['check', 'orders', 'billing', 'small', '--format', 'sarif'], root);
      const log = JSON.parse(stdout);
      assertValidSarif(log);
      const where = (l: SarifLocation) => `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`;
      const results: { ruleId: string; locations: SarifLocation[]; relatedLocations: (SarifLocation & { id: number })[] }[] = log.runs[0].results;
      assert.deepEqual(
        results.filter((r) => r.ruleId === 'duplicate-block').map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.relatedLocations.map((l) => `${l.id}:${where(l)}`)]),
        [
          ['billing/invoices.py', ['0:orders/discounts.py:1', '1:small/three.py:1']],
          ['orders/discounts.py', ['0:billing/invoices.py:4', '1:small/three.py:1']],
          ['small/three.py', ['0:billing/invoices.py:4', '1:orders/discounts.py:1']],
        ],
      );
    } finally {
      fs.rmSync(path.join(root, 'small/three.py'));
    }
  });
});
