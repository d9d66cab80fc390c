/**
 * A folder's findings as the cache stores them: every analysed file's list (its own findings and
 * the workspace-wide ones), with the settings they were found under. When a run analyses the
 * very same files (each one a cache hit) under the same settings, the findings are these, and
 * the cross-file detectors and per-file rules need not run before diagnostics are shown.
 */
import { FIX_STAGES, RULE_IDS, SEVERITIES, type Finding, type LaterStage, type RelatedLocation } from '../../core/model/finding';
import { arrayOf, isCount, isString, object, oneOf, optional, type Check } from './valueChecks';

export interface StoredResults {
  /** The settings, as JSON, the findings were made under. */
  readonly settings: string;
  /** The analysed files, sorted, relative to the folder as entries are named. */
  readonly files: string[];
  /**
   * Every related place the findings list, once, its path relative like `files`. Each copy of a
   * duplicate lists all the others: stored in full, a class of N copies held N × (N − 1) places
   * (400 copies made a 23 MB cache), where positions in this table cost a number each.
   */
  readonly places: RelatedLocation[];
  /** For each file (same order), its findings, their paths relative like `files`, their related places as positions in `places`. */
  readonly findings: StoredFinding[][];
}

type StoredFinding = Omit<Finding, 'related'> & { readonly related: number[] };

const position = object({ line: isCount, character: isCount });
const range = object({ start: position, end: position });
const isRelated = object({ path: isString, range, message: isString });

/** A finding's fields but its related places. */
const findingFields = {
  rule: oneOf(...RULE_IDS),
  stage: optional(oneOf(...FIX_STAGES.filter((stage): stage is LaterStage => stage !== 'soft'))),
  page: optional(isString),
  severity: oneOf(...SEVERITIES),
  path: isString,
  range,
  message: isString,
};

export const isFinding: Check<Finding> = object({ ...findingFields, related: arrayOf(isRelated) });

export const isStoredResults: Check<StoredResults> = (value): value is StoredResults => {
  if (!object({ settings: isString, files: arrayOf(isString), places: arrayOf(isRelated), findings: arrayOf(arrayOf(object({ ...findingFields, related: arrayOf(isCount) }))) })(value)) return false;
  const places = value.places.length;
  return value.findings.every((list) => list.every((finding) => finding.related.every((at) => at < places)));
};

/** A folder's findings in stored form, each file's under its path; `rename` names paths as stored. */
export function storedFindings(findings: readonly (readonly Finding[])[], rename: (file: string) => string): Pick<StoredResults, 'places' | 'findings'> {
  const places: RelatedLocation[] = [];
  const positions = new Map<string, number>();
  const positionOf = (related: RelatedLocation): number => {
    const { start, end } = related.range;
    const key = `${related.path}\0${start.line}:${start.character}-${end.line}:${end.character}\0${related.message}`;
    let at = positions.get(key);
    if (at === undefined) {
      at = places.push({ ...related, path: rename(related.path) }) - 1;
      positions.set(key, at);
    }
    return at;
  };
  return { places, findings: findings.map((list) => list.map((finding) => ({ ...finding, path: rename(finding.path), related: finding.related.map(positionOf) }))) };
}

/** The findings `stored` holds, each file's under its path; `rename` names stored paths back. Findings listing the same place share its object. */
export function restoredFindings(stored: Pick<StoredResults, 'places' | 'findings'>, rename: (file: string) => string): Finding[][] {
  const places = stored.places.map((related) => ({ ...related, path: rename(related.path) }));
  return stored.findings.map((list) => list.map((finding) => ({ ...finding, path: rename(finding.path), related: finding.related.map((at) => places[at]) })));
}
