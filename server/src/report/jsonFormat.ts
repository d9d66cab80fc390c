/**
 * The machine format: findings with paths relative to the working folder, 1-based lines and
 * columns (as editors and other linters print them), skipped files and totals. A duplicate of many
 * copies lists the first of them and counts the others in `moreRelated` (listedRelated.ts).
 */
import { relativePathsFrom } from './relativePath';
import type { SourceRange } from '../core/model/sourceRange';
import type { CheckReport } from './checkReport';
import { listedRelated } from './listedRelated';

export function formatJson(report: CheckReport, cwd: string): string {
  const relative = relativePathsFrom(cwd);
  const document = {
    tool: { name: 'untangle', version: process.env.UNTANGLE_VERSION ?? 'dev' },
    summary: { findings: report.findings.length, analyzedFiles: report.analyzedFiles, templateAndStaticFiles: report.templateAndStaticFiles, skippedFiles: report.skipped.length, inBaseline: report.inBaseline },
    findings: report.findings.map((finding) => {
      const { listed, more } = listedRelated(finding);
      return {
        rule: finding.rule,
        ...(finding.stage ? { stage: finding.stage } : {}),
        severity: finding.severity,
        path: relative(finding.path),
        ...oneBased(finding.range),
        message: finding.message,
        related: listed.map((related) => ({ path: relative(related.path), ...oneBased(related.range), message: related.message })),
        ...(more > 0 ? { moreRelated: more } : {}),
      };
    }),
    skipped: report.skipped.map((skipped) => ({ path: relative(skipped.path), reason: skipped.reason })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function oneBased(range: SourceRange) {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
