/**
 * What a Django template reads, as the n-plus-one rule needs it: its `{% for x in y %}` loops
 * (nested as written) and every variable path its `{{ … }}` and tag arguments read
 * (`order.customer.name`, `o.items.all`), each with where it is in the file. A scanner, not a
 * parser: strings are skipped, filters' names left out (their arguments read variables),
 * comments and `{% verbatim %}` ignored. Aliases (`{% with c=o.customer %}`) and what
 * `{% include %}`/`{% extends %}` pull in are not followed.
 */
import type { SourcePosition, SourceRange } from '../model/sourceRange';

/** A `{% for %}` loop. */
export interface TemplateLoop {
  /** The loop variable, when it is one name (`for key, value in …` has none). */
  readonly variable?: string;
  /** What it iterates: `orders`, `order.items.all`. */
  readonly iterable: TemplatePath;
  /** The `{% for … %}` tag. */
  readonly range: SourceRange;
  /** The loop binding the iterable's root, by index; undefined when the root comes from the context. */
  readonly iterableLoop?: number;
}

/** A variable path: root `order`, path `customer.name`. */
export interface TemplatePath {
  readonly root: string;
  readonly path: readonly string[];
}

/** A variable path read somewhere, with the innermost loop binding its root. */
export interface TemplateRead extends TemplatePath {
  readonly range: SourceRange;
  readonly loop?: number;
}

export interface TemplateScan {
  readonly loops: readonly TemplateLoop[];
  readonly reads: readonly TemplateRead[];
}

const TAG = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{\s*([\s\S]*?)\s*\}\}|\{#[\s\S]*?#\}/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
/** A dotted name not after a `|` (a filter's name) nor inside a number. */
const VARIABLE = /(^|[^\w.|])([A-Za-z_]\w*(?:\.\w+)*)/g;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'as', 'with', 'only', 'reversed', 'True', 'False', 'None', 'silent', 'by', 'on', 'off']);
/** Tags whose arguments are no variables (block and library names). */
const NO_VARIABLES = new Set(['block', 'load', 'csrf_token', 'templatetag', 'autoescape', 'spaceless']);

/** The loops and reads of a template's text. */
export function scanTemplate(text: string): TemplateScan {
  const loops: TemplateLoop[] = [];
  const reads: TemplateRead[] = [];
  const open: { variable?: string; index: number }[] = [];
  const position = positionsOf(text);
  let skipUntil: string | undefined;
  for (const match of text.matchAll(TAG)) {
    const [whole, tag, variable] = match;
    const at = match.index;
    if (tag === undefined && variable === undefined) continue;
    const words = tag?.split(/\s+/) ?? [];
    if (skipUntil !== undefined) {
      if (words[0] === skipUntil) skipUntil = undefined;
      continue;
    }
    if (words[0] === 'comment' || words[0] === 'verbatim') {
      skipUntil = `end${words[0]}`;
      continue;
    }
    const bound = (root: string) => [...open].reverse().find((loop) => loop.variable === root)?.index;
    const record = (source: string, offset: number) => {
      for (const found of variablesOf(source)) {
        const [root, ...path] = found.text.split('.');
        const start = at + offset + found.offset;
        if (path.length > 0) reads.push({ root, path, range: { start: position(start), end: position(start + found.text.length) }, loop: bound(root) });
      }
    };
    const range = { start: position(at), end: position(at + whole.length) };
    if (variable !== undefined) {
      record(variable, whole.indexOf(variable));
    } else if (words[0] === 'for') {
      const loop = /^for\s+(.+?)\s+in\s+(\S+)(\s+reversed)?$/.exec(tag!);
      if (!loop) continue;
      const iterableOffset = whole.indexOf(loop[2], whole.indexOf(' in ') + 1);
      record(loop[2], iterableOffset);
      const [root, ...path] = loop[2].split('|')[0].split('.');
      const names = loop[1].split(/\s*,\s*/);
      loops.push({ variable: names.length === 1 ? names[0] : undefined, iterable: { root, path }, range, iterableLoop: bound(root) });
      open.push({ variable: names.length === 1 ? names[0] : undefined, index: loops.length - 1 });
    } else if (words[0] === 'endfor') {
      open.pop();
    } else if (!NO_VARIABLES.has(words[0]) && !words[0].startsWith('end')) {
      const args = tag!.slice(words[0].length);
      record(args, whole.indexOf(args, whole.indexOf(words[0]) + words[0].length));
    }
  }
  return { loops, reads };
}

/** The dotted names an expression reads, strings and filter names left out, with their offsets in it. */
function variablesOf(source: string): { text: string; offset: number }[] {
  const blanked = source.replace(STRING, (literal) => ' '.repeat(literal.length));
  const found: { text: string; offset: number }[] = [];
  for (const match of blanked.matchAll(VARIABLE)) {
    const name = match[2];
    // `total=…` in `{% with %}` names a new variable; keyword-like words are syntax.
    const after = match.index + match[0].length;
    if (KEYWORDS.has(name) || (blanked[after] === '=' && blanked[after + 1] !== '=')) continue;
    found.push({ text: name, offset: match.index + match[1].length });
  }
  return found;
}

/** Offset → line and column, by the line starts of the text. */
function positionsOf(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low] };
  };
}
