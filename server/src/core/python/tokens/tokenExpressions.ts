/**
 * Python expressions for the strict syntax check (tokenSyntax.ts), read by recursive descent
 * over one logical line's symbols. Precedence only matters where it changes what is accepted;
 * the shape of what was read tells whether it may be assigned to. Calls and conditional
 * expressions are recorded for the view metrics (tokenFunctionFacts.ts).
 */
import { lexPython } from '../pythonLexer';
import { isNumber, isString } from './literalSyntax';
import { CALLEE_ATTRIBUTE, CALLEE_NAME, CALLEE_OTHER, NAME, NUMBER, REJECTED, STRING, symbolOf, TokenCursor } from './tokenCursor';

/** Expression shapes, as far as assignment targets care. */
export const OTHER = 0;
const NAME_SHAPE = 1;
const ATTRIBUTE = 2;
const SUBSCRIPT = 3;
const STARRED_TARGET = 4;
const TARGET_TUPLE = 5;
export type Shape = number;

export const isSingleTarget = (shape: Shape) => shape === NAME_SHAPE || shape === ATTRIBUTE || shape === SUBSCRIPT;
export const isTarget = (shape: Shape) => shape !== OTHER;

const BINARY = new Set(['|', '^', '&', '<<', '>>', '+', '-', '*', '/', '//', '%', '@']);
const COMPARISON = new Set(['<', '>', '==', '>=', '<=', '!=', 'in', 'is']);
export const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '>>=', '<<=', '**=']);
const CONSTANTS = new Set(['None', 'True', 'False', '...']);
/** What may follow a bare `yield`, an expression list, a slice's bound: where none starts. */
const AFTER_YIELD = new Set([')', ';', '=', ']', '}']);
const AFTER_EXPRESSION = new Set(['=', ')', ']', '}', ':', ';', 'in', 'for', 'if', 'else', 'as', 'from']);
const AFTER_SLICE_BOUND = new Set([':', ',', ']']);
/** Symbols after an operand that no operator or trailer reads: the operand is the whole expression. */
const ENDS_OPERAND = new Set([',', ')', ']', '}', ':', '=', ';']);

/** Reads expressions from the cursor's position; throws REJECTED at anything it does not accept. */
export class ExpressionChecker extends TokenCursor {
  /**
   * Every call read, as five numbers: the indexes of its first token, its `(` and its `)`, the
   * callee's kind (CALLEE_*), and the index of the `.` before an attribute callee's name.
   */
  readonly calls: number[] = [];
  /** The index of the `if` of every conditional expression read. */
  readonly conditionals: number[] = [];

  constructor(
    sym: readonly string[],
    protected readonly textOf: (i: number) => string,
  ) {
    super(sym);
  }

  /** Checks a whole expression list (an f-string field), from its own tokens. */
  static expression(source: string): boolean {
    const tokens = lexPython(source);
    if (tokens.length === 0 || tokens.some((t) => t.kind === 'comment' || t.kind === 'newline')) return false;
    const checker = new ExpressionChecker(
      tokens.map((t) => symbolOf(t, source)),
      (i) => source.slice(tokens[i].start, tokens[i].end),
    );
    try {
      checker.start(0, tokens.length - 1);
      checker.testList();
      checker.done();
      return true;
    } catch (error) {
      if (error === REJECTED) return false;
      throw error;
    }
  }

  protected yieldExpression(): Shape {
    this.expect('yield');
    if (this.eat('from')) this.test();
    else if (this.p <= this.end && !AFTER_YIELD.has(this.sym[this.p])) this.starredList();
    return OTHER;
  }

  /** Expressions and `*starred` ones, comma-separated: a statement's or an assignment's sides. */
  protected starredList(): Shape {
    const starred = this.at('*');
    const first = this.starredOrTest();
    if (!this.at(',')) {
      if (starred) throw REJECTED;
      return first;
    }
    let targets = isTarget(first);
    while (this.eat(',')) {
      if (!this.startsExpression()) break;
      targets = isTarget(this.starredOrTest()) && targets;
    }
    return targets ? TARGET_TUPLE : OTHER;
  }

  protected starredOrTest(): Shape {
    if (!this.eat('*')) return this.test();
    return isSingleTarget(this.expression()) ? STARRED_TARGET : OTHER;
  }

