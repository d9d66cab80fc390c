/** The field rename over the protocol: offered on a field declaration, answered by untangle/renameField with the edit. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/lspClient';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';
import { newsProject } from '../helpers/newsProject';
import { applyWorkspaceEdit } from '../helpers/applyWorkspaceEdit';

describe('rename a model field over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(newsProject(`
from django.db import models


class Letter(models.Model):
    frequency = models.CharField(max_length=10, default="weekly")

    def is_daily(self):
        return self.frequency == "daily"
`));
    client = await TestLspClient.start(root);
  });
  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('offers "Rename field" on the declaration only, and the request answers the edit with the migrations', async () => {
    const models = path.join(root, 'news/models.py');
    const uri = URI.file(models).toString();
    const text = fs.readFileSync(models, 'utf8');
    client.open(models, text);
    const actionsAt = (line: number): Promise<CodeAction[]> =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character: 4 }, end: { line, character: 4 } },
        context: { diagnostics: [], only: ['refactor.rewrite'] },
      });
    const lines = text.split('\n');
    // The session answers once the workspace is analysed: poll, with a deadline.
    const deadline = Date.now() + 15_000;
    let offer: CodeAction | undefined;
    while (!offer && Date.now() < deadline) {
      offer = (await actionsAt(lines.findIndex((l) => l.includes('frequency = models')))).find((a) => a.title.startsWith('Rename field'));
      if (!offer) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(offer, 'offered on the field');
    assert.equal(offer.kind, 'refactor.rewrite');
    assert.deepEqual(offer.command?.arguments, [uri, 'Letter', 'frequency']);
    assert.deepEqual((await actionsAt(lines.findIndex((l) => l.includes('return self.frequency')))).filter((a) => a.title.startsWith('Rename field')), []);

    const answer: { title: string; edit?: WorkspaceEdit; refused?: string } = await client.connection.sendRequest('untangle/renameField', { uri, className: 'Letter', field: 'frequency', newName: 'cadence' });
    assert.equal(answer.refused, undefined);
    const created = (answer.edit?.documentChanges ?? []).filter((change) => 'kind' in change && change.kind === 'create').map((change) => path.basename(URI.parse((change as { uri: string }).uri).fsPath));
    assert.deepEqual(created, ['0002_add_cadence.py', '0003_copy_frequency_to_cadence.py', '0004_cadence_replaces_frequency.py']);
    applyWorkspaceEdit(answer.edit!);
    assert.match(fs.readFileSync(models, 'utf8'), /cadence = models\.CharField[\s\S]*@property\n    def frequency\(self\):/);

    const refused: { refused?: string } = await client.connection.sendRequest('untangle/renameField', { uri, className: 'Letter', field: 'nope', newName: 'other' });
    assert.match(refused.refused ?? '', /has no field `nope`/);
  });
});
