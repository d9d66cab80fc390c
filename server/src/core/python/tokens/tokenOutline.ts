/**
 * The outline of a module from its tokens, without tree-sitter: most modules need nothing the
 * tokens cannot tell, and parsing is most of a cold analysis's time. It must equal, field for
 * field, what outlineModule makes from the tree (test/unit/python/tokenOutline*.test.ts compare them over
 * whole libraries), so whatever it is unsure of sends the module to the parser: a line the strict
 * syntax check rejects (so `firstSyntaxError` is right), a statement-scoped silencing comment, a
 * urls.py (routes), a view candidate tokenFunctionFacts.ts cannot measure.
 */
import { parseDirective } from '../directives';
import { FRAMEWORK_MODULE } from '../functionFacts';
import { preambleEndOf, type ModuleHeadShape } from '../moduleHead';
import { lineStartsOf } from '../../parse/lineStarts';
import { countCodeLines, countLines, type ImportBinding, type ImportPlacement, type OutlinedModule, type TopLevelSymbol } from '../moduleOutline';
import { namesReadIn, scanModule, type StatementExtent } from '../moduleScan';
import type { LexToken } from '../pythonLexer';
import { layoutModule, type TokenStatement } from './tokenBlocks';
import { functionFactsFromTokens } from './tokenFunctionFacts';
import { classMembersFromTokens } from './tokenClassMembers';
import { TokenSource, UNSURE } from './tokenSource';
import { NAME, STRING } from './tokenCursor';

const SIMPLE_KEYWORDS = new Set(['pass', 'break', 'continue', 'return', 'raise', 'global', 'nonlocal', 'del', 'assert', 'import', 'from', 'yield']);

