// @ts-check
/**
 * Reads the JSON reports of Untangle (server/src/report/jsonFormat.ts) and jscpd into one shape,
 * clone pairs of line spans, so recall.mjs can compare them. Lines are 1-based and inclusive as
 * both tools print them; paths become absolute.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** @typedef {{ file: string, start: number, end: number }} Span */
/** @typedef {{ a: Span, b: Span, lines: number, exact: boolean }} ClonePair */

/**
 * @typedef {object} UntangleReport
 * @property {number} analyzedFiles
 * @property {{ path: string, reason: string }[]} skipped
 * @property {Record<string, number>} findingsByRule
 * @property {ClonePair[]} pairs every ordered pair of places of each clone class (CloneClasses),
 *   so each pair appears in both orders
 * @property {number} memberFindings hard-stage duplicate-block findings (classes repeating
 *   members), left out of `pairs`: their range runs from a class's first shared member to its
 *   last (554 lines of QuerySet), so it overlaps clones of the members between, which it does not report
 */

/**
 * @typedef {object} JscpdReport
 * @property {number} sources files jscpd counts (those meeting its thresholds)
 * @property {ClonePair[]} clones
 */

/**
 * @param {string} file
 * @param {string} cwd the folder the CLI ran in (its paths are relative to it)
 * @returns {UntangleReport}
 */
export function readUntangleReport(file, cwd) {
  /** @type {{ summary: { analyzedFiles: number }, skipped: { path: string, reason: string }[], findings: UntangleFinding[] }} */
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  /** @type {Record<string, number>} */
  const findingsByRule = {};
  const classes = new CloneClasses();
  let memberFindings = 0;
  for (const finding of report.findings) {
    findingsByRule[finding.rule] = (findingsByRule[finding.rule] ?? 0) + 1;
    if (finding.rule !== 'duplicate-block') continue;
    const exact = !finding.message.includes('other names or values');
    // The hard stage holds near-copies (clones with other names or values) and classes repeating members.
    if (finding.stage === 'hard' && exact) {
      memberFindings++;
      continue;
    }
    const place = { file: path.resolve(cwd, finding.path), start: finding.line, end: finding.endLine };
    classes.report(place, finding.related.map((related) => ({ file: path.resolve(cwd, related.path), start: related.line, end: related.endLine })), exact);
  }
  return {
    analyzedFiles: report.summary.analyzedFiles,
    skipped: report.skipped.map((skipped) => ({ path: path.resolve(cwd, skipped.path), reason: skipped.reason })),
    findingsByRule,
    pairs: classes.pairs(),
    memberFindings,
  };
}

/**
 * Untangle's clone classes, joined from its findings: a finding lists the first copies of its
 * class only (report/listedRelated.ts), and every copy has a finding, so a class is the places
 * its findings' lists connect. Exact copies and near-copies are joined apart: a block may be both.
 */
class CloneClasses {
  /** @type {Map<string, string>} union-find parents, by place key */
  parent = new Map();
  /** @type {Map<string, { place: Span, exact: boolean, reported: boolean }>} every place, and whether it has a finding of its own */
  places = new Map();

  /**
   * @param {Span} place
   * @param {readonly Span[]} related
   * @param {boolean} exact
   */
  report(place, related, exact) {
    const key = placeKey(place, exact);
    this.places.set(key, { place, exact, reported: true });
    for (const other of related) {
      const otherKey = placeKey(other, exact);
      if (!this.places.has(otherKey)) this.places.set(otherKey, { place: other, exact, reported: false });
      this.join(key, otherKey);
    }
  }

  /**
   * Every ordered pair (reported place → another place of its class), as findings listing all of their class would give.
   * @returns {ClonePair[]}
   */
  pairs() {
    /** @type {Map<string, { place: Span, exact: boolean, reported: boolean }[]>} */
    const members = new Map();
    for (const [key, member] of this.places) {
      const root = this.root(key);
      const list = members.get(root);
      if (list) list.push(member);
      else members.set(root, [member]);
    }
    return [...members.values()].flatMap((list) =>
      list
        .filter((member) => member.reported)
        .flatMap(({ place, exact }) => list.filter((other) => other.place !== place).map((other) => ({ a: place, b: other.place, lines: place.end - place.start + 1, exact }))),
    );
  }

  /**
   * @param {string} a
   * @param {string} b
   */
  join(a, b) {
    const [x, y] = [this.root(a), this.root(b)];
    if (x !== y) this.parent.set(x, y);
  }

  /** @param {string} key */
  root(key) {
    let at = key;
    for (let up = this.parent.get(at); up !== undefined; up = this.parent.get(at)) at = up;
    if (at !== key) this.parent.set(key, at);
    return at;
  }
}

/**
 * @param {Span} place
 * @param {boolean} exact
 */
function placeKey(place, exact) {
  return `${exact ? '=' : '~'}${place.file}:${place.start}-${place.end}`;
}

/**
 * @typedef {object} UntangleFinding
 * @property {string} rule
 * @property {string} [stage] 'hard' for classes repeating members and near-copies
 * @property {string} path
 * @property {number} line
 * @property {number} endLine
 * @property {string} message
 * @property {{ path: string, line: number, endLine: number }[]} related
 */

/**
 * A jscpd 4 or 5 report written with `--reporters json --absolute`.
 * @param {string} file
 * @returns {JscpdReport}
 */
export function readJscpdReport(file) {
  /** @type {{ duplicates: { firstFile: JscpdLocation, secondFile: JscpdLocation, lines: number }[], statistics: { total: { sources: number } } }} */
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    sources: report.statistics.total.sources,
    clones: report.duplicates.map((clone) => ({ a: spanOf(clone.firstFile), b: spanOf(clone.secondFile), lines: clone.lines, exact: true })),
  };
}

/** @typedef {{ name: string, start: number, end: number, startLoc?: { line: number }, endLoc?: { line: number } }} JscpdLocation */

/**
 * @param {JscpdLocation} location
 * @returns {Span}
 */
function spanOf(location) {
  return { file: path.resolve(location.name), start: location.startLoc?.line ?? location.start, end: location.endLoc?.line ?? location.end };
}
