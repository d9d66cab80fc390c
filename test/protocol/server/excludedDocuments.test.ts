import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';

/** Over the 100-code-line limit set below, and under the 16 KB size limit. */
const LONG = modelsModule(['order'], 30);
/** Over the 16 KB size limit. */
const HUGE = modelsModule(['order', 'product', 'payment'], 30);
const isLongFile = (d: { code?: unknown }) => d.code === 'long-file';

describe('open documents the folder analysis leaves out', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  const file = (relative: string) => path.join(root, relative);
  const diagnosticsOf = (relative: string) => client.diagnostics.get(URI.file(file(relative)).toString()) ?? [];

  beforeEach(async () => {
    root = writeWorkspace(`
      #- .gitignore
      scratch/
      #- .venv/pyvenv.cfg
      home = /usr
      #- .venv/lib/site.py
      x = 1
      #- shop/__init__.py
      #- shop/migrations/0001_initial.py
      x = 1
      #- scratch/try.py
      x = 1
      #- shop/big.py
      x = 1
      #- shop/long.py
      x = 1
      #- tools/gen.py
      x = 1
    `);
    client = await TestLspClient.start(root, { settings: { maxFileSizeKb: 16, longFile: { maxCodeLines: 100 } } });
    await client.waitFor('the first scan', () => (client.progress.includes('end') ? true : undefined));
    assert.ok(Buffer.byteLength(LONG) < 16 * 1024 && Buffer.byteLength(HUGE) > 16 * 1024);
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('gives no diagnostic to an open file that is excluded, gitignored, in a virtualenv or over the size limit', async () => {
    const leftOut = ['.venv/lib/site.py', 'shop/migrations/0001_initial.py', 'scratch/try.py'];
    for (const relative of leftOut) client.open(file(relative), LONG);
    client.open(file('shop/big.py'), HUGE);
    // Opened last: the documents above were analysed (or not) before its diagnostic arrives.
    client.open(file('shop/long.py'), LONG);
    const [first] = await client.waitForDiagnostics(file('shop/long.py'), (d) => d.some(isLongFile));
    for (const relative of [...leftOut, 'shop/big.py']) assert.deepEqual(diagnosticsOf(relative), [], relative);

    client.change(file('shop/big.py'), HUGE.replace('Order', 'Purchase'));
    client.change(file('shop/long.py'), `x = 0\n${LONG}`);
    await client.waitForDiagnostics(file('shop/long.py'), (d) => d.some((x) => isLongFile(x) && x.message !== first.message));
    assert.deepEqual(diagnosticsOf('shop/big.py'), [], 'an edit does not parse the huge text either');
    const totals = await client.connection.sendRequest('untangle/reanalyze', {});
    assert.deepEqual(totals, { files: 3, findings: 1 }, 'shop/__init__.py, long.py and tools/gen.py; big.py is skipped');
  });

  it('drops the diagnostics of an open document once its folder is left out (it became a virtualenv)', async () => {
    client.open(file('tools/gen.py'), LONG);
    await client.waitForDiagnostics(file('tools/gen.py'), (d) => d.some(isLongFile));
    fs.writeFileSync(file('tools/pyvenv.cfg'), 'home = /usr\n');
    client.filesChanged([{ file: file('tools/pyvenv.cfg'), type: 1 }]);
    await client.waitForDiagnostics(file('tools/gen.py'), (d) => d.length === 0);
    client.change(file('tools/gen.py'), `${LONG}\n# edited\n`);
    await client.connection.sendRequest('untangle/reanalyze', {});
    assert.deepEqual(diagnosticsOf('tools/gen.py'), [], 'an edit inside the virtualenv is not analysed');
    client.close(file('tools/gen.py'));
    assert.deepEqual(await client.connection.sendRequest('untangle/reanalyze', {}), { files: 3, findings: 0 }, 'closing it does not bring it back');
    assert.deepEqual(diagnosticsOf('tools/gen.py'), []);
  });
});