/** The outline of `text` (lexed as `lexed`), or undefined when it needs the syntax tree. */
export function outlineFromTokens(text: string, lexed: readonly LexToken[], isUrlConf: boolean): OutlinedModule | undefined {
  if (isUrlConf || hasStatementDirective(text, lexed)) return undefined;
  const layout = layoutModule(text, lexed);
  if (!layout) return undefined;
  try {
    return outlineOfLayout(new StatementReader(text, lexed, layout));
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
}

function outlineOfLayout(reader: StatementReader): OutlinedModule {
  const { text, lexed, layout } = reader;
  const imports: ImportBinding[] = [];
  for (const statement of layout.statements) reader.collectImports(statement, 'module', imports);
  const functions = functionFactsFromTokens(reader, imports.some((binding) => FRAMEWORK_MODULE.test(binding.module)));
  const extents: StatementExtent[] = layout.statements.map((s) => ({ startIndex: lexed[s.startToken].start, endIndex: reader.endOf(s.endToken) }));
  const starts = lineStartsOf(text);
  const totalLines = countLines(text, starts);
  const layoutOfScan = {
    statements: extents,
    statementEndRow: () => {
      throw new Error('statement-scoped directives are left to the syntax tree');
    },
  };
  const scan = scanModule(text, totalLines, lexed, layoutOfScan, undefined, starts);
  const symbols: TopLevelSymbol[] = [];
  layout.statements.forEach((statement, i) => {
    const symbol = reader.symbolOf(statement, scan.codeLineMask, namesReadIn(scan.names, extents[i]));
    if (symbol) symbols.push(symbol);
  });
  return {
    outline: {
      symbols,
      imports,
      preambleEnd: preambleEndOf(reader.head(), text),
      codeLines: countCodeLines(scan.codeLineMask),
      codeLineMask: scan.codeLineMask,
      totalLines,
      firstSyntaxError: undefined,
      directives: scan.directives,
      functions,
      routes: [],
    },
    tokens: scan.tokens,
  };
}

/** A `# untangle: ignore` comment covers a statement, which only the tree delimits exactly. */
function hasStatementDirective(text: string, lexed: readonly LexToken[]): boolean {
  return text.includes('untangle:') && lexed.some((token) => {
    if (token.kind !== 'comment') return false;
    const body = text.slice(token.start, token.end);
    return body.includes('untangle:') && parseDirective(body)?.scope === 'statement';
  });
}

/** Reads what the outline needs from the statements of one module. */
class StatementReader extends TokenSource {
  /** Imports directly in the module or in module-level `if`/`try` blocks, as collectImports finds them. */
  collectImports(statement: TokenStatement, placement: ImportPlacement, into: ImportBinding[]): void {
    const keyword = this.sym(statement.first);
    if (statement.clauses.length === 0) {
      if (keyword === 'import') into.push(...this.plainImports(statement).map((b) => ({ ...b, range: this.rangeOf(statement), placement })));
      else if (keyword === 'from' && !this.isFutureImport(statement)) {
        into.push(...this.fromImports(statement).map((b) => ({ ...b, range: this.rangeOf(statement), placement })));
      }
      return;
    }
    if (keyword !== 'if' && keyword !== 'try') return;
    statement.clauses.forEach((clause, i) => {
      const typeChecking = placement === 'typeChecking' || (keyword === 'if' && i === 0 && /^(\w+\.)?TYPE_CHECKING$/.test(this.slice(clause.first + 1, clause.colon - 1)));
      for (const inner of clause.body) this.collectImports(inner, typeChecking ? 'typeChecking' : 'block', into);
    });
  }

  symbolOf(statement: TokenStatement, mask: Uint8Array, reads: ReadonlySet<string>): TopLevelSymbol | undefined {
    const range = this.rangeOf(statement);
    const codeLines = countCodeLines(mask, range.start.line, range.end.line);
    const kind = this.definitionKeyword(statement);
    if (kind === 'def' || kind === 'class') {
      const name = this.nameIndex(statement);
      const text = this.tokenText(name);
      const bases = kind === 'class' ? this.bases(name + 1, statement.clauses[0].colon) : [];
      const members = kind === 'class' ? classMembersFromTokens(this, statement, text) : [];
      return {
        name: text,
        names: [text],
        kind: kind === 'class' ? 'class' : 'function',
        range,
        nameRange: this.tokenRange(name),
        references: [...reads].filter((n) => n !== text),
        bases,
        decorators: this.decorators(statement),
        codeLines,
        members,
      };
    }
    const target = statement.clauses.length === 0 ? this.assignmentTarget(statement) : undefined;
    const bound = target ? this.boundNames(target[0], target[1]) : [];
    if (bound.length === 0) return undefined;
    const names = bound.map((i) => this.tokenText(i));
    return {
      name: names[0],
      names,
      kind: 'variable',
      range,
      nameRange: this.tokenRange(bound[0]),
      references: [...reads].filter((n) => !names.includes(n)),
      bases: [],
      decorators: [],
      codeLines,
      members: [],
    };
  }

  /** The module's head: its first statement, and the docstring and `__future__` imports it opens with. */
  head(): ModuleHeadShape {
    const statements = this.layout.statements;
    let i = statements[0] && this.isBareString(statements[0]) ? 1 : 0;
    while (statements[i] && this.isFutureImport(statements[i])) i++;
    return {
      firstRow: statements[0] ? this.rangeOf(statements[0]).start.line : undefined,
      leadEndRow: i > 0 ? this.rangeOf(statements[i - 1]).end.line : undefined,
    };
  }

  /** `"doc"` or `"doc", …`: an expression statement whose first expression is one string. */
  private isBareString(statement: TokenStatement): boolean {
    return statement.clauses.length === 0 && this.sym(statement.first) === STRING && (statement.first === statement.last || this.sym(statement.first + 1) === ',');
  }

  private isFutureImport(statement: TokenStatement): boolean {
    return statement.clauses.length === 0 && this.sym(statement.first) === 'from' && this.tokenText(statement.first + 1) === '__future__' && this.sym(statement.first + 2) === 'import';
  }

  /** A class's bases as written (keyword arguments left out), from `(` at `open`. */
  private bases(open: number, colon: number): string[] {
    if (open === colon) return [];
    if (this.hasComment(open, colon - 1)) throw UNSURE;
    const bases: string[] = [];
    for (const [first, last] of this.split(open + 1, colon - 2)) {
      if (this.sym(first) === NAME && this.sym(first + 1) === '=') continue;
      if (this.has(first, last, 'for')) throw UNSURE;
      bases.push(this.slice(first, last));
    }
    return bases;
  }

  /** The tokens left of an assignment's first `=` (or of an annotation's `:`), if the statement is one. */
  private assignmentTarget(statement: TokenStatement): [number, number] | undefined {
    if (SIMPLE_KEYWORDS.has(this.sym(statement.first))) return undefined;
    let depth = 0;
    for (let i = statement.first; i <= statement.last; i++) {
      const symbol = this.sym(i);
      if (symbol === '(' || symbol === '[' || symbol === '{') depth++;
      else if (symbol === ')' || symbol === ']' || symbol === '}') depth--;
      else if (depth === 0 && (symbol === '=' || symbol === ':')) return [statement.first, i - 1];
      // A lambda's `:`, an augmented assignment, a comparison: no assignment of names.
      else if (depth === 0 && (symbol === 'lambda' || (symbol.length > 1 && symbol.endsWith('=')))) return undefined;
    }
    return undefined;
  }

  /** The names a target binds (`a`, `a, b`, `(a, [b, c])`; not `a.b`, `a[0]` or `*a`), as token indexes. */
  private boundNames(first: number, last: number): number[] {
    return this.split(first, last).flatMap(([a, b]) => {
      if (a === b) return this.sym(a) === NAME ? [a] : [];
      const open = this.sym(a);
      if ((open === '(' || open === '[') && this.closing(a) === b) return this.boundNames(a + 1, b - 1);
      return [];
    });
  }

  private plainImports(statement: TokenStatement): Omit<ImportBinding, 'range' | 'placement'>[] {
    return this.split(statement.first + 1, statement.last).map(([first, last]) => {
      const as = this.find(first, last, 'as');
      if (as < 0) {
        const module = this.slice(first, last);
        return { localName: module.split('.')[0], module };
      }
      return { localName: this.tokenText(as + 1), module: this.slice(first, as - 1) };
    });
  }

  private fromImports(statement: TokenStatement): Omit<ImportBinding, 'range' | 'placement'>[] {
    const keyword = this.find(statement.first, statement.last, 'import');
    const module = this.slice(statement.first + 1, keyword - 1).replace(/\s+/g, '');
    if (this.sym(keyword + 1) === '*') return [{ localName: '*', module, importedName: '*' }];
    const parenthesized = this.sym(keyword + 1) === '(';
    const names = this.split(keyword + (parenthesized ? 2 : 1), statement.last - (parenthesized ? 1 : 0));
    return names.map(([first, last]) => {
      const imported = this.tokenText(first);
      return { localName: this.tokenText(last), module, importedName: imported };
    });
  }

  private has(first: number, last: number, symbol: string): boolean {
    return this.find(first, last, symbol) >= 0;
  }
}
