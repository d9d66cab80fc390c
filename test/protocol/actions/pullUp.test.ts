import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { PlanRequest } from '../../../server/src/protocol';

const VIEW = (name: string) => `
class ${name}(ListView):
    paginate_by = 20

    def get_queryset(self):
        rows = super().get_queryset()
        return [row for row in rows if row.owner == self.request.user]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owner"] = self.request.user
        return context
`;

/** Near-copies differing in the model class. */
const EXPORT = (name: string, model: string) => `
def ${name}(request):
    columns = [field.attname for field in ${model}._meta.concrete_fields]
    rows = []
    for record in ${model}.objects.order_by("pk"):
        rows.append([getattr(record, column) for column in columns])
    payload = {"columns": columns, "rows": rows, "total": len(rows)}
    return JsonResponse(payload)
`;
const MODELS = 'class Customer:\n    pass\n\n\nclass Address:\n    pass\n';

const isHard = (d: Diagnostic) => d.code === 'duplicate-block' && /repeated in/.test(String(d.message));
const isNearCopy = (d: Diagnostic) => d.code === 'duplicate-block' && /other names or values/.test(String(d.message));

describe('the hard refactor over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let views: string;
  let exports: string;

  before(async () => {
    const exportsModule = `from django.http import JsonResponse\n\nfrom .models import Address, Customer\n\n${EXPORT('export_customers', 'Customer')}\n${EXPORT('export_addresses', 'Address')}`;
    root = writeWorkspace(`#- shop/__init__.py\n#- shop/views.py\nfrom django.views.generic import ListView\n\n${VIEW('OrderList')}\n${VIEW('ReviewList')}\n#- shop/models.py\n${MODELS}#- shop/exports.py\n${exportsModule}`);
    views = path.join(root, 'shop/views.py');
    exports = path.join(root, 'shop/exports.py');
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('marks the diagnostics as the hard stage’s, lists them under Hard refactor, and offers one refactor.rewrite action rewriting every class', async () => {
    const diagnostics = await client.waitForDiagnostics(views, (d) => d.filter(isHard).length === 2);
    const [first] = diagnostics.filter(isHard);
    assert.equal(first.message, '`get_queryset`, `get_context_data` repeated in 2 views (7 lines each)');
    assert.deepEqual(first.data, { stage: 'hard' });

    const plan = PlanRequest.resultSchema.parse(await client.connection.sendRequest(PlanRequest.method, {}));
    assert.deepEqual(plan.folders[0].findings.filter((f) => f.stage === 'hard').map((f) => f.path).sort(), ['shop/exports.py', 'shop/exports.py', 'shop/views.py', 'shop/views.py']);

    const list = actionsOn(views, first);
    assert.deepEqual((await list(['refactor.extract'])).map((a) => a.title), [], 'no extraction into utils/ for whole members');
    const [action] = await list(['refactor.rewrite']);
    assert.equal(action.kind, 'refactor.rewrite');
    assert.equal(action.title, 'Move `get_queryset`, `get_context_data` into mixin `ListMixin`');
    await resolveAndApply(action);
    const after = fs.readFileSync(views, 'utf8');
    assert.match(after, /^class ListMixin:\n/m);
    assert.match(after, /^class OrderList\(ListMixin, ListView\):\n {4}paginate_by = 20\n\n\nclass ReviewList\(ListMixin, ListView\):\n {4}paginate_by = 20\n$/m);
    assert.equal(spawnSync('python3', ['-m', 'py_compile', views]).status, 0);
  });

  it('marks near-copies as the hard stage’s with their own page, and one refactor.rewrite action generalises every copy', async () => {
    const diagnostics = await client.waitForDiagnostics(exports, (d) => d.filter(isNearCopy).length === 2);
    const [first] = diagnostics.filter(isNearCopy);
    assert.deepEqual(first.data, { stage: 'hard', page: 'near-duplicate' });
    assert.ok(first.codeDescription?.href.endsWith('/docs/rules/near-duplicate.md'), first.codeDescription?.href);
    const list = actionsOn(exports, first);
    assert.deepEqual((await list(['refactor.extract'])).map((a) => a.title), [], 'the soft stage’s extraction is for exact copies');
    const [action] = await list(['refactor.rewrite']);
    assert.equal(action.kind, 'refactor.rewrite');
    await resolveAndApply(action);
    const after = fs.readFileSync(exports, 'utf8');
    const calls = [...after.matchAll(/^ {4}payload = (\w+)\((Customer|Address)\)$/gm)];
    assert.deepEqual(calls.map((call) => call[2]), ['Customer', 'Address'], after);
    assert.equal(new Set(calls.map((call) => call[1])).size, 1, 'both copies call one function');
    const util = path.join(root, 'shop/utils', fs.readdirSync(path.join(root, 'shop/utils')).find((file) => file !== '__init__.py')!);
    assert.match(fs.readFileSync(util, 'utf8'), new RegExp(`^def ${calls[0][1]}\\(model\\):$`, 'm'));
    for (const file of [exports, util]) assert.equal(spawnSync('python3', ['-m', 'py_compile', file]).status, 0, file);
  });

  /** Lists the actions of `only` kinds for the diagnostic of `file`. */
  function actionsOn(file: string, diagnostic: Diagnostic): (only: string[]) => Promise<CodeAction[]> {
    const uri = URI.file(file).toString();
    return (only) => client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only } });
  }

  async function resolveAndApply(action: CodeAction): Promise<void> {
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    applyWorkspaceEdit(resolved.edit!);
  }
});
