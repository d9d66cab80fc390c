/**
 * Extract statements into a function in another module: the engine behind "move the logic of a
 * view to a controller" and "extract a duplicated block into utils/".
 *
 *     # shop/views.py, before                  # shop/views.py, after
 *     def checkout(request):                   from .controllers.order_controllers import place_order
 *         cart = request.session["cart"]
 *         total = 0                            def checkout(request):
 *         for line in cart:                        cart = request.session["cart"]
 *             total += line["price"]               total = place_order(cart)
 *         return render(..., {"t": total})         return render(..., {"t": total})
 *
 *                                              # shop/controllers/order_controllers.py, created
 *                                              def place_order(cart):
 *                                                  total = 0
 *                                                  for line in cart:
 *                                                      total += line["price"]
 *                                                  return total
 *
 * Names read before the statements write them become parameters; names they write that the
 * function reads elsewhere become return values; the imports the statements use are carried
 * into the target, relative ones rewritten for its place. Whatever cannot be proven to behave
 * the same is refused with the reason.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule, type ImportBinding } from '../../core/python/moduleOutline';
import { nameFlow, nestingProblem, parameterNames } from '../analysis/dataFlow';
import { addedFrameProblem } from '../analysis/stackReads';
import { boundBeforeStatements, controlFlowProblemIn, declaredNameProblem, liveAfter } from './statementContext';
import { applyTextEdits, refuse, withPlannedFiles, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import type { SourceRange } from '../../core/model/sourceRange';
import { PYTHON_BUILTINS } from '../analysis/pythonBuiltins';
import { moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { importsToCarry, loadsWhenRun, rebaseRelativeImports, relativeModule, renderImports } from '../pythonModules';
import { futureImportsFor, insertImport, newPackageFiles, outlineOf, targetEdits } from '../targetModule';
import { unusedImportEdits } from '../unusedImports';
import { patchOfAny } from '../analysis/patchTargets';
import { tidyRemovals } from '../layout';
import { lexPython } from '../../core/python/pythonLexer';
import { checkedEdit } from '../editCheck';
import { packageCycle } from './packageCycle';
import { wrappedCall } from './codeStyle';
import { lineLengthLimit } from '../../core/config/lineLength';
import { moduleBinding, shadowedModule, unreachableTarget } from './targetPlacement';

export interface ExtractRequest {
  readonly file: string;
  /** Zero-based, inclusive lines; they must hold whole statements of one block. */
  readonly startLine: number;
  readonly endLine: number;
  /** The module the function goes to (absolute path); created when missing. */
  readonly targetFile: string;
  readonly functionName: string;
  /**
   * Call a function the target already defines instead of creating it (the other copies of a
   * duplicated block). It takes its arguments by position, so a renamed copy passes its own
   * names; the number of parameters must match.
   */
  readonly reuse?: boolean;
  /**
   * Literals of the statements that become parameters (after the others): copies of a block
   * that differ only in values share one function, each passing its own.
   */
  readonly values?: readonly ValueParameter[];
  /** Top-level names of the source the target has its own copy of (`logger`): read there, not imported. */
  readonly targetOwns?: readonly string[];
}

export interface ValueParameter {
  readonly name: string;
  /** Where this copy writes the value: a literal on one line, inside the statements. */
  readonly range: SourceRange;
  /** What the function reads there instead (`getattr(order, field_name)`, `compute()`); the name by default. */
  readonly replacement?: string;
  /** What this copy passes (`"status"`, `lambda: total + 1`); the text of the range by default. */
  readonly argument?: string;
}

/** What the extraction decided, for titles and callers that reuse the function (duplicates). */
export interface ExtractPlan {
  readonly parameters: readonly string[];
  readonly returns: readonly string[];
  /** Every name the statements bind. */
  readonly writes: readonly string[];
  /** The source module's own top-level names the statements use (imported inside the function). */
  readonly fromSource: readonly string[];
}


export function extractToModule(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ExtractRequest): RefactorResult & { plan?: ExtractPlan } {
  const text = snapshot.read(request.file);
  if (text === undefined) return refuse(`${path.basename(request.file)} cannot be read`);
  if (path.resolve(request.targetFile) === path.resolve(request.file)) return refuse('the target module is the module the statements are in');
  const tree = parser.parse(text);
  try {
    return checkedEdit(parser, snapshot, extract(parser, snapshot, request, text, tree));
  } finally {
    tree.delete();
  }
}

