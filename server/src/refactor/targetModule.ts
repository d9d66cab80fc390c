/**
 * Adding code to a module, new or existing: the packages it needs created, its `__future__`
 * imports matched, its imports placed after the module's own, the code appended. Shared by the
 * refactorings that move code.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { importSections, placeBesideRelatives, placeImports, type ExistingImport } from '../core/python/importSections';
import type { PythonParser } from '../core/parse/pythonParser';
import { futureFeatures, isBareString } from '../core/python/moduleHead';
import { outlineModule, type ImportBinding, type ModuleOutline } from '../core/python/moduleOutline';
import { parameterNames } from './analysis/dataFlow';
import { fromImportStatement } from './pythonModules';
import type { TextEdit, WorkspaceSnapshot } from './domainEdit';

export interface TargetOutline {
  readonly outline: ModuleOutline;
  readonly boundNames: ReadonlySet<string>;
  readonly importLines: ReadonlySet<string>;
  /** Top-level functions and their parameter names. */
  readonly functionParameters: ReadonlyMap<string, readonly string[]>;
  readonly futureFeatures: readonly string[];
  /** Whether it holds statements besides a docstring and `__future__` imports. */
  readonly hasCode: boolean;
}

export function outlineOf(parser: PythonParser, text: string): TargetOutline {
  const tree = parser.parse(text);
  try {
    const outline = outlineModule(tree, text).outline;
    const importLines = new Set(
      tree.rootNode.namedChildren.filter((c) => c.type === 'import_statement' || c.type === 'import_from_statement').map((c) => c.text.trim()),
    );
    const functionParameters = new Map(
      tree.rootNode.namedChildren
        .filter((c) => c.type === 'function_definition')
        .map((fn) => [fn.childForFieldName('name')!.text, parameterNames(fn)] as const),
    );
    const statements = tree.rootNode.namedChildren.filter((c) => c.type !== 'comment');
    return {
      outline,
      boundNames: boundNames(outline),
      importLines,
      functionParameters,
      futureFeatures: futureFeatures(tree.rootNode),
      hasCode: statements.some((s, i) => s.type !== 'future_import_statement' && !(i === 0 && isBareString(s))),
    };
  } finally {
    tree.delete();
  }
}

/** The names a module binds at its top level: its definitions and its imports. */
export function boundNames(outline: ModuleOutline): Set<string> {
  return new Set([...outline.symbols.flatMap((s) => s.names), ...outline.imports.map((i) => i.localName)]);
}

/**
 * Edits that add the `__future__` imports, the imports and the code to the target (a new file
 * gets one insert), the `__future__` imports first and a blank line apart from the others.
 */
