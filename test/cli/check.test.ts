import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';
import { modelsModule } from '../helpers/longModule';
import { untangle } from '../helpers/cli';


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
    assert.deepEqual(report.summary, { findings: 3, analyzedFiles: 4, skippedFiles: 1, inBaseline: 0 }, 'the empty __init__.py has no code line');
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
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.equal(validate({ version: '2.1.0', runs: [{ results: [] }] }), false, 'the validator rejects a run without a tool');
    assert.ok(validate(log as object), JSON.stringify(validate.errors, null, 2));
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
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')).version);
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
