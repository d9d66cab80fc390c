import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { modelsModule } from '../../helpers/workspace/longModule';

describe('code actions over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let views: string;

  beforeEach(async () => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/models.py
      class Order:
          objects = None
      #- shop/views.py
      from .models import Order


      def checkout(request):
          order = Order.objects.create(customer=request.user)
          order.refresh_from_db()
          order.save()
          Order.objects.filter(pk=order.pk).update(total=1)
          return order
    `);
    views = path.join(root, 'shop/views.py');
    client = await TestLspClient.start(root);
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('offers the controller move on a logic-heavy view, resolves it lazily and the edit compiles', async () => {
    const [diagnostic] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view'));
    const uri = URI.file(views).toString();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['refactor'] },
    });
    assert.equal(actions.length, 1);
    const [action] = actions;
    assert.equal(action.title, 'Move logic of `checkout` to `controllers/order_controllers.py`');
    assert.equal(action.kind, 'refactor.move');
    assert.equal(action.edit, undefined, 'listing does not carry the edit');
    assert.equal(action.disabled, undefined);

    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    const changes = resolved.edit?.documentChanges ?? [];
    assert.deepEqual(
      changes.filter((c) => 'kind' in c).map((c) => URI.parse((c as { uri: string }).uri).fsPath),
      [path.join(root, 'shop/controllers/__init__.py'), path.join(root, 'shop/controllers/order_controllers.py')],
      'files are created first',
    );
    assert.ok(resolved.edit?.changeAnnotations?.['untangle.refactor']?.needsConfirmation, 'the edit asks for the refactor preview');
    applyWorkspaceEdit(resolved.edit!);
    const compiled = spawnSync('python3', ['-m', 'py_compile', 'shop/views.py', 'shop/controllers/order_controllers.py'], { cwd: root, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    assert.match(fs.readFileSync(views, 'utf8'), /    order = Order\.objects\.create\(customer=request\.user\)\n    handle_checkout\(order\)\n    return order/);

    const quickFixes: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(quickFixes.map((a) => [a.kind, a.title]), [['quickfix', 'Silence `logic-heavy-view` here']], 'context.only is honoured');
  });

  it('rejects resolving an action listed for an older version of the document', async () => {
    const [diagnostic] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view'));
    const uri = URI.file(views).toString();
    const text = fs.readFileSync(views, 'utf8');
    client.open(views, text);
    const [action]: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic] },
    });
    client.change(views, `${text}\n`);
    await client.waitForDiagnostics(views, (d) => d.length > 0);
    await assert.rejects(client.connection.sendRequest('codeAction/resolve', action), /document changed/);
  });

  /** Makes shop/models.py long (three features) and waits for its long-file diagnostic. */
  async function longModels() {
    const models = path.join(root, 'shop/models.py');
    fs.writeFileSync(models, modelsModule(['order', 'product', 'payment'], 30));
    const uri = URI.file(models).toString();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    const [diagnostic] = await client.waitForDiagnostics(models, (d) => d.some((x) => x.code === 'long-file'));
    return { uri, diagnostic };
  }

  it('offers the split of a long module on its long-file diagnostic; files created first, the module deleted last', async () => {
    const { uri, diagnostic } = await longModels();
    const [action]: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['refactor.move'] },
    });
    assert.equal(action.title, 'Split `models.py` into feature modules (order, product, payment)');
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    const operations = (resolved.edit?.documentChanges ?? []).map((c) =>
      'kind' in c && c.kind !== 'rename' ? `${c.kind} ${path.relative(root, URI.parse(c.uri).fsPath)}` : 'edit',
    );
    assert.deepEqual(operations.filter((o) => o !== 'edit'), [
      'create shop/models/__init__.py',
      'create shop/models/order_models.py',
      'create shop/models/product_models.py',
      'create shop/models/payment_models.py',
      'delete shop/models.py',
    ]);
    assert.equal(operations.at(-1), 'delete shop/models.py');
    applyWorkspaceEdit(resolved.edit!);
    const compiled = spawnSync('python3', ['-m', 'compileall', '-q', 'shop'], { cwd: root, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);
    assert.match(fs.readFileSync(path.join(root, 'shop/models/__init__.py'), 'utf8'), /^from \.order_models import \(\n {4}Order,\n {4}OrderPart1,\n/m);
  });

  it('offers "Move `X` to another module…" on a definition and answers untangle/moveSymbol with the edit', async () => {
    await client.waitForDiagnostics(views, (d) => d.length > 0); // the server has loaded its parser
    const uri = URI.file(views).toString();
    // Listed in __all__, checkout stays importable from views.py through a re-export pyflakes counts as used.
    const text = `__all__ = ["checkout"]\n${fs.readFileSync(views, 'utf8')}`;
    fs.writeFileSync(views, text);
    client.open(views, text);
    const actionsAt = (line: number): Promise<CodeAction[]> =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character: 4 }, end: { line, character: 4 } },
        context: { diagnostics: [], only: ['refactor'] },
      });
    const actions = await actionsAt(text.split('\n').findIndex((l) => l.startsWith('def checkout')));
    const offer = actions.find((a) => a.title === 'Move `checkout` to another module…');
    assert.ok(offer, JSON.stringify(actions));
    assert.deepEqual(offer.command?.arguments, [uri, 'checkout']);
    assert.deepEqual((await actionsAt(0)).filter((a) => a.title.startsWith('Move')), [], '__all__ belongs to its module: no move offered');

    const answer: { title: string; edit?: WorkspaceEdit; refused?: string } = await client.connection.sendRequest('untangle/moveSymbol', {
      uri,
      name: 'checkout',
      targetModule: 'shop.checkout_flow',
    });
    assert.equal(answer.refused, undefined);
    applyWorkspaceEdit(answer.edit!);
    const compiled = spawnSync('python3', ['-c', 'from shop.views import checkout; from shop.checkout_flow import checkout as moved; assert checkout is moved'], { cwd: root, encoding: 'utf8' });
    assert.equal(compiled.status, 0, compiled.stderr);

    await assert.rejects(client.connection.sendRequest('untangle/moveSymbol', { uri, name: 'checkout', targetModule: 'not a module' }), /a dotted module name/);
  });

  it('lets the client choose the groups: untangle/featureGroups, then untangle/splitModule with the choice', async () => {
    const { uri, diagnostic } = await longModels();
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['refactor.move'] },
    });
    const choose = actions.find((a) => a.command?.command === 'untangle.splitFile');
    assert.equal(choose?.title, 'Split `models.py` into feature modules, choosing the groups…');

    const { groups }: { groups: { name: string; symbols: string[] }[] } = await client.connection.sendRequest('untangle/featureGroups', { uri });
    assert.deepEqual(groups.map((g) => g.name), ['order', 'product', 'payment']);
    const chosen = [{ name: 'sales', symbols: [...groups[0].symbols, ...groups[2].symbols] }, groups[1]];
    const answer: { edit?: WorkspaceEdit; refused?: string } = await client.connection.sendRequest('untangle/splitModule', { uri, groups: chosen });
    assert.equal(answer.refused, undefined);
    const created = (answer.edit?.documentChanges ?? []).flatMap((c) => ('kind' in c && c.kind === 'create' ? [path.basename(URI.parse(c.uri).fsPath)] : []));
    assert.deepEqual(created, ['__init__.py', 'sales_models.py', 'product_models.py']);

    const refused: { refused?: string } = await client.connection.sendRequest('untangle/splitModule', { uri, groups: [groups[0], groups[1]] });
    assert.match(refused.refused ?? '', /`Payment` is in no group/);
    await assert.rejects(client.connection.sendRequest('untangle/splitModule', { uri, groups: [{ name: 'a b', symbols: [] }, groups[1]] }), /a group name fit for a module/);
  });

  it('silences a finding with the quick fix: the directive is written and the diagnostic goes away', async () => {
    const [diagnostic] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view'));
    const uri = URI.file(views).toString();
    const [silence]: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic as Diagnostic], only: ['quickfix'] },
    });
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', silence);
    applyWorkspaceEdit(resolved.edit!);
    assert.match(fs.readFileSync(views, 'utf8'), /\n# untangle: ignore logic-heavy-view\ndef checkout\(request\):/);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await client.waitForDiagnostics(views, (d) => !d.some((x) => x.code === 'logic-heavy-view'));
  });
});