export function targetEdits(target: string | undefined, outline: TargetOutline | undefined, futureLines: readonly string[], importLines: readonly string[], functionText: string): TextEdit[] {
  if (target === undefined || outline === undefined) {
    // A new module gets its imports in isort's sections and order, as a reviewer's linter wants them.
    const head = importSections([...futureLines, ...importLines]);
    return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${head ? `${head}\n\n\n` : ''}${functionText}` }];
  }
  const lines = target.split('\n');
  const endLine = target.endsWith('\n') ? lines.length - 1 : lines.length;
  const separator = target.trim() === '' ? '' : target.endsWith('\n') ? '\n\n' : '\n\n\n';
  const edits = insertImports(target, outline.outline, [...futureLines, ...importLines]);
  const at = { line: endLine, character: target.endsWith('\n') ? 0 : lines[lines.length - 1].length };
  edits.push({ range: { start: at, end: at }, newText: `${separator}${functionText}` });
  return edits;
}

/** Features every Python 3 has (mandatory since 3.0 or before): importing them changes nothing. */
const PYTHON3_FEATURES = new Set(['nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement', 'print_function', 'unicode_literals', 'generator_stop']);

/**
 * The `__future__` imports the target needs so that code moved from the source compiles the
 * same: a new target gets those of the source's that count; one holding no code yet, the features it lacks. An
 * existing one whose features differ is refused, since adding or removing one there would change
 * how its own code compiles. Features that change nothing for the code don't count (`annotations`
 * counts only when it has annotations).
 */
export function futureImportsFor(sourceRoot: Node, sourceName: string, target: TargetOutline | undefined, targetName: string, moved: readonly Node[]): string[] | string {
  const annotated = moved.some((node) => node.descendantsOfType('type').length > 0);
  const counted = (features: readonly string[]) => new Set(features.filter((f) => !PYTHON3_FEATURES.has(f) && (f !== 'annotations' || annotated)));
  const needed = counted(futureFeatures(sourceRoot));
  // A new module takes only the features that change how the moved code compiles (no `absolute_import`).
  if (target === undefined) return needed.size > 0 ? [`from __future__ import ${[...needed].join(', ')}`] : [];
  const present = counted(target.futureFeatures);
  const missing = [...needed].filter((f) => !present.has(f));
  const extra = [...present].filter((f) => !needed.has(f));
  const differs = (features: string[], has: string, lacks: string) =>
    `${has} has \`from __future__ import ${features.join(', ')}\` and ${lacks} does not: the moved code would compile differently in ${targetName}`;
  if (extra.length > 0) return differs(extra, targetName, sourceName);
  if (missing.length === 0) return [];
  if (!target.hasCode) return [`from __future__ import ${missing.join(', ')}`];
  return `${differs(missing, sourceName, targetName)} (add the import to ${targetName} by hand if its own code allows)`;
}

/**
 * Edits that add import statements to an existing module: an import of a module it already
 * imports from joins that import; the others go where isort would put them when the module's
 * imports are sorted already, else after the import of the closest module (`hc.front.controllers…`
 * after `hc.front.schemas`), else in sections after its last import (or its head).
 */
export function insertImports(text: string, outline: ModuleOutline, statements: readonly string[]): TextEdit[] {
  const topLevel = outline.imports.filter((binding) => binding.placement === 'module');
  const edits: TextEdit[] = [];
  const rest: string[] = [];
  for (const statement of statements) {
    const joined = joinExistingImport(text, topLevel, statement);
    if (joined) edits.push(joined);
    else rest.push(statement);
  }
  if (rest.length === 0) return edits;
  const placed = placedInserts(text, topLevel, rest);
  return [...edits, ...placed.edits, ...(placed.alone.length > 0 ? [insertImport(text, outline, importSections(placed.alone), false)] : [])];
}

/**
 * Inserts placing each statement as isort would (importSections.ts), else, in a module whose
 * imports keep no order, beside the closest module's import; `alone` are the statements neither places.
 */
function placedInserts(text: string, topLevel: readonly ImportBinding[], statements: readonly string[]): { edits: TextEdit[]; alone: readonly string[] } {
  const lines = text.split('\n');
  const byStatement = new Map<number, ExistingImport>();
  for (const { range } of topLevel) byStatement.set(range.start.line, { startLine: range.start.line, endLine: range.end.line, text: lines[range.start.line].trim() });
  const existing = [...byStatement.values()].sort((a, b) => a.startLine - b.startLine);
  // A line past the end (an import ending a file without a final newline) is no place to insert at.
  const fits = (placed: ReadonlyMap<number, string>) => ![...placed.keys()].some((line) => line >= lines.length);
  const edits = (placed: ReadonlyMap<number, string>) => [...placed].map(([line, newText]) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText }));
  const sorted = placeImports(existing, statements);
  if (sorted && fits(sorted)) return { edits: edits(sorted), alone: [] };
  const beside = placeBesideRelatives(existing, statements);
  return fits(beside.placed) ? { edits: edits(beside.placed), alone: beside.alone } : { edits: [], alone: statements };
}

/**
 * Inserts import lines after a module's last import directly in the module, else after its head
 * (or, with `join`, adds the name to a one-line import of the same module)
 * (shebang, encoding declaration, heading comments, docstring, `__future__` imports). Imports in `if`/`try` blocks are left where they are:
 * they are conditional, and the new one is not.
 */
