/**
 * The Health view's model, free of VS Code: the figures of every folder added up, and the change
 * of each against the figures saved with the baselines (the trend).
 */
import type { Figures } from '../../../server/src/core/model/figures';
import type { Baseline } from '../../../server/src/core/baseline/baseline';
import type { PlanRequest } from '../../../server/src/protocol';
import { percentage } from '../../../server/src/analysis/figures';

export type Measure = 'codeLines' | 'longFiles' | 'logicHeavyViews' | 'duplicatedPercentage';

export interface Health {
  readonly figures: Figures;
  /** Now minus the baseline, per measure; absent without a baseline holding figures. */
  readonly trend?: Readonly<Record<Measure, number>>;
  readonly baselineSavedAt?: string;
}

const LARGEST = 5;

export function buildHealth(folders: readonly PlanRequest.Folder[], baselines: ReadonlyMap<string, Baseline>): Health {
  const figures = sum(folders.map((f) => f.figures));
  // Like with like: the trend compares only the folders whose baseline holds figures.
  const compared = folders.filter((f) => baselines.get(f.uri)?.figures !== undefined);
  if (compared.length === 0) return { figures };
  const before = sum(compared.map((f) => baselines.get(f.uri)!.figures!));
  const now = sum(compared.map((f) => f.figures));
  const measures: Measure[] = ['codeLines', 'longFiles', 'logicHeavyViews', 'duplicatedPercentage'];
  const trend = Object.fromEntries(measures.map((m) => [m, Math.round((now[m] - before[m]) * 10) / 10])) as Record<Measure, number>;
  const savedAt = compared.map((f) => baselines.get(f.uri)!.savedAt).sort()[0];
  return { figures, trend, baselineSavedAt: savedAt };
}

function sum(all: readonly Figures[]): Figures {
  const total = (pick: (f: Figures) => number) => all.reduce((n, f) => n + pick(f), 0);
  const codeLines = total((f) => f.codeLines);
  const duplicatedLines = total((f) => f.duplicatedLines);
  return {
    pythonFiles: total((f) => f.pythonFiles),
    codeLines,
    longFiles: total((f) => f.longFiles),
    logicHeavyViews: total((f) => f.logicHeavyViews),
    duplicatedLines,
    duplicatedPercentage: percentage(duplicatedLines, codeLines),
    nearDuplicateLines: total((f) => f.nearDuplicateLines),
    largestFiles: all
      .flatMap((f) => f.largestFiles)
      .sort((a, b) => b.codeLines - a.codeLines || a.path.localeCompare(b.path))
      .slice(0, LARGEST),
  };
}
