// @ts-check
/**
 * Why Untangle misses each jscpd 5 clone it misses, by running its clone engine's stages on the
 * two places (server/src/core/clones/missedClones.ts, loaded from out/, which `npm run bundle`
 * writes with dist/). Some reasons are the rule's choices, documented in
 * docs/rules/duplicate-block.md: the recall that means something is over the clones Untangle is
 * meant to find, with those choices counted apart. The others are misses to fix.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** @typedef {import('./reports.mjs').ClonePair} ClonePair */
/** @typedef {import('./reports.mjs').Span} Span */
/** @typedef {'left out' | 'renamed inconsistently' | 'function boundary' | 'literal table' | 'below thresholds' | 'engine' | 'inside one place' | 'tokens differ'} MissReason */

/** Reasons that are the rule's choices; the rest count against recall. */
export const DELIBERATE = /** @type {const} */ ({
  'left out': 'docstrings, comments and imports are not compared: the clone has fewer than 50 code tokens without them',
  'function boundary': 'runs from the end of one function into the next, and no part within a function (or a row of whole functions) reaches 50 tokens and 5 lines alone',
  'renamed inconsistently': 'a name maps to two names: the blocks do different things',
  'literal table': 'a renamed copy that is mostly literals (a table of values)',
});

/**
 * The engine's stages name the first that drops a clone; when they all keep it, it is an
 * `engine` miss, unless both its places lie in one place Untangle reports (`ourPlaces`): the
 * pair was found, and grouping merged its two overlapping places in one file into one
 * (server/src/core/clones/cloneClasses.ts), so a copy within a larger copied stretch (a table
 * repeating its rows, in a file vendored twice) is reported as that stretch.
 * @template {ClonePair} T
 * @param {string} repoRoot
 * @param {readonly T[]} missed
 * @param {{ minTokens: number, minLines: number }} thresholds
 * @param {readonly Span[]} ourPlaces the places of Untangle's findings
 * @returns {Promise<(T & { reason: MissReason })[]>} the same clones with their reasons, same order
 */
export async function missReasons(repoRoot, missed, thresholds, ourPlaces) {
  // The out/ build is CommonJS, one file per source: loaded by path, untyped here.
  const load = (/** @type {string} */ module) => createRequire(import.meta.url)(path.join(repoRoot, 'out', 'server', 'src', module));
  const { loadPythonParser } = load('core/parse/pythonParser.js');
  const { DEFAULT_SETTINGS } = load('core/config/settings.js');
  const { analyzeModule } = load('analysis/analyzeModule.js');
  const { whyMissed } = load('core/clones/missedClones.js');
  const parser = await loadPythonParser();
  /** @type {Map<string, { text: string, tokens: unknown }>} */
  const modules = new Map();
  const moduleOf = (/** @type {string} */ file) => {
    let module = modules.get(file);
    if (!module) {
      const text = fs.readFileSync(file, 'utf8');
      module = { text, tokens: analyzeModule(parser, file, text, DEFAULT_SETTINGS).tokens };
      modules.set(file, module);
    }
    return module;
  };
  const side = (/** @type {import('./reports.mjs').Span} */ span) => ({ ...moduleOf(span.file), lines: { start: span.start, end: span.end } });
  /** @type {Map<string, Span[]>} */
  const placesByFile = new Map();
  for (const place of ourPlaces) placesByFile.set(place.file, [...(placesByFile.get(place.file) ?? []), place]);
  const overlaps = (/** @type {Span} */ x, /** @type {Span} */ y) => x.start <= y.end && y.start <= x.end;
  const insideOnePlace = (/** @type {ClonePair} */ clone) =>
    clone.a.file === clone.b.file && (placesByFile.get(clone.a.file) ?? []).some((place) => overlaps(place, clone.a) && overlaps(place, clone.b));
  return missed.map((clone) => {
    const reason = /** @type {MissReason} */ (whyMissed(side(clone.a), side(clone.b), thresholds));
    return { ...clone, reason: reason === 'engine' && insideOnePlace(clone) ? 'inside one place' : reason };
  });
}

/**
 * @param {readonly { reason: MissReason }[]} missed
 * @returns {Record<string, number>} missed clones per reason, most first
 */
export function countReasons(missed) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const clone of missed) counts[clone.reason] = (counts[clone.reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((x, y) => y[1] - x[1]));
}

/** @param {MissReason} reason */
export function isDeliberate(reason) {
  return Object.hasOwn(DELIBERATE, reason);
}
