/**
 * "Extract duplicated block into a function of the app's utils": one function made from one
 * copy, every copy replaced by a call to it.
 *
 *     # shop/views.py and shop/api.py, before      # shop/utils/order.py, created
 *     subtotal = sum(l.price for l in lines)       def compute_total(lines, coupon):
 *     if coupon:                                       subtotal = sum(l.price for l in lines)
 *         subtotal -= coupon.amount                    if coupon:
 *     total = subtotal * TAX                               subtotal -= coupon.amount
 *                                                      total = subtotal * TAX
 *     # both, after                                    return total
 *     total = compute_total(lines, coupon)
 *
 * The function goes to the app's utils, grouped by feature (utilsTarget.ts); one already there
 * with the same code is called instead of creating a twin (sharedFunction.ts); its name and the
 * names of the values that differ come from the code (extractedNames.ts). Exact copies always
 * qualify. A renamed copy qualifies when what differs are its own local names (passed by
 * position), plain literals and names taken from the module (a model, a form class: each
 * becomes a parameter, each copy passing its own), while the function takes no more than
 * `duplicateBlock.maxParameters` parameters in all, its inputs included.
 * Copies that differ in any other code are refused, with the first difference. Noise (model fields, URL lists, settings…) is not offered at all.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { lexPython } from '../../core/python/pythonLexer';
import { moduleNameOf } from '../../core/python/moduleNames';
import { extractToModule, type ExtractPlan } from '../extract/extractToModule';
import { statementRunWithin, type RunStatement } from './statementRun';
import { applyTextEdits, refuse, withPlannedFiles, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { differences, where, type ClonePlaceLines, type ValueSlot } from './cloneDifferences';
import { importClashIn, missingPackageInits, utilsModuleFor, utilsModulesOf } from './utilsTarget';
import { identicalFunction } from './sharedFunction';
import { functionNameFor } from './extractedNames';
import { noiseOf, repeatedCallee } from './duplicateNoise';
import { selfAttributeSlots } from './selfAttributes';
import { extractIntoMethod } from './sharedMethod';
import { outlineOf } from '../targetModule';
import { extractByApp, offeredByApp } from './appParts';
import { wrapperFunctions } from '../hard/wrapperFunctions';
import { DEFAULT_SETTINGS } from '../../core/config/settings';

export type { ClonePlaceLines } from './cloneDifferences';

export interface DuplicateExtraction {
  readonly title: string;
  readonly result: RefactorResult;
  /**
   * Why no function is offered for the clone: noise (model fields, URL lists…) or code that
   * cannot become one (class bodies, copies that differ in other names, a block working on
   * `self`). The finding stays; no action is listed.
   */
  readonly noise?: string;
}

const PROBE_NAME = 'untangle_extracted_block';

/** The title before the plan names the function and its module. */
const UNTITLED = 'Extract duplicated block into utils';

/**
 * The extraction without planning it: what the editor lists, or why no fix is offered (the
 * clone's code cannot become one function), the same reasons {@link extractDuplicate} gives.
 */
export function duplicateOffer(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]): { title: string; noise?: string } {
  const noise = offerNoise(parser, snapshot, clones);
  // All the copies cannot be extracted, but those of one app may be (appParts.ts).
  if (noise && offeredByApp(snapshot, clones, (part) => offerNoise(parser, snapshot, part) === undefined)) return { title: UNTITLED };
  return noise ? { title: UNTITLED, noise } : { title: UNTITLED };
}

/** Why no extraction of the copies is listed, if none is. */
function offerNoise(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]): string | undefined {
  const noise = noiseOf(parser, snapshot, clones);
  if (noise) return noise;
  const places = alignedStatementRuns(parser, snapshot, clones, false);
  // Copies alike statement for statement (differing in expressions) are offered too: planning judges the differences.
  if (typeof places !== 'string' || typeof alignedStatementRuns(parser, snapshot, clones, true) !== 'string') return undefined;
  const functions = wrapperFunctions(parser, snapshot, clones, DEFAULT_SETTINGS.duplicateBlock.maxParameters);
  return functions ? functions.noise : places;
}

