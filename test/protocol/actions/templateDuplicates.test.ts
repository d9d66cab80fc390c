import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { copyWebFixture } from '../../helpers/workspace/webFixture';

const isDuplicate = (d: { code?: unknown }) => d.code === 'duplicate-block';
const relatedFiles = (diagnostics: readonly Diagnostic[]) => diagnostics.flatMap((d) => d.relatedInformation ?? []).map((r) => path.basename(URI.parse(r.location.uri).fsPath));

describe('duplicate-block in templates and static files over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let account: string;
  let orderList: string;

  beforeEach(async () => {
    root = copyWebFixture();
    account = path.join(root, 'shop/templates/shop/account.html');
    orderList = path.join(root, 'shop/templates/shop/order_list.html');
    client = await TestLspClient.start(root);
    await client.waitFor('the first scan', () => (client.progress.includes('end') ? true : undefined));
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the clone of a template, follows its unsaved edits, and watches templates and static files', async () => {
    const [inAccount] = await client.waitForDiagnostics(account, (d) => d.some(isDuplicate));
    assert.equal(inAccount.message, '12 lines duplicated in 2 places');
    assert.equal(inAccount.source, 'untangle');
    assert.ok(inAccount.codeDescription?.href.endsWith('/docs/rules/duplicate-block.md'));
    assert.deepEqual(inAccount.range, { start: { line: 5, character: 37 }, end: { line: 16, character: 8 } });
    assert.deepEqual(relatedFiles([inAccount]), ['order_list.html']);
    const watchers = client.registrations.flatMap((r) => (r.registerOptions as { watchers?: { globPattern: string }[] } | undefined)?.watchers ?? []);
    assert.ok(watchers.some((w) => w.globPattern === '**/*.{html,htm,djhtml,jinja,jinja2,js,mjs,cjs,css}'), JSON.stringify(watchers));

    const text = fs.readFileSync(account, 'utf8');
    client.open(account, text, 'django-html');
    client.change(account, '{% extends "shop/base.html" %}\n');
    await client.waitForDiagnostics(account, (d) => d.length === 0);
    await client.waitForDiagnostics(orderList, (d) => d.length === 0);
    client.change(account, text);
    await client.waitForDiagnostics(orderList, (d) => d.some(isDuplicate) && relatedFiles(d).includes('account.html'));
  });

  it('offers only the jscpd:ignore quick fix on a template clone, no extraction', async () => {
    const [diagnostic] = await client.waitForDiagnostics(account, (d) => d.some(isDuplicate));
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI.file(account).toString() },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Silence `duplicate-block` here', 'quickfix']]);
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', actions[0]);
    const [change] = resolved.edit?.documentChanges ?? [];
    assert.ok(change && 'edits' in change);
    assert.deepEqual(change.edits.map((e) => ('newText' in e ? e.newText : '')), ['{# jscpd:ignore-start #}\n', '{# jscpd:ignore-end #}\n']);
  });

  it('finds a static file copied on disk, and forgets it when deleted', async () => {
    const copy = path.join(root, 'shop/static/shop/cart_copy.js');
    fs.copyFileSync(path.join(root, 'shop/static/shop/cart.js'), copy);
    client.filesChanged([{ file: copy, type: 1 }]);
    const [inCopy] = await client.waitForDiagnostics(copy, (d) => d.some(isDuplicate));
    assert.deepEqual(relatedFiles([inCopy]), ['cart.js', 'checkout.html']);
    fs.rmSync(copy);
    client.filesChanged([{ file: copy, type: 3 }]);
    await client.waitForDiagnostics(copy, (d) => d.length === 0);
    await client.waitForDiagnostics(path.join(root, 'shop/static/shop/cart.js'), (d) => relatedFiles(d).join() === 'checkout.html');
  });
});
