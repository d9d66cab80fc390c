import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { BaselineRequest } from '../../../server/src/protocol';
import { main } from '../../../server/src/cli/main';
import { discountBlock } from '../../helpers/python/discountBlock';

/** Well over the duplicate thresholds, with a non-ASCII string. */
const BLOCK = discountBlock('update_fields=["total"], reason="réduction"');

describe('untangle check on odd inputs (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(`
      #- shop/__init__.py
    `);
  });
  afterEach(() => removeWorkspace(root));

  it('reads CR-only line ends as lines: long files are found, duplicates count their lines', () => {
    fs.writeFileSync(path.join(root, 'shop/one.py'), BLOCK.replaceAll('\n', '\r'));
    fs.writeFileSync(path.join(root, 'shop/two.py'), `x = 1\n\n\n${BLOCK}`.replaceAll('\n', '\r'));
    fs.writeFileSync(path.join(root, 'shop/settings.py'), Array.from({ length: 150 }, (_, i) => `VALUE_${i} = ${i}\r`).join(''));
    const run = untangle(['check', '--max-code-lines', '100'], root);
    assert.match(run.stdout, /^shop[/\\]settings\.py:1:1: warning \[long-file\] settings\.py has 150 code lines/m);
    assert.match(run.stdout, /^shop[/\\]one\.py:1:1: warning \[duplicate-block\] 11 lines duplicated in 2 places$/m);
    assert.match(run.stdout, /^shop[/\\]two\.py:4:1: warning \[duplicate-block\] 11 lines duplicated in 2 places$/m);
  });

  it('a baseline saved in the editor matches in the CLI for files with a coding declaration', async () => {
    const latin1 = (text: string) => Buffer.from(`# -*- coding: latin-1 -*-\n${text}`, 'latin1');
    fs.writeFileSync(path.join(root, 'shop/one.py'), latin1(BLOCK));
    fs.writeFileSync(path.join(root, 'shop/two.py'), latin1(`x = 1\n\n\n${BLOCK}`));
    const client = await TestLspClient.start(root);
    let baseline: unknown;
    try {
      await client.waitForDiagnostics(path.join(root, 'shop/one.py'), (d) => d.some((x) => x.code === 'duplicate-block'));
      baseline = await client.connection.sendRequest(BaselineRequest.method, { folderUri: URI.file(root).toString() });
    } finally {
      await client.stop();
    }
    fs.mkdirSync(path.join(root, '.untangle'));
    fs.writeFileSync(path.join(root, '.untangle/baseline.json'), JSON.stringify(baseline));
    const run = untangle(['check', '--baseline', '.untangle/baseline.json', '--format', 'json'], root);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.findings, [], 'the copies the editor accepted are accepted here too');
    assert.equal(report.summary.inBaseline, 2);
  });

  it('a file deleted while --write-baseline reads it is a clear error (exit 2), not a crash', async () => {
    fs.writeFileSync(path.join(root, 'shop/one.py'), BLOCK);
    fs.writeFileSync(path.join(root, 'shop/two.py'), `x = 1\n\n\n${BLOCK}`);
    // The analysis reads files asynchronously; the baseline reads them again, blocking: delete each file just before that.
    // The module object itself (the `import *` namespace is read-only), which the CLI's bundle reads through.
    const nodeFs: typeof fs = require('fs');
    const openSync = nodeFs.openSync;
    const writeError = process.stderr.write;
    let stderr = '';
    // The analysis opens files asynchronously; only the baseline's reads open them synchronously.
    nodeFs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
      if (typeof file === 'string' && file.endsWith('.py')) fs.rmSync(file, { force: true });
      return (openSync as (...args: unknown[]) => number)(file, ...rest);
    }) as typeof fs.openSync;
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await main(['check', '--write-baseline', 'baseline.json'], root);
    } finally {
      nodeFs.openSync = openSync;
      process.stderr.write = writeError;
    }
    assert.equal(code, 2, stderr);
    assert.match(stderr, /shop[/\\]one\.py can no longer be read \(deleted or changed during the run\?\): run again/);
    assert.ok(!fs.existsSync(path.join(root, 'baseline.json')), 'no partial baseline');
  });
});
