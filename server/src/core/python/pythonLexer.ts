/**
 * A Python lexer for what the analyses need from every token: kind and offsets. tree-sitter's
 * tree gives structure, but walking all its nodes through WASM costs more than the parse itself,
 * so tokens come from here. Strings (prefixed, triple-quoted, f-strings) are single tokens.
 *
 * A hand-written scanner over char codes: it runs on every file of a cold scan and on every
 * keystroke, and a regular expression with named groups spent most of its time building match
 * objects. Its tokens are exactly those of the regular grammar the test states
 * (test/unit/pythonLexer.test.ts compares the two on real code).
 */

export type LexKind = 'name' | 'keyword' | 'number' | 'string' | 'op' | 'comment' | 'newline';

export interface LexToken {
  readonly kind: LexKind;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** A name from a non-ASCII character on (rare: ASCII names take the fast path). */
const UNICODE_NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const UNICODE_NAME_REST = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;

const TAB = 9, LF = 10, FF = 12, CR = 13, SPACE = 32, BANG = 33, DQUOTE = 34, HASH = 35, QUOTE = 39;
const STAR = 42, MINUS = 45, DOT = 46, SLASH = 47, ZERO = 48, NINE = 57, COLON = 58, LT = 60, EQ = 61, GT = 62;
const UNDERSCORE = 95, BACKSLASH = 92;
/** `-+*\/%@&|^<>`: the operators that take a trailing `=`. */
const AUGMENTABLE = new Set([45, 43, 42, 47, 37, 64, 38, 124, 94, 60, 62]);
/** Single-character operators. */
const SINGLE_OPS = new Set([...'-+*/%@&|^~<>()[]{}:;,.=!'].map((c) => c.charCodeAt(0)));
/** String prefix letters: r R b B u U f F. */
const PREFIX = new Set([...'rRbBuUfF'].map((c) => c.charCodeAt(0)));

const isBlank = (c: number) => c === SPACE || c === TAB || c === FF;
const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isAsciiNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE;
const isAsciiNamePart = (c: number) => isAsciiNameStart(c) || isDigit(c);
const isQuote = (c: number) => c === QUOTE || c === DQUOTE;

/** Lexes `text` into tokens (no whitespace tokens; newlines are kept: they end statements). */
export function lexPython(text: string): LexToken[] {
  const tokens: LexToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    const start = i;
    if (isBlank(c)) {
      i++;
      while (i < length && isBlank(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === BACKSLASH && (text.charCodeAt(i + 1) === LF || (text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF))) {
      i += text.charCodeAt(i + 1) === LF ? 2 : 3;
      continue;
    }
    if (c === LF || c === CR) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      tokens.push({ kind: 'newline', start, end: i });
      continue;
    }
    if (c === HASH) {
      i++;
      while (i < length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      tokens.push({ kind: 'comment', start, end: i });
      continue;
    }
    const prefix = stringPrefix(text, i, c);
    if (prefix >= 0) {
      i = stringEnd(text, i + prefix);
      tokens.push({ kind: 'string', start, end: i });
      continue;
    }
    const number = numberEnd(text, i, c);
    if (number > i) {
      i = number;
      tokens.push({ kind: 'number', start, end: i });
      continue;
    }
    if (isAsciiNameStart(c)) {
      i++;
      while (i < length && isAsciiNamePart(text.charCodeAt(i))) i++;
      if (i < length && text.charCodeAt(i) >= 128) i = unicodeNameRest(text, i);
      const name = text.slice(start, i);
      tokens.push({ kind: KEYWORDS.has(name) ? 'keyword' : 'name', start, end: i });
      continue;
    }
    if (c >= 128) {
      UNICODE_NAME.lastIndex = i;
      if (UNICODE_NAME.test(text)) {
        i = UNICODE_NAME.lastIndex;
        tokens.push({ kind: 'name', start, end: i });
        continue;
      }
    }
    i = opEnd(text, i, c);
    tokens.push({ kind: 'op', start, end: i });
  }
  return tokens;
}

/** The length of the string prefix at `i` when a string starts there (0 for none), else -1. */
function stringPrefix(text: string, i: number, c: number): number {
  if (isQuote(c)) return 0;
  if (!PREFIX.has(c)) return -1;
  const next = text.charCodeAt(i + 1);
  if (PREFIX.has(next) && isQuote(text.charCodeAt(i + 2))) return 2;
  return isQuote(next) ? 1 : -1;
}

/** Where the string opening with the quote at `i` ends: unterminated, at the line's end (or the text's, triple-quoted). */
function stringEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) {
    const close = text.indexOf(quote === QUOTE ? "'''" : '"""', i + 3);
    return close < 0 ? text.length : close + 3;
  }
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === quote) return j + 1;
    if (c === LF || c === CR) return j;
    if (c === BACKSLASH) {
      if (j + 1 >= text.length) return j;
      j += isSurrogatePair(text, j + 1) ? 3 : 2;
    } else {
      j++;
    }
  }
  return j;
}

