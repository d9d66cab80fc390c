/**
 * Importers that read a moved name through its old module are rewritten to read it from the new
 * one, importing that in their own style next to the old import (which goes once unused):
 *
 *     import shop.views                  →  import shop.controllers.order_controllers
 *     shop.views.checkout(cart)             shop.controllers.order_controllers.checkout(cart)
 *
 *     import shop.views as sv            →  import shop.views as sv
 *     sv.checkout(cart), sv.render()        import shop.controllers.order_controllers as order_controllers
 *                                           order_controllers.checkout(cart), sv.render()
 *
 *     from . import views                →  from .controllers import order_controllers
 *     views.checkout(cart)                  order_controllers.checkout(cart)
 *
 * A use that cannot be rewritten (the module passed around, a name also assigned, a star import)
 * keeps working only through a re-export in the old module.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../domainEdit';
import { moduleReferences, readsAnyName, snippet, type ModuleBinding, type ModuleRead } from './moduleReferences';
import { rangeOfNode } from '../analysis/nameUses';
import { relativeModule } from '../pythonModules';
import { withoutEntries } from '../unusedImports';

export interface MovedName {
  readonly name: string;
  readonly sourceModule: string;
  readonly targetModule: string;
  /** The old module keeps `from <new module> import <name>`. */
  readonly reexport: boolean;
  /** `from <old module> import *` takes the name (its `__all__` lists it, or without one it is public). */
  readonly starTakes: boolean;
}

type AttributeRead = Extract<ModuleRead, { kind: 'attribute' }>;

/**
 * The edits making a file of package `pkg` read the moved name from the new module wherever it
 * reads it through the old one, or why it cannot. Assigning the name through the module is
 * refused (patches of it are refused before, patchTargets.ts); other uses that cannot be
 * rewritten are refused unless the old module re-exports it.
 * `neededOutside` says whether other modules may use one of the file's module-level names.
 */
