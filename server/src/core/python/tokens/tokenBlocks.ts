/**
 * The statement structure of a module from its tokens alone: logical lines, indented blocks and
 * clauses, every line checked by tokenSyntax.ts. Extents follow tree-sitter's: a compound
 * statement ends at its last token, a comment on that token's line included, and so do the
 * comment lines below it that are indented at least as deep as its (last) body, which
 * tree-sitter's scanner keeps in the block. Anything unusual (tabs or form feeds in indentation,
 * a backslash continuation in an `import` or a definition's header, unbalanced brackets) makes
 * the layout undefined.
 */
import type { LexToken } from '../pythonLexer';
import { REJECTED, symbolOf } from './tokenCursor';
import { LineChecker } from './tokenSyntax';

/** A statement: simple (one of a line's `;`-separated parts) or compound (with clauses). */
export interface TokenStatement {
  /** Code-token indexes of its first token (its keyword, for a compound one, decorators aside) and of its last. */
  readonly first: number;
  readonly last: number;
  /** Lexed-token indexes of its whole extent, decorators and body included. */
  readonly startToken: number;
  readonly endToken: number;
  readonly decorators: readonly Decorator[];
  /** Empty for a simple statement. */
  readonly clauses: readonly Clause[];
}

export interface Decorator {
  /** Code-token indexes of `@` and of the expression's last token. */
  readonly first: number;
  readonly last: number;
  /** Lexed index of its last token: a comment on its line belongs to it. */
  readonly endToken: number;
}

export interface Clause {
  /** Code-token indexes of its keyword (`async` for `async def`) and of its `:`. */
  readonly first: number;
  readonly colon: number;
  readonly body: readonly TokenStatement[];
}

export interface ModuleLayout {
  readonly statements: readonly TokenStatement[];
  /** For each code token (not a comment or line end), its index among the lexed tokens. */
  readonly code: Int32Array;
  /** What the syntax check reads for each code token (tokenCursor.ts `symbolOf`). */
  readonly sym: readonly string[];
  /** The calls and conditional expressions read, as ExpressionChecker records them. */
  readonly calls: readonly number[];
  readonly conditionals: readonly number[];
}

interface Line {
  /** Code-token indexes, or -1 for a comment line. */
  readonly first: number;
  readonly last: number;
  readonly indent: number;
  /** Lexed index of a comment ending the line (or of the comment line's comment), else -1. */
  readonly comment: number;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const FOLLOWERS: Record<string, readonly string[]> = {
  if: ['elif', 'else'],
  elif: ['elif', 'else'],
  while: ['else'],
  for: ['else'],
  try: ['except', 'finally'],
  except: ['except', 'else', 'finally'],
};
const AFTER_TRY_ELSE = ['finally'];
const COMPOUND = new Set(['if', 'while', 'for', 'try', 'with', 'def', 'class', 'async', '@']);
const CLAUSES = new Set(['elif', 'else', 'except', 'finally']);
/** Lines whose nodes' children the outline reads. */
const UNCONTINUED = new Set(['import', 'def', 'class', 'async', '@']);

/** The statements of `text` (lexed as `lexed`), or undefined when the tokens cannot be trusted. */
export function layoutModule(text: string, lexed: readonly LexToken[]): ModuleLayout | undefined {
  const code = new Int32Array(lexed.length);
  const sym: string[] = [];
  const lines = logicalLines(text, lexed, code, sym);
  if (!lines) return undefined;
  try {
    const checker = new LineChecker(sym, (i) => textOf(text, lexed[code[i]]));
    const statements = new BlockBuilder(lines, code.subarray(0, sym.length), sym, checker).module();
    return { statements, code: code.slice(0, sym.length), sym, calls: checker.calls, conditionals: checker.conditionals };
  } catch (error) {
    if (error === REJECTED) return undefined;
    throw error;
  }
}

function textOf(text: string, token: LexToken): string {
  return text.slice(token.start, token.end);
}

/** Splits the tokens into logical lines and comment lines; fills `code` and `sym`. */
function logicalLines(text: string, lexed: readonly LexToken[], code: Int32Array, sym: string[]): Line[] | undefined {
  const lines: Line[] = [];
  const closers: string[] = [];
  let first = -1;
  let indent = 0;
  let backslash = text.indexOf('\\');
  let previousEnd = 0;
  for (let t = 0; t < lexed.length; t++) {
    const token = lexed[t];
    while (backslash >= 0 && backslash < previousEnd) backslash = text.indexOf('\\', previousEnd);
    const continued = backslash >= 0 && backslash < token.start;
    previousEnd = token.end;
    const isCode = token.kind !== 'newline' && token.kind !== 'comment';
    // tree-sitter keeps a backslash continuation as a node, which would count among the children
    // the outline reads (bases, parameters, `import a, b`'s names).
    if (continued && (first < 0 || !isCode || UNCONTINUED.has(sym[first]))) return undefined;
    if (token.kind === 'newline') {
      if (closers.length === 0 && first >= 0) {
        lines.push({ first, last: sym.length - 1, indent, comment: -1 });
        first = -1;
      }
    } else if (token.kind === 'comment') {
      if (closers.length > 0) {
        if (!continuesIndented(text, lexed, t, indent)) return undefined;
        continue;
      }
      if (first >= 0) {
        lines.push({ first, last: sym.length - 1, indent, comment: t });
        first = -1;
      } else {
        const column = indentation(text, token.start);
        if (column < 0) return undefined;
        lines.push({ first: -1, last: -1, indent: column, comment: t });
      }
    } else {
      const value = symbolOf(token, text);
      if (closers.length > 0 && !continuesIndented(text, lexed, t, indent)) return undefined;
      if (first < 0) {
        indent = indentation(text, token.start);
        if (indent < 0) return undefined;
        first = sym.length;
      }
      if (OPENERS[value]) closers.push(OPENERS[value]);
      else if (value === ')' || value === ']' || value === '}') {
        if (closers.pop() !== value) return undefined;
      }
      code[sym.length] = t;
      sym.push(value);
    }
  }
  if (closers.length > 0) return undefined;
  if (first >= 0) lines.push({ first, last: sym.length - 1, indent, comment: -1 });
  return lines;
}

/**
 * Whether token `t`, inside brackets, is not the first on a row indented less than its logical
 * line (at `indent`): tree-sitter's scanner may close the block there, mid-expression.
 */
function continuesIndented(text: string, lexed: readonly LexToken[], t: number, indent: number): boolean {
  const previous = lexed[t - 1];
  if (previous.kind !== 'newline') return true;
  const column = indentation(text, lexed[t].start);
  return column >= indent;
}

/** The column of a line's first token, or -1 unless only spaces precede it. */
function indentation(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) === 32) start--;
  return start === 0 || text.charCodeAt(start - 1) === 10 ? offset - start : -1;
}

