/**
 * `npm run acceptance`: applies Untangle's refactorings to real Django projects (projects.ts)
 * and holds each to the project's own verdict. For every project, on a fresh copy per
 * refactoring: `untangle fix` with each rule, all three in sequence, duplicate-block's hard stage,
 * Convert to generic view (hand-written-crud-view), and Move Symbol of a few widely imported names; after each, the project's suite must be exactly as green as before,
 * pyflakes must report nothing new, and `check` and `makemigrations --check` must still pass.
 * Writes the table to stdout and test-output/acceptance/report.md; exits 1 when a row broke.
 * Not part of `npm test`: it takes minutes (see docs/acceptance.md).
 *
 * Usage: node out/test/acceptance/run.js [--only=LABEL] [project name…]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { untangle } from '../helpers/processes/cli';
import type { PyflakesMessage } from '../helpers/python/pythonOracle';
import { changesOf, copyProject, exportProject, missingFor } from './checkout';
import { parseFixOutput } from './fixOutput';
import { newPyflakes, pyflakesReading } from './lint';
import { PROJECTS, type AcceptanceProject } from './projects';
import { breakDetails, markdownTable, rowPasses, totalsTable, type RowResult } from './report';
import { runDjangoChecks, runSuite, sameOutcome, type SuiteResult } from './suite';

const OUTPUT = path.join(__dirname, '../../../test-output/acceptance');

/** One refactoring: the `untangle fix` arguments of each run, in order, on one copy. */
interface Action {
  readonly label: string;
  readonly runs: readonly (readonly string[])[];
}

const RULES = ['long-file', 'duplicate-block', 'logic-heavy-view'] as const;

function actionsOf(project: AcceptanceProject): Action[] {
  return [
    ...RULES.map((rule) => ({ label: rule, runs: [['--rule', rule]] })),
    { label: 'all three in sequence', runs: RULES.map((rule) => ['--rule', rule]) },
    // The hard stage's generic views: hand-written DRF and Django CRUD views into generic views.
    { label: 'hand-written-crud-view', runs: [['--rule', 'hand-written-crud-view']] },
    // The hard stage: near-copies into one function, repeated members into a mixin or base class.
    { label: 'duplicate-block --stage hard', runs: [['--rule', 'duplicate-block', '--stage', 'hard']] },
    ...project.moves.map(({ symbol, to }) => ({ label: `move ${symbol} → ${to}`, runs: [['--move', symbol, '--to', to]] })),
  ];
}

/** The pristine project's own verdict, which every refactored copy is compared with. */
interface Baseline {
  readonly suite: SuiteResult;
  readonly pyflakes: readonly PyflakesMessage[];
}

function fileSafe(label: string): string {
  return label.replace(/[^\w.-]+/g, '_');
}

function runAction(project: AcceptanceProject, action: Action, pristine: string, work: string, baseline: Baseline): RowResult {
  const dir = path.join(work, fileSafe(action.label));
  copyProject(pristine, dir);
  const outputs: string[] = [];
  const untangleErrors: string[] = [];
  let applied = 0;
  let refused = 0;
  let notOffered = 0;
  const reasons: string[] = [];
  const start = Date.now();
  for (const args of action.runs) {
    // A real project's whole fix run takes tens of seconds, more on a loaded machine: longer than the CLI tests' minute.
    const run = untangle(['fix', '.', ...args], dir, 300_000);
    outputs.push(`$ untangle fix . ${args.join(' ')}\n${run.stdout}${run.stderr}`);
    const outcome = parseFixOutput(run.stdout);
    if (run.code !== 0 || !outcome.completed) untangleErrors.push(`untangle fix . ${args.join(' ')} exited ${run.code}: ${run.stderr.trim().split('\n').slice(-5).join('\n')}`);
    applied += outcome.applied;
    refused += outcome.refused;
    notOffered += outcome.notOffered;
    reasons.push(...outcome.reasons);
  }
  const untangleSeconds = (Date.now() - start) / 1000;
  const diff = changesOf(dir);
  const after = runSuite(project, dir);
  const { check, makemigrations } = runDjangoChecks(project, dir);
  const added = newPyflakes(baseline.pyflakes, dir);
  const details = path.join(project.name, fileSafe(action.label));
  fs.mkdirSync(path.join(OUTPUT, project.name), { recursive: true });
  fs.writeFileSync(path.join(OUTPUT, `${details}.diff`), diff);
  const log = [...outputs, '--- suite', after.output, '--- check', check.output, '--- makemigrations --check', makemigrations.output, '--- new pyflakes', ...added.map((m) => `${m.file}:${m.line}: ${m.text}`)];
  fs.writeFileSync(path.join(OUTPUT, `${details}.log`), log.join('\n'));
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    project: project.name,
    action: action.label,
    applied,
    refused,
    notOffered,
    reasons,
    untangleErrors,
    before: baseline.suite,
    after,
    sameSuite: sameOutcome(baseline.suite, after),
    newPyflakes: added,
    check,
    makemigrations,
    untangleSeconds,
    details: `${details}.diff`,
  };
}

