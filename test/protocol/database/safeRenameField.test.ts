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

  it('answers a rename asked while the workspace is still being analysed from the whole workspace, not the files analysed so far', async () => {
    // Enough modules that the first scan is still running when the request arrives (a second or more on this machine).
    // They are copies of one another: the duplicate rule is off, as one class of 400 copies took most of the scan (8 s).
    const filler = [
      '#- pyproject.toml\n[tool.untangle.duplicate-block]\nenabled = false\n',
      ...Array.from({ length: 400 }, (_, i) => `#- aaa/module_${i}.py\n${Array.from({ length: 20 }, (__, j) => `def f_${j}(x):\n    return x + ${i * j}\n`).join('\n')}`),
    ].join('\n');
    const busyRoot = writeWorkspace(newsProject('from django.db import models\n\n\nclass Letter(models.Model):\n    frequency = models.CharField(max_length=10)\n', filler));
    const busy = await TestLspClient.start(busyRoot);
    try {
      const uri = URI.file(path.join(busyRoot, 'news/models.py')).toString();
      const isStatus = (state: string) => (r: { method: string; params: unknown }) => r.method === 'untangle/status' && (r.params as { state: string }).state === state;
      await busy.nextReceived('the first scan to start', 0, isStatus('analyzing'));
      const answer: { refused?: string } = await busy.connection.sendRequest('untangle/renameField', { uri, className: 'Letter', field: 'frequency', newName: 'cadence' });
      assert.equal(answer.refused, undefined);
      assert.ok(busy.received.some(isStatus('idle')), 'answered once the scan was over');
    } finally {
      await busy.stop();
      removeWorkspace(busyRoot);
    }
  });
});
