/**
 * A view's logic often calls the views module's own helpers (`_line_total`, `PAGE_SIZE`). A
 * controller that imports them back from the views module points the dependency the wrong way
 * (views → controllers → views), so they move to the controllers module first, with Move
 * Symbol (the views keep importing what they still use, now from the controllers), and the
 * statements are extracted after them.
 *
 *     # views.py, before                       # controllers/order_controllers.py, after
 *     def _line_total(line): ...               def _line_total(line): ...
 *     def checkout(request):                   def handle_checkout(cart):
 *         cart = request.session["cart"]           for line in cart:
 *         for line in cart:                            total += _line_total(line)
 *             total += _line_total(line)           ...
 *
 * A name whose value depends on the module it is in (`logger = logging.getLogger(__name__)`)
 * does not move: the views' own logging would change logger. The controllers module gets its
 * own copy of the statement instead. One that depends on the module's file
 * (`CURRENT_DIR = Path(__file__).parent`) would mean another folder anywhere else: the logic
 * using it does not move.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { EditChain, refuse, withPlannedFiles, type DomainEdit, type RefactorResult, type WorkspaceSnapshot } from '../domainEdit';
import { moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { importsToCarry, renderImports } from '../pythonModules';
import { extractToModule, type ExtractRequest } from '../extract/extractToModule';
import { moveSymbol } from '../move/moveSymbol';
import { insertImport, insertImports, newPackageFiles, outlineOf, targetEdits } from '../targetModule';

/** A view: its function's name, and its class for a method. */
export interface ViewId {
  readonly name: string;
  readonly className?: string;
}

/** The extraction of the request's lines, the views module's helpers they use moved ahead of them. */
export function extractWithHelpers(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ExtractRequest, view: ViewId): RefactorResult {
  const first = extractToModule(parser, snapshot, request);
  if (!first.safe || !first.plan || first.plan.fromSource.length === 0) return first;
  const text = snapshot.read(request.file)!;
  const helpers = helpersToMove(parser, text, first.plan.fromSource, view, path.basename(request.file));
  if (typeof helpers === 'string') return refuse(helpers);
  const chain = new EditChain(snapshot);
  for (const name of helpers.copy) {
    const copied = copyStatement(parser, chain.snapshot, request.file, name, request.targetFile);
    if (typeof copied === 'string') return refuse(copied);
    if (copied) chain.add(copied);
  }
  for (const name of helpers.move) {
    const moved = moveSymbol(parser, chain.snapshot, { file: request.file, name, targetFile: request.targetFile, keepReexport: false });
    if (!moved.result.safe) return refuse(`the logic uses \`${name}\` of ${path.basename(request.file)}, which cannot move with it: ${moved.result.reason}`);
    chain.add(moved.result.edit);
  }
  // Only top-level definitions moved, so the view's own lines are unchanged, only shifted.
  const shift = viewLine(parser, chain.snapshot.read(request.file)!, view) - viewLine(parser, text, view);
  const result = extractToModule(parser, chain.snapshot, { ...request, startLine: request.startLine + shift, endLine: request.endLine + shift, targetOwns: helpers.copy });
  if (!result.safe) return result;
  chain.add(result.edit);
  const names = (list: readonly string[]) => list.map((name) => `\`${name}\``).join(', ');
  const notes = [
    helpers.move.length > 0 ? `moving ${names(helpers.move)} of ${path.basename(request.file)}, which it uses, ahead of it` : '',
    helpers.copy.length > 0 ? `with its own ${names(helpers.copy)}` : '',
  ].filter(Boolean);
  return { safe: true, edit: chain.edit(), summary: [result.summary, ...notes].join(', ') };
}

/** The function of the view in a syntax tree. */
export function findView(root: Node, view: ViewId): Node | undefined {
  return root.descendantsOfType('function_definition').find((fn) => fn.childForFieldName('name')?.text === view.name && classOf(fn) === view.className);
}

/** The class a method is defined in (not through a nested function). */
export function classOf(fn: Node): string | undefined {
  for (let node = fn.parent; node; node = node.parent) {
    if (node.type === 'class_definition') return node.childForFieldName('name')?.text;
    if (node.type === 'function_definition') return undefined;
  }
  return undefined;
}

