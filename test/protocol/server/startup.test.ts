import { strict as assert } from 'node:assert';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

describe('language server right after it starts', function () {
  this.timeout(30_000);

  it('answers a reanalyse sent straight after `initialized` with the workspace, not an empty session', async () => {
    const root = writeWorkspace(`
      #- shop/models.py
      def total(items):
          return sum(item.price for item in items)
    `);
    const client = await TestLspClient.start(root);
    try {
      const totals = (await client.connection.sendRequest('untangle/reanalyze', {})) as { files: number };
      assert.equal(totals.files, 1);
    } finally {
      await client.stop();
      removeWorkspace(root);
    }
  });
});
