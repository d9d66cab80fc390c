import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';

const LONG_MODELS = modelsModule(['order', 'product', 'payment'], 30);
const isLongFile = (d: { code?: unknown }) => d.code === 'long-file';

describe('language server over stdio', function () {
  this.timeout(30_000);
  let root: string;
  let models: string;
  let client: TestLspClient;

  beforeEach(async () => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def index(request):
          return None
    `);
    models = path.join(root, 'shop/models.py');
    fs.writeFileSync(models, LONG_MODELS);
    client = await TestLspClient.start(root);
  });

  afterEach(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('publishes long-file for a file on disk that is not open, with code, source and rule link', async () => {
    const [diagnostic] = await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    assert.equal(diagnostic.source, 'untangle');
    assert.equal(diagnostic.severity, 2);
    assert.match(diagnostic.message as string, /^models\.py has \d+ code lines in 3 feature groups: order, product, payment \(limit 500\)$/);
    assert.ok(diagnostic.codeDescription?.href.endsWith('/docs/rules/long-file.md'));
    assert.ok(fs.existsSync(URI.parse(diagnostic.codeDescription!.href).fsPath), 'the rule page exists');
    await client.waitFor('the end of the progress report', () => (client.progress.includes('end') ? true : undefined));
    const progress = client.progress;
    assert.deepEqual([progress[0], progress[progress.length - 1]], ['begin', 'end'], 'the first scan reports progress');
    assert.ok(progress.includes('report'));
    await client.waitFor('an idle status with one finding', () =>
      client.notifications.find((n) => {
        const status = n.params as { state?: string; findings?: number; files?: number };
        return n.method === 'untangle/status' && status.state === 'idle' && status.findings === 1 && status.files === 3;
      }),
    );
  });

  it('follows the unsaved text of an open document as it changes', async () => {
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    client.open(models, 'from django.db import models\n');
    await client.waitForDiagnostics(models, (d) => d.length === 0);
    client.change(models, LONG_MODELS);
    const updated = await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    assert.equal(updated.length, 1);
    client.close(models);
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
  });

  it('reports a malformed pyproject.toml clearly and keeps answering', async () => {
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    const pyproject = path.join(root, 'pyproject.toml');
    fs.writeFileSync(pyproject, '[tool.untangle]\nexclude = ["a"\n');
    client.filesChanged([{ file: pyproject, type: 1 }]);
    const [problem] = await client.waitForDiagnostics(pyproject, (d) => d.length > 0);
    assert.match(problem.message as string, /^pyproject\.toml: not valid TOML: .*\(line 3, column 1\); using defaults$/);
    assert.equal(problem.range.start.line, 2);
    await client.waitFor('a warning message', () => client.messages.find((m) => m.type === 2 && /not valid TOML/.test(m.message)));
    const totals = await client.connection.sendRequest('untangle/reanalyze', {});
    assert.deepEqual(totals, { files: 3, findings: 1 }, 'the server still analyses with the defaults');

    fs.writeFileSync(pyproject, '[tool.untangle.long-file]\nmax-code-lines = 10000\n');
    client.filesChanged([{ file: pyproject, type: 2 }]);
    await client.waitForDiagnostics(pyproject, (d) => d.length === 0);
    await client.waitForDiagnostics(models, (d) => d.length === 0);
  });

  it('uses a valid editor setting and rejects an invalid one with a message naming the key', async () => {
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    client.settings = { longFile: { maxCodeLines: 'plenty', severity: 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const [diagnostic] = await client.waitForDiagnostics(models, (d) => d.some((x) => isLongFile(x) && x.severity === 1));
    assert.match(diagnostic.message as string, /\(limit 500\)$/, 'the invalid limit fell back to the default');
    const warning = await client.waitFor('a settings warning', () => client.messages.find((m) => /longFile\.maxCodeLines/.test(m.message)));
    assert.match(warning.message, /VS Code settings \(untangle\.\*\): longFile\.maxCodeLines: Invalid input: expected number, received string; got "plenty", using the default/);
  });

  it('follows files created and deleted on disk', async () => {
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    const orders = path.join(root, 'shop/orders.py');
    fs.writeFileSync(orders, LONG_MODELS);
    client.filesChanged([{ file: orders, type: 1 }]);
    await client.waitForDiagnostics(orders, (d) => d.some(isLongFile));
    fs.rmSync(models);
    client.filesChanged([{ file: models, type: 3 }]);
    await client.waitForDiagnostics(models, (d) => d.length === 0);
    const totals = await client.connection.sendRequest('untangle/reanalyze', {});
    assert.deepEqual(totals, { files: 3, findings: 1 });
  });

  it('answers an invalid custom request with an error and carries on', async () => {
    await client.waitForDiagnostics(models, (d) => d.some(isLongFile));
    await assert.rejects(client.connection.sendRequest('untangle/reanalyze', { everything: true }), /everything/);
    assert.deepEqual(await client.connection.sendRequest('untangle/reanalyze', {}), { files: 3, findings: 1 });
  });
});
