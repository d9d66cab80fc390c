/**
 * Whether loading a module runs another through the workspace's module-level imports, and by
 * which chain. A re-export left in the old module makes it load the new one; if the new module
 * reaches the old one back through a third (`views → pricing → rates → views`), one of them
 * runs half-initialised and an import fails:
 *
 *     # views.py                      # pricing.py                 # rates.py
 *     from shop.pricing import X      from shop.rates import RATE  from shop.views import Y
 *
 * Imports under `if TYPE_CHECKING:` never run; those in other `if`/`try` blocks may, so they count.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule } from '../../core/python/moduleOutline';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import type { WorkspaceSnapshot } from '../domainEdit';

/**
 * The chain of modules (`starts` first, `goal` last) through which loading the modules of `starts`
 * runs `goal`, or undefined when none does. Importing `a.b.c` runs `a`, `a.b` and `a.b.c`; the
 * packages above `goal` have run before it, so they are not followed.
 */
export function importChain(parser: PythonParser, snapshot: WorkspaceSnapshot, starts: readonly string[], goal: string): string[] | undefined {
  const files = new Map(snapshot.pythonFiles().map((file) => [moduleNameOf(file, snapshot), file]));
  const cameFrom = new Map<string, string | undefined>(withParents(goal).slice(0, -1).map((above) => [above, undefined]));
  const queue: string[] = [];
  for (const start of starts) {
    for (const module of withParents(start)) {
      if (!cameFrom.has(module)) {
        cameFrom.set(module, undefined);
        queue.push(module);
      }
    }
  }
  while (queue.length > 0) {
    const module = queue.shift()!;
    if (module === goal) return chainTo(module, cameFrom);
    const file = files.get(module);
    const text = file === undefined ? undefined : snapshot.read(file);
    if (file === undefined || text === undefined) continue;
    for (const next of loadedBy(parser, text, packageOf(module, path.basename(file) === '__init__.py'))) {
      if (cameFrom.has(next) || !files.has(next)) continue;
      cameFrom.set(next, module);
      queue.push(next);
    }
  }
  return undefined;
}

/** The workspace modules a module's module-level imports may run (a `from m import x` may load the submodule `m.x`). */
function loadedBy(parser: PythonParser, text: string, pkg: string): string[] {
  const tree = parser.parse(text);
  try {
    return outlineModule(tree, text).outline.imports
      .filter((binding) => binding.placement !== 'typeChecking')
      .flatMap((binding) => {
        const module = absoluteModule(binding.module, pkg);
        const submodule = binding.importedName && binding.importedName !== '*' ? [`${module}.${binding.importedName}`] : [];
        return [...withParents(module), ...submodule];
      });
  } finally {
    tree.delete();
  }
}

/** `a.b.c` → `a`, `a.b`, `a.b.c`: what importing it runs, outermost first. */
function withParents(module: string): string[] {
  const parts = module.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.')).filter(Boolean);
}

function chainTo(module: string, cameFrom: ReadonlyMap<string, string | undefined>): string[] {
  const chain = [module];
  for (let at = cameFrom.get(module); at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
  return chain;
}
