/**
 * Import statements written from one module's point of view: a relative import in a view is
 * rewritten relative to the controller it moves to.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { ImportBinding } from '../core/python/moduleOutline';
import { absoluteModule, moduleNameOf } from '../core/python/moduleNames';
import { rangeFromPoints } from '../core/model/sourceRange';
import type { TextEdit, WorkspaceSnapshot } from './domainEdit';

/** `shop.models` seen from package `shop.controllers` → `..models`. */
export function relativeModule(absolute: string, fromPackage: string): string {
  const target = absolute.split('.');
  const base = fromPackage.split('.').filter(Boolean);
  let common = 0;
  while (common < base.length && common < target.length - 1 && base[common] === target[common]) common++;
  if (common === 0) return absolute;
  return `${'.'.repeat(base.length - common + 1)}${target.slice(common).join('.')}`;
}

/**
 * Import statements for the carried bindings, as the target module must write them; a `from`
 * import longer than `lineLimit` is wrapped as black does.
 */
export function renderImports(bindings: readonly ImportBinding[], sourcePackage: string, targetPackage: string, lineLimit = Number.POSITIVE_INFINITY): string[] {
  const fromImports = new Map<string, string[]>();
  const lines: string[] = [];
  for (const binding of bindings) {
    const module = binding.module.startsWith('.') ? relativeModule(absoluteModule(binding.module, sourcePackage), targetPackage) : binding.module;
    if (binding.importedName === undefined) {
      lines.push(binding.localName === binding.module.split('.')[0] ? `import ${binding.module}` : `import ${binding.module} as ${binding.localName}`);
      continue;
    }
    const name = binding.importedName === binding.localName ? binding.localName : `${binding.importedName} as ${binding.localName}`;
    fromImports.set(module, [...(fromImports.get(module) ?? []), name]);
  }
  for (const [module, names] of fromImports) lines.push(fromImportStatement(module, names, lineLimit));
  return [...new Set(lines)];
}

/**
 * `from module import a, b`, or when that is longer than `lineLimit` (or `wrapped` is asked, for
 * an import the author wrapped), black's form: the names in parentheses, one a line.
 */
export function fromImportStatement(module: string, names: readonly string[], lineLimit = Number.POSITIVE_INFINITY, wrapped = false): string {
  const line = `from ${module} import ${names.join(', ')}`;
  if (!wrapped && line.length <= lineLimit) return line;
  return [`from ${module} import (`, ...names.map((name) => `    ${name},`), ')'].join('\n');
}

/**
 * Whether the module runs the import when it is loaded (not only for type checkers) and it loads
 * `module`: `from m import x`, `import m`, `import m.sub`, `from pkg import m`.
 */
export function loadsWhenRun(binding: ImportBinding, fromPackage: string, module: string): boolean {
  if (binding.placement === 'typeChecking') return false;
  const written = absoluteModule(binding.module, fromPackage);
  const loaded = binding.importedName === undefined ? [written] : [written, `${written}.${binding.importedName}`];
  return loaded.some((m) => m === module || m.startsWith(`${module}.`));
}

/**
 * The imports code moving to `targetModule` takes along, or why it cannot: a name the source
 * imports from the target is the target's own there (importing it into itself would fail),
 * unless the source renamed it; one imported in a module-level `try` or `if` block may be
 * missing (an optional dependency, another platform's `_winapi`), where the target would import
 * it unconditionally.
 */
export function importsToCarry(bindings: readonly ImportBinding[], sourcePackage: string, targetModule: string, targetName: string): ImportBinding[] | string {
  const guarded = bindings.find((b) => b.placement !== 'module');
  if (guarded) return `\`${guarded.localName}\` is imported conditionally (in a module-level \`try\` or \`if\` block): the new module would import it unconditionally, where it may be missing`;
  const own = bindings.filter((b) => b.importedName !== undefined && absoluteModule(b.module, sourcePackage) === targetModule);
  const renamed = own.find((b) => b.importedName !== b.localName);
  if (renamed) return `\`${renamed.localName}\` is \`${renamed.importedName}\` of ${targetName} under another name`;
  return bindings.filter((b) => !own.includes(b));
}

/**
 * The file of a dotted module: the workspace's own when it has one, else where it would be
 * created, beside the top-level package of a module the workspace has (`known`).
 */
export function fileForModule(snapshot: WorkspaceSnapshot, module: string, known: { file: string; module: string }): string {
  const existing = snapshot.pythonFiles().find((file) => moduleNameOf(file, snapshot) === module);
  if (existing) return existing;
  const packages = known.module.split('.').length - (path.basename(known.file) === '__init__.py' ? 0 : 1);
  const root = path.resolve(path.dirname(known.file), ...Array<string>(packages).fill('..'));
  return `${path.join(root, ...module.split('.'))}.py`;
}

/**
 * Edits rewriting the relative imports written inside `nodes` (function-local ones included) for
 * code that moves from `fromPackage` to `toPackage`.
 */
export function rebaseRelativeImports(nodes: readonly Node[], fromPackage: string, toPackage: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const node of nodes) {
    const statements = node.type === 'import_from_statement' ? [node] : node.descendantsOfType('import_from_statement');
    for (const statement of statements) {
      const module = statement.childForFieldName('module_name');
      if (!module?.text.startsWith('.')) continue;
      const rebased = relativeModule(absoluteModule(module.text, fromPackage), toPackage);
      if (rebased !== module.text) edits.push({ range: rangeFromPoints(module.startPosition, module.endPosition), newText: rebased });
    }
  }
  return edits;
}

/** A module written in `sourcePackage` as `targetPackage` writes it: `.x` → `..x`, and `.` → `..` (a package above). */
export function rebaseModule(module: string, sourcePackage: string, targetPackage: string): string {
  if (!module.startsWith('.')) return module;
  const absolute = absoluteModule(module, sourcePackage);
  const base = targetPackage.split('.');
  const above = absolute.split('.').length;
  if (above <= base.length && base.slice(0, above).join('.') === absolute) return '.'.repeat(base.length - above + 1);
  return relativeModule(absolute, targetPackage);
}
