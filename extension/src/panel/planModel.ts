/**
 * The Refactor plan's view model, free of VS Code so it is tested in plain Node: the server's
 * findings grouped by the stage whose refactoring fixes them, then by app and file, sorted by impact (the lines a
 * fix touches), each marked new or accepted against the folder's baseline.
 */
import type { PlanRequest } from '../../../server/src/protocol';
import { notInBaseline, type Baseline } from '../../../server/src/core/baseline/baseline';
export type StageId = 'soft' | 'hard' | 'database' | 'monitoring';

export interface Stage {
  readonly id: StageId;
  readonly label: string;
  /** What an empty stage will hold, shown instead of nothing. */
  readonly placeholder: string;
  readonly apps: readonly App[];
  readonly findings: number;
}

export interface App {
  readonly name: string;
  readonly files: readonly PlanFile[];
  readonly impact: number;
}

export interface PlanFile {
  readonly uri: string;
  readonly path: string;
  /** "views.py · 1,240 lines · 4 groups" */
  readonly label: string;
  readonly findings: readonly PlanFinding[];
  readonly impact: number;
}

export interface PlanFinding {
  readonly finding: PlanRequest.Finding;
  /** Not in the folder's baseline (always true without one). */
  readonly isNew: boolean;
}

/** The stages in plan order; a finding goes to the stage the server names. An empty stage says what it looks for. */
const STAGES: readonly { id: StageId; label: string; placeholder: string }[] = [
  { id: 'soft', label: 'Soft refactor', placeholder: 'Nothing found: long files, logic-heavy views and duplicated blocks' },
  { id: 'hard', label: 'Hard refactor', placeholder: 'Nothing found: near-copies, members repeated across classes, hand-written CRUD views, hand-rolled library code, mixed responsibilities' },
  { id: 'database', label: 'Database', placeholder: 'Nothing found: unsafe migrations, fields queried without an index' },
  { id: 'monitoring', label: 'Monitoring', placeholder: 'Nothing found: missing logging, metrics or profiling, swallowed errors, N+1 queries' },
];

const numbers = new Intl.NumberFormat('en-US');

/** The plan of every folder; `baselines` by folder uri. */
export function buildPlan(folders: readonly PlanRequest.Folder[], baselines: ReadonlyMap<string, Baseline>): Stage[] {
  const findings = folders.flatMap((folder) => markNew(folder, baselines.get(folder.uri)).map((f) => ({ folder, ...f })));
  return STAGES.map((stage) => {
    const inStage = findings.filter(({ finding }) => finding.stage === stage.id);
    const apps = new Map<string, typeof inStage>();
    for (const item of inStage) {
      const name = appOf(item.folder, item.finding.path, folders.length > 1);
      apps.set(name, [...(apps.get(name) ?? []), item]);
    }
    return {
      id: stage.id,
      label: stage.label,
      placeholder: stage.placeholder,
      findings: inStage.length,
      apps: byImpact([...apps].map(([name, items]) => appNode(name, items))),
    };
  });
}

/** A Django app is the top folder of a file's path (`shop/views.py` → shop); the folder's name for files at its root. */
function appOf(folder: PlanRequest.Folder, file: string, manyFolders: boolean): string {
  const slash = file.indexOf('/');
  const app = slash < 0 ? folder.name : file.slice(0, slash);
  return manyFolders && slash >= 0 ? `${folder.name}/${app}` : app;
}

/** Each finding of the folder, marked new unless the baseline accounts for it. */
function markNew(folder: PlanRequest.Folder, baseline: Baseline | undefined): PlanFinding[] {
  const fresh = new Set(baseline ? notInBaseline(folder.findings, baseline, (f) => ({ rule: f.rule, path: f.path, fingerprint: f.fingerprint })) : folder.findings);
  return folder.findings.map((finding) => ({ finding, isNew: fresh.has(finding) }));
}

function appNode(name: string, items: readonly (PlanFinding & { folder: PlanRequest.Folder })[]): App {
  const files = new Map<string, (PlanFinding & { folder: PlanRequest.Folder })[]>();
  for (const item of items) files.set(item.finding.uri, [...(files.get(item.finding.uri) ?? []), item]);
  const nodes = [...files.values()].map((fileItems) => {
    const { folder, finding } = fileItems[0];
    const info = folder.files.find((f) => f.path === finding.path);
    const basename = finding.path.split('/').at(-1)!;
    const size = info ? ` · ${numbers.format(info.codeLines)} lines · ${info.groups} group${info.groups === 1 ? '' : 's'}` : '';
    const sorted = [...fileItems].sort((a, b) => b.finding.lines - a.finding.lines || a.finding.range.start.line - b.finding.range.start.line);
    return {
      uri: finding.uri,
      path: finding.path,
      label: `${basename}${size}`,
      findings: sorted.map(({ finding: f, isNew }) => ({ finding: f, isNew })),
      impact: sorted.reduce((sum, item) => sum + item.finding.lines, 0),
    };
  });
  return { name, files: byImpact(nodes), impact: nodes.reduce((sum, f) => sum + f.impact, 0) };
}

function byImpact<T extends { impact: number; name?: string; path?: string }>(nodes: T[]): T[] {
  return nodes.sort((a, b) => b.impact - a.impact || (a.path ?? a.name ?? '').localeCompare(b.path ?? b.name ?? ''));
}
