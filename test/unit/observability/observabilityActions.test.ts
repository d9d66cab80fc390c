import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { listCodeActions, resolveCodeAction, type CodeActionHost } from '../../../server/src/lsp/codeActions';
import { memoryWorkspace, ROOT } from '../../helpers/refactorFixture';
import { SMALL_PROJECT } from './observabilityFixture';
import { memoryHost } from '../../helpers/codeActionHost';

function diagnostic(line: number): Diagnostic {
  return { source: DIAGNOSTIC_SOURCE, code: 'observability', message: 'Observability', range: { start: { line, character: 0 }, end: { line, character: 1 } }, data: { stage: 'monitoring' } };
}

function list(host: CodeActionHost, file: string, line: number): CodeAction[] {
  const uri = URI.file(`${ROOT}/${file}`).toString();
  return listCodeActions(host, { textDocument: { uri }, range: diagnostic(line).range, context: { diagnostics: [diagnostic(line)] } });
}

describe('observability code actions', () => {
  const files = memoryWorkspace(`${SMALL_PROJECT}\n  #- orders/jobs.py\n  from django.db import transaction\n  print("started")\n`);

  it('offers the whole action and one per part on the settings finding, planned on resolve', async () => {
    const host = await memoryHost(files);
    const actions = list(host, 'site_conf/settings.py', 4);
    assert.deepEqual(
      actions.map((action) => action.title).filter((title) => !title.startsWith('Move ')),
      [
        'Make the project observable',
        'Make the project observable: logging',
        'Make the project observable: metrics',
        'Make the project observable: profiling',
        'Make the project observable: dashboards',
        'Silence `observability` here',
      ],
    );
    const resolved = resolveCodeAction(host, actions[1]);
    const changes = resolved.edit?.documentChanges ?? [];
    assert.equal(changes.length, 1, 'logging only: the settings module');
    assert.match(JSON.stringify(changes[0]), /LOGGING = \{/);
  });

  it('offers only silencing on a print() finding', async () => {
    assert.deepEqual(
      list(await memoryHost(files), 'orders/jobs.py', 1).map((action) => action.title),
      ['Silence `observability` here'],
    );
  });
});
