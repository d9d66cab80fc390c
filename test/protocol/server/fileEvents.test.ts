import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

describe('watched-file events in one batch', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      from .models import Order


      def checkout(request):
          Order.objects.create()
          Order.objects.create()
          Order.objects.create()
          Order.objects.create()
          return None
    `);
    client = await TestLspClient.start(root);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('a created file and a changed file are both taken in (an edit that adds a module, as refactorings do)', async () => {
    const views = path.join(root, 'shop/views.py');
    const [before] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view'));
    fs.writeFileSync(path.join(root, 'shop/helpers.py'), 'def helper():\n    return 1\n');
    fs.writeFileSync(views, `# moved down by two lines\n\n${fs.readFileSync(views, 'utf8')}`);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: URI.file(path.join(root, 'shop/helpers.py')).toString(), type: 1 },
        { uri: URI.file(views).toString(), type: 2 },
      ],
    });
    const [after] = await client.waitForDiagnostics(views, (d) => d.some((x) => x.code === 'logic-heavy-view' && x.range.start.line !== before.range.start.line));
    assert.equal(after.range.start.line, before.range.start.line + 2);
  });
});
