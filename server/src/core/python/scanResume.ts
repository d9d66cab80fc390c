/**
 * Where a module's scan (moduleScan.ts) can start again after an edit, and where it can stop. At
 * the start of a statement outside brackets, with no docstring expected and no code before it on
 * its line, the scan's state is the same whatever came before: what it produces from there on
 * depends only on the tokens from there on. So an edited module is scanned from the last such
 * checkpoint before the change, and once the scan reaches a checkpoint of the unchanged tail that
 * was one before the edit, the rest is the earlier scan's, moved by the lines the edit added.
 */
import type { LexedEdit, LexToken } from './pythonLexer';
import { partitionPoint } from '../model/sortedSearch';

/** The checkpoints of one scan, in order: where each is in the text, the lexed tokens, the token stream, the names read, and its line. */
export interface ScanCheckpoints {
  readonly offsets: number[];
  readonly lexed: number[];
  readonly tokens: number[];
  readonly names: number[];
  readonly rows: number[];
}

/** Which checkpoint of the earlier scan to start from (-1: the start), and how to find one to stop at. */
export interface ResumePlan {
  readonly restart: number;
  /** Lexed tokens from this one on are the earlier ones', moved by `lexedShift` tokens and `shift` characters. */
  readonly tailFrom: number;
  readonly lexedShift: number;
  readonly shift: number;
  /** Where the unchanged tail of the text starts: a checkpoint to stop at has its whole line in it. */
  readonly tailOffset: number;
}

export function noCheckpoints(): ScanCheckpoints {
  return { offsets: [], lexed: [], tokens: [], names: [], rows: [] };
}

export function addCheckpoint(checkpoints: ScanCheckpoints, offset: number, lexed: number, token: number, name: number, row: number): void {
  checkpoints.offsets.push(offset);
  checkpoints.lexed.push(lexed);
  checkpoints.tokens.push(token);
  checkpoints.names.push(name);
  checkpoints.rows.push(row);
}

/**
 * How to scan `text` (lexed as `lexed`) from the scan of `before` (lexed as `earlier`, with these
 * checkpoints), as `edit` says `lexed` was re-lexed from `earlier`: the tokens it kept at each
 * end are not compared again (on a large module, comparing them all cost more than the scan).
 */
export function resumePlan(before: string, earlier: readonly LexToken[], checkpoints: ScanCheckpoints, text: string, lexed: readonly LexToken[], edit: LexedEdit): ResumePlan {
  const { head, tail } = edit;
  const shift = text.length - before.length;
  const fewest = Math.min(earlier.length, lexed.length);
  let headTokens = Math.min(edit.keptHead, fewest);
  while (headTokens < fewest && lexed[headTokens].end <= head && sameToken(earlier[headTokens], lexed[headTokens], 0)) headTokens++;
  let tailTokens = Math.min(edit.keptTail, fewest - headTokens);
  const lexedShift = lexed.length - earlier.length;
  const tailOffset = text.length - tail;
  while (tailTokens < fewest - headTokens) {
    const token = lexed[lexed.length - 1 - tailTokens];
    if (token.start < tailOffset || !sameToken(earlier[earlier.length - 1 - tailTokens], token, shift)) break;
    tailTokens++;
  }
  return { restart: lastAtMost(checkpoints.lexed, headTokens), tailFrom: lexed.length - tailTokens, lexedShift, shift, tailOffset };
}

/** The checkpoint of the earlier scan at lexed token `lexed` of the earlier text, if there is one. */
export function checkpointAt(checkpoints: ScanCheckpoints, lexed: number): number | undefined {
  const found = lastAtMost(checkpoints.lexed, lexed);
  return found >= 0 && checkpoints.lexed[found] === lexed ? found : undefined;
}

function sameToken(earlier: LexToken, token: LexToken, shift: number): boolean {
  return earlier.kind === token.kind && earlier.start + shift === token.start && earlier.end + shift === token.end;
}

/** The position of the last value at most `limit` in sorted `values`, or -1. */
function lastAtMost(values: readonly number[], limit: number): number {
  return partitionPoint(values.length, (i) => values[i] <= limit) - 1;
}
