/**
 * Adding code to a module, new or existing: the packages it needs created, its imports placed
 * after the module's own, the code appended. Shared by the refactorings that move code.
 */
import * as path from 'path';
import type { PythonParser } from '../core/parse/pythonParser';
import { outlineModule, type ModuleOutline } from '../core/python/moduleOutline';
import { parameterNames } from './dataFlow';
import type { TextEdit, WorkspaceSnapshot } from './domainEdit';

export interface TargetOutline {
  readonly outline: ModuleOutline;
  readonly boundNames: ReadonlySet<string>;
  readonly importLines: ReadonlySet<string>;
  /** Top-level functions and their parameter names. */
  readonly functionParameters: ReadonlyMap<string, readonly string[]>;
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
    return {
      outline,
      boundNames: boundNames(outline),
      importLines,
      functionParameters,
    };
  } finally {
    tree.delete();
  }
}

/** The names a module binds at its top level: its definitions and its imports. */
export function boundNames(outline: ModuleOutline): Set<string> {
  return new Set([...outline.symbols.flatMap((s) => s.names), ...outline.imports.map((i) => i.localName)]);
}

/** Edits that add the imports and the function to the target (a new file gets one insert). */
export function targetEdits(target: string | undefined, outline: TargetOutline | undefined, importLines: readonly string[], functionText: string): TextEdit[] {
  if (target === undefined || outline === undefined) {
    const header = importLines.length > 0 ? `${importLines.join('\n')}\n\n\n` : '';
    return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${header}${functionText}` }];
  }
  const lines = target.split('\n');
  const endLine = target.endsWith('\n') ? lines.length - 1 : lines.length;
  const separator = target.trim() === '' ? '' : target.endsWith('\n') ? '\n\n' : '\n\n\n';
  const edits: TextEdit[] = [];
  if (importLines.length > 0) edits.push(insertImport(target, outline.outline, importLines.join('\n')));
  const at = { line: endLine, character: target.endsWith('\n') ? 0 : lines[lines.length - 1].length };
  edits.push({ range: { start: at, end: at }, newText: `${separator}${functionText}` });
  return edits;
}

/**
 * Inserts import lines after a module's last import directly in the module, else after its head
 * (shebang, encoding declaration, heading comments, docstring, `__future__` imports). Imports in `if`/`try` blocks are left where they are:
 * they are conditional, and the new one is not.
 */
export function insertImport(text: string, outline: ModuleOutline, importText: string): TextEdit {
  const topLevelImports = outline.imports.filter((binding) => binding.placement === 'module');
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
