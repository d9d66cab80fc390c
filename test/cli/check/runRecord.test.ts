import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { BIN, untangle, type CliRun } from '../../helpers/processes/cli';
import { discountBlock } from '../../helpers/python/discountBlock';
import { RACY_MS } from '../../../server/src/fs/fileStamp';
import { MAX_RECORDS } from '../../../server/src/cli/recordRun';

/**
 * A warm check answered from its run record (server/src/cli/runRecord.ts). A replay is told from
 * a full run by the analysis cache: deleted before the run, a full run writes it again, a replay
 * never loads the analyser. Each invalidation is checked to give the output of a run without
 * any cache, where the record's would be wrong.
 */
describe('untangle check replayed from its run record (CLI)', function () {
  this.timeout(120_000);
  let root: string;
  let cacheDir: string;
  const args = (...more: string[]) => ['check', '--format', 'json', '--cache-dir', cacheDir, ...more];
  const records = () => fs.readdirSync(cacheDir).filter((name) => name.startsWith('run-'));
  const analysisCaches = () => fs.readdirSync(cacheDir).filter((name) => name.startsWith('analysis-'));

  /** Runs `untangle <argv>` with the analysis cache deleted first; `replayed`: whether the run left it deleted. */
  const runObserved = (argv: readonly string[], cwd = root, bin?: string): CliRun & { replayed: boolean } => {
    for (const name of analysisCaches()) fs.rmSync(path.join(cacheDir, name));
    const run = untangle(argv, cwd, undefined, bin);
    return { ...run, replayed: analysisCaches().length === 0 };
  };

  /** A full run that records itself, as the first run on a settled workspace does. */
  const record = async (argv: readonly string[], cwd = root, bin?: string): Promise<CliRun> => {
    await settled(root, ...(bin ? [path.dirname(path.dirname(bin))] : []));
    for (const name of records()) fs.rmSync(path.join(cacheDir, name));
    const run = runObserved(argv, cwd, bin);
    assert.equal(run.replayed, false);
    assert.equal(run.stderr, '');
    assert.equal(records().length, 1, 'a record written');
    return run;
  };

  /** The run after a change: a full one, printing what a run without any cache prints. */
  const assertFullRun = (argv: readonly string[], cwd = root) => {
    const run = runObserved(argv, cwd);
    assert.equal(run.replayed, false, 'analysed again');
    const uncached = untangle([...argv.filter((arg, i) => arg !== '--cache-dir' && argv[i - 1] !== '--cache-dir'), '--no-cache'], cwd);
    assert.deepEqual([run.code, run.stdout], [uncached.code, uncached.stdout]);
    return run;
  };

  beforeEach(() => {
    root = writeProject({
      'pyproject.toml': '[tool.untangle]\n',
      'shop/__init__.py': '',
      'shop/orders.py': discountBlock(),
      'shop/billing/invoices.py': discountBlock(),
    });
    cacheDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-records-')));
  });
  afterEach(() => {
    removeWorkspace(root);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('replays an unchanged workspace: the same stdout and exit code, without analysing', async () => {
    for (const format of ['json', 'text']) {
      const argv = ['check', '--format', format, '--fail-on', 'warning', '--cache-dir', cacheDir];
      const first = await record(argv);
      assert.match(first.stdout, /duplicate-block/);
      assert.equal(first.code, 1);
      const again = runObserved(argv);
      assert.equal(again.replayed, true);
      assert.deepEqual([again.code, again.stdout, again.stderr], [first.code, first.stdout, first.stderr]);
      fs.rmSync(path.join(cacheDir, records()[0]));
    }
  });

  it('runs again when an analysed file is edited to the same size, its mtime put back', async () => {
    await record(args());
    const file = path.join(root, 'shop/billing/invoices.py');
    const { mtime } = fs.statSync(file);
    // The same size, no longer a copy of the block in orders.py.
    fs.writeFileSync(file, `${'#'.repeat(fs.statSync(file).size - 1)}\n`);
    fs.utimesSync(file, mtime, mtime);
    assert.doesNotMatch(assertFullRun(args()).stdout, /duplicate-block/);
  });

  it('runs again when a file is added in a subfolder', async () => {
    await record(args());
    fs.mkdirSync(path.join(root, 'shop/billing/refunds'));
    fs.writeFileSync(path.join(root, 'shop/billing/refunds/refund.py'), discountBlock());
    assert.match(assertFullRun(args()).stdout, /refund\.py/);
  });

  it('runs again when a settings file appears: a pyproject.toml above the project, a .gitignore', async () => {
    // No pyproject.toml: the project is the folder checked, and every one above it was looked in.
    fs.rmSync(path.join(root, 'pyproject.toml'));
    const shop = path.join(root, 'shop');
    await record(args(), shop);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.untangle.duplicate-block]\nenabled = false\n');
    assert.doesNotMatch(assertFullRun(args(), shop).stdout, /duplicate-block/);
    fs.rmSync(path.join(root, 'pyproject.toml'));

    await record(args(), shop);
    fs.writeFileSync(path.join(root, 'shop/billing/.gitignore'), 'invoices.py\n');
    assert.doesNotMatch(assertFullRun(args(), shop).stdout, /invoices\.py/);
  });

  it('runs again when a flag or the baseline changes', async () => {
    await record(args());
    assert.equal(runObserved(args('--min-lines', '3')).replayed, false);

    const baseline = path.join(root, 'baseline.json');
    untangle(['check', '--no-cache', '--write-baseline', baseline], root);
    const accepted = await record(args('--baseline', baseline));
    assert.doesNotMatch(accepted.stdout, /duplicate-block/);
    fs.writeFileSync(baseline, JSON.stringify({ ...JSON.parse(fs.readFileSync(baseline, 'utf8')), findings: [] }));
    assert.match(assertFullRun(args('--baseline', baseline)).stdout, /duplicate-block/);
  });

  it('records no run that writes files or leaves the cache alone (--output, --write-baseline, --no-cache)', async () => {
    for (const argv of [args('--output', path.join(cacheDir, 'report.json')), args('--write-baseline', path.join(cacheDir, 'baseline.json')), ['check', '--no-cache']]) {
      await settled(root);
      assert.equal(untangle(argv, root).code, 0);
      assert.deepEqual(records(), [], argv.join(' '));
    }
    assert.equal(fs.existsSync(path.join(root, '.untangle')), false);
  });

  it('runs again when the build changes', async () => {
    const build = copyBuild();
    try {
      await record(args(), root, build);
      assert.equal(runObserved(args(), root, build).replayed, true);
      fs.appendFileSync(path.join(path.dirname(path.dirname(build)), 'dist/cli.js'), '\n// rebuilt\n');
      const rebuilt = runObserved(args(), root, build);
      assert.equal(rebuilt.replayed, false);
    } finally {
      fs.rmSync(path.dirname(path.dirname(build)), { recursive: true, force: true });
    }
  });

  it('ignores a corrupt or truncated record: a full run, which records again', async () => {
    const expected = await record(args());
    const file = path.join(cacheDir, records()[0]);
    const bytes = fs.readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20] ^= 0x01;
    const foreign = Buffer.from(bytes.toString('latin1').replace('"format":1,', '"format":2,'), 'latin1');
    assert.notDeepEqual(foreign, bytes);
    for (const broken of [bytes.subarray(0, bytes.length - 1), flipped, foreign, Buffer.from('not a record')]) {
      fs.writeFileSync(file, broken);
      const run = runObserved(args());
      assert.deepEqual([run.replayed, run.code, run.stdout], [false, expected.code, expected.stdout]);
    }
    assert.equal(runObserved(args()).replayed, true, 'recorded again');
  });

  it(`keeps the ${MAX_RECORDS} records written last in a cache folder`, async () => {
    await settled(root);
    const argvs = Array.from({ length: MAX_RECORDS + 2 }, (_, i) => args('--min-lines', String(3 + i)));
    for (const argv of argvs) assert.equal(runObserved(argv).replayed, false);
    assert.equal(records().length, MAX_RECORDS);
    assert.equal(runObserved(argvs[argvs.length - 1]).replayed, true, 'the last recorded kept');
    assert.equal(runObserved(argvs[0]).replayed, false, 'the first recorded removed');
  });

  it('keeps the record in the project’s .untangle/cache by default, whose own writes do not make it stale', async () => {
    const argv = ['check', '--format', 'json'];
    untangle(argv, root);
    await settled(root);
    const first = untangle(argv, root);
    const folder = path.join(root, '.untangle/cache');
    assert.equal(fs.readdirSync(folder).filter((name) => name.startsWith('run-')).length, 1);
    fs.rmSync(path.join(folder, 'analysis.bin'));
    const again = untangle(argv, root);
    assert.deepEqual([again.code, again.stdout, fs.existsSync(path.join(folder, 'analysis.bin'))], [first.code, first.stdout, false]);
  });
});

