/** The workspace figures of one index: sizes, findings by rule, duplication, the largest files. */
import type { Figures } from '../core/model/figures';
import type { DuplicationSummary } from './indexTypes';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CloneClass } from '../core/clones/cloneClasses';
import { countCodeLines } from '../core/python/moduleOutline';

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
  let cloneClasses = 0;
  for (const index of indexes) {
    const summary = index.duplication();
    codeLines += summary.codeLines;
    duplicatedLines += summary.duplicatedLines;
    cloneClasses += summary.cloneClasses;
  }
  return { codeLines, duplicatedLines, percentage: percentage(duplicatedLines, codeLines), cloneClasses };
}

/** `part` of `whole` in percent, one decimal. */
export function percentage(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** The code lines inside clones (blank and comment lines inside a clone count for neither), each line once. */
export function duplicatedCodeLines(classes: readonly CloneClass[], maskOf: (file: string) => Uint8Array | undefined): number {
  const duplicated = new Map<string, Uint8Array>();
  for (const clone of classes) {
    for (const place of clone.places) {
      const mask = maskOf(place.file);
      if (!mask) continue;
      let rows = duplicated.get(place.file);
      if (!rows) duplicated.set(place.file, (rows = new Uint8Array(mask.length)));
      rows.set(mask.subarray(place.range.start.line, place.range.end.line + 1), place.range.start.line);
    }
  }
  let lines = 0;
  for (const rows of duplicated.values()) lines += countCodeLines(rows);
  return lines;
}
