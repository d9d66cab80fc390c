/**
 * "Make the project observable…" over the real server: one code action running the client's
 * quick pick, then untangle/observabilityParts and untangle/makeObservable with the parts picked;
 * a Procfile written on disk re-checks the settings (the rule reads which server runs the project).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { ErrorCodes, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { TestLspClient } from '../../helpers/processes/lspClient';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { applyWorkspaceEdit } from '../../helpers/workspace/applyWorkspaceEdit';
import { MakeObservableRequest, ObservabilityPartsRequest } from '../../../server/src/protocol';
import { SMALL_PROJECT } from '../../unit/observability/observabilityFixture';

describe('make the project observable over the protocol, the parts picked', function () {
  this.timeout(30_000);
  let root: string;
  let client: TestLspClient;

  before(async () => {
    root = writeWorkspace(SMALL_PROJECT);
    client = await TestLspClient.start(root);
  });
  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  const parts = async (uri: string) => ObservabilityPartsRequest.resultSchema.parse(await client.connection.sendRequest(ObservabilityPartsRequest.method, { uri }));
  const make = async (uri: string, picked: string[]) => MakeObservableRequest.resultSchema.parse(await client.connection.sendRequest(MakeObservableRequest.method, { uri, parts: picked }));

  it('lists one action running the quick pick, and writes only the parts picked', async () => {
    const settings = path.join(root, 'site_conf/settings.py');
    const uri = URI.file(settings).toString();
    const [finding] = await client.waitForDiagnostics(settings, (d) => d.some((one) => one.code === 'observability'));
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } });
    const observable = actions.filter((a) => a.title.startsWith('Make the project observable'));
    assert.deepEqual(observable.map((a) => [a.title, a.command?.command, a.command?.arguments]), [['Make the project observable…', 'untangle.makeObservable', [uri]]]);
    // VS Code resolves every action of a provider that resolves; this one comes back as listed, not as an error.
    assert.deepEqual(await client.connection.sendRequest('codeAction/resolve', observable[0]), observable[0]);

    assert.deepEqual((await parts(uri)).parts.map((p) => [p.part, p.pending]), [['logging', true], ['metrics', true], ['profiling', true], ['dashboards', true]]);
    const answer = await make(uri, ['logging', 'dashboards']);
    assert.equal(answer.refused, undefined);
    const { created, changed } = applyWorkspaceEdit(answer.edit!);
    assert.deepEqual(changed.map((file) => path.relative(root, file)), [path.join('site_conf', 'settings.py')]);
    assert.ok(created.every((file) => path.relative(root, file).startsWith(path.join('deploy', 'observability'))), created.join(', '));
    const text = fs.readFileSync(settings, 'utf8');
    assert.match(text, /^LOGGING = \{/m);
    assert.doesNotMatch(text, /django_prometheus/);

    assert.deepEqual((await parts(uri)).parts.map((p) => [p.part, p.pending]), [['logging', false], ['metrics', true], ['profiling', true], ['dashboards', false]]);
    const again = await make(uri, ['logging', 'dashboards']);
    assert.equal(again.edit, undefined);
    assert.match(again.refused ?? '', /^nothing to do/);
  });

  it('names the multi-process gap once a Procfile written on disk runs the project under gunicorn', async () => {
    const settings = path.join(root, 'site_conf/settings.py');
    const underGunicorn = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'observability' && /runs under gunicorn/.test(String(d.message)));
    assert.ok(!underGunicorn(await client.waitForDiagnostics(settings, (d) => d.some((x) => x.code === 'observability'))));
    const procfile = path.join(root, 'Procfile');
    fs.writeFileSync(procfile, 'web: gunicorn site_conf.wsgi --workers 4\n');
    client.filesChanged([{ file: procfile, type: 1 }]);
    await client.waitForDiagnostics(settings, underGunicorn);
  });

  it('answers InvalidParams for an unknown part, no part or a part twice', async () => {
    const uri = URI.file(path.join(root, 'site_conf/settings.py')).toString();
    for (const picked of [['tracing'], [], ['logging', 'logging']]) {
      await assert.rejects(make(uri, picked), (error: { code?: number }) => error.code === ErrorCodes.InvalidParams, JSON.stringify(picked));
    }
  });
});