/** The extraction of all the copies, else of the copies of each app (appParts.ts). */
export function extractDuplicate(
  parser: PythonParser,
  snapshot: WorkspaceSnapshot,
  clones: readonly ClonePlaceLines[],
  maxParameters = DEFAULT_SETTINGS.duplicateBlock.maxParameters,
): DuplicateExtraction {
  return extractByApp(snapshot, clones, (current, copies) => extractWhole(parser, current, copies, maxParameters));
}

function extractWhole(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[], maxParameters: number): DuplicateExtraction {
  // What the clone's code rules out is not offered (the finding stays, `noise` says why); what a
  // safety check of an offered extraction finds is a refusal.
  const notOffered = (reason: string): DuplicateExtraction => ({ title: UNTITLED, result: refuse(reason), noise: reason });
  const noise = noiseOf(parser, snapshot, clones);
  if (noise) return notOffered(noise);
  // Copies alike statement for statement but for the expressions they hold are tried whole first, then their longest identical run.
  const whole = alignedStatementRuns(parser, snapshot, clones, true);
  const extraction = typeof whole === 'string' ? undefined : extractAligned(parser, snapshot, whole, maxParameters);
  if (extraction?.result.safe) return extraction;
  const places = alignedStatementRuns(parser, snapshot, clones, false);
  const part = typeof places === 'string' ? undefined : extractAligned(parser, snapshot, places, maxParameters);
  if (part?.result.safe) return part;
  // Whole functions that no block extraction serves become thin wrappers of one general function.
  const functions = wrapperFunctions(parser, snapshot, clones, maxParameters);
  if (functions?.result.safe) return functions;
  // When neither can be extracted, why the whole copies cannot, else why whole functions get no wrappers, says more than why a part cannot.
  if (typeof places === 'string') return extraction ?? functions ?? notOffered(places);
  return extraction ?? part!;
}

