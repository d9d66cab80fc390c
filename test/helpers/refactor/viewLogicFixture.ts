/** The move of a view's logic to a controller, in tests: the shop app fixture and the move of one view's logic. */
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { moveViewLogic } from '../../../server/src/refactor/controllers/moveViewLogic';
import { memoryWorkspace, ROOT, snapshotOf } from './refactorFixture';
import { dedent } from '../workspace/workspaceFixture';

export const VIEWS = `${ROOT}/shop/views.py`;

export async function move(fixture: string, viewName: string) {
  return moveIn(memoryWorkspace(fixture), viewName);
}

export async function moveIn(files: Map<string, string>, viewName: string) {
  const line = files.get(VIEWS)!.split('\n').findIndex((l) => new RegExp(`def ${viewName}\\(`).test(l));
  return { files, move: moveViewLogic(await loadPythonParser(), snapshotOf(files), { file: VIEWS, line }) };
}

/** The shop app with an Order model, and `views` as its views module. */
export function orderApp(views: string): string {
  return `#- shop/__init__.py\n#- shop/models.py\nclass Order:\n    pass\n#- shop/views.py\n${dedent(views)}`;
}