  protected testList(): void {
    do this.test();
    while (this.eat(',') && this.startsExpression());
  }

  /** `for` targets: expressions above comparisons (so `in` ends them), each a target. */
  protected targets(): void {
    do {
      const shape = this.eat('*') ? (isSingleTarget(this.expression()) ? STARRED_TARGET : OTHER) : this.expression();
      if (!isTarget(shape)) throw REJECTED;
    } while (this.eat(',') && !this.at('in'));
  }

  protected startsExpression(): boolean {
    if (this.p > this.end) return false;
    const symbol = this.sym[this.p];
    return !AFTER_EXPRESSION.has(symbol) && !AUGMENTED.has(symbol);
  }

  protected namedTest(): Shape {
    if (this.at(NAME) && this.peek() === ':=') {
      this.p += 2;
      this.test();
      return OTHER;
    }
    return this.test();
  }

  protected test(): Shape {
    // Most expressions are one name or literal before a comma or bracket: no need to descend.
    const symbol = this.sym[this.p];
    if ((symbol === NAME || symbol === NUMBER || symbol === STRING) && (this.p === this.end || ENDS_OPERAND.has(this.sym[this.p + 1]))) {
      return this.atom();
    }
    if (this.at('lambda')) {
      this.lambda();
      return OTHER;
    }
    const shape = this.orTest();
    if (!this.at('if')) return shape;
    this.conditionals.push(this.p++);
    this.orTest();
    this.expect('else');
    this.test();
    return OTHER;
  }

  protected lambda(): void {
    this.expect('lambda');
    this.parameters(':', false);
    this.expect(':');
    this.test();
  }

  protected orTest(): Shape {
    const shape = this.andTest();
    if (!this.at('or')) return shape;
    while (this.eat('or')) this.andTest();
    return OTHER;
  }

  protected andTest(): Shape {
    const shape = this.notTest();
    if (!this.at('and')) return shape;
    while (this.eat('and')) this.notTest();
    return OTHER;
  }

  protected notTest(): Shape {
    if (!this.eat('not')) return this.comparison();
    this.notTest();
    return OTHER;
  }

  protected comparison(): Shape {
    const shape = this.expression();
    let compared = false;
    for (;;) {
      if (this.at('not') && this.peek() === 'in') this.p += 2;
      else if (this.eat('is')) this.eat('not');
      else if (this.p <= this.end && COMPARISON.has(this.sym[this.p])) this.p++;
      else return compared ? OTHER : shape;
      this.expression();
      compared = true;
    }
  }

  /** Binary operators from `|` down to `*`: precedence does not matter to a check. */
  protected expression(): Shape {
    const shape = this.factor();
    if (this.p > this.end || !BINARY.has(this.sym[this.p])) return shape;
    while (this.p <= this.end && BINARY.has(this.sym[this.p])) {
      this.p++;
      this.factor();
    }
    return OTHER;
  }

  protected factor(): Shape {
    if (this.eat('-') || this.eat('+') || this.eat('~')) {
      this.factor();
      return OTHER;
    }
    const awaited = this.eat('await');
    const shape = this.primary();
    if (this.eat('**')) this.factor();
    else if (!awaited) return shape;
    return OTHER;
  }

  protected primary(): Shape {
    const first = this.p;
    let shape = this.atom();
    for (;;) {
      if (this.at('(')) {
        const open = this.p++;
        const callee = shape === NAME_SHAPE ? CALLEE_NAME : shape === ATTRIBUTE ? CALLEE_ATTRIBUTE : CALLEE_OTHER;
        const call = this.calls.push(first, open, -1, callee, open - 2) - 5;
        this.argumentsTo(')');
        this.calls[call + 2] = this.p - 1;
        shape = OTHER;
      } else if (this.eat('[')) {
        this.subscripts();
        shape = SUBSCRIPT;
      } else if (this.eat('.')) {
        this.expect(NAME);
        shape = ATTRIBUTE;
      } else return shape;
    }
  }