/** The extraction of copies narrowed to the same statements. */
function extractAligned(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], maxParameters: number): DuplicateExtraction {
  const notOffered = (reason: string): DuplicateExtraction => ({ title: UNTITLED, result: refuse(reason), noise: reason });
  const ordered = [...places].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.startLine - b.startLine));
  const first = ordered[0];
  const utils = utilsModuleFor(parser, snapshot, first.file, first.startLine);
  // The engine creates packages below the copy's own package only; the app's utils/ may be elsewhere.
  const inits = new Map(missingPackageInits(snapshot, utils).map((file) => [file, '']));
  const planned = withPlannedFiles(snapshot, inits);
  // The probe lives beside the target, so its imports are written as the target's would be.
  const probeFile = path.join(path.dirname(utils.file), `${PROBE_NAME}.py`);
  const probe = extractToModule(parser, planned, { ...first, targetFile: probeFile, functionName: PROBE_NAME });
  if (!probe.safe || !probe.plan) return { title: UNTITLED, result: refuse(`${where(first)}: ${probe.safe ? 'no plan' : probe.reason}`) };
  const differing = differences(parser, snapshot, ordered, probe.plan, maxParameters);
  if (typeof differing === 'string') return notOffered(differing);
  const callee = differing.length > 0 ? repeatedCallee(parser, snapshot.read(first.file) ?? '', first) : undefined;
  if (callee) return notOffered(`${where(first)}: the copies are calls of \`${callee}\` with their own arguments, which a function passing the arguments on would not make clearer`);
  // A block reading attributes of `self` takes them as values; one working on `self` otherwise is a method.
  const self = probe.plan.parameters.find((name) => name === 'self' || name === 'cls');
  const attributes = self ? selfAttributeSlots(parser, snapshot, ordered, self, differing.map((slot) => slot.name)) : [];
  if (typeof attributes === 'string') {
    // A method in disguise: one method of the copies' class, or of the base they share, instead (sharedMethod.ts).
    const copies = { places: ordered, values: ordered.map((place, k) => valuesAt(differing, k, place)), block: generalBlockOf(snapshot, first, differing) };
    const method = extractIntoMethod(parser, snapshot, copies, maxParameters);
    if (method.noise === undefined) return method;
    return notOffered(`${attributes}: a function in utils taking \`${self}\` would be a method in disguise, and one method cannot serve the copies: ${method.noise}`);
  }
  const slots = [...differing, ...attributes];
  const replanned = slots.length === 0 ? probe : extractToModule(parser, planned, { ...first, targetFile: probeFile, functionName: PROBE_NAME, values: valuesAt(slots, 0, first) });
  if (!replanned.safe || !replanned.plan) return { title: UNTITLED, result: refuse(`${where(first)}: ${replanned.safe ? 'no plan' : replanned.reason}`) };
  const plan = replanned.plan;
  // Near-copies are worth one function when it stays small: its inputs count as much as what the copies differ in.
  const parameters = [...new Set([...plan.parameters, ...slots.map((slot) => slot.name)])];
  if (differing.length > 0 && parameters.length > maxParameters) {
    return notOffered(`${where(first)}: one function serving the copies would need ${parameters.length} parameters (${parameters.map((n) => `\`${n}\``).join(', ')}); the limit is ${maxParameters} (\`duplicateBlock.maxParameters\`), and a function taking so many would not be clearer than the copies`);
  }
  if (plan.fromSource.length > 0 && isViewModule(first.file)) {
    const names = plan.fromSource.map((n) => `\`${n}\``).join(', ');
    return notOffered(`${where(first)}: the block uses ${names} of ${path.basename(first.file)}, and a util must not import back from the views; move ${plan.fromSource.length === 1 ? 'it' : 'them'} out of the views first`);
  }
  const elsewhere = ordered.find((place) => place.file !== first.file);
  if (elsewhere && plan.fromSource.length > 0) {
    const names = plan.fromSource.map((n) => `\`${n}\``).join(', ');
    return notOffered(`${where(elsewhere)}: each module has its own ${names}, which one function cannot share; pass it as a parameter first`);
  }

  const existing = sameFunctionInUtils(parser, planned, first, probeFile, utils.app, slots);
  const targetFile = existing?.file ?? utils.file;
  const label = existing ? path.relative(utils.app, existing.file).split(path.sep).join('/') : utils.label;
  const returned = returnedByCopy(parser, planned, ordered, slots, { probeFile, plan });
  const name = existing?.name ?? functionNameFor(generalBlockOf(snapshot, first, slots), plan, utils.feature, freeIn(parser, snapshot, ordered, targetFile), { returnedByCopy: returned, passed: slots.map((slot) => slot.name) });
  const clash = existing ? undefined : importClashIn(parser, snapshot, first.file, wordsOf(blockOf(snapshot, first)), targetFile);
  if (clash) return { title: UNTITLED, result: refuse(`${where(first)}: ${label} already uses \`${clash}\` for something else than the block's import of it`) };
  const title = existing ? `Replace duplicated block with a call to \`${name}()\` of \`${label}\`` : `Extract duplicated block into \`${name}()\` in \`${label}\``;
  const result = replaceCopies(parser, snapshot, ordered, slots, { targetFile, name, reuse: existing !== undefined, inits: existing ? new Map() : inits });
  if (!result.safe) return { title, result };
  const signature = `${name}(${parameters.join(', ')})`;
  return { title, result: { ...result, summary: `replaces ${places.length} copies with calls to \`${signature}\` ${existing ? 'of' : 'in'} ${label}` } };
}

