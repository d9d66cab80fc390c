/**
 * A strict check of Python syntax over tokens, one logical line at a time, for the outline that
 * skips tree-sitter (tokenOutline.ts). It accepts a conservative subset of Python 3 (no `match`,
 * no `except*`, no type parameters, no starred subscripts) and throws `REJECTED` on anything
 * else: tree-sitter accepts more than Python does, so whatever passes here parses without error
 * there, and a file with anything this does not know is simply parsed. It also tells where
 * statements and headers end.
 */
import { AUGMENTED, ExpressionChecker, isSingleTarget, isTarget } from './tokenExpressions';
import { NAME, REJECTED } from './tokenCursor';

/** Checks tokens `[from, to]` (indexes into `sym`) as a kind of logical line; throws REJECTED. */
export class LineChecker extends ExpressionChecker {
  /** `small_stmt (';' small_stmt)*`, whole; pushes each statement's `[first, last]` onto `into`. */
  simpleStatements(from: number, to: number, into: number[]): void {
    this.start(from, to);
    for (;;) {
      const first = this.p;
      this.smallStatement();
      into.push(first, this.p - 1);
      if (this.p > this.end) return;
      this.expect(';');
      if (this.p > this.end) throw REJECTED;
    }
  }

  /** A compound statement's header from its keyword to its `:`; returns the colon's index. */
  header(from: number, to: number): number {
    this.start(from, to);
    const keyword = this.next();
    switch (keyword) {
      case 'if':
      case 'elif':
      case 'while':
        this.namedTest();
        break;
      case 'else':
      case 'try':
      case 'finally':
        break;
      case 'for':
        this.targets();
        this.expect('in');
        this.testList();
        break;
      case 'except':
        if (this.at(':')) break;
        this.test();
        if (this.eat('as')) this.expect(NAME);
        break;
      case 'with':
        this.withItems();
        break;
      case 'def':
        this.functionHeader();
        break;
      case 'class':
        this.expect(NAME);
        if (this.eat('(')) this.argumentsTo(')');
        break;
      case 'async':
        if (this.sym[this.p] !== 'def' && this.sym[this.p] !== 'for' && this.sym[this.p] !== 'with') throw REJECTED;
        return this.header(this.p, to);
      default:
        throw REJECTED;
    }
    if (!this.at(':')) throw REJECTED;
    return this.p;
  }

  /** A decorator line: `@` and an expression, whole. */
  decorator(from: number, to: number): void {
    this.start(from, to);
    this.expect('@');
    this.namedTest();
    this.done();
  }

  private smallStatement(): void {
    switch (this.sym[this.p]) {
      case 'pass':
      case 'break':
      case 'continue':
        this.p++;
        return;
      case 'return':
        this.p++;
        if (this.p <= this.end && !this.at(';')) this.testList();
        return;
      case 'raise':
        this.p++;
        if (this.p > this.end || this.at(';')) return;
        this.test();
        if (this.eat('from')) this.test();
        return;
      case 'global':
      case 'nonlocal':
        this.p++;
        do this.expect(NAME);
        while (this.eat(','));
        return;
      case 'del':
      case 'assert':
        this.p++;
        this.testList();
        return;
      case 'import':
        this.p++;
        do this.dottedName(true);
        while (this.eat(','));
        return;
      case 'from':
        this.fromImport();
        return;
      default:
        this.expressionStatement();
    }
  }

  private fromImport(): void {
    this.p++;
    let dots = 0;
    while (this.at('.') || this.at('...')) dots += this.next().length;
    if (!this.at('import')) this.dottedName(false);
    else if (dots === 0) throw REJECTED;
    this.expect('import');
    if (this.eat('*')) return;
    const parenthesized = this.eat('(');
    do {
      if (parenthesized && this.at(')')) break;
      this.expect(NAME);
      if (this.eat('as')) this.expect(NAME);
    } while (this.eat(','));
    if (parenthesized) this.expect(')');
    else if (this.sym[this.p - 1] === ',') throw REJECTED;
  }

  private dottedName(aliased: boolean): void {
    do this.expect(NAME);
    while (this.eat('.'));
    if (aliased && this.eat('as')) this.expect(NAME);
  }

  private expressionStatement(): void {
    if (this.at('yield')) {
      this.yieldExpression();
      return;
    }
    let shape = this.starredList();
    if (this.at('=')) {
      while (this.eat('=')) {
        if (!isTarget(shape)) throw REJECTED;
        shape = this.at('yield') ? this.yieldExpression() : this.starredList();
      }
    } else if (this.p <= this.end && AUGMENTED.has(this.sym[this.p])) {
      if (!isSingleTarget(shape)) throw REJECTED;
      this.p++;
      if (this.at('yield')) this.yieldExpression();
      else this.testList();
    } else if (this.eat(':')) {
      if (!isSingleTarget(shape)) throw REJECTED;
      this.test();
      if (this.eat('=')) {
        if (this.at('yield')) this.yieldExpression();
        else this.starredList();
      }
    }
  }

  private functionHeader(): void {
    this.expect(NAME);
    this.expect('(');
    this.parameters(')', true);
    this.expect(')');
    if (this.eat('->')) this.test();
  }

  private withItems(): void {
    const start = this.p;
    const recorded = [this.calls.length, this.conditionals.length];
    if (this.at('(')) {
      try {
        this.p++;
        do {
          if (this.at(')')) break;
          this.withItem();
        } while (this.eat(','));
        this.expect(')');
        if (this.at(':')) return;
      } catch (error) {
        if (error !== REJECTED) throw error;
      }
      this.p = start;
      this.calls.length = recorded[0];
      this.conditionals.length = recorded[1];
    }
    do this.withItem();
    while (this.eat(','));
  }

  private withItem(): void {
    this.test();
    if (this.eat('as') && !isTarget(this.expression())) throw REJECTED;
  }
}
