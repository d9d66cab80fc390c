/**
 * The refactor plan of one workspace folder as the panel asks for it (`untangle/plan`): every
 * finding with its baseline fingerprint and impact, the size and feature groups of the files
 * with findings, and the folder's figures. The panel groups and sorts; it never re-analyses.
 */
import * as path from 'path';
import { URI } from 'vscode-uri';
import { groupFeatures } from '../core/features/featureGrouping';
import { fingerprintOf } from '../core/baseline/baseline';
import { stageOf, type Finding } from '../core/model/finding';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { figuresOf } from '../analysis/figures';
import type { PlanRequest } from '../protocol';

export function planOfFolder(index: WorkspaceIndex, textOf: (file: string) => string | undefined): PlanRequest.Folder {
  const relative = (file: string) => path.relative(index.root, file).split(path.sep).join('/');
  const findings = index.findings();
  // A file holds many findings: read each once per plan.
  const texts = new Map<string, string>();
  const text = (file: string) => texts.get(file) ?? texts.set(file, textOf(file) ?? '').get(file)!;
  const files = [...new Set(findings.map((f) => f.path))].map((file) => {
    const outline = index.get(file)?.outline;
    return { path: relative(file), codeLines: outline?.codeLines ?? 0, groups: outline ? groupFeatures(outline).length : 0 };
  });
  return {
    uri: URI.file(index.root).toString(),
    name: path.basename(index.root),
    findings: findings.map((finding) => ({
      rule: finding.rule,
      stage: stageOf(finding),
      severity: finding.severity,
      uri: URI.file(finding.path).toString(),
      path: relative(finding.path),
      range: finding.range,
      message: finding.message,
      fingerprint: fingerprintOf(finding, text(finding.path)),
      lines: impactOf(finding, index),
    })),
    files,
    figures: figuresOf(index, relative),
  };
}

/** Lines a fix touches: the module for a split, the view for a controller move, every copy of a duplicate (or every class repeating members). */
function impactOf(finding: Finding, index: WorkspaceIndex): number {
  const lines = finding.range.end.line - finding.range.start.line + 1;
  switch (finding.rule) {
    case 'long-file':
      return index.get(finding.path)?.outline.codeLines ?? lines;
    case 'duplicate-block':
      return lines * (finding.related.length + 1);
    case 'logic-heavy-view': {
      const view = index.get(finding.path)?.outline.functions.find((fn) => fn.nameRange.start.line === finding.range.start.line);
      return view ? view.range.end.line - view.range.start.line + 1 : lines;
    }
    case 'hand-rolled':
    case 'mixed-responsibilities':
    case 'observability':
    // One line each: an index (and its migration), a select_related at the queryset's origin.
    case 'missing-index':
    case 'n-plus-one':
    case 'unsafe-migration':
      return lines;
    case 'hand-written-crud-view': {
      const symbol = index.get(finding.path)?.outline.symbols.find((s) => s.range.start.line === finding.range.start.line);
      return symbol ? symbol.range.end.line - symbol.range.start.line + 1 : lines;
    }
  }
}
