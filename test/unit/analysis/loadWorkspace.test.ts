import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';
import { loadWorkspace } from '../../../server/src/analysis/loadWorkspace';
import { AnalysisPool } from '../../../server/src/analysis/analysisPool';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';

describe('loading a workspace', () => {
  let root: string;
  before(() => {
    root = writeWorkspace(`
      #- shop/ok.py
      x = 1
      #- shop/syntax_error.py
      def broken(:
          pass
    `);
    fs.writeFileSync(path.join(root, 'shop/models.py'), modelsModule(['order', 'payment'], 60));
    fs.writeFileSync(path.join(root, 'shop/binary.py'), Buffer.from([0x78, 0x00, 0x01]));
    fs.writeFileSync(path.join(root, 'shop/latin.py'), Buffer.from([0x78, 0x3d, 0x22, 0xe9, 0x22, 0x0a]));
    const huge = fs.openSync(path.join(root, 'shop/huge.py'), 'w');
    const line = Buffer.from('VALUE = 1\n');
    const chunk = Buffer.concat(Array.from({ length: 100_000 }, () => line));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(huge, chunk);
    fs.ftruncateSync(huge, 50 * 1024 * 1024);
    fs.closeSync(huge);
  });
  after(() => removeWorkspace(root));

  it('analyses what it can and skips bad files with a reason, without throwing', async () => {
    const index = new WorkspaceIndex(root, await loadPythonParser(), DEFAULT_SETTINGS);
    const progress: number[] = [];
    const result = await loadWorkspace(index, { onProgress: (done) => progress.push(done) });
    assert.deepEqual(result, { files: 6, cached: 0, cancelled: false });
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      index.analyzed().map((a) => path.basename(a.path)).sort(),
      ['models.py', 'ok.py', 'syntax_error.py'],
    );
    const reasons = Object.fromEntries(index.skipped().map((s) => [path.basename(s.path), s.reason]));
    assert.deepEqual(reasons, {
      'binary.py': 'binary file (NUL byte at offset 1)',
      'huge.py': '50.0 MB is over the 1.0 MB limit (setting maxFileSizeKb)',
      'latin.py': 'not valid utf-8 (first bad byte at offset 3)',
    });
    assert.deepEqual(index.findings().map((f) => [path.basename(f.path), f.rule]), [['models.py', 'long-file']]);
  });

  it('prefers unsaved editor text over the file on disk', async () => {
    const index = new WorkspaceIndex(root, await loadPythonParser(), DEFAULT_SETTINGS);
    const models = path.join(root, 'shop/models.py');
    await loadWorkspace(index, { overlay: (file) => (file === models ? 'x = 1\n' : undefined) });
    assert.deepEqual(index.findings(), []);
  });

  it('holds unsaved editor text to the size limit, as the file on disk', async () => {
    const index = new WorkspaceIndex(root, await loadPythonParser(), { ...DEFAULT_SETTINGS, maxFileSizeKb: 1 });
    const ok = path.join(root, 'shop/ok.py');
    await loadWorkspace(index, { overlay: (file) => (file === ok ? 'x = 1\n'.repeat(400) : undefined) });
    assert.equal(index.skipped().find((s) => s.path === ok)?.reason, '2 KB is over the 1 KB limit (setting maxFileSizeKb)');
  });

  it('stops between files when cancelled', async () => {
    const index = new WorkspaceIndex(root, await loadPythonParser(), DEFAULT_SETTINGS);
    let calls = 0;
    const result = await loadWorkspace(index, { isCancelled: () => ++calls > 2 });
    assert.deepEqual(result, { files: 2, cached: 0, cancelled: true });
  });

  it('analyses on the main thread what a failing worker (past its heap limit) could not', async () => {
    // Enough files for workers; each of them fails, as one past its heap limit does.
    const many = writeWorkspace(Array.from({ length: 60 }, (_, n) => `#- app/m${n}.py\ndef f${n}(x):\n    return x + ${n}\n`).join(''));
    fs.writeFileSync(path.join(many, 'app/models.py'), modelsModule(['order', 'payment'], 60));
    const analyse = AnalysisPool.prototype.analyze;
    AnalysisPool.prototype.analyze = () => Promise.reject(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'));
    try {
      const index = new WorkspaceIndex(many, await loadPythonParser(), DEFAULT_SETTINGS);
      assert.deepEqual(await loadWorkspace(index), { files: 61, cached: 0, cancelled: false });
      assert.equal(index.analyzed().length, 61);
      assert.deepEqual(index.findings().map((f) => [path.basename(f.path), f.rule]), [['models.py', 'long-file']]);
    } finally {
      AnalysisPool.prototype.analyze = analyse;
      removeWorkspace(many);
    }
  });
});
