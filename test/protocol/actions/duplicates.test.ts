import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

const BLOCK = [
  'def apply_discount(order):',
  '    subtotal = 0',
  '    for item in order.items.all():',
  '        if item.quantity <= 0:',
  '            continue',
  '        subtotal += item.unit_price * item.quantity',
  '    if order.coupon and order.coupon.active:',
  '        subtotal -= subtotal * order.coupon.percent / 100',
  '    order.total = subtotal',
  '    order.save(update_fields=["total"])',
  '    return order',
  '',
].join('\n');
const isDuplicate = (d: { code?: unknown }) => d.code === 'duplicate-block';

describe('duplicate-block over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let views: string;
  let api: string;

  beforeEach(async () => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/api.py
      def ping():
          return "pong"
    `);
    views = path.join(root, 'shop/views.py');
    api = path.join(root, 'shop/api.py');
    fs.writeFileSync(views, BLOCK);
    client = await TestLspClient.start(root);
    await client.waitFor('the first scan', () => (client.progress.includes('end') ? true : undefined));
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('links the copies when an edit makes two blocks identical, and clears both when it is undone', async () => {
    client.open(api, 'def ping():\n    return "pong"\n');
    client.change(api, `def ping():\n    return "pong"\n\n\n${BLOCK}`);
    const [inApi] = await client.waitForDiagnostics(api, (d) => d.some(isDuplicate));
    const [inViews] = await client.waitForDiagnostics(views, (d) => d.some(isDuplicate));
    assert.equal(inApi.message, '11 lines duplicated in 2 places');
    assert.equal(inApi.source, 'untangle');
    assert.ok(inApi.codeDescription?.href.endsWith('/docs/rules/duplicate-block.md'));
    assert.deepEqual(inApi.relatedInformation?.map((r) => [URI.parse(r.location.uri).fsPath, r.location.range.start.line]), [[views, 0]]);
    assert.deepEqual(inViews.relatedInformation?.map((r) => [URI.parse(r.location.uri).fsPath, r.location.range.start.line]), [[api, 4]]);
    const summary = await client.connection.sendRequest('untangle/duplicationSummary', {});
    assert.deepEqual(summary, { codeLines: 24, duplicatedLines: 22, nearDuplicateLines: 0, percentage: 91.7, cloneClasses: 1 });

    client.change(api, 'def ping():\n    return "pong"\n');
    await client.waitForDiagnostics(api, (d) => d.length === 0);
    await client.waitForDiagnostics(views, (d) => d.length === 0);
  });

  it('removes the stale diagnostics of the other copy when a file is deleted', async () => {
    fs.writeFileSync(api, BLOCK);
    client.filesChanged([{ file: api, type: 2 }]);
    await client.waitForDiagnostics(views, (d) => d.some(isDuplicate));
    fs.rmSync(api);
    client.filesChanged([{ file: api, type: 3 }]);
    await client.waitForDiagnostics(views, (d) => d.length === 0);
    await client.waitForDiagnostics(api, (d) => d.length === 0);
  });

  it('follows a rename (delete + create): the old name is cleared and the other copy links the new one', async () => {
    fs.writeFileSync(api, BLOCK);
    client.filesChanged([{ file: api, type: 2 }]);
    await client.waitForDiagnostics(api, (d) => d.some(isDuplicate));
    const renamed = path.join(root, 'shop/pricing.py');
    fs.renameSync(api, renamed);
    client.filesChanged([
      { file: api, type: 3 },
      { file: renamed, type: 1 },
    ]);
    const relatedOf = (diagnostics: { relatedInformation?: { location: { uri: string } }[] }[]) => diagnostics.flatMap((d) => d.relatedInformation ?? []).map((r) => URI.parse(r.location.uri).fsPath);
    await client.waitForDiagnostics(views, (d) => d.some(isDuplicate) && relatedOf(d).includes(renamed));
    assert.deepEqual(relatedOf(client.diagnostics.get(URI.file(views).toString()) ?? []), [renamed], 'no link to the old name is left');
    await client.waitForDiagnostics(renamed, (d) => d.some(isDuplicate));
    await client.waitForDiagnostics(api, (d) => d.length === 0);

    const test = path.join(root, 'shop/tests/test_pricing.py');
    fs.mkdirSync(path.dirname(test));
    fs.renameSync(renamed, test);
    client.filesChanged([
      { file: renamed, type: 3 },
      { file: test, type: 1 },
    ]);
    await client.waitForDiagnostics(views, (d) => d.length === 0);
    await client.waitForDiagnostics(renamed, (d) => d.length === 0);
    assert.deepEqual(client.diagnostics.get(URI.file(test).toString()) ?? [], [], 'tests are left out of duplicate-block');
  });

  it('rejects an invalid duplicationSummary request with InvalidParams', async () => {
    await assert.rejects(client.connection.sendRequest('untangle/duplicationSummary', { scope: 'all' }), (error: { code?: number; message?: string }) => {
      assert.equal(error.code, -32602);
      assert.match(error.message ?? '', /scope/);
      return true;
    });
  });
});
