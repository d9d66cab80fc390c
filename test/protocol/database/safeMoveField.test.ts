/**
 * The field move over the protocol: offered on a field declaration once per one-to-one of its
 * class (not on the one-to-one itself, nor in a class without one), answered by untangle/moveField
 * with the edit the refactor preview shows: both models, the serializer, the migrations.
 */
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
import { ISSUE_MODELS, ISSUE_SERIALIZER } from '../../helpers/django/issueModels';

type Answer = { title: string; edit?: WorkspaceEdit; refused?: string };

describe('move a model field over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(newsProject(ISSUE_MODELS, ISSUE_SERIALIZER));
    client = await TestLspClient.start(root);
  });
  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('offers "Move field" along the one-to-one, and the request answers the edit with the migrations', async () => {
    const models = path.join(root, 'news/models.py');
    const uri = URI.file(models).toString();
    const text = fs.readFileSync(models, 'utf8');
    client.open(models, text);
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle));
    const offers = await offeredOnLine(client, uri, lineOf('footer = models'), 'refactor.move', 'Move field');
    assert.deepEqual(offers.map((offer) => [offer.title, offer.kind, offer.command?.command, offer.command?.arguments]), [
      ['Move field `footer` to the model of `letter`, keeping `footer` reachable (safe migrations)', 'refactor.move', 'untangle.moveField', [uri, 'Issue', 'footer', 'letter']],
    ]);
    const moves = async (needle: string) => (await actionsOnLine(client, uri, lineOf(needle), 'refactor.move')).filter((action) => action.title.startsWith('Move field'));
    assert.deepEqual(await moves('letter = models.OneToOneField'), [], 'not the one-to-one itself');
    assert.deepEqual(await moves('title = models'), [], 'Letter declares no one-to-one');

    const refused: Answer = await client.connection.sendRequest('untangle/moveField', { uri, className: 'Issue', field: 'footer', through: 'nope' });
    assert.match(refused.refused ?? '', /`Issue\.nope` is no relation to a model the project declares/);
    const answer: Answer = await client.connection.sendRequest('untangle/moveField', { uri, className: 'Issue', field: 'footer', through: 'letter' });
    assert.equal(answer.refused, undefined);
    assert.equal(answer.title, 'Move `Issue.footer` to the model of `letter`, keeping `footer` reachable');
    const created = (answer.edit?.documentChanges ?? []).filter((change) => 'kind' in change && change.kind === 'create').map((change) => path.basename(URI.parse((change as { uri: string }).uri).fsPath));
    assert.deepEqual(created, ['0002_add_letter_footer.py', '0003_copy_footer_to_letter.py', '0004_letter_footer_replaces_issue_footer.py']);
    applyWorkspaceEdit(answer.edit!);
    assert.match(fs.readFileSync(models, 'utf8'), /class Letter\(models\.Model\):\n    title = models\.CharField\(max_length=40\)\n    footer = models\.CharField[\s\S]*@property\n    def footer\(self\):/);
    assert.match(fs.readFileSync(path.join(root, 'news/serializers.py'), 'utf8'), /footer = serializers\.ReadOnlyField\(source="letter\.footer"\)/);
  });
});
