/**
 * "Move `<symbol>` to <module>": one top-level class, function or constant moves with the
 * imports it needs, and every importer in the workspace follows it:
 *
 * - `from a import X`, `from a import X as Y`, relative imports and function-local imports are
 *   rewritten to the new module in the importer's own style (relative stays relative); an
 *   import of several names is split so only X moves.
 * - Reads through the module (`import a.b` + `a.b.X`, `import a.b as m` + `m.X`, `from a import b`
 *   + `b.X`) read the new module, imported in the same style (moduleAttributeEdits.ts).
 * - Dotted strings naming it (`"shop.views.checkout"` in urls.py, settings, task schedules) follow.
 * - The old module keeps `from <new> import X` when it still uses X, or when its `__all__` lists X
 *   and importers outside the workspace may depend on it (`keepReexport`). Any other re-export
 *   would be an unused import to pyflakes (2.5 flags `import X as X` too, and ignores `# noqa`),
 *   and every importer in the workspace is rewritten; a use of the module that cannot be
 *   rewritten (passed around, star-imported) is refused without one.
 * - Code reading a conditional import takes its whole `try`/`if` block (conditionalCarry.ts).
 * - Refused: the module's dunders, and a re-export closing an import cycle, directly or through other modules.
 * - A use of the old module's names by the moved code becomes an import in the new module;
 *   when the old module imports the new one (X back, or an import of its own), those imports go
 *   inside the functions that need them, or the move is refused (the cycle would fail at import
 *   time). Names the old module imports from the new one are the new module's own there.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule, type ImportBinding, type ModuleOutline } from '../../core/python/moduleOutline';
import { applyTextEdits, refuse, rowsWithEdits, withPlannedFiles, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { functionLocalImport } from '../localImport';
import { rangeOfNode } from '../analysis/nameUses';
import { nameUsesIn } from '../analysis/nameUses';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { importsToCarry, loadsWhenRun, rebaseRelativeImports, relativeModule, renderImports } from '../pythonModules';
import { futureImportsFor, insertImport, newPackageFiles, outlineOf, targetEdits } from '../targetModule';
import { headerCommentsEnd } from '../../core/python/moduleHead';
import { moduleWideProblem } from '../analysis/moduleSafety';
import { moduleAttributeEdits, type MovedName } from './moduleAttributeEdits';
import { exportedNames, neededOutside, starExported, unusedImportEdits, unusedNames } from '../unusedImports';
import { conditionalCarry, rowsRemoval } from './conditionalCarry';
import { importChain } from './importCycle';
import { patchCovers, patchesOf, type PatchTarget } from '../analysis/patchTargets';
import { tidyRemovals } from '../layout';
import { declaresAbstract, registeringDecorators } from '../../core/python/registrations';
import { djangoClassesOf } from '../../core/features/djangoClasses';
import { wrappingDecorators } from '../analysis/wrappingDecorators';
import { checkedEdit } from '../editCheck';

export interface MoveSymbolRequest {
  readonly file: string;
  readonly name: string;
  readonly targetFile: string;
  /** Leave `from <new module> import X` in the old module for importers outside the workspace, when its `__all__` lists X (default). */
  readonly keepReexport?: boolean;
}

export interface SymbolMove {
  readonly title: string;
  readonly result: RefactorResult;
}

export function moveSymbol(parser: PythonParser, snapshot: WorkspaceSnapshot, request: MoveSymbolRequest): SymbolMove {
  const text = snapshot.read(request.file);
  const defining = text === undefined ? undefined : definingFile(parser, snapshot, request.file, text, request.name);
  if (defining && defining !== request.file) return moveSymbol(parser, snapshot, { ...request, file: defining });
  const title = `Move \`${request.name}\` to \`${path.relative(path.dirname(request.file), request.targetFile)}\``;
  if (text === undefined) return { title, result: refuse(`${path.basename(request.file)} cannot be read`) };
  if (path.resolve(request.file) === path.resolve(request.targetFile)) return { title, result: refuse('the target is the module the symbol is in') };
  const tree = parser.parse(text);
  try {
    return { title, result: checkedEdit(parser, snapshot, move(parser, snapshot, request, text, tree)) };
  } finally {
    tree.delete();
  }
}

