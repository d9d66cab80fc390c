import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { modelsModule } from '../../helpers/workspace/longModule';
import { BaselineRequest, PlanRequest, SarifReportRequest } from '../../../server/src/protocol';
import { baselineSchema } from '../../../server/src/core/baseline/baseline';

describe('the panel’s requests over the protocol', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def index(request):
          return None
    `);
    fs.writeFileSync(path.join(root, 'shop/models.py'), modelsModule(['order', 'product', 'payment'], 30));
    client = await TestLspClient.start(root);
    await client.waitForDiagnostics(path.join(root, 'shop/models.py'), (d) => d.some((x) => x.code === 'long-file'));
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('untangle/plan gives each finding with its fingerprint and impact, the files and the figures', async () => {
    const plan = PlanRequest.resultSchema.parse(await client.connection.sendRequest(PlanRequest.method, {}));
    assert.equal(plan.folders.length, 1);
    const [folder] = plan.folders;
    assert.equal(folder.uri, URI.file(root).toString());
    const long = folder.findings.find((f) => f.rule === 'long-file')!;
    assert.equal(long.path, 'shop/models.py');
    assert.equal(long.fingerprint, 'module');
    assert.ok(long.lines > 500, 'a split touches the whole module');
    assert.deepEqual(folder.files.find((f) => f.path === 'shop/models.py')?.groups, 3);
    assert.equal(folder.figures.pythonFiles, 3);
    assert.equal(folder.figures.longFiles, 1);
    assert.equal(folder.figures.largestFiles[0].path, 'shop/models.py');
  });

  it('untangle/baseline and untangle/sarifReport answer for a folder, and reject an unknown one', async () => {
    const folderUri = URI.file(root).toString();
    const baseline = baselineSchema.parse(await client.connection.sendRequest(BaselineRequest.method, { folderUri }));
    assert.deepEqual(baseline.findings.map((f) => f.path), ['shop/models.py']);
    assert.equal(baseline.figures?.longFiles, 1);
    const { sarif } = SarifReportRequest.resultSchema.parse(await client.connection.sendRequest(SarifReportRequest.method, { folderUri }));
    assert.equal(JSON.parse(sarif).version, '2.1.0');
    await assert.rejects(client.connection.sendRequest(BaselineRequest.method, { folderUri: 'file:///elsewhere' }), /not a workspace folder/);
    await assert.rejects(client.connection.sendRequest(PlanRequest.method, { extra: 1 }), /Unrecognized key/);
  });
});