function extract(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ExtractRequest, text: string, tree: Tree): RefactorResult & { plan?: ExtractPlan } {
  if (tree.rootNode.hasError) return refuse(`${path.basename(request.file)} has a syntax error`);
  // Every walk below recurses through the tree: a file nesting too deep is refused, not analysed.
  const tooDeep = nestingProblem([tree.rootNode]);
  if (tooDeep) return refuse(`${path.basename(request.file)}: ${tooDeep}`);
  const statements = wholeStatements(tree, text, request.startLine, request.endLine);
  if (typeof statements === 'string') return refuse(statements);
  const fn = enclosing(statements[0], 'function_definition');
  if (!fn) return refuse('the statements are not inside a function');
  const controlFlowProblem = controlFlowProblemIn(statements, enclosing(fn, 'class_definition') !== undefined);
  if (controlFlowProblem) return refuse(controlFlowProblem);
  const declared = declaredNameProblem(fn, statements);
  if (declared) return refuse(declared);
  // Called from the new function, the statements sit one frame further from their caller.
  const stack = addedFrameProblem(statements.map((statement) => statement.text).join('\n'), 'the statements read', 'the new function');
  if (stack) return refuse(stack);

  const source = outlineModule(tree, text).outline;
  const flow = nameFlow(statements);
  const fnLocals = new Set([...parameterNames(fn), ...nameFlow(fn.childForFieldName('body')!.namedChildren).writes]);
  // A nested function (a decorator's wrapper) also sees its enclosing functions' names: passed as parameters too,
  // bound whenever it runs when bound before it is defined.
  const locals = new Set(fnLocals);
  const boundInClosure = new Set<string>();
  for (let inner = fn, outer = enclosing(fn, 'function_definition'); outer; inner = outer, outer = enclosing(outer, 'function_definition')) {
    for (const name of [...parameterNames(outer), ...nameFlow(outer.childForFieldName('body')!.namedChildren).writes]) locals.add(name);
    for (const name of boundBeforeStatements(outer, inner)) if (!fnLocals.has(name)) boundInClosure.add(name);
  }
  const imports = new Map(source.imports.map((binding) => [binding.localName, binding]));
  const topLevel = new Set(source.symbols.flatMap((symbol) => symbol.names));
  const starImport = source.imports.find((binding) => binding.localName === '*');

  const values = request.values ?? [];
  const parameters: string[] = [];
  const carried: ImportBinding[] = [];
  /** The source module's own names: imported inside the new function, as the source imports it. */
  const fromSource: string[] = [];
  for (const name of flow.readsBeforeWrite) {
    // A name read only where values are passed (`self` read only as `self.scope`, `Customer` that
    // each copy passes its own of) is not needed in the function.
    if (onlyInValues(statements, name, values)) continue;
    if (locals.has(name)) parameters.push(name);
    else if (imports.has(name)) carried.push(imports.get(name)!);
    else if (topLevel.has(name) && !request.targetOwns?.includes(name)) fromSource.push(name);
    else if (topLevel.has(name)) continue;
    else if (starImport) return refuse(`\`${name}\` may come from \`from ${starImport.module} import *\`, so it cannot be resolved safely`);
    else if (!PYTHON_BUILTINS.has(name)) return refuse(`\`${name}\` is not defined anywhere the statements can see`);
  }

  const rebound = globallyRebound(tree, fromSource);
  if (rebound) return refuse(rebound);

  const boundBefore = new Set([...boundBeforeStatements(fn, statements[0]), ...boundInClosure]);
  // Each parameter is read at the call, before the statements would have read it: it must be bound there.
  const unbound = parameters.find((name) => !boundBefore.has(name));
  if (unbound) return refuse(`\`${unbound}\` may be unbound when the statements start (it is assigned only on some paths before them), so it cannot be passed to the function`);
  const readElsewhere = liveAfter(fn, statements);
  const returns = flow.writes.filter((name) => readElsewhere.has(name));
  for (const name of returns) {
    if (flow.definiteWrites.has(name) || parameters.includes(name)) continue;
    if (!boundBefore.has(name)) return refuse(`\`${name}\` is assigned only on some paths of the statements, and the function reads it afterwards`);
    parameters.push(name);
  }

  const clash = values.find((value) => flow.reads.has(value.name) || flow.writes.includes(value.name) || parameters.includes(value.name));
  if (clash) return refuse(`\`${clash.name}\` is already a name in the statements`);
  if (values.some((value) => value.range.start.line !== value.range.end.line)) return refuse('a value that differs between the copies spans several lines');
  const passed = passedValues(text, values);
  const valueTexts = passed.map((value) => value.text);
  const signatureNames = [...parameters, ...passed.map((value) => value.name)];

  const target = snapshot.read(request.targetFile);
  const targetOutline = target === undefined ? undefined : outlineOf(parser, target);
  const existing = targetOutline?.functionParameters.get(request.functionName);
  if (request.reuse) {
    if (!existing) return refuse(`${path.basename(request.targetFile)} does not define \`${request.functionName}\``);
    if (existing.length !== signatureNames.length) {
      return refuse(`this copy needs the parameters (${signatureNames.join(', ')}), the shared function takes (${existing.join(', ')})`);
    }
  } else if (targetOutline?.boundNames.has(request.functionName)) {
    return refuse(`${path.basename(request.targetFile)} already defines \`${request.functionName}\``);
  }
  const alreadyImported = imports.get(request.functionName);
  if (
    (topLevel.has(request.functionName) || (alreadyImported && !request.reuse) || locals.has(request.functionName)) &&
    !(request.reuse && alreadyImported?.importedName === request.functionName)
  ) {
    return refuse(`\`${request.functionName}\` is already a name in ${path.basename(request.file)}`);
  }

  const sourceModule = moduleNameOf(request.file, snapshot);
  const sourcePackage = packageOf(sourceModule, path.basename(request.file) === '__init__.py');
  // The carried imports go to the target's top, out of a patch's reach; the source's own names are imported when the function runs.
  const patched = patchOfAny(parser, snapshot, sourceModule, carried.map((binding) => binding.localName));
  if (patched) return refuse(`${patched.description}, which the statements read; in ${path.basename(request.targetFile)} they would not see the patch (patch it where it is used)`);
  const createFiles = newPackageFiles(snapshot, request.file, request.targetFile);
  const shadowed = shadowedModule(snapshot, createFiles, request.targetFile);
  if (shadowed) return refuse(shadowed);
  const planned = withPlannedFiles(snapshot, new Map(createFiles.map((file) => [file, ''])));
  const targetModule = moduleNameOf(request.targetFile, planned);
  const unreachable = unreachableTarget(snapshot, planned, request.file, request.targetFile, targetModule);
  if (unreachable) return refuse(unreachable);
  const targetPackage = targetModule.split('.').slice(0, -1).join('.');
  const targetName = path.basename(request.targetFile);
  // In the source's order, so `from .models import Order, OrderItem` reads as it did there.
  carried.sort((a, b) => source.imports.indexOf(a) - source.imports.indexOf(b));
  const toCarry = importsToCarry(carried, sourcePackage, targetModule, targetName);
  if (typeof toCarry === 'string') return refuse(toCarry);
  const cycle = packageCycle(parser, snapshot, { sourceFile: request.file, sourceModule, sourcePackage, targetModule, carried: toCarry });
  if (cycle) return refuse(cycle);
  if (!alreadyImported && targetOutline?.outline.imports.some((binding) => loadsWhenRun(binding, targetPackage, sourceModule))) {
    const fileName = path.basename(request.file);
    return refuse(`${targetName} imports ${fileName} at module level: importing \`${request.functionName}\` from it at the top of ${fileName} would be an import cycle`);
  }
  const lineLimit = lineLengthLimit(snapshot, request.file);
  const importLines = renderImports(toCarry, sourcePackage, targetPackage, lineLimit).filter((line) => !targetOutline?.importLines.has(line));
  const futureLines = futureImportsFor(tree.rootNode, path.basename(request.file), targetOutline, targetName, statements);
  if (typeof futureLines === 'string') return refuse(futureLines);

  const usesRelative = source.imports.some((binding) => binding.module.startsWith('.'));
  const localImport = fromSource.length > 0 ? `from ${usesRelative && targetPackage ? relativeModule(sourceModule, targetPackage) : sourceModule} import ${fromSource.join(', ')}` : undefined;
  const withNames = applyTextEdits(text, [
    ...values.map((value) => ({ range: value.range, newText: value.replacement ?? value.name })),
    ...rebaseRelativeImports(statements, sourcePackage, targetPackage),
  ]);
  const functionText = renderFunction(withNames, statements, { name: request.functionName, parameters: signatureNames, returns }, lineLimit, localImport);
  const edits = new Map<string, TextEdit[]>();
  if (!request.reuse) {
    edits.set(request.targetFile, targetEdits(target, targetOutline, futureLines, importLines, functionText));
    if (target === undefined) createFiles.push(request.targetFile);
  }

  const indent = lineIndent(text, statements[0].startPosition.row);
  // A source importing the target module itself (`from ... import utils`) calls through it: `utils.add_arguments(parser)`.
  const viaModule = moduleBinding(source.imports, sourcePackage, targetModule, locals);
  const called = viaModule ? `${viaModule}.${request.functionName}` : request.functionName;
  const callee = returns.length > 0 ? `${returns.join(', ')} = ${called}` : called;
  const callLine = `${wrappedCall(indent, callee, [...parameters, ...valueTexts], '', lineLimit)}\n`;
  const firstRow = statements[0].startPosition.row;
  const lastRow = statements[statements.length - 1].endPosition.row;
  const sourceEdits: TextEdit[] = [
    { range: { start: { line: firstRow, character: 0 }, end: { line: lastRow + 1, character: 0 } }, newText: callLine },
  ];
  const importedFrom = usesRelative && sourcePackage ? relativeModule(targetModule, sourcePackage) : targetModule;
  const importLine = `from ${importedFrom} import ${request.functionName}`;
  const importsFunction = !alreadyImported && !viaModule;
  if (importsFunction) sourceEdits.unshift(insertImport(text, source, importLine));
  const leftUnused = unusedImportEdits(parser, snapshot, request.file, text, sourceEdits, carried.map((binding) => binding.localName));
  // The import it would join may be the one the statements alone used: then it goes on a line of its own.
  if (importsFunction && leftUnused.some((edit) => edit.range.start.line <= sourceEdits[0].range.start.line && sourceEdits[0].range.start.line < edit.range.end.line)) {
    sourceEdits[0] = insertImport(text, source, importLine, false);
  }
  edits.set(request.file, tidyRemovals(text, [...sourceEdits, ...leftUnused]));

  const where = path.relative(path.dirname(request.file), request.targetFile);
  const signature = `${request.functionName}(${signatureNames.join(', ')})`;
  return {
    safe: true,
    edit: { createFiles, edits },
    summary: `moves ${statements.length} statement${statements.length === 1 ? '' : 's'} of \`${fn.childForFieldName('name')!.text}\` into \`${signature}\` in ${where}`,
    plan: { parameters, returns, writes: flow.writes, fromSource },
  };
}