function move(parser: PythonParser, snapshot: WorkspaceSnapshot, request: MoveSymbolRequest, text: string, tree: Tree): RefactorResult {
  const { name, file, targetFile } = request;
  const keepReexport = request.keepReexport ?? true;
  const fileName = path.basename(file);
  const targetName = path.basename(targetFile);
  if (tree.rootNode.hasError) return refuse(`${fileName} has a syntax error`);
  if (isModuleAttribute(name)) return refuse(`\`${name}\` belongs to ${fileName}: Python and tools read it from the module it describes`);
  const outline = outlineModule(tree, text).outline;
  const wide = moduleWideProblem(outline, text, fileName);
  if (wide) return refuse(wide);
  const definitions = outline.symbols.filter((s) => s.names.includes(name));
  if (definitions.length === 0) return refuse(`\`${name}\` is not a top-level class, function or constant of ${fileName}`);
  if (definitions.length > 1) return refuse(`\`${name}\` is assigned more than once in ${fileName}; move its assignments together by hand`);
  const symbol = definitions[0];
  if (symbol.names.length > 1) return refuse(`\`${name}\` is assigned together with ${symbol.names.filter((n) => n !== name).map((n) => `\`${n}\``).join(', ')}`);
  const statement = tree.rootNode.namedChildren.find((n) => n.startPosition.row === symbol.range.start.line)!;

  const sourceModule = moduleNameOf(file, snapshot);
  const sourcePackage = packageOf(sourceModule, fileName === '__init__.py');
  const created = newPackageFiles(snapshot, file, targetFile);
  const targetText = snapshot.read(targetFile);
  if (targetText === undefined) created.push(targetFile);
  const planned = withPlannedFiles(snapshot, new Map(created.map((f) => [f, ''])));
  const targetModule = moduleNameOf(targetFile, planned);
  const targetPackage = packageOf(targetModule, targetName === '__init__.py');
  if (symbol.kind === 'class' && symbol.bases.some((b) => /(^|\.)Model$/.test(b)) && !targetModule.startsWith(`${sourcePackage}.`)) {
    return refuse(`\`${name}\` is a Django model: outside ${sourcePackage || 'its package'} it would belong to another app and need a migration`);
  }

  const target = targetText === undefined ? undefined : outlineOf(parser, targetText);
  const importedBackInTarget = target?.outline.imports.find((b) => b.localName === name && resolvesTo(b.module, targetPackage, sourceModule));
  if (target?.boundNames.has(name) && !importedBackInTarget) return refuse(`${targetName} already defines \`${name}\``);
  // Only a statement of the module's own can go: emptied, an `if`/`try` block would not parse.
  if (importedBackInTarget && importedBackInTarget.placement !== 'module') {
    return refuse(`${targetName} imports \`${name}\` from ${fileName} inside an \`if\`/\`try\` block; remove that import by hand first`);
  }

  const uses = nameUsesIn(statement);
  const usedNames = new Set(uses.map((u) => u.name));
  const sourceTopLevel = new Set(outline.symbols.flatMap((s) => s.names));
  const readImports = outline.imports.filter((b) => usedNames.has(b.localName));
  const usedImports = readImports.filter((b) => b.placement === 'module');
  const conditional = conditionalCarry(tree.rootNode, text, readImports, fileName, (s) => rebaseRelativeImports([s], sourcePackage, targetPackage));
  if (typeof conditional === 'string') return refuse(conditional);
  const clashing = conditional.statements.flatMap((s) => s.bound).find((n) => target?.boundNames.has(n));
  if (clashing) return refuse(`\`${clashing}\` means something else in ${targetName}`);
  const rebound = outline.imports.find((b) => b.localName === name);
  if (rebound) return refuse(`${fileName} also imports \`${name}\` (line ${rebound.range.start.line + 1}), which replaces the definition there; move them together by hand`);
  const carried = importsToCarry(usedImports, sourcePackage, targetModule, targetName);
  if (typeof carried === 'string') return refuse(carried);
  for (const binding of carried) {
    const other = target?.outline.imports.find((b) => b.localName === binding.localName);
    if (other && absoluteModule(other.module, targetPackage) !== absoluteModule(binding.module, sourcePackage)) {
      return refuse(`\`${binding.localName}\` means something else in ${targetName}`);
    }
  }
  const fromSource = [...usedNames].filter((n) => n !== name && sourceTopLevel.has(n));
  const clash = fromSource.find((n) => target?.boundNames.has(n) && !target.outline.imports.some((b) => b.localName === n && resolvesTo(b.module, targetPackage, sourceModule)));
  if (clash) return refuse(`\`${clash}\` means something else in ${targetName}`);

  const stillUsed = tree.rootNode.namedChildren.some((other) => other.id !== statement.id && nameUsesIn(other).some((u) => u.name === name));
  // A re-export nothing uses is an unused import to pyflakes unless `__all__` lists it: kept for
  // importers outside the workspace only then (those inside are all rewritten).
  const listed = exportedNames(tree).includes(name);
  const reexport = stillUsed || (keepReexport && listed);
  const sourceImportOfTarget = relativeTo(sourcePackage, targetModule, outline);

  // The moved code's imports of the old module: at the top unless the old module imports the target (the re-export, or an import of its own).
  const movedEdits: TextEdit[] = [];
  const sourceImportForTarget = relativeTo(targetPackage, sourceModule, target?.outline);
  const sourceLoadsTarget = reexport || outline.imports.some((b) => loadsWhenRun(b, sourcePackage, targetModule));
  // Nothing else imports the new module at start-up: a `@receiver` there would never be connected.
  const registration = sourceLoadsTarget ? undefined : registeringDecorators(statement, false, wrappingDecorators(parser, snapshot, file, tree.rootNode, outline))[0];
  if (registration) return refuse(`\`${name}\` registers itself through \`@${registration}\` when ${fileName} is imported; moved, nothing would import ${targetName} at start-up: import it where the app starts (\`AppConfig.ready\`), then move it by hand`);
  // Django registers a model when its module is imported; makemigrations imports only the app's models module.
  if (!sourceLoadsTarget && symbol.kind === 'class' && djangoClassesOf(outline).models.has(name) && !declaresAbstract(statement)) {
    return refuse(`\`${name}\` is a Django model, registered when ${fileName} is imported; moved, nothing would import ${targetName} when Django loads the app's models, and \`makemigrations\` would delete its table: make ${fileName} a package that imports ${targetName}, or move it by hand`);
  }
  const patched = patchedProblem(patchesOf(parser, snapshot, sourceModule), name, readImports, sourceLoadsTarget ? [] : fromSource, targetName);
  if (patched) return refuse(patched);
  let topImportsOfSource: string[] = [];
  if (fromSource.length > 0) {
    if (!sourceLoadsTarget) topImportsOfSource = [`from ${sourceImportForTarget} import ${fromSource.join(', ')}`];
    else {
      const early = uses.find((u) => fromSource.includes(u.name) && !u.deferred);
      if (early) {
        const back = reexport ? `\`${name}\` back` : targetName;
        return refuse(`\`${name}\` uses \`${early.name}\` of ${fileName} when the module is imported, and ${fileName} imports ${back}: an import cycle; move \`${early.name}\` first`);
      }
      const perFunction = new Map<number, { fn: Node; names: Set<string> }>();
      for (const use of uses.filter((u) => fromSource.includes(u.name))) {
        const entry = perFunction.get(use.functionNode!.id) ?? { fn: use.functionNode!, names: new Set<string>() };
        entry.names.add(use.name);
        perFunction.set(use.functionNode!.id, entry);
      }
      for (const { fn, names } of perFunction.values()) {
        const inserted = functionLocalImport(fn, [`from ${sourceImportForTarget} import ${[...names].sort().join(', ')}`]);
        if (typeof inserted === 'string') return refuse(inserted);
        movedEdits.push(inserted);
      }
    }
  }
  if (reexport && target?.outline.imports.some((b) => b.localName !== name && loadsWhenRun(b, targetPackage, sourceModule))) {
    return refuse(`${targetName} imports ${fileName} at module level, and ${fileName} would import \`${name}\` back: an import cycle`);
  }
  if (reexport) {
    const targetLoads = [...(target?.outline.imports ?? []).filter((b) => b.localName !== name && b.placement !== 'typeChecking').map((b) => absoluteModule(b.module, targetPackage)), ...carried.map((b) => absoluteModule(b.module, sourcePackage))];
    const chain = importChain(parser, planned, targetLoads, sourceModule);
    if (chain) return refuse(`${targetName} imports ${chain.slice(0, -1).join(', which imports ')}, which imports ${fileName}, and ${fileName} would import \`${name}\` back: an import cycle`);
  }

  const edits = new Map<string, TextEdit[]>();
  const add = (f: string, ...more: TextEdit[]) => edits.set(f, [...(edits.get(f) ?? []), ...more]);

  const lines = text.split('\n');
  // The comments above it move with it; the file's head comments (shebang, encoding, licence) stay.
  const headEnd = headerCommentsEnd(tree.rootNode, text);
  let firstRow = statement.startPosition.row;
  while (firstRow > headEnd && lines[firstRow - 1].trimStart().startsWith('#')) firstRow--;
  const movedText = rowsWithEdits(text, firstRow, statement.endPosition.row, [...movedEdits, ...rebaseRelativeImports([statement], sourcePackage, targetPackage)]);
  const importLines = [...renderImports(carried, sourcePackage, targetPackage), ...topImportsOfSource].filter((l) => !target?.importLines.has(l));
  const targetBase = importedBackInTarget ? applyTextEdits(targetText!, tidyRemovals(targetText!, [removeImportOf(targetText!, importedBackInTarget, name)])) : targetText;
  const targetBaseOutline = importedBackInTarget ? outlineOf(parser, targetBase!) : target;
  const futureLines = futureImportsFor(tree.rootNode, fileName, targetBaseOutline, targetName, [statement]);
  if (typeof futureLines === 'string') return refuse(futureLines);
  const added = targetEdits(targetBase, targetBaseOutline, futureLines, importLines, `${[...conditional.blocks, movedText].join('\n\n\n')}\n`);
  if (importedBackInTarget) add(targetFile, { range: wholeText(targetText!), newText: applyTextEdits(targetBase!, added) });
  else add(targetFile, ...added);

  const removal = rowsRemoval(lines, firstRow, statement.endPosition.row);
  const lastRow = removal.range.end.line - 1;
  // A carried block goes from the old module too once nothing there or elsewhere needs its names.
  const unusedBound = new Set(unusedNames(parser, snapshot, file, text, [removal], conditional.statements.flatMap((s) => s.bound)));
  const halfUsed = conditional.statements.find((s) => s.bound.some((n) => unusedBound.has(n)) && !s.bound.every((n) => unusedBound.has(n)));
  if (halfUsed) return refuse(`after the move, ${fileName} would still read some names of the \`try\`/\`if\` import block at line ${halfUsed.node.startPosition.row + 1} but no longer \`${halfUsed.bound.find((n) => unusedBound.has(n))}\`: split that block by hand first`);
  const blockRemovals = conditional.statements.filter((s) => s.bound.every((n) => unusedBound.has(n))).map((s) => rowsRemoval(lines, s.node.startPosition.row, s.node.endPosition.row));
  const unusedEdits = unusedImportEdits(parser, snapshot, file, text, [removal], usedImports.map((binding) => binding.localName));
  if (reexport) {
    const reexportText = `from ${sourceImportOfTarget} import ${name}`;
    // Not joined to an import the move leaves unused (the re-export of an earlier move): that one goes.
    const joined = insertImport(text, outline, reexportText);
    const reexportLine = unusedEdits.some((e) => overlaps(e.range, joined.range)) ? insertImport(text, outline, reexportText, false) : joined;
    // A module without imports gets the re-export where the moved code starts: one edit, not an insert inside a deletion.
    const nothingAfter = lines.slice(lastRow + 1).every((line) => line.trim() === '');
    if (reexportLine.range.start.line === firstRow) add(file, { ...removal, newText: nothingAfter ? `${reexportText}\n` : reexportLine.newText });
    else add(file, removal, reexportLine);
  } else {
    add(file, removal);
    const dunderAll = removeFromAll(tree, name);
    if (dunderAll) add(file, dunderAll);
  }
  add(file, ...unusedEdits, ...blockRemovals);

  let importers = 0;
  for (const other of snapshot.pythonFiles()) {
    if (other === file || other === targetFile) continue;
    const otherText = snapshot.read(other);
    // Without a re-export, a file that only mentions the old module may still read the name from it (`getattr(views, action)`).
    if (!otherText || !(otherText.includes(name) || (!reexport && mentionsModule(otherText, sourceModule)))) continue;
    const changes = importerEdits(parser, other, otherText, planned, { name, sourceModule, targetModule, reexport, starTakes: starExported(tree)(name) });
    if (typeof changes === 'string') return refuse(reexport ? changes : `${changes}: ${howToKeepReexport(name, fileName, listed, keepReexport)}`);
    if (changes.length > 0) {
      add(other, ...changes);
      importers++;
    }
  }

  for (const [changed, fileEdits] of edits) {
    const before = snapshot.read(changed);
    if (before !== undefined) edits.set(changed, tidyRemovals(before, fileEdits));
  }
  const where = path.relative(path.dirname(file), targetFile);
  return {
    safe: true,
    edit: { createFiles: created, edits },
    summary: `moves \`${name}\` to ${where}, updates ${importers} importer${importers === 1 ? '' : 's'}${reexport ? `, and leaves a re-export in ${fileName}` : keepReexport ? `, and leaves no re-export in ${fileName} (its \`__all__\` does not list \`${name}\`)` : ''}`,
  };
}

/** `__all__`, `__version__`, …: attributes of the module itself, not code to move. */
export function isModuleAttribute(name: string): boolean {
  return /^__\w+__$/.test(name);
}

/** What keeps a re-export an importer needs: `__all__` listing the name (else pyflakes reports it unused), and the setting. */
function howToKeepReexport(name: string, fileName: string, listed: boolean, keepReexport: boolean): string {
  const steps = [...(listed ? [] : [`list \`${name}\` in ${fileName}’s \`__all__\``]), ...(keepReexport ? [] : ['turn on keep-reexports'])];
  return `${steps.join(' and ')} to keep one (a re-export \`__all__\` does not list is an unused import to pyflakes)`;
}

