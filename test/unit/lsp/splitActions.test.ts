import { strict as assert } from 'node:assert';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../server/src/protocol';
import { featureGroupsOf, listCodeActions } from '../../../server/src/lsp/codeActions';
import { memoryWorkspace, ROOT } from '../../helpers/refactor/refactorFixture';
import { memoryHost } from '../../helpers/refactor/codeActionHost';

const LONG_FILE: Diagnostic = { source: DIAGNOSTIC_SOURCE, code: 'long-file', message: 'long', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };

describe('split code actions and feature names', () => {
  const files = memoryWorkspace(`
    #- api/__init__.py
    #- api/views.py
    from django.http import JsonResponse

    from .models import Check


    class BadRequest(Exception):
        pass


    def bad_request(message):
        return JsonResponse({"error": message}, status=400)


    def explain(error):
        if isinstance(error, BadRequest):
            return bad_request(str(error))
        return bad_request("unknown")


    def get_checks(request):
        checks = Check.objects.filter(project=request.project)
        return JsonResponse({"checks": [check.to_dict() for check in checks]})


    def create_check(request):
        check = Check.objects.create(project=request.project, name=request.POST["name"])
        return JsonResponse(check.to_dict(), status=201)
  `);
  const uri = URI.file(`${ROOT}/api/views.py`).toString();

  it('offers choosing the names first, and says which, when a group is named from words only', async () => {
    const host = await memoryHost(files);
    const actions = listCodeActions(host, { textDocument: { uri }, range: LONG_FILE.range, context: { diagnostics: [LONG_FILE], only: ['refactor.move'] } });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Split `views.py` into feature modules, choosing the groups (bad: named from words only, rename it)…',
        'Split `views.py` into feature modules (bad, check)',
      ],
    );
    assert.deepEqual(actions[0].command?.arguments, [uri]);
    assert.deepEqual(
      featureGroupsOf(host, { uri }).groups.map((g) => [g.name, g.evidence]),
      [
        ['bad', 'words'],
        ['check', 'model'],
      ],
    );
  });

  it('keeps choosing the groups second when every name has evidence', async () => {
    const strong = new Map(files);
    const projects = 'def get_projects(request):\n    projects = Project.objects.filter(owner=request.user)\n    return JsonResponse({"projects": [p.to_dict() for p in projects]})\n\n\n';
    const views = files.get(`${ROOT}/api/views.py`)!.replace('import Check', 'import Check, Project');
    strong.set(`${ROOT}/api/views.py`, views.replace(/class BadRequest[^]*?\n\n\n(?=def get_checks)/, projects));
    const actions = listCodeActions(await memoryHost(strong), { textDocument: { uri }, range: LONG_FILE.range, context: { diagnostics: [LONG_FILE], only: ['refactor.move'] } });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Split `views.py` into feature modules (check, project)', 'Split `views.py` into feature modules, choosing the groups…'],
    );
  });
});
