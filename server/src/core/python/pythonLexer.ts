/**
 * A Python lexer for what the analyses need from every token: kind and offsets. Walking a
 * tree-sitter tree's nodes through WASM costs more than the parse itself, and most modules are
 * outlined from these tokens alone (tokenOutline.ts). Strings (prefixed, triple-quoted,
 * f-strings) are single tokens. It dispatches on a token's first character, so that each token
 * costs one sticky pattern test and one small object.
 */

import { commonEnds, type CommonEnds } from '../parse/textEdit';
import { partitionPoint } from '../model/sortedSearch';

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

/** Keywords by first character and length (`keywordKey`), to recognise one without slicing the name. */
const KEYWORDS_AT = new Map<number, string[]>();
for (const keyword of KEYWORDS) {
  const key = keywordKey(keyword.charCodeAt(0), keyword.length);
  KEYWORDS_AT.set(key, [...(KEYWORDS_AT.get(key) ?? []), keyword]);
}

/** Letters that may open a string (`rb"…"`, `f'…'`). */
const STRING_PREFIX = new Set([...'rRbBuUfF'].map((letter) => letter.charCodeAt(0)));

// Sticky patterns tried by the first character; `test` leaves no match arrays to collect.
const STRING = /(?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|$(?![\s\S]))|"""[\s\S]*?(?:"""|$(?![\s\S]))|'(?:[^'\\\r\n]|\\[\s\S])*'?|"(?:[^"\\\r\n]|\\[\s\S])*"?)/y;
const NUMBER = /0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const OPERATOR = /\.\.\.|\*\*=|\/\/=|>>=|<<=|->|:=|\*\*|\/\/|<<|>>|<=|>=|==|!=|[-+*/%@&|^<>]=|[-+*/%@&|^~<>()[\]{}:;,.=!]/y;

/** Lexes `text` into tokens (no whitespace tokens; newlines are kept: they end statements). */
export function lexPython(text: string): LexToken[] {
  const tokens: LexToken[] = [];
  lexFrom(text, 0, tokens, text.length, () => false);
  return tokens;
}

/**
 * How an edit's tokens relate to the earlier text's: the characters the texts share at each end
 * (`head`, `tail`), the first `keptHead` tokens are the earlier ones, and the last `keptTail`
 * are the earlier ones moved by the change in length. What comes between was lexed again.
 */
export interface LexedEdit extends CommonEnds {
  readonly keptHead: number;
  readonly keptTail: number;
}

/** An edited text's tokens, and how they relate to the earlier text's. */
export interface RelexedTokens {
  readonly tokens: LexToken[];
  readonly edit: LexedEdit;
}

/** Characters past a token's end the patterns read to end it (`1e+5` or `1e`, `**=` or `*`, `\r\n`). */
const LOOKAHEAD = 4;

/**
 * Lexes `text`, an edit of `before` whose tokens were `earlier`, as lexPython would, re-lexing
 * only the changed region: the tokens the edit cannot reach (those ending LOOKAHEAD characters
 * before the first changed one) are kept, and the lexer, which keeps no state between tokens,
 * stops at the first token of the unchanged tail that starts where an earlier token started:
 * from there on the tokens are the earlier ones, moved by the edit's change in length. Re-lexing
 * a whole 2,500-line module cost more than re-parsing it incrementally. `ends`: what the two
 * texts share at each end, when known already.
 */
export function relexPython(before: string, earlier: readonly LexToken[], text: string, ends: CommonEnds = commonEnds(before, text)): RelexedTokens {
  const { head, tail } = ends;
  // The number of earlier tokens ending LOOKAHEAD characters or more before the change.
  const low = partitionPoint(earlier.length, (i) => earlier[i].end + LOOKAHEAD <= head);
  const shift = text.length - before.length;
  let next = low;
  const inStep = (at: number): boolean => {
    while (next < earlier.length && earlier[next].start < at - shift) next++;
    return next < earlier.length && earlier[next].start === at - shift;
  };
  const relexed: LexToken[] = [];
  const stopped = lexFrom(text, low > 0 ? earlier[low - 1].end : 0, relexed, text.length - tail, inStep) < text.length;
  const moved = stopped ? earlier.slice(next).map(({ kind, start, end }) => ({ kind, start: start + shift, end: end + shift })) : [];
  // Joined in one step: growing a copy of a large array by pushes costs more than the whole re-lex.
  return { tokens: earlier.slice(0, low).concat(relexed, moved), edit: { head, tail, keptHead: low, keptTail: moved.length } };
}

/**
 * Lexes `text` from `i` (0, or where a token of it ends) into `tokens`, up to its end or to a
 * token at `from` or after that `stop` says not to lex; returns where it stopped.
 */
function lexFrom(text: string, i: number, tokens: LexToken[], from: number, stop: (at: number) => boolean): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) {
      i++;
    } else if (c === 92 && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
      // A backslash continuation is white space.
      i += text.charCodeAt(i + 1) === 10 ? 2 : 3;
    } else if (i >= from && stop(i)) {
      return i;
    } else if (c === 10 || c === 13) {
      const end = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      tokens.push({ kind: 'newline', start: i, end });
      i = end;
    } else if (c === 35) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
      tokens.push({ kind: 'comment', start: i, end });
      i = end;
    } else {
      i = lexWord(text, i, c, tokens);
    }
  }
  return i;
}

/** Lexes the string, number, name, operator or other character at `i`; returns where it ends. */
function lexWord(text: string, i: number, c: number, tokens: LexToken[]): number {
  let end: number;
  if ((c === 34 || c === 39 || STRING_PREFIX.has(c)) && (end = stickyEnd(STRING, text, i)) > 0) {
    tokens.push({ kind: 'string', start: i, end });
  } else if (((c >= 48 && c <= 57) || c === 46) && (end = stickyEnd(NUMBER, text, i)) > 0) {
    tokens.push({ kind: 'number', start: i, end });
  } else if ((end = stickyEnd(NAME, text, i)) > 0) {
    tokens.push({ kind: isKeyword(text, i, end) ? 'keyword' : 'name', start: i, end });
  } else {
    end = stickyEnd(OPERATOR, text, i);
    // Any other character is an operator of its own, for the syntax check to refuse.
    if (end < 0) end = i + (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1);
    tokens.push({ kind: 'op', start: i, end });
  }
  return end;
}

function stickyEnd(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

function isKeyword(text: string, start: number, end: number): boolean {
  const candidates = KEYWORDS_AT.get(keywordKey(text.charCodeAt(start), end - start));
  return candidates !== undefined && candidates.some((keyword) => text.startsWith(keyword, start));
}

function keywordKey(firstCode: number, length: number): number {
  return firstCode * 64 + Math.min(length, 63);
}
