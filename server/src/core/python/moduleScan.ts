/**
 * One pass over a module's tokens, collecting at once what several analyses need: which lines
 * hold code, the token stream for clone detection, the names each top-level statement reads, and
 * the silencing directives. Docstrings and import statements are recognised from the token
 * sequence (a string statement first in a module or def/class body; a statement opening with
 * `import`/`from`); the statement structure (from the syntax tree or from tokenBlocks.ts) is only
 * asked for the top-level statements' extents and for what a silencing comment covers.
 */
import { parseDirective, type IgnoreDirective } from './directives';
import { fStringNames } from './fStringNames';
import type { LexedEdit, LexToken } from './pythonLexer';
import { addCheckpoint, checkpointAt, noCheckpoints, resumePlan, type ResumePlan, type ScanCheckpoints } from './scanResume';
import {
  BREAK_SHAPE,
  hashText,
  IDENTIFIER_SHAPE,
  LITERAL_SHAPE,
  TokenStreamBuilder,
  type TokenStream,
} from './tokenStream';
import { partitionPoint } from '../model/sortedSearch';
import { lineStartsOf } from '../parse/lineStarts';

export interface ModuleScan {
  /** One flag per line: 1 where the line holds code (not blank, comment or docstring). */
  readonly codeLineMask: Uint8Array;
  readonly tokens: TokenStream;
  readonly directives: readonly IgnoreDirective[];
  /** The names read, where, in order: a statement's references are those in its extent (namesReadIn). */
  readonly names: readonly ReadName[];
  readonly checkpoints: ScanCheckpoints;
  /** Where each line of the text starts: the next edit's outline reads the text it replaced by them (keptOutline.ts). */
  readonly lineStarts: readonly number[];
}

/** A name read at an offset. */
interface ReadName {
  readonly offset: number;
  readonly name: string;
}

/** A scan of the module before an edit, and its text and tokens: the scan of the edited text reuses what the edit left alone. */
export interface EarlierScan {
  readonly text: string;
  readonly lexed: readonly LexToken[];
  readonly scan: ModuleScan;
  /** How the edited text's tokens were re-lexed from `lexed` (relexPython). */
  readonly edit: LexedEdit;
}

/** Where a statement is, in offsets (a tree-sitter node is one). */
export interface StatementExtent {
  readonly startIndex: number;
  readonly endIndex: number;
}

/** What the scan needs to know of a module's statements. */
export interface ScanLayout {
  /** The top-level statements, in order. */
  readonly statements: readonly StatementExtent[];
  /** The last row of the outermost statement that starts on `row`, whose code starts at `column`. */
  statementEndRow(row: number, column: number): number | undefined;
}

