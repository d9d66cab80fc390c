import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';
import { untangle } from '../../helpers/processes/cli';
import { isUntangleCache } from '../../helpers/workspace/fileTree';

/** Every file below `root` with its text (Untangle's cache aside), to prove a run changed nothing. */
function snapshotOf(root: string): Map<string, string> {
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => !isUntangleCache(f) && fs.statSync(path.join(root, f)).isFile());
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
}

describe('untangle flags: each works for its command or is refused (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- legacy/__init__.py
    `);
    fs.writeFileSync(path.join(root, 'shop/models.py'), modelsModule(['order', 'product', 'payment'], 30));
    fs.writeFileSync(path.join(root, 'legacy/models.py'), modelsModule(['order', 'product', 'payment'], 30));
  });
  afterEach(() => removeWorkspace(root));

  it('fix never refactors a file --exclude names, and honours --max-code-lines', () => {
    const legacy = fs.readFileSync(path.join(root, 'legacy/models.py'), 'utf8');
    const before = snapshotOf(root);
    const high = untangle(['fix', '--rule', 'long-file', '--max-code-lines', '100000'], root);
    assert.equal(high.code, 0, high.stderr);
    assert.match(high.stdout, /0 applied, 0 refused, 0 not offered, 0 files changed/);
    assert.deepEqual(snapshotOf(root), before, 'under the raised limit no module is long');

    const run = untangle(['fix', '--rule', 'long-file', '--exclude', 'legacy/**'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied: Split `models\.py`/m);
    assert.match(run.stdout, /^1 applied, 0 refused/m);
    assert.ok(fs.existsSync(path.join(root, 'shop/models/__init__.py')), 'the included module is split');
    assert.equal(fs.readFileSync(path.join(root, 'legacy/models.py'), 'utf8'), legacy, 'the excluded module is untouched');
    assert.ok(!fs.existsSync(path.join(root, 'legacy/models')));
  });

  it('refuses, with exit 2, a flag the command would ignore', () => {
    const before = snapshotOf(root);
    const cases: [string[], RegExp][] = [
      [['fix', '--rule', 'long-file', '--output', 'report.txt'], /--output: not an option of untangle fix/],
      [['fix', '--rule', 'long-file', '--format', 'json'], /--format: not an option of untangle fix/],
      [['fix', '--rule', 'long-file', '--baseline', 'b.json'], /--baseline: not an option of untangle fix: .*# untangle: ignore RULE/],
      [['fix', '--rule', 'long-file', '--write-baseline', 'b.json'], /--write-baseline: not an option of untangle fix/],
      [['fix', '--rule', 'long-file', '--fail-on', 'warning'], /--fail-on: not an option of untangle fix/],
      [['check', '--rule', 'long-file'], /--rule: not an option of untangle check/],
      [['check', '--move', 'shop.models:Order', '--to', 'shop.orders'], /--move: not an option of untangle check/],
      [['check', '--dry-run'], /--dry-run: not an option of untangle check/],
    ];
    for (const [args, message] of cases) {
      const run = untangle(args, root);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
    }
    assert.deepEqual(snapshotOf(root), before, 'nothing is written');
  });

  it('a report or baseline path that cannot be written is a clear error (exit 2), checked before the analysis', () => {
    fs.mkdirSync(path.join(root, 'reports'));
    const cases: [string[], RegExp][] = [
      [['check', '--output', 'missing/report.txt'], /--output .*missing[/\\]report\.txt: the folder .*missing does not exist/],
      [['check', '--output', 'reports'], /--output .*reports: is a folder, not a file/],
      [['check', '--write-baseline', 'shop/models.py/baseline.json'], /--write-baseline .*baseline\.json: .*models\.py is a file, not a folder/],
      [['check', '--write-baseline', 'reports'], /--write-baseline .*reports: is a folder, not a file/],
    ];
    for (const [args, message] of cases) {
      const run = untangle(args, root);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /internal error|    at /, 'no stack trace');
    }
    const nested = untangle(['check', '--write-baseline', 'new/folder/baseline.json'], root);
    assert.equal(nested.code, 0, nested.stderr);
    assert.ok(fs.existsSync(path.join(root, 'new/folder/baseline.json')), 'a baseline still gets its missing folders');
  });
});
