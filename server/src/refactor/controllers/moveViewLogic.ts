/**
 * "Move logic of a view to a controller": picks the logic core of a view (what lies between
 * reading the request and building the response) and moves it with extractToModule into
 * `controllers/<feature>_controllers.py` beside the views module.
 *
 *     @login_required                          @login_required
 *     def checkout(request):                   def checkout(request):
 *         cart = request.session["cart"]           cart = request.session["cart"]
 *         order = Order.objects.create(...)  →     order = handle_checkout(cart, request.user)
 *         for line in cart: ...                    return redirect("order", pk=order.pk)
 *         order.save()
 *         return redirect("order", pk=order.pk)
 *
 * The core is the longest run of body statements that do no view work: a statement that reads
 * the request (or, in a class-based view, `self`), builds a response, redirects, sends a message
 * or turns the URL's arguments into objects stays in the view, so the controller takes plain
 * values and returns plain values. When the engine refuses a run, shorter runs are tried; a move
 * that would leave the view over the rule's limits is not offered (a controller that only builds
 * two forms is no improvement); when none can move, the first reason is given. Moving again
 * takes the next run to the controllers module the view already calls, under the first name
 * free in both modules (`handle_checkout_2`). A one-line statement never moves alone. The
 * views module's helpers the logic uses move ahead of it (viewHelpers.ts). An app
 * with a `controllers.py` module gets its controllers there (a `controllers/` package beside it
 * would shadow it).
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule } from '../../core/python/moduleOutline';
import { absoluteModule, moduleNameOf, packageOf } from '../../core/python/moduleNames';
import { groupFeatures } from '../../core/features/featureGrouping';
import { freeName } from '../../core/features/featureNaming';
import { routedViews } from '../../core/features/urlEvidence';
import { DEFAULT_SETTINGS } from '../../core/config/settings';
import { nameTokens } from '../../core/features/nameTokens';
import { measure } from '../../core/python/functionFacts';
import type { Settings } from '../../core/config/settings';
import { overLimits } from '../../detectors/logicHeavyView';
import { classOf, extractWithHelpers, findView } from './viewHelpers';
import { nameFlow } from '../dataFlow';
import { boundNames, outlineOf } from '../targetModule';
import { applyTextEdits, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';

export interface ViewLogicRequest {
  readonly file: string;
  /** Zero-based line of the view's `def` name. */
  readonly line: number;
  /** The controller module relative to the app folder, `{feature}` replaced. */
  readonly controllerModule?: string;
  /** The rule's limits: a move must take the view under them. */
  readonly limits?: Settings['logicHeavyView'];
}


export interface ViewLogicMove {
  readonly title: string;
  readonly result: RefactorResult;
}

/**
 * The view as the move sees it. `names`: those of the views module and of the view, which the
 * controller function must not take; `calls`: the modules of the names the view imports and reads.
 */
interface View {
  readonly name: string;
  readonly className?: string;
  readonly requestName: string;
  readonly runs: Span[][];
  readonly names: string[];
  readonly calls: string[];
}

/** Where a view's logic goes, known before any run is tried. */
interface ViewLogicTarget {
  readonly title: string;
  readonly text: string;
  readonly label: string;
  readonly view: View;
  readonly targetFile: string;
  readonly functionName: string;
}

/** Tries at most this many shorter runs before giving up on a view. */
const MAX_ATTEMPTS = 12;
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** A view's move without trying it: the title the editor lists, or why nothing can move. */
export function viewLogicTitle(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ViewLogicRequest): { title: string; refused?: string } {
  const target = targetOf(parser, snapshot, request);
  return 'result' in target ? { title: target.title, refused: target.result.safe ? undefined : target.result.reason } : { title: target.title };
}

export function moveViewLogic(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ViewLogicRequest): ViewLogicMove {
  const target = targetOf(parser, snapshot, request);
  if ('result' in target) return target;
  const { title, text, label, view, targetFile, functionName } = target;
  const limits = request.limits ?? DEFAULT_SETTINGS.logicHeavyView;
  let firstRefusal: string | undefined;
  const lines = text.split('\n');
  for (const [start, end] of attempts(view.runs)) {
    // What the view keeps is known before extracting: the lines, replaced by one call.
    const call = { range: { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } }, newText: `${/^\s*/.exec(lines[start])![0]}pass\n` };
    const over = overLimits(metricsAfter(parser, text, [call], view), limits);
    if (over.length > 0) {
      firstRefusal ??= `moving lines ${start + 1}–${end + 1} would still leave \`${label}\` over the limit (${over.join(', ')}): the rest of its logic reads the request${view.className ? ' or `self`' : ''} or builds the response; separate them first`;
      continue;
    }
    const result = extractWithHelpers(parser, snapshot, { file: request.file, startLine: start, endLine: end, targetFile, functionName }, view);
    if (result.safe) return { title, result };
    firstRefusal ??= result.reason;
  }
  return {
    title,
    result: refuse(firstRefusal ?? `the view has no statements to move that do not read the request${view.className ? ' or `self`' : ''} or build the response (one statement alone stays)`),
  };
}

