import { strict as assert } from 'node:assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { BIN, untangle } from '../../helpers/processes/cli';
import { fileTree } from '../../helpers/workspace/fileTree';
import { runPythonScript } from '../../helpers/refactor/refactorFixture';

/** A module over the 40-code-line limit, split by `fix --rule long-file` into a package of three modules. */
function longCatalog(): string {
  const lines: string[] = [];
  for (const feature of ['order', 'product', 'customer']) {
    for (let i = 0; i < 6; i++) lines.push(`def ${feature}_step${i}(value):`, `    result = value + ${i}`, '    if result > 10:', '        result -= 1', '    return result', '', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const PROJECT = `
  #- pyproject.toml
  [tool.untangle.long-file]
  max-code-lines = 40
  #- shop/__init__.py
  #- shop/app.py
  from shop.catalog import order_step1, product_step2
  from shop import catalog


  def run():
      return order_step1(3) + product_step2(4) + catalog.customer_step0(5)
`;

const IMPORT_AND_RUN = `
  import shop.app
  print(shop.app.run())
`;

/** The split writes 3 modules and an __init__.py (2 steps each: temporary file, rename), deletes catalog.py, after the journal: 10 steps. */
const STEPS = 10;

/**
 * Runs `untangle fix` with the writer's test hook (UNTANGLE_TEST_PAUSE_AT_STEP, see fs/fixWriter.ts)
 * pausing it at `step`; calls `whilePaused` there, then kills it with SIGKILL.
 */
function killAtStep(args: readonly string[], cwd: string, step: number, whilePaused: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, UNTANGLE_TEST_PAUSE_AT_STEP: String(step) } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!stderr.includes(`untangle: test pause at step ${step}\n`)) return;
      try {
        whilePaused();
      } catch (error) {
        reject(error);
      }
      child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`untangle fix ended (${code}) without pausing at step ${step}: ${stderr}`))));
  });
}

describe('untangle fix killed mid-write (CLI)', function () {
  this.timeout(120_000);
  let root: string;
  let original: Record<string, string>;
  let fixed: Record<string, string>;
  before(() => {
    const clean = writeWorkspace(PROJECT);
    fs.writeFileSync(path.join(clean, 'shop', 'catalog.py'), longCatalog());
    fs.chmodSync(path.join(clean, 'shop', 'catalog.py'), 0o640);
    const run = untangle(['fix', '--rule', 'long-file'], clean);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^1 applied, 0 refused, 0 not offered, 5 files changed$/m);
    fixed = fileTree(clean);
    // The modules replacing catalog.py keep its mode: moving code does not widen who may read it.
    for (const module of ['__init__', 'order_catalog', 'product_catalog', 'customer_catalog']) assert.match(fixed[`shop/catalog/${module}.py`], /^file 640 /, module);
    removeWorkspace(clean);
  });
  beforeEach(() => {
    root = writeWorkspace(PROJECT);
    fs.writeFileSync(path.join(root, 'shop', 'catalog.py'), longCatalog());
    fs.chmodSync(path.join(root, 'shop', 'catalog.py'), 0o640);
    original = fileTree(root);
  });
  afterEach(() => removeWorkspace(root));

  const expected = '15\n';
  const leftovers = () => Object.keys(fileTree(root)).filter((file) => /\.untangle|\.tmp$/.test(file));

  it('at every step the project imports, and the next run rolls it back exactly', async () => {
    assert.equal(runPythonScript(root, IMPORT_AND_RUN), expected);
    for (let step = 1; step <= STEPS; step++) {
      await killAtStep(['fix', '--rule', 'long-file'], root, step, () => assert.equal(runPythonScript(root, IMPORT_AND_RUN), expected, `paused at step ${step}`));
      assert.equal(runPythonScript(root, IMPORT_AND_RUN), expected, `killed at step ${step}`);
      assert.ok(fs.existsSync(path.join(root, '.untangle', 'journal.json')), `the journal is left at step ${step}`);
      // A run with nothing to fix only rolls back.
      const next = untangle(['fix', '--rule', 'duplicate-block'], root);
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, /^untangle: rolled back the fix interrupted in /m);
      assert.deepEqual(fileTree(root), original, `rolled back after a kill at step ${step}`);
      assert.deepEqual(leftovers(), []);
    }
  });

  it('the next fix rolls back, then applies the whole batch as an uninterrupted run does', async () => {
    await killAtStep(['fix', '--rule', 'long-file'], root, 6, () => undefined);
    const next = untangle(['fix', '--rule', 'long-file'], root);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stdout, /^1 applied, 0 refused, 0 not offered, 5 files changed$/m);
    assert.deepEqual(fileTree(root), fixed);
    assert.equal(runPythonScript(root, IMPORT_AND_RUN), expected);
  });

  it('a dry run does not roll back (it writes nothing): it asks for a real run (exit 2)', async () => {
    await killAtStep(['fix', '--rule', 'long-file'], root, 4, () => undefined);
    const left = fileTree(root);
    const dry = untangle(['fix', '--rule', 'long-file', '--dry-run'], root);
    assert.equal(dry.code, 2, dry.stderr);
    assert.match(dry.stderr, /^untangle: an interrupted fix left .*journal\.json: run `untangle fix` without --dry-run to roll it back first$/m);
    assert.deepEqual(fileTree(root), left);
  });
});
