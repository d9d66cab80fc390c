/**
 * The acceptance report in Markdown: one table row per project × refactoring (applied, refused
 * by reason, the suite before and after, new pyflakes messages, check and makemigrations), then
 * the details of every row that broke something, so an engineer can start from them.
 */
import type { PyflakesMessage } from '../helpers/python/pythonOracle';
import { topReasons } from './fixOutput';
import { passed, type CommandResult, type SuiteResult } from './suite';

/** The verdict on one refactoring of one project. */
export interface RowResult {
  readonly project: string;
  readonly action: string;
  readonly applied: number;
  readonly refused: number;
  /** Findings no change was offered for (not refusals: nothing was planned). */
  readonly notOffered: number;
  readonly reasons: readonly string[];
  /** untangle exited with an error or printed no summary: its stderr. */
  readonly untangleErrors: readonly string[];
  readonly before: SuiteResult;
  readonly after: SuiteResult;
  readonly sameSuite: boolean;
  readonly newPyflakes: readonly PyflakesMessage[];
  readonly check: CommandResult;
  readonly makemigrations: CommandResult;
  /** Seconds untangle took (all its runs for the row). */
  readonly untangleSeconds: number;
  /** Where the row's diff and log were written, relative to the report. */
  readonly details: string;
}

/** True when the row broke nothing the acceptance run holds a refactoring to. */
export function rowPasses(row: RowResult): boolean {
  return row.untangleErrors.length === 0 && row.sameSuite && row.newPyflakes.length === 0 && row.check.ok && row.makemigrations.ok;
}

/** `1084 ok · 3 F · 2 xf`: passed, failures (F), errors (E), skipped (s), expected failures (xf). */
export function suiteSummary(result: SuiteResult): string {
  if (!result.completed) return 'did not run';
  const parts = [`${passed(result)} ok`];
  const extra: [number, string][] = [
    [result.failures, 'F'],
    [result.errors, 'E'],
    [result.skipped, 's'],
    [result.expectedFailures, 'xf'],
    [result.unexpectedSuccesses, 'xpass'],
  ];
  for (const [count, label] of extra) if (count > 0) parts.push(`${count} ${label}`);
  return parts.join(' · ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function reasonsCell(row: RowResult): string {
  if (row.refused === 0) return '0';
  const top = topReasons(row.reasons, 3).map(({ kind, count }) => `${count}× ${kind}`);
  return `${row.refused}: ${top.join('; ')}`;
}

function okCell(result: CommandResult): string {
  return result.ok ? 'ok' : '**FAILS**';
}

/** The table of every row. */
export function markdownTable(rows: readonly RowResult[]): string {
  const lines = [
    '| project | refactoring | applied | refused (top reasons) | not offered | tests before → after | new pyflakes | check | makemigrations | untangle s |',
    '|---|---|---:|---|---:|---|---:|---|---|---:|',
  ];
  for (const row of rows) {
    const suite = row.sameSuite ? `${suiteSummary(row.before)} → same` : `${suiteSummary(row.before)} → **${suiteSummary(row.after)}**`;
    const pyflakes = row.newPyflakes.length === 0 ? '0' : `**${row.newPyflakes.length}**`;
    const applied = row.untangleErrors.length > 0 ? `**untangle failed**` : String(row.applied);
    lines.push(
      `| ${row.project} | ${row.action} | ${applied} | ${cell(reasonsCell(row))} | ${row.notOffered} | ${suite} | ${pyflakes} | ${okCell(row.check)} | ${okCell(row.makemigrations)} | ${row.untangleSeconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

/** Per kind of refactoring over every project: applied, refused, the refused share of the offered, not offered, rows broken. */
export function totalsTable(rows: readonly RowResult[]): string {
  const kinds = new Map<string, RowResult[]>();
  for (const row of rows) {
    const kind = row.action.startsWith('move ') ? 'move symbol' : row.action;
    kinds.set(kind, [...(kinds.get(kind) ?? []), row]);
  }
  const lines = ['| refactoring | applied | refused | refused share | not offered | rows that broke something |', '|---|---:|---:|---:|---:|---:|'];
  for (const [kind, group] of kinds) {
    const applied = group.reduce((sum, row) => sum + row.applied, 0);
    const refused = group.reduce((sum, row) => sum + row.refused, 0);
    const share = applied + refused === 0 ? '–' : `${Math.round((100 * refused) / (applied + refused))} %`;
    const notOffered = group.reduce((sum, row) => sum + row.notOffered, 0);
    lines.push(`| ${kind} | ${applied} | ${refused} | ${share} | ${notOffered} | ${group.filter((row) => !rowPasses(row)).length} of ${group.length} |`);
  }
  return lines.join('\n');
}

/** What each failing row broke: tests, pyflakes messages, checks, with the path of its diff. */
export function breakDetails(rows: readonly RowResult[]): string {
  const sections: string[] = [];
  for (const row of rows.filter((r) => !rowPasses(r))) {
    const lines = [`### ${row.project} · ${row.action}`, '', `Diff and log: \`${row.details}\``, ''];
    if (row.untangleErrors.length > 0) lines.push('untangle:', '```', ...row.untangleErrors, '```');
    if (!row.sameSuite) {
      const gone = row.before.broken.filter((id) => !row.after.broken.includes(id));
      const added = row.after.broken.filter((id) => !row.before.broken.includes(id));
      lines.push(`Suite: ${suiteSummary(row.before)} → ${suiteSummary(row.after)} (ran ${row.before.ran} → ${row.after.ran})`);
      for (const id of added.slice(0, 15)) lines.push(`- newly ${id}`);
      if (added.length > 15) lines.push(`- … and ${added.length - 15} more`);
      for (const id of gone.slice(0, 5)) lines.push(`- no longer ${id}`);
      if (added.length === 0 || !row.after.completed) lines.push('```', row.after.output.split('\n').slice(-15).join('\n'), '```');
    }
    if (row.newPyflakes.length > 0) {
      lines.push('New pyflakes messages:', '```');
      for (const m of row.newPyflakes.slice(0, 20)) lines.push(`${m.file}:${m.line}: ${m.text}`);
      if (row.newPyflakes.length > 20) lines.push(`… and ${row.newPyflakes.length - 20} more`);
      lines.push('```');
    }
    for (const [name, result] of [['check', row.check], ['makemigrations --check', row.makemigrations]] as const) {
      if (!result.ok) lines.push(`${name} fails:`, '```', result.output.split('\n').slice(-12).join('\n'), '```');
    }
    sections.push(lines.join('\n'));
  }
  return sections.join('\n\n');
}