function viewLine(parser: PythonParser, text: string, view: ViewId): number {
  const tree = parser.parse(text);
  try {
    return findView(tree.rootNode, view)?.startPosition.row ?? 0;
  } finally {
    tree.delete();
  }
}

/** Names whose value is where the module lives: a helper reading one means another thing elsewhere. */
const MODULE_LOCATION = new Set(['__file__', '__path__', '__spec__', '__package__', '__loader__', '__cached__']);

/**
 * The helpers to move, the ones they use first, and the per-module names to copy; or why they
 * cannot move: a class (a form, a model: its own module is the place for it), a view, or the
 * view itself.
 */
function helpersToMove(parser: PythonParser, text: string, used: readonly string[], view: ViewId, fileName: string): { move: string[]; copy: string[] } | string {
  const { outline } = outlineOf(parser, text);
  const symbols = new Map(outline.symbols.flatMap((symbol) => symbol.names.map((name) => [name, symbol] as const)));
  const views = new Set(outline.functions.filter((fn) => fn.className === undefined && fn.parameters[0] === 'request').map((fn) => fn.name));
  const order: string[] = [];
  const copy: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string): string | undefined => {
    const symbol = symbols.get(name);
    if (seen.has(name) || !symbol) return undefined;
    seen.add(name);
    const located = symbol.references.find((reference) => MODULE_LOCATION.has(reference));
    if (located) return `the logic uses \`${name}\` of ${fileName}, which depends on the file it is in (\`${located}\`): it can neither move nor be copied`;
    if (symbol.kind === 'variable' && symbol.references.includes('__name__')) {
      copy.push(name);
      return undefined;
    }
    if (symbol.kind === 'class' || views.has(name) || name === (view.className ?? view.name)) {
      return `the logic uses \`${name}\` of ${fileName}, a ${symbol.kind === 'class' ? 'class' : 'view'} that does not belong in a controller: move it to a module of its own first`;
    }
    for (const reference of symbol.references) {
      const problem = reference === name ? undefined : visit(reference);
      if (problem) return problem;
    }
    order.push(name);
    return undefined;
  };
  for (const name of used) {
    const problem = visit(name);
    if (problem) return problem;
  }
  return { move: order, copy };
}

/**
 * The edit giving the target its own copy of the source's top-level statement binding `name`,
 * with the imports it reads; nothing when the target has the same statement already, why not
 * when it binds the name otherwise.
 */
function copyStatement(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, name: string, targetFile: string): DomainEdit | string | undefined {
  const text = snapshot.read(file)!;
  const { outline } = outlineOf(parser, text);
  const symbol = outline.symbols.find((candidate) => candidate.names.includes(name))!;
  const statement = text.split('\n').slice(symbol.range.start.line, symbol.range.end.line + 1).join('\n');
  const target = snapshot.read(targetFile);
  const targetOutline = target === undefined ? undefined : outlineOf(parser, target);
  if (targetOutline?.boundNames.has(name)) {
    return target!.includes(statement) ? undefined : `${path.basename(targetFile)} binds \`${name}\` otherwise than ${path.basename(file)}`;
  }
  const sourcePackage = packageOf(moduleNameOf(file, snapshot), path.basename(file) === '__init__.py');
  const createFiles = target === undefined ? [...newPackageFiles(snapshot, file, targetFile), targetFile] : [];
  const targetModule = moduleNameOf(targetFile, withPlannedFiles(snapshot, new Map(createFiles.map((created) => [created, '']))));
  const read = outline.imports.filter((binding) => symbol.references.includes(binding.localName));
  const carried = importsToCarry(read, sourcePackage, targetModule, path.basename(targetFile));
  if (typeof carried === 'string') return carried;
  const importLines = renderImports(carried, sourcePackage, packageOf(targetModule, false));
  if (target === undefined || targetOutline === undefined) return { createFiles, edits: new Map([[targetFile, targetEdits(target, targetOutline, [], importLines, `${statement}\n`)]]) };
  // A module-level value goes under the imports, not after the functions already there.
  const imports = insertImports(target, targetOutline.outline, importLines);
  const below = insertImport(target, targetOutline.outline, '', false).range;
  return { createFiles, edits: new Map([[targetFile, [...imports, { range: below, newText: `\n${statement}\n` }]]]) };
}