/** The view at the request's line, the controller module and function its logic would go to, and the title. */
function targetOf(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ViewLogicRequest): ViewLogicMove | ViewLogicTarget {
  const text = snapshot.read(request.file);
  if (text === undefined) return { title: 'Move view logic to a controller', result: refuse('the file cannot be read') };
  const tree = parser.parse(text);
  let view: View | undefined;
  let feature = 'views';
  try {
    const fn = functionAt(tree.rootNode, request.line);
    if (fn) {
      const className = classOf(fn);
      const requestName = requestParameter(fn, className !== undefined);
      const outline = outlineModule(tree, text).outline;
      const identifiers = fn.descendantsOfType('identifier').map((identifier) => identifier.text);
      const names = [...boundNames(outline), ...identifiers];
      const pkg = packageOf(moduleNameOf(request.file, snapshot), path.basename(request.file) === '__init__.py');
      const calls = outline.imports.filter((b) => b.importedName !== undefined && identifiers.includes(b.localName)).map((b) => absoluteModule(b.module, pkg));
      view = { name: fn.childForFieldName('name')!.text, className, requestName, runs: candidateRuns(fn, requestName, className !== undefined), names, calls };
      const owner = className ?? view.name;
      // A view of the shared `_common` group gets a public module name: controllers/common_controllers.py.
      feature = (groupFeatures(outline, { routes: routedViews(parser, snapshot, request.file) }).find((group) => group.symbols.includes(owner))?.name ?? feature).replace(/^_+/, '');
    }
  } finally {
    tree.delete();
  }
  if (!view) return { title: 'Move view logic to a controller', result: refuse('no view starts on this line') };
  const pattern = request.controllerModule ?? DEFAULT_SETTINGS.refactor.controllerModule;
  // Once the view lost its logic it may belong to no feature: the controller it already calls says which.
  feature = calledControllerFeature(snapshot, request.file, pattern, view.calls) ?? feature;
  const { shownTarget, targetFile } = controllerTarget(snapshot, appFolderOf(request.file), pattern.replaceAll('{feature}', feature));
  const label = view.className ? `${view.className}.${view.name}` : view.name;
  const targetText = snapshot.read(targetFile);
  const taken = new Set([...view.names, ...(targetText === undefined ? [] : outlineOf(parser, targetText).boundNames)]);
  // A view whose logic moved once already has `handle_<view>`: a second run gets `handle_<view>_2`.
  const functionName = freeName(controllerName(view.name, view.className), taken);
  return { title: `Move logic of \`${label}\` to \`${shownTarget}\``, text, label, view, targetFile, functionName };
}

/**
 * Where the controller goes: the pattern's module in the app, or, when the app already has a
 * module where the pattern puts a package (`controllers.py` for `controllers/…`), that module.
 */
function controllerTarget(snapshot: WorkspaceSnapshot, appFolder: string, relative: string): { shownTarget: string; targetFile: string } {
  const parts = relative.split('/');
  for (let depth = 1; depth < parts.length; depth++) {
    const module = `${parts.slice(0, depth).join('/')}.py`;
    if (snapshot.exists(path.join(appFolder, ...module.split('/')))) return { shownTarget: module, targetFile: path.join(appFolder, ...module.split('/')) };
  }
  return { shownTarget: relative, targetFile: path.join(appFolder, ...parts) };
}

/** The view's measures once the edit is applied (found again by its name and class). */
function metricsAfter(parser: PythonParser, text: string, edits: readonly TextEdit[], view: { name: string; className?: string }) {
  const tree = parser.parse(applyTextEdits(text, edits));
  try {
    return measure(findView(tree.rootNode, view)!.childForFieldName('body')!);
  } finally {
    tree.delete();
  }
}

function functionAt(root: Node, line: number): Node | undefined {
  return root
    .descendantsOfType('function_definition')
    .find((fn) => fn.childForFieldName('name')?.startPosition.row === line);
}

/**
 * A function view's request is its first parameter, whatever its name; a method's is `request`
 * (handlers take it second, `perform_create(self, serializer)` and the like take none).
 */