/** Every copy replaced by a call to the function (created with the first unless `reuse`). */
function replaceCopies(
  parser: PythonParser,
  snapshot: WorkspaceSnapshot,
  ordered: readonly ClonePlaceLines[],
  slots: readonly ValueSlot[],
  target: { targetFile: string; name: string; reuse: boolean; inits: ReadonlyMap<string, string> },
): RefactorResult {
  const files = new Map<string, string>(target.inits);
  const created = new Set<string>(target.inits.keys());
  const current = withPlannedFiles(snapshot, files);
  // Bottom-up within each file, so replacing one copy leaves the lines of the others in place.
  const queue = [...ordered].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : b.startLine - a.startLine));
  const shifts = new Map<string, TextEdit[]>();
  for (let i = 0; i < queue.length; i++) {
    const place = shifted(queue[i], shifts.get(queue[i].file) ?? []);
    const values = valuesAt(slots, ordered.indexOf(queue[i]), place);
    const result = extractToModule(parser, current, { ...place, targetFile: target.targetFile, functionName: target.name, reuse: target.reuse || i > 0, values });
    if (!result.safe) return refuse(`${where(queue[i])}: ${result.reason}`);
    for (const file of result.edit.createFiles) created.add(file);
    for (const [file, edits] of result.edit.edits) {
      files.set(file, applyTextEdits(current.read(file) ?? '', edits));
      shifts.set(file, [...(shifts.get(file) ?? []), ...edits]);
    }
  }
  const edits = new Map<string, TextEdit[]>();
  for (const [file, text] of files) {
    if (created.has(file) && text === '') continue;
    const before = created.has(file) ? '' : (snapshot.read(file) ?? '');
    edits.set(file, [{ range: { start: { line: 0, character: 0 }, end: endOf(before) }, newText: text }]);
  }
  return { safe: true, edit: { createFiles: [...created].sort(parentsFirst), edits }, summary: '' };
}

/** Where copy `copy` writes each differing value, placed at `place`. */
function valuesAt(slots: readonly ValueSlot[], copy: number, place: ClonePlaceLines) {
  return slots.map((slot) => {
    const { line, character, length, replacement, argument } = slot.at[copy];
    return { name: slot.name, replacement, argument, range: { start: { line: place.startLine + line, character }, end: { line: place.startLine + line, character: character + length } } };
  });
}

/** The names each copy gives what the block returns (`obj` in one, `clone` in another): they name the function only where they agree. */
function returnedByCopy(parser: PythonParser, snapshot: WorkspaceSnapshot, ordered: readonly ClonePlaceLines[], slots: readonly ValueSlot[], first: { probeFile: string; plan: ExtractPlan }): (readonly string[])[] {
  return ordered.map((place, k) => {
    if (k === 0 || first.plan.returns.length === 0) return first.plan.returns;
    const probe = extractToModule(parser, snapshot, { ...place, targetFile: first.probeFile, functionName: PROBE_NAME, values: valuesAt(slots, k, place) });
    return probe.plan?.returns ?? first.plan.returns;
  });
}

/** A function of the app's utils with the code the first copy would become, if there is one. */
function sameFunctionInUtils(parser: PythonParser, snapshot: WorkspaceSnapshot, first: ClonePlaceLines, probeFile: string, app: string, slots: readonly ValueSlot[]) {
  const modules = utilsModulesOf(snapshot, app);
  if (modules.length === 0) return undefined;
  const probe = extractToModule(parser, snapshot, { ...first, targetFile: probeFile, functionName: PROBE_NAME, values: valuesAt(slots, 0, first) });
  const edits = probe.safe ? probe.edit.edits.get(probeFile) : undefined;
  if (!edits) return undefined;
  const planned = withPlannedFiles(snapshot, new Map([[probeFile, '']]));
  const probePackage = moduleNameOf(probeFile, planned).split('.').slice(0, -1).join('.');
  return identicalFunction(parser, snapshot, modules, applyTextEdits('', edits), probePackage, PROBE_NAME);
}

/** Whether a new function may take the name: no copy's module and not the target use it already. */
function freeIn(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], targetFile: string): (name: string) => boolean {
  const used = new Set<string>();
  for (const file of new Set(places.map((place) => place.file))) for (const word of wordsOf(snapshot.read(file) ?? '')) used.add(word);
  const target = snapshot.read(targetFile);
  const bound = target === undefined ? new Set<string>() : outlineOf(parser, target).boundNames;
  return (name) => !used.has(name) && !bound.has(name);
}