/** The value parameters and what this copy passes for each: a name given to several places (each `self.scope`) is one parameter, passed the first one's text. */
export function passedValues(text: string, values: readonly ValueParameter[]): { name: string; text: string }[] {
  const distinct = values.filter((value, i) => values.findIndex((other) => other.name === value.name) === i);
  return distinct.map((value) => ({ name: value.name, text: value.argument ?? text.split('\n')[value.range.start.line].slice(value.range.start.character, value.range.end.character) }));
}

/** Whether a replacement still reads `name` (the object of `getattr(order, field_name)`). */
function readsName(replacement: string | undefined, name: string): boolean {
  return replacement !== undefined && lexPython(replacement).some((token) => token.kind === 'name' && replacement.slice(token.start, token.end) === name);
}

/** Whether every read of `name` in the statements lies in a value passed in its place. */
function onlyInValues(statements: readonly Node[], name: string, values: readonly ValueParameter[]): boolean {
  if (values.length === 0) return false;
  const inside = (node: Node, range: SourceRange) =>
    node.startPosition.row === range.start.line && node.startPosition.column >= range.start.character && node.endPosition.column <= range.end.character;
  return statements.every((statement) =>
    statement.descendantsOfType('identifier').every((identifier) => identifier.text !== name || values.some((value) => inside(identifier, value.range) && !readsName(value.replacement, name))),
  );
}

