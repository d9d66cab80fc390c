/**
 * The names an f-string reads in its replacement fields. The lexer keeps a string as one token,
 * so without this `f"{total} {CURRENCY}"` would read nothing, and the feature grouping would not
 * see that a constant used in messages is shared by several features.
 */
import { lexPython } from './pythonLexer';

/** `f"{order.total:.2f} {CURRENCY!s}"` → order, CURRENCY; `{{literal}}` braces hold no field. */
export function fStringNames(literal: string): string[] {
  return replacementFields(literal.replace(/^[A-Za-z]*/, '')).flatMap(namesRead);
}

/**
 * The expression of each replacement field, nested ones (`{value:{width}}`) included. An
 * expression ends at its closing brace, or at a `!` conversion or `:` format spec outside
 * brackets and quotes; a spec may hold fields of its own.
 */
function replacementFields(body: string): string[] {
  const expressions: string[] = [];
  /** Reads the field opened just before `start`; returns the index of its closing brace. */
  const field = (start: number): number => {
    let depth = 0;
    let quote = '';
    let end = start;
    for (; end < body.length; end++) {
      const c = body[end];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (depth > 0 && ')]}'.includes(c)) depth--;
      else if (c === '}' || c === ':' || (c === '!' && body[end + 1] !== '=')) break;
    }
    expressions.push(body.slice(start, end));
    for (; end < body.length && body[end] !== '}'; end++) if (body[end] === '{') end = field(end + 1);
    return end;
  };
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '{') continue;
    if (body[i + 1] === '{') i++;
    else i = field(i + 1);
  }
  return expressions;
}

/** Names read by an expression: not attributes (`.total`) nor keyword arguments (`f(key=1)`). */
function namesRead(expression: string): string[] {
  const tokens = lexPython(expression);
  const text = (i: number) => (tokens[i] ? expression.slice(tokens[i].start, tokens[i].end) : '');
  let depth = 0;
  return tokens.flatMap((token, i) => {
    if (token.kind === 'op') {
      if ('([{'.includes(text(i))) depth++;
      else if (')]}'.includes(text(i))) depth--;
    }
    if (token.kind !== 'name' || text(i - 1) === '.' || (depth > 0 && text(i + 1) === '=')) return [];
    return [text(i)];
  });
}