/** Views depend on utils, never the other way round. */
function isViewModule(file: string): boolean {
  return ['views.py', 'api.py', 'viewsets.py'].includes(path.basename(file)) || path.basename(path.dirname(file)) === 'views';
}

function wordsOf(code: string): string[] {
  return [...new Set(lexPython(code).filter((token) => token.kind === 'name').map((token) => code.slice(token.start, token.end)))];
}

function blockOf(snapshot: WorkspaceSnapshot, place: ClonePlaceLines): string {
  return (snapshot.read(place.file) ?? '').split('\n').slice(place.startLine, place.endLine + 1).join('\n');
}

/** The first copy with what the copies differ in written as its parameter (`model.objects`, not `Check.objects`): what names the function. */
function generalBlockOf(snapshot: WorkspaceSnapshot, place: ClonePlaceLines, slots: readonly ValueSlot[]): string {
  const lines = blockOf(snapshot, place).split('\n');
  const spots = slots.map((slot) => ({ name: slot.name, ...slot.at[0] })).sort((a, b) => b.line - a.line || b.character - a.character);
  for (const { name, line, character, length } of spots) lines[line] = lines[line].slice(0, character) + name + lines[line].slice(character + length);
  return lines.join('\n');
}

/**
 * The same statements in every copy. Clones are found on tokens and grouped, so their places may
 * start and end at other statements; each is narrowed to whole statements, then all to the
 * longest stretch of statements they all share (same shape, in order).
 */
function alignedStatementRuns(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[], whole: boolean): ClonePlaceLines[] | string {
  const runs: RunStatement[][] = [];
  for (const clone of clones) {
    const run = statementRunWithin(parser, snapshot.read(clone.file) ?? '', clone);
    if (!run) return `${where(clone)}: the duplicated lines hold no whole statements inside a function that can move`;
    runs.push(run);
  }
  const [reference, ...others] = runs;
  if (whole) {
    // Alike statement for statement but for the expressions they hold (judged by differences()).
    const alike = others.every((run) => run.length === reference.length && run.every((statement, i) => statement.head === reference[i].head));
    if (!alike) return 'not alike statement for statement';
    // A first or last simple statement that differs stays at each call site (`name = <its own expression>`): the function
    // takes or gives its value. A compound one (`if …: path = <its own>`) is the function's to generalize.
    const same = (i: number) => others.every((run) => run[i].shape === reference[i].shape);
    const staysAtCall = (i: number) => !same(i) && !COMPOUND.test(reference[i].head);
    let [from, to] = [0, reference.length];
    while (from < to && staysAtCall(from)) from++;
    while (to > from && staysAtCall(to - 1)) to--;
    // Too little left to share: the function takes the differing statements' expressions instead.
    if (!worthSharing(reference, from, to)) [from, to] = [0, reference.length];
    const differing = Array.from({ length: to - from }, (_, k) => from + k).some((i) => !same(i));
    if (!worthSharing(reference, from, to) || !differing) return 'alike only in a run of identical statements';
    return clones.map((clone, i) => ({ file: clone.file, startLine: runs[i][from].startLine, endLine: runs[i][to - 1].endLine }));
  }
  let best: { start: number; length: number; at: number[] } | undefined;
  for (let start = 0; start < reference.length; start++) {
    for (let length = reference.length - start; length > (best?.length ?? 0); length--) {
      const wanted = reference.slice(start, start + length).map((statement) => statement.shape);
      const at = others.map((run) => indexOfSequence(run.map((statement) => statement.shape), wanted));
      if (at.every((index) => index >= 0)) {
        best = { start, length, at };
        break;
      }
    }
  }
  if (!best || !worthSharing(reference, best.start, best.start + best.length)) {
    return `${where(clones[0])}: the copies share no run of ${MIN_SHARED_STATEMENTS} or more whole statements (fresh initialisations aside), nor one compound statement of ${MIN_COMPOUND_LINES} lines or more`;
  }
  const { start, length, at } = best;
  // An extra statement before or after the shared run stays at its call site; one between shared statements cannot.
  for (const [k, run] of others.entries()) {
    const gap = statementGap(reference, start, length, run, at[k]);
    if (gap) return `${where(gap.inReference ? clones[0] : clones[k + 1])}: the copies differ by a statement at line ${(gap.inReference ? reference : run)[gap.index].startLine + 1}; make them alike first (the shared statements around it would be two functions)`;
  }
  return clones.map((clone, i) => {
    const from = i === 0 ? start : at[i - 1];
    return { file: clone.file, startLine: runs[i][from].startLine, endLine: runs[i][from + length - 1].endLine };
  });
}

