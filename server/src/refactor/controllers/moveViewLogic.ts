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
 * the request (or, in a class-based view, `self`), builds a response, redirects, sends a message,
 * defines a class or turns the URL's arguments into objects stays in the view, so the controller
 * takes plain values and returns plain values. A block that only reads a value of the request in
 * passing (`request.GET.get("q")`, `self.kwargs`) moves, the view reading the value just before
 * the call (requestReads.ts). When the engine refuses a run, shorter runs are tried. A move that
 * would leave the view over the rule's limits is no improvement (a controller that only builds
 * two forms): when no run can take the view under them, no move is offered (`notOffered` says
 * why); when some can but the engine refuses each, the first refusal is given. Moving again
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
import { classOf, extractWithHelpers, findView, type ViewId } from './viewHelpers';
import { buildsContext, buildsResponse, isOneLiner, mutatedInPlace, returns } from './viewWork';
import { initialisesOnly } from '../../core/python/classMembers';
import { isName, namedReads, readStatementTarget, requestReadsIn, type RequestRead } from './requestReads';
import type { ExtractRequest } from '../extract/extractToModule';
import { nameFlow, parameterNames, type NameFlow } from '../analysis/dataFlow';
import { boundNames, outlineOf } from '../targetModule';
import { applyTextEdits, EditChain, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';

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
  /**
   * Set when no move is offered, with why: no part of the view can move and take it under the
   * limits (the rest of its logic reads the request or builds the response).
   */
  readonly notOffered?: string;
}

/** Tries at most this many shorter runs before giving up on a view. */
const MAX_ATTEMPTS = 16;

/** A controller hands back at most this many values: `a, b, c, d = handle_view(…)` is no clearer than the view. */
const MAX_RESULTS = 3;

/** A view's move without planning it: the title the editor lists, or why none is offered or it is refused at sight. */
export function viewLogicTitle(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ViewLogicRequest): { title: string; refused?: string; notOffered?: string } {
  const target = targetOf(parser, snapshot, request);
  if ('result' in target) return { title: target.title, refused: target.result.safe ? undefined : target.result.reason };
  const parts = fittingParts(parser, target, request);
  return parts.fitting.length > 0 ? { title: target.title } : { title: target.title, notOffered: parts.why };
}

export function moveViewLogic(parser: PythonParser, snapshot: WorkspaceSnapshot, request: ViewLogicRequest): ViewLogicMove {
  const target = targetOf(parser, snapshot, request);
  if ('result' in target) return target;
  const { title, view, targetFile, functionName } = target;
  const parts = fittingParts(parser, target, request);
  let refusal: string | undefined;
  for (const plan of parts.fitting) {
    const extract = { file: request.file, startLine: plan.start, endLine: plan.end, targetFile, functionName };
    const result = plan.before === '' ? extractWithHelpers(parser, snapshot, extract, view) : extractReadingFirst(parser, snapshot, extract, view, plan);
    if (result.safe) return { title, result };
    refusal ??= result.reason;
  }
  // A move that fits the limits and fails a safety check is refused; when none fits, none is offered.
  if (refusal !== undefined) return { title, result: refuse(refusal) };
  return { title, result: refuse(parts.why), notOffered: parts.why };
}

/**
 * The parts of the view whose move would take it under the limits, in the order to try them
 * (known before extracting: the view keeps the reads, then one call); `why` none fits.
 */
function fittingParts(parser: PythonParser, { text, label, view, functionName }: ViewLogicTarget, request: ViewLogicRequest): { fitting: PartPlan[]; why: string } {
  const limits = request.limits ?? DEFAULT_SETTINGS.logicHeavyView;
  const fitting: PartPlan[] = [];
  let overLimit: string | undefined;
  let tooManyResults: string | undefined;
  const lines = text.split('\n');
  for (const part of attempts(view.runs)) {
    const plan = planPart(part, lines, new Set([...view.variables, functionName]));
    if (!plan) continue;
    const kept = { range: { start: { line: plan.start, character: 0 }, end: { line: plan.end + 1, character: 0 } }, newText: `${plan.before}${plan.indent}pass\n` };
    const over = overLimits(metricsAfter(parser, text, [kept], view), limits);
    if (over.length === 0 && plan.results.length > MAX_RESULTS) tooManyResults ??= `moving lines ${plan.start + 1}–${plan.end + 1}, the controller would hand back ${plan.results.length} values (${plan.results.map((name) => `\`${name}\``).join(', ')}), which reads worse than the view's own lines`;
    else if (over.length === 0) fitting.push(plan);
    else overLimit ??= `moving lines ${plan.start + 1}–${plan.end + 1} would still leave \`${label}\` over the limit (${over.join(', ')}): the rest of its logic is view work (it reads the request${view.className ? ' or `self`' : ''}, builds the response or defines the view's classes); separate them first`;
  }
  const why = tooManyResults ?? overLimit ?? `the view has no statements to move that do not read the request${view.className ? ' or `self`' : ''} or build the response (one statement alone stays)`;
  return { fitting, why };
}

