import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { moveSymbol, type MoveSymbolRequest } from '../../../server/src/refactor/move/moveSymbol';
import { memoryWorkspace, ROOT, snapshotOf } from './refactorFixture';

export const VIEWS = `${ROOT}/shop/views.py`;
export const CONTROLLERS = `${ROOT}/shop/controllers/order_controllers.py`;

/** Plans moving a symbol of shop/views.py to shop/controllers/order_controllers.py unless the request says otherwise. */
export async function move(fixture: string, request: Partial<MoveSymbolRequest> & { name: string }) {
  const files = memoryWorkspace(fixture);
  const plan = moveSymbol(await loadPythonParser(), snapshotOf(files), { file: VIEWS, targetFile: CONTROLLERS, keepReexport: true, ...request });
  return { files, plan };
}
