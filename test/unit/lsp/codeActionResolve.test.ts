import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { listCodeActions, resolveCodeAction, type CodeActionHost } from '../../../server/src/lsp/codeActions';
import { memoryWorkspace, ROOT } from '../../helpers/refactor/refactorFixture';
import { modelsModule } from '../../helpers/workspace/longModule';

/** A host over files the editor holds, recording which files' text the actions read. */
async function hostOf(files: ReadonlyMap<string, string>, read: Set<string>): Promise<CodeActionHost> {
  const parser = await loadPythonParser();
  return {
    parser,
    document: (uri) => {
      const file = URI.parse(uri).fsPath;
      const text = files.get(file);
      return text === undefined ? undefined : { version: 1, getText: () => (read.add(file.slice(ROOT.length + 1)), text) };
    },
    pythonFiles: () => [...files.keys()],
    settingsFor: () => DEFAULT_SETTINGS,
    resourceOperations: ['create', 'delete'],
    workspaceFolders: [ROOT],
    // No analysis behind these files: an action acts on the places its diagnostic lists.
    findingPlaces: () => undefined,
  };
}

function longFile(line = 0): Diagnostic {
  return { source: DIAGNOSTIC_SOURCE, code: 'long-file', message: 'long', range: { start: { line, character: 0 }, end: { line, character: 1 } } };
}

describe('code actions: listed without planning, planned on resolve', () => {
  const files = memoryWorkspace(`
    #- shop/__init__.py
    #- shop/views.py
    from .models import Order, Product


    def index(request):
        return [Order, Product]
    #- shop/admin.py
    from shop.models import Payment
    #- shop/single.py
    def one():
        return 1
    #- shop/tally.py
    from .models import Order

    COUNT = 0


    def bump(request):
        global COUNT
        for order in Order.objects.filter(q=request.GET.get("q")):
            COUNT += 1
            order.save()
            if COUNT > 3:
                order.save()
        return COUNT
  `);
  files.set(`${ROOT}/shop/models.py`, modelsModule(['order', 'product', 'payment'], 3));
  const uri = URI.file(`${ROOT}/shop/models.py`).toString();

  it('lists the split from the module alone; resolving plans it, reading its importers', async () => {
    const read = new Set<string>();
    const host = await hostOf(files, read);
    const [split] = listCodeActions(host, { textDocument: { uri }, range: longFile().range, context: { diagnostics: [longFile()], only: ['refactor.move'] } });
    assert.equal(split.title, 'Split `models.py` into feature modules (order, product, payment)');
    assert.equal(split.edit, undefined);
    assert.deepEqual([...read].sort(), ['shop/models.py'], 'listing reads no importer: it plans nothing');

    read.clear();
    const resolved = resolveCodeAction(host, split);
    assert.ok(read.has('shop/views.py') && read.has('shop/admin.py'), `resolving plans the split: ${[...read]}`);
    const created = (resolved.edit?.documentChanges ?? []).flatMap((c) => ('kind' in c && c.kind === 'create' ? [URI.parse(c.uri).fsPath.slice(ROOT.length + 1)] : []));
    assert.deepEqual(created, ['shop/models/__init__.py', 'shop/models/order_models.py', 'shop/models/product_models.py', 'shop/models/payment_models.py']);
  });

  it('lists disabled what is refused at sight, and fails a resolve the plan refuses with its reason', async () => {
    const host = await hostOf(files, new Set());
    const single = URI.file(`${ROOT}/shop/single.py`).toString();
    const actions = listCodeActions(host, { textDocument: { uri: single }, range: longFile().range, context: { diagnostics: [longFile()], only: ['refactor.move'] } });
    assert.deepEqual(actions.filter((a) => a.data !== undefined), [], 'one feature group: nothing to split, so only choosing the groups is listed');
    const init = URI.file(`${ROOT}/shop/__init__.py`).toString();
    const initActions = listCodeActions(host, { textDocument: { uri: init }, range: longFile().range, context: { diagnostics: [longFile()], only: ['refactor.move'] } });
    assert.equal(initActions.find((a) => a.data !== undefined)?.disabled?.reason, 'a package’s `__init__.py` cannot become a package');

    // A view with nothing to move but request plumbing is not listed at all (known without planning).
    const view = URI.file(`${ROOT}/shop/views.py`).toString();
    const plumbing: Diagnostic = { ...longFile(3), code: 'logic-heavy-view' };
    const listed = listCodeActions(host, { textDocument: { uri: view }, range: plumbing.range, context: { diagnostics: [plumbing], only: ['refactor.move'] } });
    assert.deepEqual(listed.map((a) => a.title), ['Move `index` to another module…'], 'only Move Symbol, no move of its logic');

    const tally = URI.file(`${ROOT}/shop/tally.py`).toString();
    const diagnostic: Diagnostic = { ...longFile(5), code: 'logic-heavy-view' };
    const [move] = listCodeActions(host, { textDocument: { uri: tally }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['refactor.move'] } });
    assert.equal(move.title, 'Move logic of `bump` to `controllers/order_controllers.py`');
    assert.equal(move.disabled, undefined, 'whether the logic can move safely is known once planned');
    assert.throws(() => resolveCodeAction(host, move as CodeAction), (error: { code: number; message: string }) => {
      assert.equal(error.code, -32803, 'RequestFailed');
      assert.match(error.message, /global/);
      return true;
    });
  });
});
