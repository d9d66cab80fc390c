/**
 * Literals read strictly for the syntax check (tokenSyntax.ts): numbers as Python writes them,
 * strings with a valid prefix and their closing quotes, and the replacement fields of f-strings,
 * whose expressions tree-sitter parses, so an odd one must send the file to the parser.
 * fStringNames.ts reads the same fields leniently, for the names they use.
 */

const NUMBER =
  /^(?:0[xX](?:_?[\da-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[1-9](?:_?\d)*|0(?:_?0)*)|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*)[jJ]?)$/;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])?$/;

/** Whether a number token is one Python (and so tree-sitter) reads as one number. */
export function isNumber(literal: string): boolean {
  return NUMBER.test(literal);
}

/**
 * Whether a string token is one closed string with a valid prefix, each f-string field an
 * expression `isExpression` accepts.
 */
export function isString(literal: string, isExpression: (field: string) => boolean): boolean {
  const quote = /['"]/.exec(literal);
  if (!quote || !STRING_PREFIX.test(literal.slice(0, quote.index))) return false;
  const body = literal.slice(quote.index);
  const delimiter = body.startsWith(quote[0].repeat(3)) ? quote[0].repeat(3) : quote[0];
  if (body.length < delimiter.length * 2 || !body.endsWith(delimiter)) return false;
  if (!/[fF]/.test(literal.slice(0, quote.index))) return true;
  const fields = fStringFields(body.slice(delimiter.length, body.length - delimiter.length));
  return fields !== undefined && fields.every(isExpression);
}

/**
 * The expressions of the fields in `body` (the text between the quotes), a self-documenting
 * `=` removed; undefined when anything is unusual: an empty field, a stray `}`, a backslash,
 * comment or line break in an expression, a conversion other than `!r`, `!s`, `!a`.
 */
export function fStringFields(body: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if ((c === '{' || c === '}') && body[i + 1] === c) i += 2;
    else if (c === '}') return undefined;
    else if (c === '{') {
      const end = readField(body, i + 1, fields);
      if (end < 0) return undefined;
      i = end + 1;
    } else i++;
  }
  return fields;
}

/** Reads the field whose expression starts at `start`; returns the index of its `}`, or -1. */
function readField(body: string, start: number, fields: string[]): number {
  let depth = 0;
  let quote = '';
  let end = start;
  for (; end < body.length; end++) {
    const c = body[end];
    if (c === '\\' || c === '\n' || c === '\r' || (c === '#' && !quote)) return -1;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (depth > 0 && (c === ')' || c === ']' || c === '}')) depth--;
    else if (c === '}' || c === ':' || (c === '!' && body[end + 1] !== '=')) break;
  }
  if (end >= body.length || quote) return -1;
  const expression = body.slice(start, end).replace(/(?<![=!<>])=\s*$/, '');
  if (expression.trim() === '') return -1;
  fields.push(expression);
  if (body[end] === '!') {
    if (!/^![rsa][:}]/.test(body.slice(end, end + 3))) return -1;
    end += 2;
  }
  if (body[end] === '}') return end;
  for (end++; end < body.length; end++) {
    if (body[end] === '}') return end;
    if (body[end] === '{') {
      end = readField(body, end + 1, fields);
      if (end < 0) return -1;
    }
  }
  return -1;
}