/**
 * A name of the source the statements read that some function rebinds through `global`: imported
 * into the new function, it would be a copy taken when the function starts, blind to later rebinding.
 */
function globallyRebound(tree: Tree, fromSource: readonly string[]): string | undefined {
  for (const declaration of tree.rootNode.descendantsOfType('global_statement')) {
    const name = declaration.namedChildren.find((identifier) => fromSource.includes(identifier.text));
    if (name) return `\`${name.text}\` is rebound through \`${declaration.text}\` (line ${declaration.startPosition.row + 1}); a new function importing it would hold a copy`;
  }
  return undefined;
}

/** The statements of one block covering exactly the lines, or why not. */
function wholeStatements(tree: Tree, text: string, startLine: number, endLine: number): Node[] | string {
  const lines = text.split('\n');
  const column = /^\s*/.exec(lines[startLine] ?? '')![0].length;
  let node: Node | null = tree.rootNode.namedDescendantForPosition({ row: startLine, column });
  while (node && !(node.parent && (node.parent.type === 'block' || node.parent.type === 'module') && node.startPosition.row === startLine)) {
    node = node.parent;
  }
  if (!node || node.type === 'comment') return 'the selection does not start at a statement';
  const block = node.parent!;
  const selected = block.namedChildren.filter(
    (child) => child.type !== 'comment' && child.startPosition.row >= startLine && child.startPosition.row <= endLine,
  );
  const last = selected[selected.length - 1];
  if (last.endPosition.row > endLine) return 'the selection ends inside a statement: select whole statements';
  const trailing = lines.slice(last.endPosition.row + 1, endLine + 1);
  if (trailing.some((line) => line.trim() !== '' && !line.trim().startsWith('#'))) {
    return 'the selection is not whole statements of one block';
  }
  return selected;
}

