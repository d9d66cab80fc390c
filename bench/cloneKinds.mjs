// @ts-check
/**
 * Sorts clones by what their lines mostly hold, so a reader of the recall lines sees at once
 * why they differ: jscpd tokenises the text of docstrings and other multi-line strings and
 * counts import lists, while Untangle compares code tokens only (a docstring is one token,
 * imports break clones) and folds literals (rows of a data table all look alike to it). A
 * heuristic line scan, not a parser: it knows strings, comments, import statements and rows of
 * literals, which is all the sorting needs.
 */
import * as fs from 'node:fs';

/** @typedef {import('./reports.mjs').ClonePair} ClonePair */
/** @typedef {'code' | 'literal tables' | 'multi-line strings' | 'imports'} CloneKind */
/** @typedef {'code' | 'literal' | 'string' | 'import' | 'blank'} LineKind */

/** Kinds in the order examples are shown: code clones are the ones worth a look. */
const ORDER = /** @type {const} */ (['code', 'literal tables', 'imports', 'multi-line strings']);

/** A line of nothing but literals (strings, numbers) and punctuation: a row of a data table. */
const LITERAL_ROW = /^\s*(?:[rRbBuUfF]{0,2}'(?:[^'\\]|\\.)*'|[rRbBuUfF]{0,2}"(?:[^"\\]|\\.)*"|-?0[xX][\da-fA-F]+|-?\d[\d_.eE+-]*|[,:(){}[\]\s])+(?:#.*)?$/;

/**
 * @typedef {object} KindBreakdown
 * @property {Record<CloneKind, { clones: number, missed: number }>} byKind reference clones per kind
 * @property {(ClonePair & { kind: CloneKind })[]} missed the missed clones with their kinds, code
 *   first, otherwise in the order given
 */

/**
 * Classifies the reference clones and the missed ones among them (the same objects).
 * @param {readonly ClonePair[]} reference
 * @param {readonly ClonePair[]} missed
 * @returns {KindBreakdown}
 */
export function kindBreakdown(reference, missed) {
  /** @type {Map<string, LineKind[]>} */
  const cache = new Map();
  const kindsOf = (/** @type {string} */ file) => {
    let kinds = cache.get(file);
    if (!kinds) {
      kinds = lineKinds(fs.readFileSync(file, 'utf8'));
      cache.set(file, kinds);
    }
    return kinds;
  };
  const kinds = new Map(reference.map((clone) => [clone, cloneKind(clone, kindsOf)]));
  const byKind = /** @type {Record<CloneKind, { clones: number, missed: number }>} */ (Object.fromEntries(ORDER.map((kind) => [kind, { clones: 0, missed: 0 }])));
  for (const kind of kinds.values()) byKind[kind].clones++;
  const withKinds = missed.map((clone) => ({ ...clone, kind: kinds.get(clone) ?? cloneKind(clone, kindsOf) }));
  for (const clone of withKinds) byKind[clone.kind].missed++;
  withKinds.sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
  return { byKind, missed: withKinds };
}

/**
 * @param {ClonePair} clone
 * @param {(file: string) => LineKind[]} kindsOf
 * @returns {CloneKind}
 */
function cloneKind(clone, kindsOf) {
  const tally = { code: 0, literal: 0, string: 0, import: 0, blank: 0 };
  for (const span of [clone.a, clone.b]) {
    const kinds = kindsOf(span.file);
    for (let line = span.start; line <= span.end; line++) tally[kinds[line - 1] ?? 'blank']++;
  }
  const counted = tally.code + tally.literal + tally.string + tally.import;
  if (tally.string * 2 >= counted && tally.string > 0) return 'multi-line strings';
  if (tally.import * 2 >= counted && tally.import > 0) return 'imports';
  if (tally.literal * 2 >= counted && tally.literal > 0) return 'literal tables';
  return 'code';
}

/**
 * What each line (0-based index) of a Python module mostly is.
 * @param {string} text
 * @returns {LineKind[]}
 */
export function lineKinds(text) {
  const lines = text.split('\n');
  /** @type {LineKind[]} */
  const kinds = lines.map((line) => (line.trim() === '' || line.trim().startsWith('#') ? 'blank' : 'code'));
  let line = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '#') i = endOfLine(text, i) - 1;
    else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const end = closingQuote(text, i, triple ? c.repeat(3) : c);
      const first = line;
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      if (line > first) {
        // A line that only opens the string is string too; `x = """…` stays code.
        const opensLine = lines[first].trimStart().replace(/^[rRbBuUfF]{0,2}/, '').startsWith(c);
        for (let l = opensLine ? first : first + 1; l <= line; l++) kinds[l] = 'string';
      }
      i = end - 1;
    }
  }
  markImports(lines, kinds);
  for (let l = 0; l < lines.length; l++) if (kinds[l] === 'code' && LITERAL_ROW.test(lines[l])) kinds[l] = 'literal';
  return kinds;
}

/**
 * @param {string} text
 * @param {number} i
 */
function endOfLine(text, i) {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

/**
 * The index just past the string opened at `i` by `quote` (a one-line string ends at the line's end).
 * @param {string} text
 * @param {number} i
 * @param {string} quote
 */
function closingQuote(text, i, quote) {
  for (let j = i + quote.length; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text.startsWith(quote, j)) return j + quote.length;
    else if (text[j] === '\n' && quote.length === 1) return j;
  }
  return text.length;
}

/**
 * Marks `import …` and `from … import …` lines, with the lines of a parenthesised name list.
 * @param {readonly string[]} lines
 * @param {LineKind[]} kinds
 */
function markImports(lines, kinds) {
  for (let l = 0; l < lines.length; l++) {
    if (kinds[l] !== 'code' || !/^\s*(import\s|from\s+\S+\s+import\b)/.test(lines[l])) continue;
    kinds[l] = 'import';
    if (lines[l].includes('(') && !lines[l].includes(')')) {
      while (++l < lines.length) {
        kinds[l] = 'import';
        if (lines[l].includes(')')) break;
      }
    }
  }
}
