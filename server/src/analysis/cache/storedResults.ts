/**
 * A folder's findings as the cache stores them: every analysed file's list (its own findings and
 * the workspace-wide ones), with the settings they were found under. When a run analyses the
 * very same files (each one a cache hit) under the same settings, the findings are these, and
 * the cross-file detectors and per-file rules need not run before diagnostics are shown.
 */
import { FIX_STAGES, RULE_IDS, SEVERITIES, type Finding, type LaterStage } from '../../core/model/finding';
import { arrayOf, isCount, isString, object, oneOf, optional, type Check } from './valueChecks';

export interface StoredResults {
  /** The settings, as JSON, the findings were made under. */
  readonly settings: string;
  /** The analysed files, sorted, relative to the folder as entries are named. */
  readonly files: string[];
  /** For each file (same order), its findings, their paths relative like `files`. */
  readonly findings: Finding[][];
}

const position = object({ line: isCount, character: isCount });
const range = object({ start: position, end: position });

export const isFinding: Check<Finding> = object({
  rule: oneOf(...RULE_IDS),
  stage: optional(oneOf(...FIX_STAGES.filter((stage): stage is LaterStage => stage !== 'soft'))),
  page: optional(isString),
  severity: oneOf(...SEVERITIES),
  path: isString,
  range,
  message: isString,
  related: arrayOf(object({ path: isString, range, message: isString })),
});

export const isStoredResults: Check<StoredResults> = object({ settings: isString, files: arrayOf(isString), findings: arrayOf(arrayOf(isFinding)) });

/** A folder's findings, each file's under its path, in stored form; `rename` names paths as stored (or back). */
export function renamedFindings(findings: readonly (readonly Finding[])[], rename: (file: string) => string): Finding[][] {
  return findings.map((list) =>
    list.map((finding) => ({
      ...finding,
      path: rename(finding.path),
      related: finding.related.map((related) => ({ ...related, path: rename(related.path) })),
    })),
  );
}