function enclosing(node: Node, type: 'function_definition' | 'class_definition'): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === type) return current;
  }
  return undefined;
}

/** The new function's text: the statements re-indented, their values returned. */
function renderFunction(
  text: string,
  statements: readonly Node[],
  { name, parameters, returns }: { name: string; parameters: readonly string[]; returns: readonly string[] },
  lineLimit: number,
  localImport?: string,
): string {
  const lines = text.split('\n');
  const firstRow = statements[0].startPosition.row;
  const lastRow = statements[statements.length - 1].endPosition.row;
  const indent = lineIndent(text, firstRow);
  const keepAsIs = stringContinuationRows(statements);
  const body = lines.slice(firstRow, lastRow + 1).map((line, i) => {
    if (keepAsIs.has(firstRow + i) || line.trim() === '') return keepAsIs.has(firstRow + i) ? line : '';
    return `    ${line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()}`;
  });
  const lastAssignment = returns.length === 1 ? returnedAssignment(statements[statements.length - 1], returns[0]) : undefined;
  // `doc = json.loads(value)` then `return doc` reads as `return json.loads(value)`.
  if (lastAssignment) body[lastAssignment.row - firstRow] = `    return ${lines[lastAssignment.row].slice(lastAssignment.column)}`;
  else if (returns.length > 0) body.push(`    return ${returns.join(', ')}`);
  // The source imports the new module at its top, so its own names are imported when the function runs.
  if (localImport) body.unshift(`    ${localImport}`);
  return `${wrappedCall('', `def ${name}`, parameters, ':', lineLimit)}\n${body.join('\n')}\n`;
}

/** Where the value of `name = value`, the statement, starts, when it is a plain assignment of that name alone. */
function returnedAssignment(statement: Node, name: string): { row: number; column: number } | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('type')) return undefined;
  const [left, right] = [assignment.childForFieldName('left'), assignment.childForFieldName('right')];
  if (left?.type !== 'identifier' || left.text !== name || !right || right.type === 'assignment' || right.startPosition.row !== left.startPosition.row) return undefined;
  return { row: right.startPosition.row, column: right.startPosition.column };
}

/** Rows inside multi-line strings (after their first row): re-indenting them would change the string. */
export function stringContinuationRows(statements: readonly Node[]): Set<number> {
  const rows = new Set<number>();
  for (const statement of statements) {
    for (const string of statement.descendantsOfType('string')) {
      for (let row = string.startPosition.row + 1; row <= string.endPosition.row; row++) rows.add(row);
    }
  }
  return rows;
}

function lineIndent(text: string, row: number): string {
  return /^[ \t]*/.exec(text.split('\n')[row] ?? '')![0];
}

