import { strict as assert } from 'node:assert';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

describe('language server on a workspace without Python', function () {
  this.timeout(30_000);

  it('finishes its first scan with nothing to report and keeps answering', async () => {
    const root = writeWorkspace(`
      #- README.md
      Nothing to see.
    `);
    const client = await TestLspClient.start(root);
    try {
      await client.waitFor('an idle status', () =>
        client.notifications.find((n) => n.method === 'untangle/status' && (n.params as { state: string }).state === 'idle'),
      );
      assert.deepEqual(await client.connection.sendRequest('untangle/reanalyze', {}), { files: 0, findings: 0 });
      assert.equal(client.diagnostics.size, 0);
    } finally {
      await client.stop();
      removeWorkspace(root);
    }
  });
});