/**
 * Where one copy has statements the other lacks between statements both share, next to the
 * shared run (`reference[start…start+length)` = `other[at…]`): the first extra statement, if any.
 */
function statementGap(reference: readonly RunStatement[], start: number, length: number, other: readonly RunStatement[], at: number): { inReference: boolean; index: number } | undefined {
  const shape = (run: readonly RunStatement[], i: number) => run[i]?.shape;
  for (const [step, refNext, otherNext] of [[1, start + length, at + length], [-1, start - 1, at - 1]] as const) {
    if (shape(reference, refNext) === undefined || shape(other, otherNext) === undefined) continue;
    for (let skip = 1; shape(other, otherNext + step * skip) !== undefined; skip++) {
      if (shape(other, otherNext + step * skip) === shape(reference, refNext)) return { inReference: false, index: step > 0 ? otherNext : otherNext - skip + 1 };
    }
    for (let skip = 1; shape(reference, refNext + step * skip) !== undefined; skip++) {
      if (shape(reference, refNext + step * skip) === shape(other, otherNext)) return { inReference: true, index: step > 0 ? refNext : refNext - skip + 1 };
    }
  }
  return undefined;
}

/** Fewer shared statements than this, fresh initialisations (`to_process = set()`) not counted, is not worth a function of its own… */
const MIN_SHARED_STATEMENTS = 2;
/** …but for one compound statement this long (an `if`/`else` deciding a value). */
const MIN_COMPOUND_LINES = 4;
const COMPOUND = /^(if|for|while|with|try|async|match)\b/;

/** Whether statements `[from, to)` of a run are worth a function of their own. */
function worthSharing(run: readonly RunStatement[], from: number, to: number): boolean {
  if (run.slice(from, to).filter((statement) => !statement.initialisation).length >= MIN_SHARED_STATEMENTS) return true;
  return to - from === 1 && COMPOUND.test(run[from].head) && run[from].endLine - run[from].startLine + 1 >= MIN_COMPOUND_LINES;
}

function indexOfSequence(items: readonly string[], wanted: readonly string[]): number {
  for (let i = 0; i + wanted.length <= items.length; i++) if (wanted.every((item, k) => items[i + k] === item)) return i;
  return -1;
}

/** Moves a place by the lines that edits above it added or removed. */
function shifted(place: ClonePlaceLines, edits: readonly TextEdit[]): ClonePlaceLines {
  let delta = 0;
  for (const edit of edits) {
    if (edit.range.start.line > place.startLine) continue;
    delta += (edit.newText.match(/\n/g)?.length ?? 0) - (edit.range.end.line - edit.range.start.line);
  }
  return { ...place, startLine: place.startLine + delta, endLine: place.endLine + delta };
}

/** Created files in the order to create them: a package's `__init__.py` before its modules. */
function parentsFirst(a: string, b: string): number {
  const rank = (file: string) => [path.dirname(file).length, path.basename(file) === '__init__.py' ? 0 : 1];
  const [x, y] = [rank(a), rank(b)];
  return x[0] - y[0] || x[1] - y[1] || (a < b ? -1 : 1);
}

function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