/** Where the number at `i` ends, or `i` when none starts there. */
function numberEnd(text: string, i: number, c: number): number {
  const next = text.charCodeAt(i + 1);
  if (c === ZERO) {
    const radix = next | 32;
    const digit = radix === 120 ? isHexDigitOrUnderscore : radix === 98 ? isBinaryOrUnderscore : radix === 111 ? isOctalOrUnderscore : undefined;
    if (digit && digit(text.charCodeAt(i + 2))) {
      let j = i + 3;
      while (digit(text.charCodeAt(j))) j++;
      return j;
    }
  }
  let j: number;
  if (isDigit(c)) {
    j = digitsEnd(text, i + 1);
    if (text.charCodeAt(j) === DOT) j = digitsEnd(text, j + 1);
  } else if (c === DOT && isDigit(next)) {
    j = digitsEnd(text, i + 2);
  } else {
    return i;
  }
  const e = text.charCodeAt(j) | 32;
  if (e === 101) {
    const sign = text.charCodeAt(j + 1);
    const first = sign === 43 || sign === MINUS ? j + 2 : j + 1;
    if (isDigit(text.charCodeAt(first))) j = digitsEnd(text, first + 1);
  }
  if ((text.charCodeAt(j) | 32) === 106) j++;
  return j;
}

function digitsEnd(text: string, j: number): number {
  for (let c = text.charCodeAt(j); isDigit(c) || c === UNDERSCORE; c = text.charCodeAt(++j));
  return j;
}

function isHexDigitOrUnderscore(c: number): boolean {
  return isDigit(c) || c === UNDERSCORE || ((c | 32) >= 97 && (c | 32) <= 102);
}

function isBinaryOrUnderscore(c: number): boolean {
  return c === ZERO || c === 49 || c === UNDERSCORE;
}

function isOctalOrUnderscore(c: number): boolean {
  return (c >= ZERO && c <= 55) || c === UNDERSCORE;
}

/** Where a name continues past an ASCII start into non-ASCII characters. */
function unicodeNameRest(text: string, i: number): number {
  UNICODE_NAME_REST.lastIndex = i;
  UNICODE_NAME_REST.test(text);
  return UNICODE_NAME_REST.lastIndex;
}

/** Where the operator (or any other single character) at `i` ends: the longest operator wins. */
function opEnd(text: string, i: number, c: number): number {
  const next = text.charCodeAt(i + 1);
  const third = text.charCodeAt(i + 2);
  if (c === DOT && next === DOT && third === DOT) return i + 3;
  if ((c === STAR || c === SLASH || c === GT || c === LT) && next === c) return third === EQ ? i + 3 : i + 2;
  if ((c === MINUS && next === GT) || (c === COLON && next === EQ) || ((c === EQ || c === BANG) && next === EQ)) return i + 2;
  if (AUGMENTABLE.has(c) && next === EQ) return i + 2;
  if (SINGLE_OPS.has(c)) return i + 1;
  return isSurrogatePair(text, i) ? i + 2 : i + 1;
}

function isSurrogatePair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
}
