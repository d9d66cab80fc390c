import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../helpers/processes/lspClient';
import { applyWorkspaceEdit } from '../helpers/workspace/applyWorkspaceEdit';
import { MakeObservableRequest, PlanRequest } from '../../server/src/protocol';
import { shopCopy } from './observableShop';

describe('observability over the protocol (the example shop)', function () {
  this.timeout(60_000);
  let shop: string;
  let client: TestLspClient;

  before(async () => {
    shop = shopCopy();
    client = await TestLspClient.start(shop);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(path.dirname(shop), { recursive: true, force: true });
  });

  it('reports the settings in the Monitoring stage, and the action creates deploy/observability and wires the settings', async () => {
    const settings = path.join(shop, 'shop_project/settings.py');
    const [finding] = await client.waitForDiagnostics(settings, (d) => d.some((one) => one.code === 'observability'));
    assert.deepEqual(finding.data, { stage: 'monitoring' });
    assert.match(String(finding.message), /^Observability: logging ✗ · metrics ✗ · profiling ✗\./);
    const plan = PlanRequest.resultSchema.parse(await client.connection.sendRequest(PlanRequest.method, {}));
    assert.deepEqual(plan.folders[0].findings.filter((f) => f.stage === 'monitoring' && f.rule === 'observability').map((f) => f.path), ['shop_project/settings.py']);

    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI.file(settings).toString() },
      range: finding.range,
      context: { diagnostics: [finding], only: ['quickfix'] },
    });
    const action = actions.find((one) => one.title === 'Make the project observable…');
    assert.ok(action?.command, actions.map((one) => one.title).join(', '));
    // What the extension's quick pick sends when the user keeps every part picked.
    const answer = MakeObservableRequest.resultSchema.parse(await client.connection.sendRequest(MakeObservableRequest.method, { uri: action.command.arguments![0], parts: ['logging', 'metrics', 'profiling', 'dashboards'] }));
    assert.equal(answer.refused, undefined);
    const { created } = applyWorkspaceEdit(answer.edit!);
    assert.ok(created.some((file) => file.endsWith(path.join('deploy', 'observability', 'grafana', 'dashboards', 'django.json'))), created.join(', '));
    assert.match(fs.readFileSync(settings, 'utf8'), /"\(\)": "pythonjsonlogger\.jsonlogger\.JsonFormatter"/);
  });
});
