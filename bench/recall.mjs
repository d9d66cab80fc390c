// @ts-check
/**
 * Clone recall of Untangle against a reference (jscpd 5) on the same files and thresholds. A
 * reference clone (first location, second location) counts as found when Untangle reports a
 * duplicate-block finding on a range overlapping the first location whose related locations
 * include a range overlapping the second. The other way round, an Untangle pair that overlaps no
 * reference clone in both places (either order) is an extra. Untangle groups pairs into classes
 * and reports every place of a class with all the others, so its pairs are the class's pairs.
 */

/** @typedef {import('./reports.mjs').Span} Span */
/** @typedef {import('./reports.mjs').ClonePair} ClonePair */

/**
 * @typedef {object} RecallResult
 * @property {number} referenceClones
 * @property {number} found
 * @property {number} recallPercent
 * @property {ClonePair[]} missed reference clones not found, largest first
 * @property {number} ourPairs distinct place pairs Untangle reports
 * @property {ClonePair[]} extra our pairs the reference lacks, exact copies first, then largest first
 * @property {number} extraExact of the extras, those in classes of exact copies
 */

/**
 * @param {readonly ClonePair[]} reference
 * @param {readonly ClonePair[]} ours ordered pairs (place → related), as readUntangleReport gives
 * @returns {RecallResult}
 */
export function compareClones(reference, ours) {
  const ourByFile = byFirstFile(ours);
  const missed = reference.filter((clone) => !(ourByFile.get(clone.a.file) ?? []).some((pair) => overlaps(pair.a, clone.a) && overlaps(pair.b, clone.b)));
  const referenceByFile = byFirstFile(reference.flatMap((clone) => [clone, { ...clone, a: clone.b, b: clone.a }]));
  const distinct = distinctPairs(ours);
  const extra = distinct.filter((pair) => !(referenceByFile.get(pair.a.file) ?? []).some((clone) => overlaps(clone.a, pair.a) && overlaps(clone.b, pair.b)));
  const bySize = (/** @type {ClonePair} */ x, /** @type {ClonePair} */ y) => y.lines - x.lines || keyOf(x).localeCompare(keyOf(y));
  return {
    referenceClones: reference.length,
    found: reference.length - missed.length,
    recallPercent: reference.length === 0 ? 100 : ((reference.length - missed.length) / reference.length) * 100,
    missed: [...missed].sort(bySize),
    ourPairs: distinct.length,
    extra: [...extra].sort((x, y) => Number(y.exact) - Number(x.exact) || bySize(x, y)),
    extraExact: extra.filter((pair) => pair.exact).length,
  };
}

/**
 * @param {Span} x
 * @param {Span} y
 */
function overlaps(x, y) {
  return x.file === y.file && x.start <= y.end && y.start <= x.end;
}

/**
 * @param {readonly ClonePair[]} pairs
 * @returns {Map<string, ClonePair[]>}
 */
function byFirstFile(pairs) {
  const map = new Map();
  for (const pair of pairs) {
    const list = map.get(pair.a.file);
    if (list) list.push(pair);
    else map.set(pair.a.file, [pair]);
  }
  return map;
}

/**
 * Each unordered pair of places once.
 * @param {readonly ClonePair[]} pairs
 * @returns {ClonePair[]}
 */
function distinctPairs(pairs) {
  const seen = new Map();
  for (const pair of pairs) {
    const ordered = spanKey(pair.a) <= spanKey(pair.b) ? pair : { ...pair, a: pair.b, b: pair.a };
    if (!seen.has(keyOf(ordered))) seen.set(keyOf(ordered), ordered);
  }
  return [...seen.values()];
}

/** @param {ClonePair} pair */
function keyOf(pair) {
  return `${spanKey(pair.a)}|${spanKey(pair.b)}`;
}

/** @param {Span} span */
function spanKey(span) {
  return `${span.file}:${String(span.start).padStart(7, '0')}-${span.end}`;
}