class BlockBuilder {
  /** Index of the line after the last code line read. */
  private line = 0;

  constructor(
    private readonly lines: readonly Line[],
    private readonly code: Int32Array,
    private readonly sym: readonly string[],
    private readonly checker: LineChecker,
  ) {}

  module(): TokenStatement[] {
    const statements = this.block(0);
    if (this.peekCode()) throw REJECTED;
    return statements;
  }

  /** The next code line, comment lines skipped. */
  private peekCode(): Line | undefined {
    return this.lines[this.nextCode()];
  }

  private nextCode(): number {
    let i = this.line;
    while (i < this.lines.length && this.lines[i].first < 0) i++;
    return i;
  }

  /** Reads the next code line. */
  private take(): void {
    this.line = this.nextCode() + 1;
  }

  private block(indent: number): TokenStatement[] {
    const statements: TokenStatement[] = [];
    for (let line = this.peekCode(); line && line.indent >= indent; line = this.peekCode()) {
      if (line.indent > indent) throw REJECTED;
      this.statement(line, statements);
    }
    return statements;
  }

  private statement(line: Line, into: TokenStatement[]): void {
    const keyword = this.sym[line.first];
    if (CLAUSES.has(keyword)) throw REJECTED;
    if (!COMPOUND.has(keyword)) {
      this.take();
      this.simple(line.first, line.last, into);
      return;
    }
    const decorators: Decorator[] = [];
    let header = line;
    while (this.sym[header.first] === '@') {
      this.checker.decorator(header.first, header.last);
      this.take();
      decorators.push({ first: header.first, last: header.last, endToken: this.endOf(header) });
      const next = this.peekCode();
      if (!next || next.indent !== line.indent) throw REJECTED;
      header = next;
    }
    const opening = this.sym[header.first] === 'async' ? this.sym[header.first + 1] : this.sym[header.first];
    if (decorators.length > 0 && opening !== 'def' && opening !== 'class') throw REJECTED;
    const clauses = [this.clause(header)];
    let allowed = FOLLOWERS[opening] ?? [];
    let bodyIndent = clauses[0].bodyIndent;
    for (let next = this.peekCode(); next && next.indent === line.indent && allowed.includes(this.sym[next.first]); next = this.peekCode()) {
      const keyword = this.sym[next.first];
      const clause = this.clause(next);
      clauses.push(clause);
      bodyIndent = clause.bodyIndent;
      allowed = keyword === 'else' ? (opening === 'try' ? AFTER_TRY_ELSE : []) : (FOLLOWERS[keyword] ?? []);
    }
    if (opening === 'try' && clauses.length === 1) throw REJECTED;
    into.push({
      first: header.first,
      last: this.lines[this.line - 1].last,
      startToken: this.code[line.first],
      endToken: this.trailingComments(bodyIndent),
      decorators,
      clauses: clauses.map(({ first, colon, body }) => ({ first, colon, body })),
    });
  }

  private clause(line: Line): Clause & { bodyIndent: number } {
    const colon = this.checker.header(line.first, line.last);
    this.take();
    const body: TokenStatement[] = [];
    if (colon < line.last) {
      this.simple(colon + 1, line.last, body);
      return { first: line.first, colon, body, bodyIndent: -1 };
    }
    const next = this.peekCode();
    if (!next || next.indent <= line.indent) throw REJECTED;
    return { first: line.first, colon, body: this.block(next.indent), bodyIndent: next.indent };
  }

  private simple(first: number, last: number, into: TokenStatement[]): void {
    const ranges: number[] = [];
    this.checker.simpleStatements(first, last, ranges);
    for (let i = 0; i < ranges.length; i += 2) {
      const start = this.code[ranges[i]];
      into.push({ first: ranges[i], last: ranges[i + 1], startToken: start, endToken: this.code[ranges[i + 1]], decorators: [], clauses: [] });
    }
  }

  /** A line's last token, the comment ending it included. */
  private endOf(line: Line): number {
    return line.comment >= 0 ? line.comment : this.code[line.last];
  }

  /**
   * Where a compound statement ends: its last line, and the comment lines right below that are
   * indented at least as deep as its last body (`bodyIndent`; -1 for a body on the header's line).
   */
  private trailingComments(bodyIndent: number): number {
    let end = this.endOf(this.lines[this.line - 1]);
    if (bodyIndent < 0) return end;
    for (let i = this.line; i < this.lines.length && this.lines[i].first < 0 && this.lines[i].indent >= bodyIndent; i++) {
      end = this.lines[i].comment;
    }
    return end;
  }
}
