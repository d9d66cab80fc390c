/** The human format: one `path:line:col: severity [rule] message` line per finding, then a summary. */
import * as path from 'path';
import type { CheckReport } from './checkReport';

export function formatText(report: CheckReport, cwd: string): string {
  const lines = report.findings.map((finding) => {
    const where = `${path.relative(cwd, finding.path)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    return `${where}: ${finding.severity} [${finding.rule}] ${finding.message}`;
  });
  for (const skipped of report.skipped) lines.push(`${path.relative(cwd, skipped.path)}: skipped: ${skipped.reason}`);
  const files = new Set(report.findings.map((finding) => finding.path)).size;
  const count = report.findings.length;
  lines.push(
    `${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} ` +
      `(${report.analyzedFiles} Python file${report.analyzedFiles === 1 ? '' : 's'} analysed` +
      `${report.templateAndStaticFiles > 0 ? `, ${report.templateAndStaticFiles} template/static file${report.templateAndStaticFiles === 1 ? '' : 's'} checked for duplicates` : ''}` +
      `${report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : ''}` +
      `${report.inBaseline > 0 ? `, ${report.inBaseline} in the baseline` : ''})`,
  );
  return `${lines.join('\n')}\n`;
}
