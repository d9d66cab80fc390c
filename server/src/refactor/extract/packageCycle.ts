/**
 * A function that leaves its package must not import the package back at module level while
 * the package is still being imported. When a package's `__init__.py` imports the source module
 * (Django's `django/db/models/__init__.py` star-imports `constraints`), importing the package runs
 * the source, the source imports the function's module at its top, and that module's import of
 * the package (or of a module in it) finds it half-initialised: an ImportError at start-up that
 * no compile or pyflakes check sees. Found by extracting a Django duplicate into
 * `contrib/postgres/utils.py`.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { absoluteModule } from '../../core/python/moduleNames';
import type { ImportBinding } from '../../core/python/moduleOutline';
import type { WorkspaceSnapshot } from '../domainEdit';
import { loadsWhenRun } from '../pythonModules';
import { outlineOf } from '../targetModule';

export interface PackageCycleRequest {
  readonly sourceFile: string;
  readonly sourceModule: string;
  readonly sourcePackage: string;
  readonly targetModule: string;
  /** The imports the function takes to the top of its module. */
  readonly carried: readonly ImportBinding[];
}

/** Why the carried imports would make such a cycle, if they would. */
export function packageCycle(parser: PythonParser, snapshot: WorkspaceSnapshot, request: PackageCycleRequest): string | undefined {
  const { sourcePackage, targetModule } = request;
  if (!sourcePackage || targetModule === sourcePackage || targetModule.startsWith(`${sourcePackage}.`)) return undefined;
  const inOwnPackage = (binding: ImportBinding) => {
    const module = absoluteModule(binding.module, sourcePackage);
    return module === sourcePackage || module.startsWith(`${sourcePackage}.`);
  };
  const back = request.carried.find(inOwnPackage);
  if (!back) return undefined;
  const init = path.join(path.dirname(request.sourceFile), '__init__.py');
  const text = snapshot.read(init);
  if (text === undefined || init === request.sourceFile) return undefined;
  const imports = outlineOf(parser, text).outline.imports.filter((binding) => binding.placement === 'module');
  if (!imports.some((binding) => loadsWhenRun(binding, sourcePackage, request.sourceModule))) return undefined;
  const source = path.basename(request.sourceFile);
  return `${sourcePackage}'s __init__.py imports ${source}, so the function's import of \`${back.localName}\` would load ${sourcePackage} while it is still being imported: an import cycle at start-up; put the function inside ${sourcePackage}`;
}