function writeProject(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-test-')));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/**
 * Waits until every file and folder below the roots last changed over RACY_MS ago: before that
 * a run does not record them (a change within the same clock tick would keep their stamps).
 */
async function settled(...roots: string[]): Promise<void> {
  const changed = roots.flatMap((root) => [root, ...fs.readdirSync(root, { recursive: true }).map((name) => path.join(root, String(name)))]);
  const newest = Math.max(...changed.map((file) => Math.max(fs.statSync(file).mtimeMs, fs.statSync(file).ctimeMs)));
  const wait = newest + RACY_MS + 50 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** bin/untangle.js and the bundles beside it, copied to a temporary folder; returns the copy of bin/untangle.js. */
function copyBuild(): string {
  const copy = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-build-')));
  const repo = path.dirname(path.dirname(BIN));
  fs.mkdirSync(path.join(copy, 'bin'));
  fs.mkdirSync(path.join(copy, 'dist'));
  fs.copyFileSync(BIN, path.join(copy, 'bin/untangle.js'));
  for (const name of fs.readdirSync(path.join(repo, 'dist')).filter((file) => /\.(js|wasm)$/.test(file))) {
    fs.copyFileSync(path.join(repo, 'dist', name), path.join(copy, 'dist', name));
  }
  return path.join(copy, 'bin/untangle.js');
}
