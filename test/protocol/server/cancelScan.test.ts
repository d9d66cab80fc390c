import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

describe('cancelling the first scan', function () {
  this.timeout(60_000);
  const FILES = 3000;
  let root: string;
  let client: TestLspClient;

  before(() => {
    root = writeWorkspace('#- pkg/__init__.py\n');
    for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, 'pkg', `module_${i}.py`), `def f_${i}(x):\n    return x + ${i}\n`);
  });

  after(async () => {
    await client?.stop();
    removeWorkspace(root);
  });

  it('stops at the next file, keeps what was analysed and the server keeps answering', async () => {
    client = await TestLspClient.start(root, { cancelProgress: true });
    const log = await client.waitFor('the cancellation in the log', () =>
      client.notifications
        .filter((n) => n.method === 'window/logMessage')
        .map((n) => (n.params as { message: string }).message)
        .find((m) => /cancelled after \d+ files/.test(m)),
    );
    const analysed = Number(/cancelled after (\d+) files/.exec(log)![1]);
    assert.ok(analysed < FILES, `${analysed} of ${FILES + 1} files analysed before the cancellation took effect`);
    await client.waitFor('the end of the progress', () => (client.progress.includes('end') ? true : undefined));
    const status = await client.connection.sendRequest('untangle/duplicationSummary', {});
    assert.ok(status, 'the server still answers');
  });
});
