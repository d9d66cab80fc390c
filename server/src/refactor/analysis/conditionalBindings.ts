/**
 * What a module-level block of conditional imports binds: `try: import ujson as json` /
 * `except ImportError: import json`, `if sys.version_info >= (3, 11): import tomllib` / `else:
 * import tomli as tomllib`, with flags such as `HAS_UJSON = True`. Such a block can move whole
 * (the split, Move Symbol); one doing anything else cannot.
 */
import type { Node } from 'web-tree-sitter';
import { moduleImports } from '../../core/python/moduleOutline';
import { simpleAssignment } from '../../core/python/classMembers';

/** The statements a fallback block may hold: imports, `pass`, plain assignments to names, and nested blocks of the same. */
const BLOCKS = new Set(['block', 'else_clause', 'elif_clause', 'except_clause', 'finally_clause', 'if_statement', 'try_statement']);
const SIMPLE = new Set(['import_statement', 'import_from_statement', 'pass_statement', 'comment']);

/** The names a module-level `try`/`if` block of imports binds, or undefined when it does more than import and name values. */
export function conditionalBindings(statement: Node): string[] | undefined {
  const assigned: string[] = [];
  if (!onlyImportsAndNames(statement, assigned)) return undefined;
  return [...new Set([...moduleImports(statement).map((binding) => binding.localName), ...assigned])];
}

function onlyImportsAndNames(node: Node, assigned: string[]): boolean {
  for (const child of node.namedChildren) {
    if (BLOCKS.has(child.type)) {
      if (!onlyImportsAndNames(child, assigned)) return false;
      continue;
    }
    // Outside a block: a clause's condition or exception types.
    if (node.type !== 'block' || SIMPLE.has(child.type)) continue;
    const name = simpleAssignment(child)?.name;
    if (!name) return false;
    assigned.push(name);
  }
  return true;
}