/**
 * The view as the move sees it. `names`: those of the views module and of the view, which the
 * controller function must not take; `calls`: the modules of the names the view imports and reads.
 */
interface View {
  readonly name: string;
  readonly className?: string;
  readonly requestName: string;
  readonly variables: string[];
  readonly runs: Span[][];
  readonly names: string[];
  readonly calls: string[];
}

/** Where a view's logic goes, known before any part is tried. */
interface ViewLogicTarget {
  readonly title: string;
  readonly text: string;
  readonly label: string;
  readonly view: View;
  readonly targetFile: string;
  readonly functionName: string;
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
      // What a variable the view reads the request into must not be: a name of the module or of the view.
      const variables = [...boundNames(outline), ...fn.descendantsOfType('identifier').filter(isName).map((identifier) => identifier.text)];
      // What may rebind a builtin the view calls: the names the module and the view bind.
      const bound = new Set([...boundNames(outline), ...parameterNames(fn), ...nameFlow(fn.childForFieldName('body')!.namedChildren).writes]);
      const pkg = packageOf(moduleNameOf(request.file, snapshot), path.basename(request.file) === '__init__.py');
      const calls = outline.imports.filter((b) => b.importedName !== undefined && identifiers.includes(b.localName)).map((b) => absoluteModule(b.module, pkg));
      view = { name: fn.childForFieldName('name')!.text, className, requestName, variables, runs: candidateRuns(fn, text.split('\n'), requestName, className !== undefined, bound), names, calls };
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
 * What the view does before the call when `part` moves: the statements naming request values
 * that lie amid the part, moved up, then the reads the part makes in passing, into variables
 * (`before`). Undefined when a statement to move up would pass lines that read or write its name.
 */
interface PartPlan {
  readonly start: number;
  readonly end: number;
  readonly indent: string;
  readonly before: string;
  /** The statements moved up, and the reads replaced by their variables. */
  readonly moved: readonly Span[];
  readonly uses: readonly TextEdit[];
  /** The variables the view reads the request into for the controller. */
  readonly variables: readonly string[];
  /** What the controller hands back: the names the moved lines bind that the view reads afterwards. */
  readonly results: readonly string[];
}

function planPart(spans: readonly Span[], lines: readonly string[], taken: ReadonlySet<string>): PartPlan | undefined {
  // A statement naming a request value at either end simply stays where it is, in the view.
  let [first, last] = [0, spans.length - 1];
  while (first <= last && spans[first].binds !== undefined) first++;
  while (last >= first && spans[last].binds !== undefined) last--;
  const part = spans.slice(first, last + 1);
  if (part.length === 0 || (part.length === 1 && part[0].oneLiner)) return undefined;
  // Initialisations ending a part are the view's (candidateRuns); a controller changing in place
  // a value the view made (`pairs.sort()` after `pairs = list(…)`) takes the view's work apart.
  if (part[part.length - 1].forLaterViewCode) return undefined;
  const madeInPart = new Set(part.filter((span) => span.binds === undefined).flatMap((span) => span.writes));
  if (part.some((span) => span.mutates !== undefined && !madeInPart.has(span.mutates))) return undefined;
  const moved = part.filter((span) => span.binds !== undefined);
  for (const span of moved) if (part.slice(0, part.indexOf(span)).some((earlier) => earlier.names.has(span.binds!))) return undefined;
  const [start, end] = [part[0].first, part[part.length - 1].last];
  const indent = /^\s*/.exec(lines[start])![0];
  const reads = part.flatMap((span) => span.reads);
  const names = namedReads(reads, taken);
  const statements = moved.map((span) => `${lines.slice(span.first, span.last + 1).join('\n')}\n`).join('');
  const before = statements + [...names].map(([read, name]) => `${indent}${name} = ${read}\n`).join('');
  const uses = reads.map((read) => ({ range: { start: { line: read.row, character: read.column }, end: { line: read.row, character: read.column + read.text.length } }, newText: names.get(read.text)! }));
  const after = part[part.length - 1].liveAfter;
  const results = [...new Set(part.filter((span) => span.binds === undefined).flatMap((span) => span.writes))].filter((name) => after.has(name));
  return { start, end, indent, before, moved, uses, variables: [...moved.map((span) => span.binds!), ...names.values()], results };
}

/**
 * The extraction of lines the view first reads request values for: the reads go before them
 * into variables the lines use instead, which the controller then takes as parameters.
 */
function extractReadingFirst(parser: PythonParser, snapshot: WorkspaceSnapshot, extract: ExtractRequest, view: ViewId, plan: PartPlan): RefactorResult {
  const removed = plan.moved.map((span) => ({ range: { start: { line: span.first, character: 0 }, end: { line: span.last + 1, character: 0 } }, newText: '' }));
  const chain = new EditChain(snapshot);
  chain.add({ createFiles: [], edits: new Map([[extract.file, [{ range: { start: { line: plan.start, character: 0 }, end: { line: plan.start, character: 0 } }, newText: plan.before }, ...removed, ...plan.uses]]]) });
  const added = plan.before.split('\n').length - 1;
  const movedLines = plan.moved.reduce((count, span) => count + span.last - span.first + 1, 0);
  const result = extractWithHelpers(parser, chain.snapshot, { ...extract, startLine: plan.start + added, endLine: plan.end + added - movedLines }, view);
  if (!result.safe) return result;
  chain.add(result.edit);
  const variables = plan.variables.map((name) => `\`${name}\``).join(', ');
  return { safe: true, edit: chain.edit(), summary: `${result.summary}, the view reading ${variables} from the request first` };
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

/**
 * First and last line of a statement, whether it is a one-liner (see isOneLiner), the reads of
 * the request the view makes before it when it moves (requestReads.ts), the names it reads or
 * writes, and for a statement that only names a request value, that name (`binds`).
 */
interface Span {
  readonly first: number;
  readonly last: number;
  readonly oneLiner: boolean;
  /** Only sets up what the view's later code uses: `checks = []`, or the response's `ctx = {…}`. */
  readonly forLaterViewCode: boolean;
  readonly reads: readonly RequestRead[];
  readonly names: ReadonlySet<string>;
  readonly writes: readonly string[];
  /** Names the view may read after the statement. */
  readonly liveAfter: ReadonlySet<string>;
  /** The name the statement changes in place (`pairs.sort()`). */
  readonly mutates?: string;
  readonly binds?: string;
}

/** Runs of body statements that neither return nor do view work, longest first, each as its statements' spans. */
function candidateRuns(fn: Node, lines: readonly string[], requestName: string, isMethod: boolean, shadowed: ReadonlySet<string>): Span[][] {
  const body = fn.childForFieldName('body')!.namedChildren.filter((s) => s.type !== 'comment');
  const statements = body[0]?.type === 'expression_statement' && body[0].namedChildren[0]?.type === 'string' ? body.slice(1) : body;
  const flows = statements.map((statement) => nameFlow([statement]));
  // What the view may read after each statement: the later statements' reads before their writes, composed backwards once.
  const live: ReadonlySet<string>[] = [];
  for (let k = statements.length - 1, after = new Set<string>(); k >= 0; k--) {
    live[k] = after;
    after = new Set([...flows[k].readsBeforeWrite, ...[...after].filter((name) => !flows[k].definiteWrites.has(name))]);
  }
  const runs: Span[][] = [[]];
  for (const [k, statement] of statements.entries()) {
    const flow = flows[k];
    const reads = returns(statement) ? undefined : readsOfLogic(statement, flow, lines, requestName, isMethod, shadowed);
    const span = { first: statement.startPosition.row, last: statement.endPosition.row, oneLiner: isOneLiner(statement), forLaterViewCode: initialisesOnly(statement) || buildsContext(statement), names: new Set([...flow.reads, ...flow.writes]), writes: flow.writes, liveAfter: live[k], mutates: mutatedInPlace(statement) };
    if (reads === undefined) runs.push([]);
    else if (reads.length > 0 && span.oneLiner) runs[runs.length - 1].push({ ...span, reads: [], binds: readStatementTarget(statement, reads, shadowed)! });
    else runs[runs.length - 1].push({ ...span, reads });
  }
  // `checks = []` or the response's `ctx = {…}` ending a run is for the view's code after it:
  // moved, the controller would only hand it back (and build the view's presentation).
  for (const run of runs) while (run.length > 0 && run[run.length - 1].forLaterViewCode) run.pop();
  return runs.filter((run) => run.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * The reads of the request a statement of logic makes (none for most); undefined when the
 * statement is view work: it sends a message to the user, builds a response, defines a class,
 * rebinds the request, or uses the request (or `self` in a method) otherwise than by reads the
 * view can make before it. A one-line statement reading the request is reading the request, the
 * view's job, unless all it does is name one value of it (readStatementTarget).
 */
function readsOfLogic(statement: Node, flow: NameFlow, lines: readonly string[], requestName: string, isMethod: boolean, shadowed: ReadonlySet<string>): RequestRead[] | undefined {
  const { reads, writes } = flow;
  // A class defined in a view is the view's own (a form, a view subclass): no controller defines one.
  if (statement.type === 'class_definition' || reads.has('messages') || buildsResponse(statement)) return undefined;
  // Rebinding the request would change what the reads made before the moved lines see.
  if (writes.includes(requestName) || (isMethod && writes.includes('self'))) return undefined;
  if (!reads.has(requestName) && !(isMethod && reads.has('self'))) return [];
  const requestReads = requestReadsIn(statement, lines, requestName, isMethod);
  if (!isOneLiner(statement) || requestReads === undefined) return requestReads;
  return readStatementTarget(statement, requestReads, shadowed) === undefined ? undefined : requestReads;
}

/** Each run whole, then without its last or its first statements, one more at a time, never a one-liner alone; longest runs first. */
function* attempts(runs: readonly Span[][]): Iterable<readonly Span[]> {
  let tried = 0;
  for (const run of runs) {
    const parts = [run, ...run.slice(1).flatMap((_, dropped) => [run.slice(0, run.length - dropped - 1), run.slice(dropped + 1)])];
    for (const part of parts) {
      if (part.length === 1 && part[0].oneLiner) continue;
      yield part;
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