  protected atom(): Shape {
    const symbol = this.next();
    switch (symbol) {
      case NAME:
        return NAME_SHAPE;
      case NUMBER:
        if (!isNumber(this.textOf(this.p - 1))) throw REJECTED;
        return OTHER;
      case STRING:
        this.p--;
        while (this.at(STRING)) if (!isString(this.textOf(this.p++), ExpressionChecker.expression)) throw REJECTED;
        return OTHER;
      case '(':
        return this.parenthesized();
      case '[': {
        const shape = this.display(']');
        return shape === OTHER ? OTHER : TARGET_TUPLE;
      }
      case '{':
        this.braces();
        return OTHER;
      default:
        if (CONSTANTS.has(symbol)) return OTHER;
        throw REJECTED;
    }
  }

  protected parenthesized(): Shape {
    if (this.eat(')')) return OTHER;
    if (this.at('yield')) {
      this.yieldExpression();
      this.expect(')');
      return OTHER;
    }
    return this.display(')');
  }

  /** A tuple, list or parenthesized expression, or a comprehension; the target shape of its items. */
  protected display(close: string): Shape {
    if (this.eat(close)) return OTHER;
    const starred = this.at('*');
    const first = starred ? this.starredOrTest() : this.namedTest();
    if (this.comprehension()) {
      if (starred) throw REJECTED;
      this.expect(close);
      return OTHER;
    }
    // `(*a)` is no expression; `(*a,)` and `[*a]` are.
    if (starred && close === ')' && this.at(')')) throw REJECTED;
    let targets = isTarget(first);
    while (this.eat(',') && !this.at(close)) targets = isTarget(this.at('*') ? this.starredOrTest() : this.namedTest()) && targets;
    this.expect(close);
    return targets ? TARGET_TUPLE : OTHER;
  }

  protected braces(): void {
    if (this.eat('}')) return;
    const entry = (): boolean => {
      if (this.eat('**')) {
        this.expression();
        return true;
      }
      if (this.eat('*')) {
        this.expression();
        return false;
      }
      this.test();
      if (!this.eat(':')) return false;
      this.test();
      return true;
    };
    const isDict = entry();
    if (!this.comprehension()) {
      while (this.eat(',') && !this.at('}')) if (entry() !== isDict) throw REJECTED;
    }
    this.expect('}');
  }

  /** `for … in …` clauses with their `if`s, when one starts here. */
  protected comprehension(): boolean {
    let found = false;
    for (;;) {
      if (this.at('async') && this.peek() === 'for') this.p++;
      if (this.eat('for')) {
        this.targets();
        this.expect('in');
        this.orTest();
        found = true;
      } else if (found && this.eat('if')) {
        this.orTest();
      } else return found;
    }
  }

  protected argumentsTo(close: string): void {
    while (!this.eat(close)) {
      if (this.eat('*') || this.eat('**')) this.test();
      else if (this.at(NAME) && (this.peek() === '=' || this.peek() === ':=')) {
        this.p += 2;
        this.test();
      } else {
        this.test();
        this.comprehension();
      }
      if (!this.at(close)) this.expect(',');
    }
  }

  protected subscripts(): void {
    do {
      if (this.at(']') && this.sym[this.p - 1] === ',') break;
      if (!this.at(':')) this.namedTest();
      if (this.eat(':')) {
        if (this.startsSliceBound()) this.test();
        if (this.eat(':') && this.startsSliceBound()) this.test();
      }
    } while (this.eat(','));
    this.expect(']');
  }

  protected startsSliceBound(): boolean {
    return this.p <= this.end && !AFTER_SLICE_BOUND.has(this.sym[this.p]);
  }

  /** Parameters up to `close` (not consumed), annotated when `typed` (a def's, not a lambda's). */
  protected parameters(close: string, typed: boolean): void {
    while (!this.at(close)) {
      if (this.eat('/')) {
        // a positional-only marker
      } else if (this.eat('*')) {
        if (this.at(NAME)) this.parameter(typed, false);
      } else if (this.eat('**')) {
        this.parameter(typed, false);
      } else {
        this.parameter(typed, true);
      }
      if (!this.at(close)) this.expect(',');
    }
  }

  protected parameter(typed: boolean, withDefault: boolean): void {
    this.expect(NAME);
    if (typed && this.eat(':')) this.test();
    if (withDefault && this.eat('=')) this.test();
  }
}
