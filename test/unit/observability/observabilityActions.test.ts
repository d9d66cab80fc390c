import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { listCodeActions, type CodeActionHost } from '../../../server/src/lsp/codeActions';
import { memoryWorkspace, ROOT } from '../../helpers/refactor/refactorFixture';
import { SMALL_PROJECT } from './observabilityFixture';
import { memoryHost } from '../../helpers/refactor/codeActionHost';
import { MAKE_OBSERVABLE_COMMAND, makeObservableEdit, observabilityPartsOf } from '../../../server/src/lsp/observabilityActions';

function diagnostic(line: number): Diagnostic {
  return { source: DIAGNOSTIC_SOURCE, code: 'observability', message: 'Observability', range: { start: { line, character: 0 }, end: { line, character: 1 } }, data: { stage: 'monitoring' } };
}

function list(host: CodeActionHost, file: string, line: number): CodeAction[] {
  const uri = URI.file(`${ROOT}/${file}`).toString();
  return listCodeActions(host, { textDocument: { uri }, range: diagnostic(line).range, context: { diagnostics: [diagnostic(line)] } });
}

describe('observability code actions', () => {
  const files = memoryWorkspace(`${SMALL_PROJECT}\n  #- orders/jobs.py\n  from django.db import transaction\n  print("started")\n`);

  it('offers one "Make the project observable…" on the settings finding, running the quick pick command', async () => {
    const host = await memoryHost(files);
    const actions = list(host, 'site_conf/settings.py', 4).filter((action) => !action.title.startsWith('Move '));
    assert.deepEqual(actions.map((action) => action.title), ['Make the project observable…', 'Silence `observability` here']);
    const uri = URI.file(`${ROOT}/site_conf/settings.py`).toString();
    assert.deepEqual(actions[0].command, { title: 'Make the project observable…', command: MAKE_OBSERVABLE_COMMAND, arguments: [uri] });
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].diagnostics?.length, 1, 'linked to its finding');
  });

  it('answers the parts and the edit of exactly the parts picked', async () => {
    const host = await memoryHost(files);
    const uri = URI.file(`${ROOT}/site_conf/settings.py`).toString();
    assert.deepEqual(observabilityPartsOf(host, { uri }).parts.map((p) => p.pending), [true, true, true, true]);
    const answer = makeObservableEdit(host, { uri, parts: ['dashboards', 'logging'] });
    assert.equal(answer.title, 'Make the project observable: logging, dashboards', 'in the planner’s order');
    const changes = answer.edit?.documentChanges ?? [];
    assert.equal(changes.filter((c) => 'kind' in c && c.kind === 'create').length, 6, 'deploy/observability/');
    assert.match(JSON.stringify(changes), /LOGGING = \{/);
    assert.doesNotMatch(JSON.stringify(changes), /django_prometheus"|silk/);
    assert.match(observabilityPartsOf(host, { uri: URI.file(`${ROOT}/orders/views.py`).toString() }).refused ?? '', /not the project's settings module/);
  });

  it('offers only silencing on a print() finding', async () => {
    assert.deepEqual(
      list(await memoryHost(files), 'orders/jobs.py', 1).map((action) => action.title),
      ['Silence `observability` here'],
    );
  });
});
