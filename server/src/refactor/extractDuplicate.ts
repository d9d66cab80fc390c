/**
 * "Extract duplicated block into utils/<name>.py": one function made from one copy, every copy
 * replaced by a call to it.
 *
 *     # shop/views.py and shop/api.py, before      # shop/utils/compute_total.py, created
 *     subtotal = sum(l.price for l in lines)       def compute_total(lines, coupon):
 *     if coupon:                                       subtotal = sum(l.price for l in lines)
 *         subtotal -= coupon.amount                    if coupon:
 *     total = subtotal * TAX                               subtotal -= coupon.amount
 *                                                      total = subtotal * TAX
 *     # both, after                                    return total
 *     total = compute_total(lines, coupon)
 *
 * Exact copies always qualify. A renamed copy qualifies when what differs are its own local
 * names (passed by position) and plain literals (which become parameters, each copy passing its
 * own value). Copies that differ in the names they use from elsewhere, or in any other code, are
 * refused, with the first difference.
 */
import * as path from 'path';
import { lexPython, type LexToken } from '../core/python/pythonLexer';
import type { PythonParser } from '../core/parse/pythonParser';
import { extractToModule, type ExtractPlan } from './extractToModule';
import { statementRunWithin, type LineSpan, type RunStatement } from './statementRun';
import { applyTextEdits, refuse, withPlannedFiles, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from './domainEdit';

export interface ClonePlaceLines extends LineSpan {
  readonly file: string;
}

export interface DuplicateExtraction {
  readonly title: string;
  readonly result: RefactorResult;
}

const PROBE_NAME = 'untangle_extracted_block';

export function extractDuplicate(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]): DuplicateExtraction {
  const places = alignedStatementRuns(parser, snapshot, clones);
  if (typeof places === 'string') return { title: 'Extract duplicated block into `utils/`', result: refuse(places) };
  const ordered = [...places].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.startLine - b.startLine));
  const first = ordered[0];
  const utils = path.join(appFolderOf(first.file), 'utils');
  const probe = extractToModule(parser, snapshot, { ...first, targetFile: path.join(utils, `${PROBE_NAME}.py`), functionName: PROBE_NAME });
  if (!probe.safe || !probe.plan) {
    return { title: 'Extract duplicated block into `utils/`', result: refuse(`${where(first)}: ${probe.safe ? 'no plan' : probe.reason}`) };
  }
  const name = uniqueName(snapshot, utils, proposeName(probe.plan, snapshot.read(first.file) ?? '', first));
  const targetFile = path.join(utils, `${name}.py`);
  const title = `Extract duplicated block into \`utils/${name}.py\``;

  const slots = differences(snapshot, ordered, probe.plan);
  if (typeof slots === 'string') return { title, result: refuse(slots) };
  const elsewhere = ordered.find((place) => place.file !== first.file);
  if (elsewhere && probe.plan.fromSource.length > 0) {
    const names = probe.plan.fromSource.map((n) => `\`${n}\``).join(', ');
    return { title, result: refuse(`${where(elsewhere)}: each module has its own ${names}, which one function cannot share; pass it as a parameter first`) };
  }

  const files = new Map<string, string>();
  const created = new Set<string>();
  const current = withPlannedFiles(snapshot, files);
  // Bottom-up within each file, so replacing one copy leaves the lines of the others in place.
  const queue = [...ordered].sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : b.startLine - a.startLine));
  const shifts = new Map<string, TextEdit[]>();
  for (let i = 0; i < queue.length; i++) {
    const place = shifted(queue[i], shifts.get(queue[i].file) ?? []);
    const copy = ordered.indexOf(queue[i]);
    const values = slots.map((slot) => {
      const { line, character, length } = slot.at[copy];
      return { name: slot.name, range: { start: { line: place.startLine + line, character }, end: { line: place.startLine + line, character: character + length } } };
    });
    const result = extractToModule(parser, current, { ...place, targetFile, functionName: name, reuse: i > 0, values });
    if (!result.safe) return { title, result: refuse(`${where(queue[i])}: ${result.reason}`) };
    for (const file of result.edit.createFiles) created.add(file);
    for (const [file, edits] of result.edit.edits) {
      files.set(file, applyTextEdits(current.read(file) ?? '', edits));
      shifts.set(file, [...(shifts.get(file) ?? []), ...edits]);
    }
  }

  const edits = new Map<string, TextEdit[]>();
  for (const [file, text] of files) {
    const before = created.has(file) ? '' : (snapshot.read(file) ?? '');
    edits.set(file, [{ range: { start: { line: 0, character: 0 }, end: endOf(before) }, newText: text }]);
  }
  return {
    title,
    result: {
      safe: true,
      edit: { createFiles: [...created].sort((a, b) => a.length - b.length), edits },
      summary: `replaces ${places.length} copies with calls to \`${name}(${[...probe.plan.parameters, ...slots.map((slot) => slot.name)].join(', ')})\` in utils/${name}.py`,
    },
  };
}

/**
 * The same statements in every copy. Clones are found on tokens and grouped, so their places may
 * start and end at other statements; each is narrowed to whole statements, then all to the
 * longest stretch of statements they all share (same shape, in order).
 */