/** Exact-text shapes (keywords, operators, attribute and keyword-argument names) have this bit. */
const TEXT_SHAPE_BIT = 0x40000000;
const NEWLINE_SHAPE = TEXT_SHAPE_BIT | 10;
const MODEL_REFERENCE = /^[a-z]*["'](?:[A-Za-z_]\w*\.)?([A-Z]\w*)["']$/;
const F_STRING = /^(?:[rR]?[fF]|[fF][rR])['"]/;
const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

type StatementKind = 'import' | 'header' | 'other';

interface PendingDirective {
  readonly row: number;
  readonly trailing: boolean;
  readonly directive: NonNullable<ReturnType<typeof parseDirective>>;
}

/**
 * Scans `text` (lexed as `lexed`, its statements laid out as `layout`), which has `lineCount` lines
 * starting at `starts`; `earlier`: the scan before an edit, of which what the edit left alone is kept (scanResume.ts).
 */
export function scanModule(
  text: string,
  lineCount: number,
  lexed: readonly LexToken[],
  layout: ScanLayout,
  earlier?: EarlierScan,
  starts: readonly number[] = lineStartsOf(text),
): ModuleScan {
  const lines = new LineLocator(starts);
  const mask = new Uint8Array(lineCount);
  const tokens = new TokenStreamBuilder(lexed.length);
  // The names the earlier scan read before the restart, those read here, those of the earlier
  // scan's tail: joined at the end, as growing a large array by pushes costs more than the scan.
  let headNames: readonly ReadName[] = [];
  const names: ReadName[] = [];
  let tailNames: readonly ReadName[] = [];
  const comments: PendingDirective[] = [];
  const checkpoints = noCheckpoints();
  let depth = 0;
  let statementStart = true;
  let statement: StatementKind = 'other';
  let docstringExpected = true;
  let lastCodeRow = -1;
  const textOf = (token: LexToken) => text.slice(token.start, token.end);
  // Silencing comments are resolved over the whole module: a module with any is scanned whole.
  const plan = earlier && earlier.scan.directives.length === 0 && !text.includes('untangle:') ? resumePlan(earlier.text, earlier.lexed, earlier.scan.checkpoints, text, lexed, earlier.edit) : undefined;
  let t = 0;
  if (plan && plan.restart >= 0) {
    const { scan } = earlier!;
    const c = plan.restart;
    tokens.copy(scan.tokens, 0, scan.checkpoints.tokens[c], 0);
    headNames = scan.names.slice(0, scan.checkpoints.names[c]);
    mask.set(scan.codeLineMask.subarray(0, scan.checkpoints.rows[c]));
    for (let k = 0; k < c; k++) addCheckpoint(checkpoints, scan.checkpoints.offsets[k], scan.checkpoints.lexed[k], scan.checkpoints.tokens[k], scan.checkpoints.names[k], scan.checkpoints.rows[k]);
    [t, statementStart, docstringExpected, lastCodeRow] = [scan.checkpoints.lexed[c], true, false, scan.checkpoints.rows[c] - 1];
  }

  for (; t < lexed.length; t++) {
    const token = lexed[t];
    if (token.kind === 'newline') {
      if (depth === 0 && !statementStart) {
        // The end of a logical line is a token, as in Python's own tokenizer (and so in jscpd's
        // counts): a statement boundary is part of what two copies share.
        const row = lines.rowOf(token.start);
        const column = token.start - lines.startOf(row);
        tokens.push(statement === 'import' ? BREAK_SHAPE : NEWLINE_SHAPE, NEWLINE_SHAPE, row, column, row, column, false);
        tokens.closeStatement();
        statementStart = true;
      }
      continue;
    }
    if (token.kind === 'comment') {
      const body = textOf(token);
      const directive = body.includes('untangle:') ? parseDirective(body) : undefined;
      if (directive) {
        const row = lines.rowOf(token.start);
        comments.push({ row, trailing: lastCodeRow === row, directive });
      }
      continue;
    }
    const opensStatement = statementStart;
    if (statementStart && depth === 0 && !docstringExpected && lines.rowOf(token.start) > lastCodeRow) {
      const row = lines.rowOf(token.start);
      const kept = plan && t >= plan.tailFrom && text.lastIndexOf('\n', token.start - 1) + 1 >= plan.tailOffset ? checkpointAt(earlier!.scan.checkpoints, t - plan.lexedShift) : undefined;
      if (kept !== undefined) {
        tailNames = copyTail(earlier!.scan, kept, plan!, row, { tokens, nameCount: headNames.length + names.length, mask, checkpoints });
        break;
      }
      addCheckpoint(checkpoints, token.start, t, tokens.length, headNames.length + names.length, row);
    }
    if (statementStart) {
      statementStart = false;
      statement = statementKindOf(lexed, t, textOf);
      if (docstringExpected && token.kind === 'string') {
        const last = docstringEnd(lexed, t);
        if (last !== undefined) {
          docstringExpected = false;
          t = last;
          continue;
        }
      }
      docstringExpected = false;
    }
    const exact = hashText(text, token.start, token.end);
    let shape = (exact & 0x3fffffff) | TEXT_SHAPE_BIT;
    switch (token.kind) {
      case 'number':
        shape = LITERAL_SHAPE;
        break;
      case 'string': {
        shape = LITERAL_SHAPE;
        const match = token.end - token.start < 80 ? MODEL_REFERENCE.exec(textOf(token)) : null;
        if (match) names.push({ offset: token.start, name: match[1] });
        else if (F_STRING.test(textOf(token))) for (const name of fStringNames(textOf(token))) names.push({ offset: token.start, name });
        break;
      }
      case 'name': {
        const previous = lexed[t - 1];
        const next = lexed[t + 1];
        const isAttribute = previous?.kind === 'op' && textOf(previous) === '.';
        const isKeywordName = depth > 0 && next?.kind === 'op' && textOf(next) === '=';
        if (!isAttribute && !isKeywordName) {
          shape = IDENTIFIER_SHAPE;
          names.push({ offset: token.start, name: textOf(token) });
        }
        break;
      }
      case 'op': {
        const value = textOf(token);
        if (OPENERS.has(value)) depth++;
        else if (CLOSERS.has(value)) depth = Math.max(0, depth - 1);
        else if (depth === 0 && value === ';') {
          statementStart = true;
          tokens.closeStatement();
        }
        else if (depth === 0 && value === ':' && statement === 'header') {
          statementStart = true;
          statement = 'other';
          docstringExpected = true;
        }
        break;
      }
      default:
        break;
    }
    const startRow = lines.rowOf(token.start);
    const endRow = lines.rowOf(token.end);
    for (let row = startRow; row <= endRow && row < lineCount; row++) mask[row] = 1;
    lastCodeRow = endRow;
    tokens.push(
      statement === 'import' ? BREAK_SHAPE : shape,
      exact,
      startRow,
      token.start - lines.startOf(startRow),
      endRow,
      token.end - lines.startOf(endRow),
      opensStatement,
    );
  }
  // The end is a checkpoint too when a statement could start there: text added at the end (a paste) is scanned alone.
  if (t === lexed.length && depth === 0 && statementStart && !docstringExpected) {
    addCheckpoint(checkpoints, text.length, t, tokens.length, headNames.length + names.length, lastCodeRow + 1);
  }
  tokens.closeStatement();

  const directives = comments.map((comment) => resolveDirective(layout, comment, mask, lineCount, text));
  for (const directive of directives) {
    if (directive.rules.length === 0 || directive.rules.includes('duplicate-block')) tokens.breakLines(directive.firstLine, directive.lastLine);
  }
  return { codeLineMask: mask, tokens: tokens.build(), directives, names: headNames.length + tailNames.length > 0 ? headNames.concat(names, tailNames) : names, checkpoints, lineStarts: starts };
}

/** Appends what the earlier scan made from its checkpoint `c` on, moved as `plan` says and to line `row`; returns its names, moved. */
function copyTail(
  earlier: ModuleScan,
  c: number,
  { shift, lexedShift }: ResumePlan,
  row: number,
  into: { tokens: TokenStreamBuilder; nameCount: number; mask: Uint8Array; checkpoints: ScanCheckpoints },
): ReadName[] {
  const from = earlier.checkpoints;
  const lines = row - from.rows[c];
  const tokenShift = into.tokens.length - from.tokens[c];
  const nameShift = into.nameCount - from.names[c];
  into.tokens.copy(earlier.tokens, from.tokens[c], earlier.tokens.length, lines);
  into.mask.set(earlier.codeLineMask.subarray(from.rows[c]), row);
  for (let k = c; k < from.offsets.length; k++) {
    addCheckpoint(into.checkpoints, from.offsets[k] + shift, from.lexed[k] + lexedShift, from.tokens[k] + tokenShift, from.names[k] + nameShift, from.rows[k] + lines);
  }
  return earlier.names.slice(from.names[c]).map(({ offset, name }) => ({ offset: offset + shift, name }));
}

/** What a statement starting at token `t` is: an import, a def/class header, or anything else. */
function statementKindOf(lexed: readonly LexToken[], t: number, textOf: (token: LexToken) => string): StatementKind {
  const token = lexed[t];
  if (token.kind !== 'keyword') return 'other';
  const word = textOf(token);
  if (word === 'import' || word === 'from') return 'import';
  if (word === 'def' || word === 'class') return 'header';
  if (word === 'async' && lexed[t + 1] && textOf(lexed[t + 1]) === 'def') return 'header';
  return 'other';
}

/** If the strings from `t` on form a whole statement (a docstring), the index of the last one. */
function docstringEnd(lexed: readonly LexToken[], t: number): number | undefined {
  let last = t;
  while (lexed[last + 1]?.kind === 'string') last++;
  let next = last + 1;
  while (lexed[next]?.kind === 'comment') next++;
  return next >= lexed.length || lexed[next].kind === 'newline' ? last : undefined;
}

/**
 * The names read in a statement, from a scan's names (in offset order): found by a binary search,
 * so an edit's outline reads only the statements it did not keep.
 */
export function namesReadIn(names: readonly ReadName[], { startIndex, endIndex }: StatementExtent): Set<string> {
  const low = partitionPoint(names.length, (i) => names[i].offset < startIndex);
  const read = new Set<string>();
  for (let k = low; k < names.length && names[k].offset < endIndex; k++) read.add(names[k].name);
  return read;
}

/** Maps offsets to rows by the lines' starts (lineStarts.ts); offsets must be asked for in (mostly) increasing order, as a scan does. */
export class LineLocator {
  private row = 0;

  constructor(private readonly starts: readonly number[]) {}

  rowOf(offset: number): number {
    while (this.row > 0 && this.starts[this.row] > offset) this.row--;
    while (this.row + 1 < this.starts.length && this.starts[this.row + 1] <= offset) this.row++;
    return this.row;
  }

  startOf(row: number): number {
    return this.starts[row];
  }
}

/** Turns a directive comment into the lines it silences. */
function resolveDirective(
  layout: ScanLayout,
  comment: PendingDirective,
  mask: Uint8Array,
  lineCount: number,
  text: string,
): IgnoreDirective {
  const { rules, scope } = comment.directive;
  if (scope === 'file') return { rules, scope, firstLine: 0, lastLine: Math.max(0, lineCount - 1) };
  let row = comment.row;
  if (!comment.trailing) {
    row = comment.row + 1;
    while (row < lineCount && !mask[row]) row++;
    if (row >= lineCount) return { rules, scope, firstLine: comment.row, lastLine: comment.row };
  }
  const lineStart = nthLineStart(text, row);
  const column = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0].length;
  return { rules, scope, firstLine: row, lastLine: layout.statementEndRow(row, column) ?? row };
}

function nthLineStart(text: string, row: number): number {
  let index = 0;
  for (let line = 0; line < row; line++) {
    index = text.indexOf('\n', index) + 1;
    if (index === 0) return text.length;
  }
  return index;
}
