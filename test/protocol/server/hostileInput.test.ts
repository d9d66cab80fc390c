import { strict as assert } from 'node:assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';

/** Over the 100-code-line limit set below: a long file with a split to offer. */
const LONG = modelsModule(['order', 'product'], 15);
/** Over the default limit (500 code lines), which is what a file outside every folder gets. */
const LONGER = modelsModule(['order', 'product', 'customer'], 40);
const isLongFile = (d: { code?: unknown }) => d.code === 'long-file';

/** Rejects when the server does not answer within `ms`: a frozen server must fail the test, not hang it. */
function answered<T>(request: Promise<T>, ms = 10_000): Promise<T> {
  return Promise.race([request, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: the server froze`)), ms).unref())]);
}

describe('hostile files and URIs over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let outside: string;
  let client: TestLspClient;

  beforeEach(async function () {
    if (process.platform === 'win32') this.skip();
    root = writeWorkspace(`
      #- shop/__init__.py
    `);
    fs.writeFileSync(path.join(root, 'shop', 'models.py'), LONG);
    outside = writeWorkspace('');
    // Named like modules: reading either with readFileSync would block (FIFO) or never end (/dev/zero).
    execFileSync('mkfifo', [path.join(root, 'shop', 'fifo.py')]);
    fs.symlinkSync('/dev/zero', path.join(root, 'shop', 'zero.py'));
    // Linters' settings the split reads to match the project's style, from the module's folder up.
    execFileSync('mkfifo', [path.join(root, 'setup.cfg'), path.join(root, 'shop', 'ruff.toml')]);
    client = await TestLspClient.start(root, { settings: { longFile: { maxCodeLines: 100 } } });
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
    removeWorkspace(outside);
  });

  const actionsFor = (file: string, diagnostic: Diagnostic): Promise<CodeAction[]> =>
    answered(client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI.file(file).toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }));

  it('lists and resolves the split of a long module beside a FIFO and a link to /dev/zero named like modules, and FIFO linter settings', async () => {
    const models = path.join(root, 'shop', 'models.py');
    const [diagnostic] = await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    const split = (await actionsFor(models, diagnostic)).find((a) => a.title.startsWith('Split `models.py` into feature modules (order, product)'));
    assert.ok(split, 'the split is offered');
    const resolved: CodeAction = await answered(client.connection.sendRequest('codeAction/resolve', split));
    assert.ok(resolved.edit?.documentChanges?.length, 'the edit is computed');
  });

  it('computes no edit for a document opened from outside the workspace folders', async () => {
    const passwd = path.join(outside, 'passwd.py');
    fs.writeFileSync(passwd, LONGER);
    client.open(passwd, LONGER);
    const [diagnostic] = await client.waitForDiagnostics(passwd, (d) => d.some(isLongFile));
    assert.deepEqual(await actionsFor(passwd, diagnostic), [], 'no action, not even to silence it: the file is not the workspace’s');

    // A forged resolve or a custom request naming the outside file is the client's mistake.
    const models = path.join(root, 'shop', 'models.py');
    const [inside] = await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    const listed = (await actionsFor(models, inside)).find((a) => a.data !== undefined)!;
    const forged = { ...listed, data: { ...(listed.data as object), uri: URI.file(passwd).toString(), version: 1 } };
    const requests: [string, unknown][] = [
      ['codeAction/resolve', forged],
      ['untangle/splitModule', { uri: URI.file(passwd).toString(), groups: [{ name: 'order', symbols: ['Order'] }, { name: 'product', symbols: ['Product'] }] }],
      ['untangle/featureGroups', { uri: URI.file(passwd).toString() }],
      ['untangle/moveSymbol', { uri: URI.file(passwd).toString(), name: 'Order', targetModule: 'elsewhere' }],
    ];
    for (const [method, params] of requests) {
      await assert.rejects(answered(client.connection.sendRequest(method, params)), (error: { code?: number; message?: string }) => {
        assert.equal(error.code, -32602, method);
        assert.match(error.message ?? '', /is outside the workspace folders/, method);
        return true;
      });
    }
    assert.equal(fs.readFileSync(passwd, 'utf8'), LONGER);
  });
});
