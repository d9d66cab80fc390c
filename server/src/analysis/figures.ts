/** The workspace figures of one index: sizes, findings by rule, duplication, the largest files. */
import type { Figures } from '../core/model/figures';
import type { Finding } from '../core/model/finding';
import { countCodeLines } from '../core/python/moduleOutline';
import { isRepeatedMembers } from '../detectors/duplicateBlock';
import type { DuplicationSummary } from './indexTypes';
import type { WorkspaceIndex } from './workspaceIndex';

const LARGEST_FILES = 5;

/** `relative` names files as the figures show them (relative to the folder). */
export function figuresOf(index: WorkspaceIndex, relative: (file: string) => string): Figures {
  const analyzed = index.analyzed();
  const findings = index.findings();
  const duplication = index.duplication();
  return {
    pythonFiles: analyzed.length,
    codeLines: duplication.codeLines,
    longFiles: findings.filter((f) => f.rule === 'long-file').length,
    logicHeavyViews: findings.filter((f) => f.rule === 'logic-heavy-view').length,
    duplicatedLines: duplication.duplicatedLines,
    duplicatedPercentage: percentage(duplication.duplicatedLines, duplication.codeLines),
    nearDuplicateLines: duplication.nearDuplicateLines + pulledUpLines(index, findings),
    largestFiles: [...analyzed]
      .sort((a, b) => b.outline.codeLines - a.outline.codeLines || (a.path < b.path ? -1 : 1))
      .slice(0, LARGEST_FILES)
      .map((a) => ({ path: relative(a.path), codeLines: a.outline.codeLines })),
  };
}

/** Duplication over several folders' indexes (the panel's summary of the whole workspace). */
export function totalDuplication(indexes: Iterable<WorkspaceIndex>): DuplicationSummary & { percentage: number } {
  let codeLines = 0;
  let duplicatedLines = 0;
  let nearDuplicateLines = 0;
  let cloneClasses = 0;
  for (const index of indexes) {
    const summary = index.duplication();
    codeLines += summary.codeLines;
    duplicatedLines += summary.duplicatedLines;
    nearDuplicateLines += summary.nearDuplicateLines;
    cloneClasses += summary.cloneClasses;
  }
  return { codeLines, duplicatedLines, nearDuplicateLines, percentage: percentage(duplicatedLines, codeLines), cloneClasses };
}

/**
 * The code lines the hard stage removes from classes repeating members: the shared members of
 * every class of a group but the first (they move to one mixin or base).
 */
function pulledUpLines(index: WorkspaceIndex, findings: readonly Finding[]): number {
  let lines = 0;
  for (const finding of findings) {
    if (!isRepeatedMembers(finding)) continue;
    const first = [finding, ...finding.related].reduce((a, b) => (a.path < b.path || (a.path === b.path && a.range.start.line <= b.range.start.line) ? a : b));
    const mask = index.get(finding.path)?.outline.codeLineMask;
    if (first !== finding && mask) lines += countCodeLines(mask, finding.range.start.line, finding.range.end.line);
  }
  return lines;
}

/** `part` of `whole` in percent, one decimal. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