function requestParameter(fn: Node, isMethod: boolean): string {
  const first = fn.childForFieldName('parameters')?.namedChildren[0];
  return !isMethod && first?.type === 'identifier' ? first.text : 'request';
}

/** First and last line of a statement, and whether it is a one-liner (see isOneLiner). */
type Span = readonly [first: number, last: number, oneLiner: boolean];

/** Runs of body statements that neither return nor do view work, longest first, each as its statements' spans. */
function candidateRuns(fn: Node, requestName: string, isMethod: boolean): Span[][] {
  const body = fn.childForFieldName('body')!.namedChildren.filter((s) => s.type !== 'comment');
  const statements = body[0]?.type === 'expression_statement' && body[0].namedChildren[0]?.type === 'string' ? body.slice(1) : body;
  const runs: Node[][] = [[]];
  for (const statement of statements) {
    if (returns(statement) || isViewWork(statement, requestName, isMethod)) runs.push([]);
    else runs[runs.length - 1].push(statement);
  }
  return runs
    .filter((run) => run.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((run) => run.map((statement) => [statement.startPosition.row, statement.endPosition.row, isOneLiner(statement)] as const));
}

function returns(statement: Node): boolean {
  const stack = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'return_statement' || node.type === 'yield') return true;
    for (const child of node.namedChildren) if (!SCOPES.has(child.type)) stack.push(child);
  }
  return false;
}

/** What builds the response or turns the URL's arguments into objects or a 404: the view's job. */
const VIEW_CALLS = new Set([
  'get_object_or_404', 'get_list_or_404', 'render', 'render_to_response', 'redirect', 'JsonResponse', 'Response',
  'TemplateResponse', 'StreamingHttpResponse', 'FileResponse',
]);

/**
 * A statement that reads the request (its fields, session, user, files), the view instance
 * (`self` in a method), sends a message to the user, or builds a response.
 */
function isViewWork(statement: Node, requestName: string, isMethod: boolean): boolean {
  const reads = nameFlow([statement]).reads;
  if (reads.has(requestName) || reads.has('messages') || (isMethod && reads.has('self'))) return true;
  return statement.descendantsOfType('call').some((call) => {
    const callee = call.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    return name !== undefined && (VIEW_CALLS.has(name) || name.startsWith('HttpResponse'));
  });
}

const COMPOUND_STATEMENTS = new Set(['if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);

/**
 * A statement without a block (`x = f(y)`, `lines = []`): moved alone, a controller would only
 * wrap it, as it would wrap the call a first move left in the view, again and again.
 */
function isOneLiner(statement: Node): boolean {
  return !COMPOUND_STATEMENTS.has(statement.type);
}

/** Each run whole, then without its last statements, then without its first ones, never a one-liner alone; longest runs first. */
function* attempts(runs: readonly Span[][]): Iterable<readonly [number, number]> {
  let tried = 0;
  for (const run of runs) {
    const last = run[run.length - 1];
    const parts = [...run.map((_, dropped) => [run[0], run[run.length - 1 - dropped]] as const), ...run.slice(1).map((first) => [first, last] as const)];
    for (const [first, end] of parts) {
      if (first === end && first[2]) continue;
      yield [first[0], end[1]];
      if (++tried >= MAX_ATTEMPTS) return;
    }
  }
}

/** The folder of the app holding the views module (`shop/` for shop/views.py and shop/views/orders.py). */
function appFolderOf(file: string): string {
  const dir = path.dirname(file);
  return path.basename(dir) === 'views' ? path.dirname(dir) : dir;
}

/** The feature of a controller module (a file of `pattern` in the app) one of `modules` is. */
function calledControllerFeature(snapshot: WorkspaceSnapshot, viewsFile: string, pattern: string, modules: readonly string[]): string | undefined {
  const shape = new RegExp(`^${pattern.split('{feature}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(\\w+)')}$`);
  const appFolder = appFolderOf(viewsFile);
  for (const module of modules) {
    const file = snapshot.pythonFiles().find((candidate) => moduleNameOf(candidate, snapshot) === module);
    const match = file === undefined ? null : shape.exec(path.relative(appFolder, file).split(path.sep).join('/'));
    if (match) return match[1];
  }
  return undefined;
}

/** `checkout` → handle_checkout; `OrderViewSet.perform_create` → handle_order_perform_create. */
function controllerName(name: string, className?: string): string {
  if (!className) return `handle_${name}`;
  const owner = nameTokens(className).filter((word) => !['view', 'viewset', 'set', 'api'].includes(word));
  return `handle_${[...owner, name].join('_')}`;
}
