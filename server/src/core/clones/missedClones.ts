/**
 * Why a clone another tool reports (two line spans, as jscpd gives them) is not among Untangle's:
 * runs the stages of the clone index (cloneIndex.ts) on the two spans and names the first one
 * that drops it. The benchmark sorts the jscpd 5 clones Untangle misses by it, so that its recall
 * separates what the rule leaves out on purpose (docs/rules/duplicate-block.md) from what the
 * engine should have found and did not.
 */
import type { TokenStream } from '../python/tokenStream';
import { BREAK_SHAPE } from '../python/tokenStream';
import type { CloneThresholds } from './cloneIndex';
import { consistentRuns, extend, perFunction, reportableParts, type Run } from './runs';

/**
 * - `left out`: fewer than min-tokens equal code tokens, because the spans hold what Untangle does
 *   not compare (docstrings, comments, import statements);
 * - `renamed inconsistently`: a name maps to two names, so the blocks do different things;
 * - `function boundary`: reportable as one range, but the clone runs from one function into the
 *   next and no part within a function (or a row of whole functions) is large enough alone;
 * - `literal table`: a renamed copy that is mostly literals (a table of values);
 * - `below thresholds`: equal code tokens enough, but not min-lines lines once trimmed;
 * - `engine`: the stages keep a clone there, so the index should have reported it;
 * - `tokens differ`: too few equal tokens while nothing is left out: the tokenizers disagree.
 * The last two are misses to fix; the others are the rule's choices.
 */
export type MissReason = 'left out' | 'renamed inconsistently' | 'function boundary' | 'literal table' | 'below thresholds' | 'engine' | 'tokens differ';

/** 1-based, inclusive lines of one place, as the CLI and jscpd print them. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

export interface MissedSide {
  readonly tokens: TokenStream;
  /** The module's text: which lines hold something no token stands for. */
  readonly text: string;
  readonly lines: LineSpan;
}

/** Why the clone between `a` and `b` is not reported (see MissReason). */
export function whyMissed(a: MissedSide, b: MissedSide, thresholds: CloneThresholds): MissReason {
  const leftOut = leavesOut(a) || leavesOut(b);
  // jscpd's min-tokens were met only by what Untangle does not compare (a docstring's words).
  if (leftOut && Math.min(codeTokens(a), codeTokens(b)) < thresholds.minTokens) return 'left out';
  const runs = maximalRuns(a, b).filter((run) => run.length >= thresholds.minTokens);
  if (runs.length === 0) return leftOut ? 'left out' : 'tokens differ';
  const reasons = runs.map((run) => stageDropping(a, b, run, thresholds));
  // The reason of the run that got furthest: the one the clone comes closest to being found by.
  return STAGES.find((stage) => reasons.includes(stage)) ?? 'renamed inconsistently';
}

/** From the furthest stage back: a run the engine keeps overrides any other's reason. */
const STAGES: readonly MissReason[] = ['engine', 'function boundary', 'below thresholds', 'literal table', 'renamed inconsistently'];

function stageDropping(a: MissedSide, b: MissedSide, run: Run, thresholds: CloneThresholds): MissReason {
  const consistent = consistentRuns(a.tokens, b.tokens, run.aStart, run.bStart, run.length).filter((part) => part.length >= thresholds.minTokens);
  if (consistent.length === 0) return 'renamed inconsistently';
  const inSpans = (part: Run) => overlaps(a, part.aStart, part.length) && overlaps(b, part.bStart, part.length);
  const kept = consistent.flatMap((part) => perFunction(a.tokens, part)).flatMap((part) => reportableParts(a.tokens, b.tokens, part, thresholds));
  if (kept.some(inSpans)) return 'engine';
  const whole = consistent.flatMap((part) => reportableParts(a.tokens, b.tokens, part, thresholds));
  if (whole.some(inSpans)) return 'function boundary';
  return consistent.some((part) => !part.exact) && !consistent.some((part) => part.exact) ? 'literal table' : 'below thresholds';
}

/** The maximal runs of equal shapes (no break) starting from a pair of tokens of the two spans. */
function maximalRuns(a: MissedSide, b: MissedSide): Run[] {
  const first = tokensOn(a);
  const second = tokensOn(b);
  const runs = new Map<string, Run>();
  for (let i = first.start; i < first.end; i++) {
    for (let j = second.start; j < second.end; j++) {
      const shape = a.tokens.shapes[i];
      if (shape === BREAK_SHAPE || shape !== b.tokens.shapes[j]) continue;
      const run = extend(a.tokens.shapes, b.tokens.shapes, i, j, 1);
      // Every pair of a stretch extends to the same run: one entry per run.
      runs.set(`${run.aStart}:${run.bStart}`, run);
    }
  }
  return [...runs.values()];
}

/** Tokens `[start, end)` starting on the side's lines. */
function tokensOn(side: MissedSide): { start: number; end: number } {
  const { startLines, length } = side.tokens;
  let start = 0;
  while (start < length && startLines[start] + 1 < side.lines.start) start++;
  let end = start;
  while (end < length && startLines[end] + 1 <= side.lines.end) end++;
  return { start, end };
}

function codeTokens(side: MissedSide): number {
  const { start, end } = tokensOn(side);
  let count = 0;
  for (let k = start; k < end; k++) if (side.tokens.shapes[k] !== BREAK_SHAPE) count++;
  return count;
}

function overlaps(side: MissedSide, start: number, length: number): boolean {
  const first = side.tokens.startLines[start] + 1;
  const last = side.tokens.endLines[start + length - 1] + 1;
  return first <= side.lines.end && side.lines.start <= last;
}

/** Whether a line of the span holds text no token stands for (docstring, comment) or an import's break. */
function leavesOut(side: MissedSide): boolean {
  const lines = side.text.split('\n');
  const covered = new Uint8Array(lines.length + 1);
  const { tokens } = side;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens.shapes[k] === BREAK_SHAPE) continue;
    for (let line = tokens.startLines[k]; line <= tokens.endLines[k]; line++) covered[line] = 1;
  }
  for (let line = side.lines.start; line <= side.lines.end; line++) {
    if (!covered[line - 1] && (lines[line - 1] ?? '').trim() !== '') return true;
  }
  return false;
}
