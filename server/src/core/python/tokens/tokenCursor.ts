/**
 * A cursor over the symbols of one logical line, for the strict syntax check (tokenSyntax.ts):
 * what the checker reads of each token, and how it steps through them.
 */
import type { LexToken } from '../pythonLexer';

/** `sym` values of the tokens that are not operators or keywords. */
export const NAME = '\0n';
export const NUMBER = '\0d';
export const STRING = '\0s';

/** Kinds of callee in ExpressionChecker.calls: a name, an attribute, anything else. */
export const CALLEE_NAME = 0;
export const CALLEE_ATTRIBUTE = 1;
export const CALLEE_OTHER = 2;

/** Thrown (never an error of the caller's) when the tokens are not Python this checker accepts. */
export const REJECTED = new Error('not checkable from tokens');

/** One-character operators by character code, so the commonest symbols are not sliced anew. */
const ONE_CHARACTER = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

/** The symbol the checker reads for a token: its text for operators and keywords, else its kind. */
export function symbolOf(token: LexToken, text: string): string {
  switch (token.kind) {
    case 'name':
      return NAME;
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    default: {
      const code = text.charCodeAt(token.start);
      return token.end - token.start === 1 && code < 128 ? ONE_CHARACTER[code] : text.slice(token.start, token.end);
    }
  }
}

/** Steps through `sym[from..to]`; every step past what is expected throws REJECTED. */
export class TokenCursor {
  protected p = 0;
  protected end = 0;

  constructor(protected readonly sym: readonly string[]) {}

  protected start(from: number, to: number): void {
    this.p = from;
    this.end = to;
  }

  protected at(symbol: string): boolean {
    return this.p <= this.end && this.sym[this.p] === symbol;
  }

  protected eat(symbol: string): boolean {
    if (!this.at(symbol)) return false;
    this.p++;
    return true;
  }

  protected expect(symbol: string): void {
    if (!this.eat(symbol)) throw REJECTED;
  }

  /** The symbol after the current one, within the line. */
  protected peek(): string {
    return this.p + 1 <= this.end ? this.sym[this.p + 1] : '';
  }

  protected next(): string {
    if (this.p > this.end) throw REJECTED;
    return this.sym[this.p++];
  }

  protected done(): void {
    if (this.p <= this.end) throw REJECTED;
  }
}