/** Runs every refactoring of one project; undefined (with a line on stderr) when it cannot run. */
function runProject(project: AcceptanceProject, work: string, only: string | undefined): RowResult[] | undefined {
  const pristine = path.join(work, 'pristine');
  exportProject(project, pristine);
  const baselineCopy = path.join(work, 'baseline');
  copyProject(pristine, baselineCopy);
  const suite = runSuite(project, baselineCopy);
  const checks = runDjangoChecks(project, baselineCopy);
  fs.rmSync(baselineCopy, { recursive: true, force: true });
  if (!suite.completed || !checks.check.ok || !checks.makemigrations.ok) {
    process.stderr.write(`${project.name}: the pristine copy does not pass its own checks; skipped\n${suite.output.split('\n').slice(-30).join('\n')}\n${checks.check.output}\n${checks.makemigrations.output}\n`);
    return undefined;
  }
  const baseline: Baseline = { suite, pyflakes: pyflakesReading(pristine) };
  process.stderr.write(`${project.name}@${project.tag}: suite ${suite.ran} tests in ${suite.seconds.toFixed(1)} s, ${baseline.pyflakes.length} pyflakes messages before\n`);
  return actionsOf(project).filter((action) => only === undefined || action.label === only).map((action) => {
    const row = runAction(project, action, pristine, work, baseline);
    process.stderr.write(`  ${rowPasses(row) ? 'ok   ' : 'BROKE'} ${action.label}: ${row.applied} applied, ${row.refused} refused\n`);
    return row;
  });
}

function main(): number {
  // `--only=LABEL` runs one refactoring's rows (`--only="duplicate-block --stage hard"`).
  const only = process.argv.slice(2).find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--only='));
  const unknown = wanted.filter((name) => !PROJECTS.some((p) => p.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown project(s): ${unknown.join(', ')}; known: ${PROJECTS.map((p) => p.name).join(', ')}\n`);
    return 2;
  }
  const start = Date.now();
  const rows: RowResult[] = [];
  const skipped: string[] = [];
  fs.rmSync(OUTPUT, { recursive: true, force: true });
  fs.mkdirSync(OUTPUT, { recursive: true });
  for (const project of PROJECTS.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
    const missing = missingFor(project);
    if (missing) {
      skipped.push(`${project.name}: ${missing}`);
      process.stderr.write(`skipped ${project.name}: ${missing}\n`);
      continue;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `untangle-acceptance-${project.name}-`));
    try {
      const projectRows = runProject(project, work, only);
      if (projectRows) rows.push(...projectRows);
      else skipped.push(`${project.name}: the pristine copy fails its own suite or checks`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const minutes = (Date.now() - start) / 60000;
  const pins = PROJECTS.filter((p) => rows.some((r) => r.project === p.name)).map((p) => `${p.repo}@${p.tag} (${p.commit.slice(0, 10)})`);
  const broken = rows.filter((row) => !rowPasses(row));
  const report = [
    '# Untangle acceptance on real Django projects',
    '',
    `Projects: ${pins.join(', ') || 'none'}. Wall time: ${minutes.toFixed(1)} min.`,
    '',
    markdownTable(rows),
    '',
    'Tests: passed (ok), failures (F), errors (E), skipped (s), expected failures (xf); "same" means every count and every failing test are as before.',
    '',
    totalsTable(rows),
    ...(skipped.length > 0 ? ['', '## Skipped', '', ...skipped.map((line) => `- ${line}`)] : []),
    ...(broken.length > 0 ? ['', `## Breaks (${broken.length} of ${rows.length} rows)`, '', breakDetails(rows)] : []),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(OUTPUT, 'report.md'), report);
  process.stdout.write(report);
  process.stderr.write(`report: ${path.join(OUTPUT, 'report.md')}\n`);
  return broken.length > 0 || rows.length === 0 ? 1 : 0;
}

process.exitCode = main();
