/**
 * Where the extracted function may go, seen from the source: a target Python finds under the
 * name the source would import it by, a new package or module that hides no other, and the name
 * the source already imports the target module under.
 */
import * as path from 'path';
import { absoluteModule } from '../../core/python/moduleNames';
import type { ImportBinding } from '../../core/python/moduleOutline';
import type { WorkspaceSnapshot } from '../domainEdit';

/**
 * Why the source could not import the target by its module name: both must hang from the same
 * folder on `sys.path` (the one above the top package, or a top-level module's own folder).
 * `from utils.tool import f` in a script beside a `utils/` folder without `__init__.py` works
 * only while that folder is on the path and no regular `utils` is, and names `tool` for Python.
 */
export function unreachableTarget(snapshot: WorkspaceSnapshot, planned: WorkspaceSnapshot, file: string, targetFile: string, targetModule: string): string | undefined {
  const sourceRoot = importRoot(snapshot, file);
  if (importRoot(planned, targetFile) === sourceRoot) return undefined;
  const where = sourceRoot === path.dirname(file) ? `${path.basename(file)} is not in a package, and ` : '';
  return `${where}${path.relative(path.dirname(file), targetFile)} would be imported as \`${targetModule}\`, which Python finds only from another folder on its path; put the function beside ${path.basename(file)} or make its folder a package`;
}

/** The folder a module's import name starts from: the first above it that is not a package. */
function importRoot(snapshot: WorkspaceSnapshot, file: string): string {
  let dir = path.dirname(file);
  while (snapshot.exists(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/**
 * Python finds a package before a module of the same name: a new `utils/` beside `utils.py`
 * would hide the module from every importer, and a new `utils.py` beside `utils/` would never
 * be imported.
 */
export function shadowedModule(snapshot: WorkspaceSnapshot, newInits: readonly string[], targetFile: string): string | undefined {
  for (const init of newInits) {
    const module = `${path.dirname(init)}.py`;
    if (snapshot.exists(module)) return `${path.basename(module)} exists: a new package \`${path.basename(path.dirname(init))}/\` beside it would shadow it`;
  }
  const packageInit = path.join(targetFile.replace(/\.py$/, ''), '__init__.py');
  if (!snapshot.exists(targetFile) && snapshot.exists(packageInit)) return `a package \`${path.basename(path.dirname(packageInit))}/\` exists: a new module ${path.basename(targetFile)} beside it would never be imported`;
  return undefined;
}

/**
 * The name a module-level import of the source binds the target module to (`from ... import
 * utils`, `import shop.utils as utils`), unless the function reading it binds that name itself.
 */
export function moduleBinding(imports: readonly ImportBinding[], sourcePackage: string, targetModule: string, locals: ReadonlySet<string>): string | undefined {
  const bound = (binding: ImportBinding) =>
    binding.importedName !== undefined
      ? [absoluteModule(binding.module, sourcePackage), binding.importedName].filter(Boolean).join('.')
      : binding.localName !== binding.module ? absoluteModule(binding.module, sourcePackage) : undefined;
  return imports.find((binding) => binding.placement === 'module' && !locals.has(binding.localName) && bound(binding) === targetModule)?.localName;
}
