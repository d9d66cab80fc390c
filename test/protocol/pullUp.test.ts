import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';
import { applyWorkspaceEdit } from '../helpers/applyWorkspaceEdit';
import { PlanRequest } from '../../server/src/protocol';

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

const isHard = (d: Diagnostic) => d.code === 'duplicate-block' && /repeated in/.test(String(d.message));

describe('the hard refactor over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;
  let views: string;

  before(async () => {
    root = writeWorkspace(`#- shop/__init__.py\n#- shop/views.py\nfrom django.views.generic import ListView\n\n${VIEW('OrderList')}\n${VIEW('ReviewList')}`);
    views = path.join(root, 'shop/views.py');
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
    assert.deepEqual(plan.folders[0].findings.filter((f) => f.stage === 'hard').map((f) => f.path), ['shop/views.py', 'shop/views.py']);

    const uri = URI.file(views).toString();
    const list = (only: string[]): Promise<CodeAction[]> =>
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: first.range, context: { diagnostics: [first], only } });
    assert.deepEqual((await list(['refactor.extract'])).map((a) => a.title), [], 'no extraction into utils/ for whole members');
    const [action] = await list(['refactor.rewrite']);
    assert.equal(action.kind, 'refactor.rewrite');
    assert.equal(action.title, 'Move `get_queryset`, `get_context_data` into mixin `ListMixin`');
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', action);
    applyWorkspaceEdit(resolved.edit!);
    const after = fs.readFileSync(views, 'utf8');
    assert.match(after, /^class ListMixin:\n/m);
    assert.match(after, /^class OrderList\(ListMixin, ListView\):\n {4}paginate_by = 20\n\n\nclass ReviewList\(ListMixin, ListView\):\n {4}paginate_by = 20\n$/m);
    assert.equal(spawnSync('python3', ['-m', 'py_compile', views]).status, 0);
  });
});
