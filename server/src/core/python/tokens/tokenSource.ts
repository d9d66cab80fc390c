/**
 * Reading a module laid out from its tokens (tokenBlocks.ts) as the tree-based outline reads
 * nodes: the text of a span of tokens, ranges, brackets, definitions' names and decorators.
 */
import { rangeFromPoints, type SourceRange } from '../../model/sourceRange';
import { LineLocator } from '../moduleScan';
import { lineStartsOf } from '../../parse/lineStarts';
import type { LexToken } from '../pythonLexer';
import type { ModuleLayout, TokenStatement } from './tokenBlocks';

/** Thrown while reading when the tokens cannot tell what the tree would: the module is then parsed. */
export const UNSURE = new Error('the syntax tree is needed');

export class TokenSource {
  private readonly rows: LineLocator;

  constructor(
    readonly text: string,
    readonly lexed: readonly LexToken[],
    readonly layout: ModuleLayout,
  ) {
    this.rows = new LineLocator(lineStartsOf(text));
  }

  /** The checker's symbol for code token `i` ('' past the end). */
  sym(i: number): string {
    return this.layout.sym[i] ?? '';
  }

  tokenText(i: number): string {
    const token = this.lexed[this.layout.code[i]];
    return this.text.slice(token.start, token.end);
  }

  /** The source from code token `first` to code token `last`, as a node's text is. */
  slice(first: number, last: number): string {
    return this.text.slice(this.lexed[this.layout.code[first]].start, this.lexed[this.layout.code[last]].end);
  }

  tokenRange(i: number): SourceRange {
    const token = this.lexed[this.layout.code[i]];
    return this.range(token.start, token.end);
  }

  rangeOf(statement: TokenStatement): SourceRange {
    return this.range(this.lexed[statement.startToken].start, this.endOf(statement.endToken));
  }

  /** Where lexed token `t` ends as a node would: tree-sitter's comments run to the `\n`, a `\r` before it included. */
  endOf(t: number): number {
    const token = this.lexed[t];
    return token.kind === 'comment' && this.text.charCodeAt(token.end) === 13 ? token.end + 1 : token.end;
  }

  /** 'def' or 'class' for a (decorated, async) definition; a compound statement's keyword otherwise. */
  definitionKeyword(statement: TokenStatement): string | undefined {
    if (statement.clauses.length === 0) return undefined;
    const keyword = this.sym(statement.first);
    return keyword === 'async' ? this.sym(statement.first + 1) : keyword;
  }

  /** The code-token index of a definition's name. */
  nameIndex(definition: TokenStatement): number {
    return definition.first + (this.sym(definition.first) === 'async' ? 2 : 1);
  }

  /** Decorators as decoratorsOf reads them: each one's text without the `@`. */
  decorators(statement: TokenStatement): string[] {
    return statement.decorators.map((d) => this.text.slice(this.lexed[this.layout.code[d.first]].start, this.endOf(d.endToken)).replace(/^@\s*/, ''));
  }

  /** The parts of `[first, last]` between commas outside brackets (a trailing comma ends none). */
  split(first: number, last: number): [number, number][] {
    const parts: [number, number][] = [];
    let depth = 0;
    let start = first;
    for (let i = first; i <= last; i++) {
      const symbol = this.sym(i);
      if (symbol === '(' || symbol === '[' || symbol === '{') depth++;
      else if (symbol === ')' || symbol === ']' || symbol === '}') depth--;
      else if (depth === 0 && symbol === ',') {
        parts.push([start, i - 1]);
        start = i + 1;
      }
    }
    if (start <= last) parts.push([start, last]);
    return parts;
  }

  /** The index of the bracket closing the one at `open`. */
  closing(open: number): number {
    let depth = 0;
    for (let i = open; ; i++) {
      const symbol = this.sym(i);
      if (symbol === '(' || symbol === '[' || symbol === '{') depth++;
      else if ((symbol === ')' || symbol === ']' || symbol === '}') && --depth === 0) return i;
    }
  }

  find(first: number, last: number, symbol: string): number {
    for (let i = first; i <= last; i++) if (this.sym(i) === symbol) return i;
    return -1;
  }

  /** Whether a comment lies between code tokens `first` and `last`. */
  hasComment(first: number, last: number): boolean {
    const code = this.layout.code;
    return code[last] - code[first] !== last - first && this.lexed.slice(code[first], code[last]).some((t) => t.kind === 'comment');
  }

  private range(start: number, end: number): SourceRange {
    const startRow = this.rows.rowOf(start);
    const endRow = this.rows.rowOf(end);
    return rangeFromPoints(
      { row: startRow, column: start - this.rows.startOf(startRow) },
      { row: endRow, column: end - this.rows.startOf(endRow) },
    );
  }
}