function overlaps(a: TextEdit['range'], b: TextEdit['range']): boolean {
  const before = (x: TextEdit['range']['start'], y: TextEdit['range']['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start) && before(a.start, a.end);
}

/** Re-exports followed this many times at most (a package re-exporting a sibling's name). */
const MAX_REEXPORT_HOPS = 4;

/**
 * The file that defines `name`: this one, or the workspace module it re-exports the name from
 * (`shop/models/__init__.py` after a split imports `money` from `common_models`).
 */
function definingFile(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, name: string, hops = 0): string | undefined {
  const tree = parser.parse(text);
  let source: string | undefined;
  try {
    const outline = outlineModule(tree, text).outline;
    if (outline.symbols.some((s) => s.names.includes(name))) return file;
    const binding = outline.imports.find((b) => b.localName === name && b.importedName === name);
    if (!binding || hops >= MAX_REEXPORT_HOPS) return undefined;
    const module = absoluteModule(binding.module, packageOf(moduleNameOf(file, snapshot), path.basename(file) === '__init__.py'));
    source = snapshot.pythonFiles().find((f) => moduleNameOf(f, snapshot) === module);
  } finally {
    tree.delete();
  }
  const sourceText = source === undefined ? undefined : snapshot.read(source);
  return source && sourceText !== undefined ? definingFile(parser, snapshot, source, sourceText, name, hops + 1) : undefined;
}

/** How a module in `fromPackage` writes an import of `module`: relative when it already uses relative imports. */
function relativeTo(fromPackage: string, module: string, outline: ModuleOutline | undefined): string {
  const usesRelative = outline?.imports.some((b) => b.module.startsWith('.')) ?? false;
  return usesRelative && fromPackage ? relativeModule(module, fromPackage) : module;
}

function resolvesTo(written: string, fromPackage: string, module: string): boolean {
  return absoluteModule(written, fromPackage) === module;
}

/** Whether the text may import the module: it names its last part, or imports everything from somewhere. */
function mentionsModule(text: string, module: string): boolean {
  return text.includes(module.split('.').at(-1)!) || /import\s+\*/.test(text);
}

/**
 * Why tests patching the old module would miss the moved code, if they would: they patch the
 * moved name, or a name the moved code reads through an import at the top of the new module
 * (the old module's imports it uses, and its own names `fromSource` unless imported inside the
 * moved functions, which look them up in the old module when they run).
 */
function patchedProblem(patches: readonly PatchTarget[], name: string, usedImports: readonly ImportBinding[], fromSource: readonly string[], targetName: string): string | undefined {
  const ofMoved = patches.find((p) => patchCovers(p, name));
  if (ofMoved) return `${ofMoved.description}; after the move, patch it where it is used`;
  const read = patches.find((p) => fromSource.some((n) => patchCovers(p, n)) || usedImports.some((b) => patchCovers(p, b.localName)));
  return read && `${read.description}, which \`${name}\` reads; in ${targetName} it would not see the patch (patch it where it is used)`;
}

/** A comment silencing a linter or type checker on its line (`# noqa: E501`, `# type: ignore`). */
const LINT_DIRECTIVE = /^\s*(#\s*(?:noqa|type:\s*ignore|pylint:|pyright:)(?:[^#]*))$/i;

/** The edits that make one importer use the new module, or why it cannot. */
function importerEdits(parser: PythonParser, file: string, text: string, snapshot: WorkspaceSnapshot, moved: MovedName): TextEdit[] | string {
  const tree = parser.parse(text);
  try {
    const module = moduleNameOf(file, snapshot);
    const pkg = packageOf(module, path.basename(file) === '__init__.py');
    const edits: TextEdit[] = [];
    for (const statement of tree.rootNode.descendantsOfType('import_from_statement')) {
      const moduleNode = statement.childForFieldName('module_name');
      if (!moduleNode || !resolvesTo(moduleNode.text, pkg, moved.sourceModule)) continue;
      const names = statement.childrenForFieldName('name');
      const entry = names.find((n) => (n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text) === moved.name);
      if (!entry) continue;
      const written = moduleNode.text.startsWith('.') ? relativeModule(moved.targetModule, pkg) : moved.targetModule;
      if (names.length === 1) {
        edits.push({ range: rangeOfNode(moduleNode), newText: written });
        continue;
      }
      const rest = names.filter((n) => n.id !== entry.id).map((n) => n.text);
      const indent = ' '.repeat(statement.startPosition.column);
      // The comment after the statement stays after its second part; a lint directive applies to the first too.
      const directive = LINT_DIRECTIVE.exec(text.split('\n')[statement.endPosition.row].slice(statement.endPosition.column))?.[1];
      edits.push({
        range: rangeOfNode(statement),
        newText: `from ${moduleNode.text} import ${rest.join(', ')}${directive ? `  ${directive}` : ''}\n${indent}from ${written} import ${entry.text}`,
      });
    }
    // `"shop.views.checkout"` (urls, settings), `"shop = shop.views:checkout"` (entry points), `"shop.views.Form.Meta"`.
    const reference = new RegExp(`(?<![\\w.])${moved.sourceModule.replace(/\./g, '\\.')}([.:])${moved.name}(?!\\w)`, 'g');
    for (const string of tree.rootNode.descendantsOfType('string')) {
      const newText = string.text.replace(reference, `${moved.targetModule}$1${moved.name}`);
      if (newText !== string.text) edits.push({ range: rangeOfNode(string), newText });
    }
    const attributes = moduleAttributeEdits(file, text, tree, pkg, moved, (name) => neededOutside(parser, snapshot, file, tree, name));
    return typeof attributes === 'string' ? attributes : [...edits, ...attributes];
  } finally {
    tree.delete();
  }
}

/** Removes `"name"` from the module's `__all__` list, if it is there. */
function removeFromAll(tree: Tree, name: string): TextEdit | undefined {
  for (const statement of tree.rootNode.namedChildren) {
    const assignment = statement.namedChild(0);
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== '__all__') continue;
    const list = assignment.childForFieldName('right');
    const element = list?.namedChildren.find((e) => e.type === 'string' && e.text.slice(1, -1) === name);
    if (!list || !element) return undefined;
    const others = list.namedChildren.filter((e) => e.type !== 'comment' && e.id !== element.id).map((e) => e.text);
    const [open, close] = list.type === 'tuple' ? ['(', others.length === 1 ? ',)' : ')'] : ['[', ']'];
    return { range: rangeOfNode(list), newText: `${open}${others.join(', ')}${close}` };
  }
  return undefined;
}

/** The edit removing the target's import of the moved name from the old module (it is defined there now). */
function removeImportOf(text: string, binding: ImportBinding, name: string): TextEdit {
  const { start, end } = binding.range;
  const statementLines = text.split('\n').slice(start.line, end.line + 1).join('\n');
  const names = /import\s+\(?([^)]*)\)?\s*$/s.exec(statementLines)?.[1].split(',').map((n) => n.trim()).filter(Boolean) ?? [];
  const rest = names.filter((n) => n !== name);
  const range = { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
  return { range, newText: rest.length === 0 ? '' : `${statementLines.replace(/import\s+\(?[^)]*\)?\s*$/s, `import ${rest.join(', ')}`)}\n` };
}

function wholeText(text: string) {
  const lines = text.split('\n');
  return { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}
