/**
 * A finding is what a detector reports, before any adapter turns it into an LSP diagnostic, a CLI
 * line or a SARIF result. Keeping it free of LSP types lets the CLI and tests use it directly.
 */
import { sameRange, type SourceRange } from './sourceRange';

/** Stable rule codes; each has a page under docs/rules/<id>.md. */
export const RULE_IDS = [
  'long-file',
  'duplicate-block',
  'logic-heavy-view',
  'hand-rolled',
  'mixed-responsibilities',
  'observability',
  'missing-index',
  'n-plus-one',
  'unsafe-migration',
  'hand-written-crud-view',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The stage of the refactor plan whose refactoring fixes a finding: soft (extract to utils/, move
 * to a controller, split a module), hard (mixins, generic views, libraries instead of hand-rolled
 * code), database (safe migrations, indexes) or monitoring (logging, metrics, N+1 queries).
 */
export const FIX_STAGES = ['soft', 'hard', 'database', 'monitoring'] as const;
export type FixStage = (typeof FIX_STAGES)[number];
/** The stages a finding names explicitly; without one it is the soft refactor's. */
export type LaterStage = Exclude<FixStage, 'soft'>;

/** Higher is more severe; used to compare against `--fail-on`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** Another place that belongs to the same finding (another clone, a related symbol). */
export interface RelatedLocation {
  readonly path: string;
  readonly range: SourceRange;
  readonly message: string;
}

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** Absolute file system path of the file the finding is reported in. */
  readonly path: string;
  readonly range: SourceRange;
  readonly message: string;
  readonly related: readonly RelatedLocation[];
  /** Set on the findings a later stage fixes; the others are the soft refactor's. */
  readonly stage?: LaterStage;
  /** The finding's own page under docs/rules (without `.md`) when not the rule's: a catalogue entry's (`hand-rolled-retry-loop`). */
  readonly page?: string;
}

/** The plan stage that fixes the finding. */
export function stageOf(finding: Pick<Finding, 'stage'>): FixStage {
  return finding.stage ?? 'soft';
}

/** Field-by-field equality of two finding lists (runs on every edit: no serialisation; a finding kept since the last refresh is the same object). */
export function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (x === y) return true;
    return (
      x.rule === y.rule &&
      x.stage === y.stage &&
      x.page === y.page &&
      x.severity === y.severity &&
      x.message === y.message &&
      sameRange(x.range, y.range) &&
      x.related.length === y.related.length &&
      x.related.every((r, k) => r.path === y.related[k].path && r.message === y.related[k].message && sameRange(r.range, y.related[k].range))
    );
  });
}

