/**
 * Imports a move leaves unused: code moved out of a module takes its uses of imported names with
 * it. Such an import is removed from the old module only when nothing can still need it there:
 * no use left in the module, not in `__all__`, and no other module of the workspace imports
 * the name from it, reads it through it or patches it there (`patch("shop.views.send_mail")`).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../core/parse/pythonParser';
import { applyTextEdits, type TextEdit, type WorkspaceSnapshot } from './domainEdit';
import { mayReadThroughModule } from './move/moduleReferences';
import { fromImportStatement } from './pythonModules';
import { nameUsesIn, rangeOfNode } from './analysis/nameUses';
import { absoluteModule, moduleNameOf, packageOf } from '../core/python/moduleNames';
import { outlineModule, type ImportBinding } from '../core/python/moduleOutline';
import * as path from 'path';

/**
 * Edits on `text` (the module before the move) removing the imports of `candidates` that
 * `edits` (the move's own edits on the module) leave unused.
 */
export function unusedImportEdits(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, edits: readonly TextEdit[], candidates: readonly string[]): TextEdit[] {
  const unused = unusedNames(parser, snapshot, file, text, edits, candidates);
  if (unused.length === 0) return [];
  const before = parser.parse(text);
  try {
    return before.rootNode.namedChildren.filter(isImport).flatMap((statement) => withoutNames(statement, new Set(unused)));
  } finally {
    before.delete();
  }
}

/** Which of `candidates` nothing needs in the module once `edits` apply (see the header). */
export function unusedNames(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, edits: readonly TextEdit[], candidates: readonly string[]): string[] {
  if (candidates.length === 0) return [];
  const after = parser.parse(applyTextEdits(text, edits));
  let stillUsed: Set<string>;
  let starTakes: (name: string) => boolean;
  try {
    stillUsed = new Set(after.rootNode.namedChildren.filter((s) => !isImport(s)).flatMap((s) => nameUsesIn(s).map((u) => u.name)));
    for (const name of exportedNames(after)) stillUsed.add(name);
    starTakes = starExported(after);
  } finally {
    after.delete();
  }
  const module = moduleNameOf(file, snapshot);
  return candidates.filter((name) => !stillUsed.has(name) && !usedThroughModule(parser, snapshot, file, module, name, starTakes(name)));
}

function isImport(statement: Node): boolean {
  return statement.type === 'import_statement' || statement.type === 'import_from_statement';
}

/** The edit dropping `names` from one import statement. */
function withoutNames(statement: Node, names: ReadonlySet<string>): TextEdit[] {
  const bound = (entry: Node) =>
    entry.type === 'aliased_import' ? entry.childForFieldName('alias')!.text : statement.type === 'import_statement' ? entry.text.split('.')[0] : entry.text;
  return withoutEntries(statement, (entry) => names.has(bound(entry)));
}

/** The edit dropping the entries `drop` picks from one import statement: all of it, or those from its list. */
export function withoutEntries(statement: Node, drop: (entry: Node) => boolean): TextEdit[] {
  const entries = statement.childrenForFieldName('name');
  const kept = entries.filter((entry) => !drop(entry));
  if (kept.length === entries.length) return [];
  if (kept.length === 0) {
    const line = statement.startPosition.row;
    return [{ range: { start: { line, character: 0 }, end: { line: statement.endPosition.row + 1, character: 0 } }, newText: '' }];
  }
  const wrapped = statement.startPosition.row < statement.endPosition.row;
  const rows = entries.map((entry) => entry.startPosition.row);
  if (wrapped && new Set(rows).size === rows.length && rows.every((row) => row > statement.startPosition.row && row < statement.endPosition.row)) {
    // One name a line: drop the lines of the names, so the import stays wrapped with its comments.
    return entries.filter(drop).map((entry) => ({ range: { start: { line: entry.startPosition.row, character: 0 }, end: { line: entry.startPosition.row + 1, character: 0 } }, newText: '' }));
  }
  const names = kept.map((entry) => entry.text);
  if (statement.type === 'import_from_statement') {
    return [{ range: rangeOfNode(statement), newText: fromImportStatement(statement.childForFieldName('module_name')!.text, names, Number.POSITIVE_INFINITY, wrapped) }];
  }
  return [{ range: rangeOfNode(statement), newText: `import ${names.join(', ')}` }];
}

