/** The field rename over the protocol: offered on a field declaration, answered by untangle/renameField with the edit. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { newsProject } from '../../helpers/django/newsProject';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { actionsOnLine, offeredOnLine } from '../../helpers/processes/fieldActions';

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
    const lines = text.split('\n');
    // The session answers once the workspace is analysed: offeredOnLine polls, with a deadline.
    const [offer] = await offeredOnLine(client, uri, lines.findIndex((l) => l.includes('frequency = models')), 'refactor.rewrite', 'Rename field');
    assert.ok(offer, 'offered on the field');
    assert.equal(offer.kind, 'refactor.rewrite');
    assert.deepEqual(offer.command?.arguments, [uri, 'Letter', 'frequency']);
    assert.deepEqual((await actionsOnLine(client, uri, lines.findIndex((l) => l.includes('return self.frequency')), 'refactor.rewrite')).filter((a) => a.title.startsWith('Rename field')), []);

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
