import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { craftFacts, unreadableFactsIn, writeCacheProject } from '../../helpers/workspace/cacheFixture';
import { copyWebFiles } from '../../helpers/workspace/webFixture';

interface Shown {
  /** Every file's diagnostics, as text. */
  readonly diagnostics: string;
  readonly logs: string[];
}

/** What the server has shown so far. */
function shownBy(client: TestLspClient): Shown {
  const diagnostics = JSON.stringify([...client.diagnostics].filter(([, list]) => list.length > 0).sort());
  const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
  return { diagnostics, logs };
}

/** What one start of the server shows once its first scan is over, then after `then` (given what it showed) if given. */
async function firstScanOf(root: string, initializationOptions: unknown, then?: (client: TestLspClient, scan: Shown) => Promise<void>): Promise<Shown> {
  const client = await TestLspClient.start(root, { initializationOptions });
  try {
    await client.waitFor('the first scan to finish', () =>
      client.notifications.find((n) => n.method === 'untangle/status' && (n.params as { state: string; files: number }).state === 'idle' && (n.params as { files: number }).files === 5),
    );
    await then?.(client, shownBy(client));
    return shownBy(client);
  } finally {
    await client.stop();
  }
}

describe('the analysis cache in the editor’s storage (protocol)', function () {
  this.timeout(60_000);
  let root: string;
  let storage: string;
  beforeEach(() => {
    root = writeCacheProject();
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-storage-'));
  });
  afterEach(() => {
    removeWorkspace(root);
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('a reopened workspace shows the same diagnostics, every file from the cache', async () => {
    const uncached = await firstScanOf(root, undefined);
    const cold = await firstScanOf(root, { storagePath: storage });
    assert.match(cold.logs.join('\n'), /Analysed 5 files in .* \(0 unchanged since the cache was saved\)\./);
    assert.deepEqual(fs.readdirSync(storage).map((name) => name.replace(/[0-9a-f]{16}/, 'HASH')), ['analysis-HASH.bin']);
    const warm = await firstScanOf(root, { storagePath: storage });
    assert.match(warm.logs.join('\n'), /Analysed 5 files in .* \(5 unchanged since the cache was saved\)\./);
    for (const scan of [cold, warm]) assert.equal(scan.diagnostics, uncached.diagnostics);
    assert.match(uncached.diagnostics, /duplicate-block.*long-file|long-file.*duplicate-block/s);
    assert.equal(fs.existsSync(path.join(root, '.untangle')), false, 'the server writes nothing into the project');
  });

  it('reopens a workspace whose cache holds a module’s facts in the wrong shape (crafted): reads them only when the rules run, then says so once, analyses it again and saves the cache clean', async () => {
    const uncached = await firstScanOf(root, undefined);
    assert.match(uncached.diagnostics, /n-plus-one/, 'a finding read from models.py’s facts');
    await firstScanOf(root, { storagePath: storage });
    const file = path.join(storage, fs.readdirSync(storage)[0]);
    craftFacts(file, 'shop/models.py', true);
    const ignored = `Ignored the analysis cache's entry for ${path.join(root, 'shop/models.py')}: its project facts do not match the format (a crafted file?). The module is analysed again.`;
    const crafted = await firstScanOf(root, { storagePath: storage }, async (client, restored) => {
      assert.equal(restored.diagnostics, uncached.diagnostics);
      assert.ok(!restored.logs.some((line) => line.includes('Ignored')), 'the project findings are restored: no facts were read');
      // A template the project rules may read changed: they run again, reading every module's facts.
      client.filesChanged([{ file: path.join(root, 'shop/templates/shop/page.html'), type: 2 }]);
      await client.waitFor('the crafted facts to be found', () => shownBy(client).logs.includes(ignored) || undefined);
      await client.settle();
      assert.equal(shownBy(client).diagnostics, uncached.diagnostics);
      assert.deepEqual(unreadableFactsIn(file), ['shop/models.py'], 'not saved since');
      await client.connection.sendRequest('untangle/reanalyze', {});
    });
    assert.equal(crafted.diagnostics, uncached.diagnostics);
    assert.equal(crafted.logs.filter((line) => line === ignored).length, 1, crafted.logs.join('\n'));
    const warmScans = crafted.logs.filter((line) => /^Analysed 5 files in .* \(5 unchanged since the cache was saved\)\.$/.test(line));
    assert.equal(warmScans.length, 2, 'the second scan found the module’s new analysis in the cache');
    assert.deepEqual(unreadableFactsIn(file), [], 'the scan the request made saved the module’s new analysis');
    const again = await firstScanOf(root, { storagePath: storage });
    assert.ok(!again.logs.some((line) => line.includes('Ignored')), again.logs.join('\n'));
    assert.match(again.logs.join('\n'), /Analysed 5 files in .* \(5 unchanged since the cache was saved\)\./);
  });

  it('reopens a workspace with templates and static files from the cache alone, and leaves the cache file as it was', async () => {
    copyWebFiles(root);
    const uncached = await firstScanOf(root, undefined);
    const cold = await firstScanOf(root, { storagePath: storage });
    const [file] = fs.readdirSync(storage).map((name) => path.join(storage, name));
    const written = fs.statSync(file);
    const warm = await firstScanOf(root, { storagePath: storage });
    assert.match(warm.logs.join('\n'), /Analysed 12 files in .* \(12 unchanged since the cache was saved\)\./);
    for (const scan of [cold, warm]) assert.equal(scan.diagnostics, uncached.diagnostics);
    assert.match(uncached.diagnostics, /checkout\.html.*duplicate-block/s);
    const after = fs.statSync(file);
    assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'nothing changed, so the cache is not written again');
  });

  it('runs without a cache, saying so in one line, when the storage cannot be written', async () => {
    const blocked = path.join(storage, 'file');
    fs.writeFileSync(blocked, 'not a folder');
    const expected = await firstScanOf(root, undefined);
    const scan = await firstScanOf(root, { storagePath: blocked });
    assert.equal(scan.diagnostics, expected.diagnostics);
    assert.equal(scan.logs.filter((line) => /Analysis cache disabled: cannot write .*: E\w+ .*Running without a cache\./.test(line)).length, 1);
  });

  it('ignores initializationOptions it cannot read, with a log line, and analyses as usual', async () => {
    const expected = await firstScanOf(root, undefined);
    const scan = await firstScanOf(root, { storagePath: 42 });
    assert.equal(scan.diagnostics, expected.diagnostics);
    assert.ok(scan.logs.some((line) => line.startsWith('Ignored invalid initializationOptions (running without an analysis cache)')), scan.logs.join('\n'));
  });
});