export function moduleAttributeEdits(file: string, text: string, tree: Tree, pkg: string, moved: MovedName, neededOutside: (name: string) => boolean): TextEdit[] | string {
  const fileName = path.basename(file);
  const { bindings, starImports } = moduleReferences(tree, pkg, moved.sourceModule);
  const unsafe = starImports.filter(() => moved.starTakes).map((s) => `${fileName} imports everything from ${moved.sourceModule} (\`${snippet(s)}\`)`);
  const rewritable: { binding: ModuleBinding; reads: AttributeRead[] }[] = [];
  for (const binding of bindings) {
    // `from shop.api import sv` elsewhere: the module is passed around through this file.
    if (!moved.reexport && binding.scope.type === 'module' && neededOutside(binding.name)) {
      unsafe.push(`other modules may use ${moved.sourceModule} through \`${binding.name}\` of ${fileName}`);
    }
    for (const read of binding.reads) {
      if (read.kind === 'attribute' && read.name === moved.name && read.write) return `${fileName} assigns \`${snippet(read.node)}\`; after the move, patch it where it is used`;
      if (read.kind !== 'object' || !readsAnyName(read)) continue;
      unsafe.push(`${fileName} uses the module as a value (\`${snippet(read.context)}\`) and may read \`${moved.name}\` from it`);
    }
    const reads = binding.reads.filter((r): r is AttributeRead => r.kind === 'attribute' && r.name === moved.name);
    if (reads.length === 0) continue;
    const problem = binding.problem ?? placementProblem(text, binding, moved.sourceModule);
    if (problem) unsafe.push(`${fileName} reads \`${snippet(reads[0].node)}\`, but ${problem}`);
    else rewritable.push({ binding, reads });
  }
  if (unsafe.length > 0 && !moved.reexport) return `${unsafe[0]}; only a re-export in the old module keeps that working`;

  const taken = new Set(tree.rootNode.descendantsOfType('identifier').map((n) => n.text));
  // Bindings of one scope share the new name (they mean the same module); other scopes get their
  // own, so a function's new local never hides the module-level one before it is bound.
  const namedIn = new Map<number, string>();
  const edits: TextEdit[] = [];
  const inserts = new Map<number, { statement: Node; lines: string[] }>();
  const dropped = new Set<number>();
  for (const { binding, reads } of rewritable) {
    const added = newImport(binding, moved.targetModule, pkg, taken, namedIn.get(binding.scope.id));
    taken.add(added.local);
    if (added.reference === added.local) namedIn.set(binding.scope.id, added.local);
    for (const read of reads) edits.push({ range: rangeOfNode(read.module), newText: added.reference });
    for (const statement of anchors(binding, moved.sourceModule)) {
      inserts.set(statement.id, { statement, lines: [...(inserts.get(statement.id)?.lines ?? []), added.line] });
    }
    if (oldImportUnused(binding, reads, added.local, moved.sourceModule) && !(binding.scope.type === 'module' && neededOutside(binding.name))) {
      for (const entry of binding.imports) if (entry.loads === moved.sourceModule) dropped.add(entry.node.id);
    }
  }
  const lines = text.split('\n');
  for (const { statement, lines: added } of inserts.values()) {
    const indent = /^\s*/.exec(lines[statement.startPosition.row])![0];
    const newText = added.map((line) => `${indent}${line}\n`).join('');
    const row = statement.endPosition.row;
    const allDropped = statement.childrenForFieldName('name').every((entry) => dropped.has(entry.id));
    if (allDropped && /^\s*(#.*)?$/.test(lines[row].slice(statement.endPosition.column))) {
      edits.push({ range: { start: { line: statement.startPosition.row, character: 0 }, end: { line: row + 1, character: 0 } }, newText });
      continue;
    }
    if (!allDropped) edits.push(...withoutEntries(statement, (entry) => dropped.has(entry.id)));
    // The line after the statement; at the end of a file without a final newline, a new line.
    const at = row + 1 < lines.length ? { line: row + 1, character: 0 } : { line: row, character: lines[row].length };
    edits.push({ range: { start: at, end: at }, newText: at.character === 0 ? newText : `\n${newText.trimEnd()}` });
  }
  return edits;
}

/** The import statements the new import goes after: those importing the old module, else those binding the package. */
function anchors(binding: ModuleBinding, source: string): Node[] {
  const loading = binding.imports.filter((i) => i.loads === source);
  const statements = (loading.length > 0 ? loading : binding.imports).map((i) => i.statement);
  return statements.filter((s, i) => statements.findIndex((other) => other.id === s.id) === i);
}

/** Why the new import cannot go on the line after the old one, if it cannot (`if x: import a`, `import a as m; m.f()`). */
function placementProblem(text: string, binding: ModuleBinding, source: string): string | undefined {
  const lines = text.split('\n');
  const codeAround = (s: Node) => lines[s.startPosition.row].slice(0, s.startPosition.column).trim() !== '' || !/^\s*(#.*)?$/.test(lines[s.endPosition.row].slice(s.endPosition.column));
  const shared = anchors(binding, source).find(codeAround);
  return shared && `it is imported on a line with other code (\`${lines[shared.startPosition.row].trim()}\`)`;
}

/**
 * The import of the new module in the style of the binding, and how reads name it: the plain
 * dotted import when the importer wrote one, else the name `chosen` for the scope already, or
 * the module's own name or, when that is taken in the file, a numbered one.
 */
function newImport(binding: ModuleBinding, target: string, pkg: string, taken: ReadonlySet<string>, chosen: string | undefined): { line: string; reference: string; local: string } {
  const { style, relative } = binding.imports[0];
  const top = target.split('.')[0];
  if (style === 'plain' && (top === binding.name || !taken.has(top))) return { line: `import ${target}`, reference: target, local: top };
  const leaf = target.split('.').at(-1)!;
  let local = chosen ?? leaf;
  for (let n = 2; !chosen && taken.has(local); n++) local = `${leaf}_${n}`;
  const alias = local === leaf ? '' : ` as ${local}`;
  // `from . import views` → `from .controllers import order_controllers`; a top-level module has no `from`.
  const parts = /^(\.*)(?:(.*)\.)?[^.]+$/.exec(style === 'from' && relative ? relativeModule(target, pkg) : target)!;
  const parent = `${parts[1]}${parts[2] ?? ''}`;
  if (style === 'from' && parent) return { line: `from ${parent} import ${leaf}${alias}`, reference: local, local };
  return { line: local === target ? `import ${target}` : `import ${target} as ${local}`, reference: local, local };
}

/**
 * Whether the binding's import of the old module is left unused once `rewritten` read the new
 * module: nothing else reads the old module through it, and what else reads the name (a sibling
 * package through `import shop.views`) is still bound by another import.
 */
function oldImportUnused(binding: ModuleBinding, rewritten: readonly AttributeRead[], newLocal: string, source: string): boolean {
  const done = new Set(rewritten.map((r) => r.node.id));
  const left = binding.reads.filter((r) => !(r.kind === 'attribute' && done.has(r.node.id)));
  if (left.some((r) => r.kind !== 'other')) return false;
  return left.length === 0 || newLocal === binding.name || binding.imports.some((i) => i.loads !== source);
}
