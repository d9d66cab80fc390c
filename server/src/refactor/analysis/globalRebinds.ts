/**
 * Names code rebinds in its module with `global NAME` (`global COUNTER; COUNTER += 1`). The
 * assignment changes the variable of the module the function is defined in: moved to another
 * module, the function rebinds that module's copy (`from .a import COUNTER` copies the value),
 * and readers of the original never see the change. Code that moves definitions keeps such a
 * function with the variable and its readers, or refuses.
 */
import type { Node } from 'web-tree-sitter';

/** The names the functions in `statement` declare `global`. */
export function globalsRebound(statement: Node): Set<string> {
  const names = new Set<string>();
  for (const declaration of statement.descendantsOfType('global_statement')) {
    for (const name of declaration.namedChildren) if (name.type === 'identifier') names.add(name.text);
  }
  return names;
}