export function insertImport(text: string, outline: ModuleOutline, importText: string, join = true): TextEdit {
  const topLevelImports = outline.imports.filter((binding) => binding.placement === 'module');
  const joined = join ? joinExistingImport(text, topLevelImports, importText) : undefined;
  if (joined) return joined;
  // One statement goes where isort would put it, else beside its closest module's import; `join`
  // off asks for the place after the imports.
  const placed = join && !importText.includes('\n') ? placedInserts(text, topLevelImports, [importText]).edits : [];
  if (placed.length === 1) return placed[0];
  const line = topLevelImports.length > 0 ? Math.max(...topLevelImports.map((binding) => binding.range.end.line)) + 1 : outline.preambleEnd;
  const lines = text.split('\n');
  if (line >= lines.length) {
    // The import or docstring ends a file without a final newline.
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return { range: { start: end, end }, newText: `\n${importText}\n` };
  }
  const spacing = topLevelImports.length === 0 && lines[line].trim() !== '' ? '\n\n' : '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${importText}\n${spacing}` };
}

/** Longest line an import grows to when names join it (PEP 8's limit). */
const JOINED_IMPORT_LIMIT = 79;

/**
 * `from m import x, y` joins an import of `m` the module already has (two imports from one
 * module, or one name imported twice, is what isort and reviewers undo): a one-line import gains
 * the names, wrapped one a line in parentheses (black's style) when it grows past the limit; a
 * parenthesised one gains a line a name. Names it already imports are dropped. Undefined when
 * there is no such import to join.
 */
function joinExistingImport(text: string, imports: readonly ModuleOutline['imports'][number][], importText: string): TextEdit | undefined {
  const wanted = /^from (\S+) import ([\w, ]+)$/.exec(importText);
  if (!wanted) return undefined;
  const lines = text.split('\n');
  const present = new Set(imports.filter((other) => other.module === wanted[1] && other.importedName === other.localName).map((other) => other.localName));
  const names = wanted[2].split(',').map((name) => name.trim()).filter((name) => !present.has(name));
  for (const binding of imports) {
    if (binding.module !== wanted[1] || binding.importedName === undefined) continue;
    const { start, end } = binding.range;
    const endOfLine = { line: end.line, character: lines[end.line].length };
    if (names.length === 0) return { range: { start: endOfLine, end: endOfLine }, newText: '' };
    const single = start.line === end.line ? /^from (\S+) import ([\w, ]+)$/.exec(lines[start.line]) : null;
    if (single) {
      const all = [...single[2].split(',').map((name) => name.trim()), ...names];
      // Short enough: the names go at the end of the line, leaving the rest to other edits of it.
      const added = names.map((name) => `, ${name}`).join('');
      if (lines[start.line].length + added.length <= JOINED_IMPORT_LIMIT) return { range: { start: endOfLine, end: endOfLine }, newText: added };
      return { range: { start: { line: start.line, character: 0 }, end: endOfLine }, newText: fromImportStatement(single[1], all, JOINED_IMPORT_LIMIT) };
    }
    if (start.line < end.line && lines[start.line].endsWith('(') && lines[end.line].trim() === ')') {
      const indent = /^\s*/.exec(lines[start.line + 1])![0] || '    ';
      const at = { line: end.line, character: 0 };
      return { range: { start: at, end: at }, newText: names.map((name) => `${indent}${name},\n`).join('') };
    }
  }
  return undefined;
}

/** `__init__.py` files for the folders between the source's package and the target. */
export function newPackageFiles(snapshot: WorkspaceSnapshot, sourceFile: string, targetFile: string): string[] {
  const created: string[] = [];
  if (!snapshot.exists(path.join(path.dirname(sourceFile), '__init__.py'))) return created;
  for (let dir = path.dirname(targetFile); !snapshot.exists(path.join(dir, '__init__.py')); dir = path.dirname(dir)) {
    if (!dir.startsWith(path.dirname(path.dirname(sourceFile))) || path.dirname(dir) === dir) break;
    created.unshift(path.join(dir, '__init__.py'));
    if (snapshot.exists(path.join(path.dirname(dir), '__init__.py'))) break;
  }
  return created;
}
