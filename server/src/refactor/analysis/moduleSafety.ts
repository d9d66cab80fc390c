/**
 * What makes a module's names impossible to follow statically: refactorings that move its
 * top-level definitions refuse such modules.
 */
import type { ModuleOutline } from '../../core/python/moduleOutline';

/** Why moving definitions out of this module cannot be proven safe, if it cannot. */
export function moduleWideProblem(outline: ModuleOutline, text: string, fileName: string): string | undefined {
  const star = outline.imports.find((b) => b.localName === '*');
  if (star) return `${fileName} has \`from ${star.module} import *\`: the names it brings cannot be resolved`;
  if (/\bglobals\(\)|\bvars\(\)|^def __getattr__\b/m.test(text)) {
    return `${fileName} reads its own globals dynamically (\`globals()\`, \`vars()\` or a module \`__getattr__\`)`;
  }
  // The module object by its own name, or code run in the module's namespace: any global may be read or set.
  const dynamic = /\bsys\.modules\[\s*__name__\s*\]|(?<![\w.])(?<!def\s+)(eval|exec)\s*\(/.exec(text);
  if (dynamic) return `${fileName} reads its own globals dynamically (\`${dynamic[1] ?? 'sys.modules[__name__]'}\`)`;
  return undefined;
}