/** Whether other modules may need the module-level name of `file`: listed in its `__all__`, imported from it, read through it or patched there. */
export function neededOutside(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, tree: Tree, name: string): boolean {
  return exportedNames(tree).includes(name) || usedThroughModule(parser, snapshot, file, moduleNameOf(file, snapshot), name, starExported(tree)(name));
}

/** The strings of the module's `__all__`. */
export function exportedNames(tree: Tree): string[] {
  const all = declaredAll(tree);
  return Array.isArray(all) ? all : [];
}

/** The strings of the module's `__all__` list or tuple; `computed` for another expression, undefined without one. */
function declaredAll(tree: Tree): string[] | 'computed' | undefined {
  for (const statement of tree.rootNode.namedChildren) {
    const assignment = statement.namedChild(0);
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === '__all__') {
      const value = assignment.childForFieldName('right');
      const items = value?.type === 'expression_list' ? value : value && ['list', 'tuple'].includes(value.type) ? value : undefined;
      return items ? items.namedChildren.filter((e) => e.type === 'string').map((e) => e.text.slice(1, -1)) : 'computed';
    }
  }
  return undefined;
}

/** Whether every import binding `name` in the file binds another module than `module` (`from django.views import static`, not `django.conf.urls.static`). */
function importedElsewhere(tree: Tree, text: string, pkg: string, name: string, module: string): boolean {
  const bindings = outlineModule(tree, text).outline.imports.filter((b) => b.localName === name);
  const imported = (b: ImportBinding) => (b.importedName === undefined ? absoluteModule(b.module, pkg) : `${absoluteModule(b.module, pkg)}.${b.importedName}`);
  return bindings.length > 0 && bindings.every((b) => imported(b) !== module);
}

/** Which names `from <module> import *` takes: those `__all__` lists, without one the public names. */
export function starExported(tree: Tree): (name: string) => boolean {
  const all = declaredAll(tree);
  return (name) => (all === 'computed' || (all ? all.includes(name) : !name.startsWith('_')));
}

/** Whether another module imports `name` from this one, reads it through it (a star import when `starTakes` it), or patches it there. */
function usedThroughModule(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, module: string, name: string, starTakes: boolean): boolean {
  const leaf = module.split('.').at(-1)!;
  for (const other of snapshot.pythonFiles()) {
    if (other === file) continue;
    const text = snapshot.read(other);
    if (!text || !new RegExp(`\\b${name}\\b`).test(text)) continue;
    if (text.includes(`${module}.${name}`)) return true;
    const tree = parser.parse(text);
    try {
      const pkg = packageOf(moduleNameOf(other, snapshot), path.basename(other) === '__init__.py');
      for (const statement of tree.rootNode.descendantsOfType('import_from_statement')) {
        const from = statement.childForFieldName('module_name')?.text ?? '';
        const names = statement.childrenForFieldName('name').map((n) => (n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text));
        if (absoluteModule(from, pkg) === module && names.includes(name)) return true;
      }
      // By the module's bindings in the file, and by its name, for a module passed on through another one.
      if (mayReadThroughModule(tree, pkg, module, name, starTakes)) return true;
      const throughName = tree.rootNode.descendantsOfType('attribute').some((a) => a.childForFieldName('attribute')?.text === name && [leaf, module].includes(a.childForFieldName('object')?.text ?? ''));
      if (throughName && !importedElsewhere(tree, text, pkg, leaf, module)) {
        return true;
      }
    } finally {
      tree.delete();
    }
  }
  return false;
}