function alignedStatementRuns(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[]): ClonePlaceLines[] | string {
  const runs: RunStatement[][] = [];
  for (const clone of clones) {
    const run = statementRunWithin(parser, snapshot.read(clone.file) ?? '', clone);
    if (!run) return `${where(clone)}: the duplicated lines hold no whole statements inside a function that can move`;
    runs.push(run);
  }
  const [reference, ...others] = runs;
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
  if (!best || best.length < MIN_SHARED_STATEMENTS) return `${where(clones[0])}: the copies share no run of ${MIN_SHARED_STATEMENTS} or more whole statements`;
  const { start, length, at } = best;
  return clones.map((clone, i) => {
    const from = i === 0 ? start : at[i - 1];
    return { file: clone.file, startLine: runs[i][from].startLine, endLine: runs[i][from + length - 1].endLine };
  });
}

/** Fewer shared statements than this is not worth a function of its own. */
const MIN_SHARED_STATEMENTS = 2;

function indexOfSequence(items: readonly string[], wanted: readonly string[]): number {
  for (let i = 0; i + wanted.length <= items.length; i++) if (wanted.every((item, k) => items[i + k] === item)) return i;
  return -1;
}

function where(place: ClonePlaceLines): string {
  return `${path.basename(place.file)}:${place.startLine + 1}`;
}

function appFolderOf(file: string): string {
  const dir = path.dirname(file);
  return ['views', 'api', 'controllers'].includes(path.basename(dir)) ? path.dirname(dir) : dir;
}

/** A name from what the block produces or changes: compute_total, save_order; else shared_block. */
function proposeName(plan: ExtractPlan, text: string, place: ClonePlaceLines): string {
  if (plan.returns.length > 0) return `compute_${plan.returns[0]}`;
  const block = text.split('\n').slice(place.startLine, place.endLine + 1).join('\n');
  const saved = /(\w+)\.(save|delete|update|create)\(/.exec(block);
  if (saved) return `${saved[2]}_${saved[1].replace(/^_+/, '')}`.toLowerCase();
  const written = plan.writes.find((name) => !name.startsWith('_'));
  return written ? `compute_${written}` : 'shared_block';
}

function uniqueName(snapshot: WorkspaceSnapshot, folder: string, base: string): string {
  let name = base;
  for (let n = 2; snapshot.exists(path.join(folder, `${name}.py`)); n++) name = `${base}_${n}`;
  return name;
}

/** A literal whose value differs between the copies: a parameter of the shared function. */
interface ValueSlot {
  readonly name: string;
  /** Where it is in each copy, relative to the copy's first line. */
  readonly at: readonly { line: number; character: number; length: number }[];
}

/**
 * How the copies differ, or why they cannot share one function: tokens must be equal, except
 * names local to each copy (renamed consistently, which the detector already checked) and plain
 * literals (numbers, strings but f-strings), which become parameters.
 */
function differences(snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], plan: ExtractPlan): ValueSlot[] | string {
  const tokensOf = (place: ClonePlaceLines) => {
    const text = (snapshot.read(place.file) ?? '').split('\n').slice(place.startLine, place.endLine + 1).join('\n');
    return { text, tokens: lexPython(text).filter((t: LexToken) => t.kind !== 'comment' && t.kind !== 'newline') };
  };
  const copies = places.map(tokensOf);
  const [reference] = copies;
  const own = new Set([...plan.parameters, ...plan.returns, ...plan.writes]);
  const slots: number[] = [];
  for (const [c, other] of copies.entries()) {
    if (c === 0) continue;
    if (other.tokens.length !== reference.tokens.length) return `${where(places[c])}: this copy is not the same block (it was found with other code around it)`;
    for (let i = 0; i < other.tokens.length; i++) {
      const a = reference.text.slice(reference.tokens[i].start, reference.tokens[i].end);
      const b = other.text.slice(other.tokens[i].start, other.tokens[i].end);
      if (a === b) continue;
      if (reference.tokens[i].kind === 'name' && own.has(a)) continue;
      if (isPlainLiteral(reference.tokens[i], a) && isPlainLiteral(other.tokens[i], b)) {
        if (!slots.includes(i)) slots.push(i);
        continue;
      }
      return `${where(places[c])}: the copies differ in \`${a}\` / \`${b}\`, which is not a local name of the block or a plain value; make them alike first`;
    }
  }
  const taken = new Set([...own, ...plan.fromSource]);
  return slots.sort((x, y) => x - y).map((i) => ({
    name: uniqueParameter(valueName(reference.text, reference.tokens, i), taken),
    at: copies.map(({ text, tokens }) => positionOf(text, tokens[i])),
  }));
}

function isPlainLiteral(token: LexToken, text: string): boolean {
  return token.kind === 'number' || (token.kind === 'string' && !/^[rRbBuU]*[fF]/.test(text));
}

/** A name for the value: the keyword it is passed as (`status="paid"` → status), else `value`. */
function valueName(text: string, tokens: readonly LexToken[], i: number): string {
  const before = (k: number) => (k >= 0 ? text.slice(tokens[k].start, tokens[k].end) : '');
  return before(i - 1) === '=' && tokens[i - 2]?.kind === 'name' && ['(', ','].includes(before(i - 3)) ? before(i - 2) : 'value';
}

function uniqueParameter(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

function positionOf(text: string, token: LexToken): { line: number; character: number; length: number } {
  const before = text.slice(0, token.start);
  const line = (before.match(/\n/g) ?? []).length;
  return { line, character: token.start - (before.lastIndexOf('\n') + 1), length: token.end - token.start };
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

function endOf(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
