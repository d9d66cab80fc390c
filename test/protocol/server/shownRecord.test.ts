import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver';
import { TestLspClient, type Received } from '../../helpers/processes/lspClient';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { writeCacheProject } from '../../helpers/workspace/cacheFixture';

/** Longer than RACY_MS (fileStamp.ts): files written before it are old enough for their stamps to vouch for them. */
const SETTLE_MS = 2_100;
const SHOWING = /^Showing the diagnostics of .* from when it was last analysed \((\d+) files, unchanged since\), while it is analysed again\.$/;

interface Start {
  /** Every file's diagnostics as text, from the notifications before the scan said it was over. */
  readonly beforeScan: string;
  /** The same once the scan is over. */
  readonly final: string;
  readonly logs: string[];
}

/** Diagnostics by URI as text, from `received` in order (the last list of each URI wins), the empty ones left out. */
function diagnosticsIn(received: readonly Received[]): string {
  const byUri = new Map<string, Diagnostic[]>();
  for (const r of received) {
    if (r.method !== 'textDocument/publishDiagnostics') continue;
    const params = r.params as { uri: string; diagnostics: Diagnostic[] };
    byUri.set(params.uri, params.diagnostics);
  }
  return JSON.stringify([...byUri].filter(([, list]) => list.length > 0).sort());
}

const logOf = (r: Received) => (r.method === 'window/logMessage' ? (r.params as { message: string }).message : undefined);

/** Starts the server on `root` with `storage`, `opened` open in the editor from the start, until its first scan is over. */
async function start(root: string, storage: string | undefined, opened: Record<string, string> = {}): Promise<Start> {
  const client = await TestLspClient.start(root, { initializationOptions: storage ? { storagePath: storage } : undefined, sendInitialized: false });
  try {
    for (const [file, text] of Object.entries(opened)) client.open(path.join(root, file), text);
    client.notify('initialized', {});
    const over = await client.nextReceived('the first scan to be over', 0, (r) => /^Analysed \d+ files in /.test(logOf(r) ?? ''), 30_000);
    await client.waitFor('the status to be idle', () => client.notifications.find((n) => n.method === 'untangle/status' && (n.params as { state: string }).state === 'idle'));
    await client.settle();
    const scanEnd = client.received.indexOf(over);
    return {
      beforeScan: diagnosticsIn(client.received.slice(0, scanEnd)),
      final: diagnosticsIn(client.received),
      logs: client.received.map(logOf).filter((line): line is string => line !== undefined),
    };
  } finally {
    await client.stop();
  }
}

const recordsIn = (storage: string) => fs.readdirSync(storage).filter((name) => /^shown-[0-9a-f]{16}\.json$/.test(name));

describe('a reopened workspace shows what it showed last, while it is analysed again (protocol)', function () {
  this.timeout(90_000);
  let root: string;
  let storage: string;
  let uncached: Start;
  beforeEach(async () => {
    root = writeCacheProject();
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-storage-'));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    uncached = await start(root, undefined);
    assert.match(uncached.final, /duplicate-block.*long-file|long-file.*duplicate-block/s);
  });
  afterEach(() => {
    removeWorkspace(root);
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('shows the last scan’s diagnostics before the scan is over, the same as the scan’s', async () => {
    const first = await start(root, storage);
    assert.ok(!first.logs.some((line) => SHOWING.test(line)), 'nothing recorded yet');
    assert.equal(first.beforeScan, '[]');
    assert.equal(recordsIn(storage).length, 1);
    const reopened = await start(root, storage);
    const showing = reopened.logs.find((line) => SHOWING.test(line));
    assert.ok(showing, reopened.logs.join('\n'));
    assert.equal(Number(SHOWING.exec(showing)![1]), JSON.parse(uncached.final).length);
    assert.equal(reopened.beforeScan, uncached.final);
    assert.equal(reopened.final, uncached.final);
  });

  it('shows nothing before the scan when a file changed since, or the record is corrupt, and writes the record anew', async () => {
    await start(root, storage);
    const [record] = recordsIn(storage).map((name) => path.join(storage, name));
    const bytes = fs.readFileSync(record);
    fs.appendFileSync(path.join(root, 'shop/api.py'), '\n\ndef added(request):\n    return None\n');
    const changed = await start(root, storage);
    assert.equal(changed.beforeScan, '[]');
    assert.equal(changed.final, (await start(root, undefined)).final);
    for (const corrupt of [bytes.subarray(0, bytes.length - 9), Buffer.from('{"format":1}'), Buffer.from([0xff, 0x00, 0x7b])]) {
      fs.writeFileSync(record, corrupt);
      const restarted = await start(root, storage);
      assert.equal(restarted.beforeScan, '[]');
      assert.ok(!restarted.logs.some((line) => SHOWING.test(line)));
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await start(root, storage);
    const settled = await start(root, storage);
    assert.ok(settled.logs.some((line) => SHOWING.test(line)), 'the record was written again once the change was old enough');
    assert.equal(settled.beforeScan, settled.final);
  });

  it('shows nothing before the scan when an open document differs from the disk, and records nothing from an unsaved text', async () => {
    const unsaved = { 'billing/invoices.py': 'def invoice(request, order):\n    return order.total\n' };
    await start(root, storage, unsaved);
    assert.deepEqual(recordsIn(storage), [], 'the scan read an unsaved text');
    await start(root, storage);
    const reopened = await start(root, storage, unsaved);
    assert.equal(reopened.beforeScan, '[]');
    assert.notEqual(reopened.final, uncached.final);
    const saved = await start(root, storage, { 'billing/invoices.py': fs.readFileSync(path.join(root, 'billing/invoices.py'), 'utf8') });
    assert.equal(saved.beforeScan, uncached.final, 'an open document that holds the disk’s text changes nothing');
  });
});
