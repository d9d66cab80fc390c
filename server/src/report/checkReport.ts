/** What a check found, as every report format (text, JSON, SARIF) writes it. */
import type { Finding } from '../core/model/finding';
import type { SkippedFile } from '../analysis/indexTypes';

export interface CheckReport {
  readonly findings: readonly Finding[];
  /** Python files analysed. */
  readonly analyzedFiles: number;
  /** Templates and static files (JavaScript, CSS) read for the duplicate rule. */
  readonly templateAndStaticFiles: number;
  readonly skipped: readonly SkippedFile[];
  /** Findings left out because `--baseline` accepts them. */
  readonly inBaseline: number;
}
