/**
 * Which decorators a module uses are the project's own and only wrap what they decorate
 * (`@require_setting("KEY")` defined with `functools.wraps` in `hc/front/decorators.py`): they
 * register nothing, so moving or splitting what they decorate changes no import-time effect.
 * Decorators from outside the workspace are judged by name alone (registrations.ts).
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import type { ModuleOutline } from '../../core/python/moduleOutline';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { decoratorsOf, onlyWraps } from '../../core/python/registrations';
import type { WorkspaceSnapshot } from '../domainEdit';

/** The decorators (as written) used on `root`'s top-level definitions that only wrap. */
export function wrappingDecorators(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, root: Node, outline: Pick<ModuleOutline, 'imports'>): Set<string> {
  const used = new Set(root.namedChildren.flatMap(decoratorsOf).filter((callee) => !callee.includes('.')));
  const wrappers = new Set<string>();
  const pkg = packageOf(moduleNameOf(file, snapshot), path.basename(file) === '__init__.py');
  for (const name of used) {
    const local = topLevelFunction(root, name);
    if (local) {
      if (onlyWraps(local)) wrappers.add(name);
      continue;
    }
    const binding = outline.imports.find((b) => b.localName === name && b.importedName !== undefined);
    const module = binding && absoluteModule(binding.module, pkg);
    const source = module === undefined ? undefined : snapshot.pythonFiles().find((candidate) => moduleNameOf(candidate, snapshot) === module);
    const text = source === undefined ? undefined : snapshot.read(source);
    if (text === undefined) continue;
    const tree = parser.parse(text);
    try {
      const definition = topLevelFunction(tree.rootNode, binding!.importedName!);
      if (definition && onlyWraps(definition)) wrappers.add(name);
    } finally {
      tree.delete();
    }
  }
  return wrappers;
}

function topLevelFunction(root: Node, name: string): Node | undefined {
  return root.namedChildren
    .map((statement) => (statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement))
    .find((fn): fn is Node => fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name);
}
