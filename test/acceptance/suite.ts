/**
 * A project's own verdict on a copy: its test suite (Django's test runner, read from its summary
 * lines and its FAIL/ERROR headers), and `check` plus `makemigrations --check`. A refactoring
 * passes when the suite is exactly as green as on the pristine copy and the checks still pass.
 */
import { spawnSync } from 'child_process';
import { DEBIAN_PYTHON } from '../helpers/python/pythonOracle';
import type { AcceptanceProject } from './projects';

/** Outcome counts of a suite run (summed over every runner a project's script starts). */
export interface SuiteResult {
  readonly ran: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
  readonly expectedFailures: number;
  readonly unexpectedSuccesses: number;
  /** Ids of the tests that failed or errored, `FAIL: module.Class.test`, sorted. */
  readonly broken: readonly string[];
  /** False when no runner summary was found (the suite crashed before running). */
  readonly completed: boolean;
  readonly seconds: number;
  /** The whole output, for the row's log. */
  readonly output: string;
}

const TIMEOUT_MS = 15 * 60 * 1000;

/** Runs Debian's Python in a checkout, whose root is importable as after `pip install -e .` (drf-generators runs from tests/). */
export function runPython(args: readonly string[], cwd: string): { status: number | null; output: string; seconds: number } {
  const start = Date.now();
  const run = spawnSync(DEBIAN_PYTHON, args, {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: cwd },
  });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? `\n${run.error.message}` : ''}`, seconds: (Date.now() - start) / 1000 };
}

/** Runs the project's test suite in `cwd`. */
export function runSuite(project: AcceptanceProject, cwd: string): SuiteResult {
  const run = runPython(project.tests, cwd);
  return { ...parseUnittest(run.output), seconds: run.seconds, output: run.output };
}

/** Counts from unittest's `Ran N tests` / `OK (skipped=…)` / `FAILED (failures=…)` lines. */
export function parseUnittest(output: string): Omit<SuiteResult, 'seconds' | 'output'> {
  const counts = { ran: 0, failures: 0, errors: 0, skipped: 0, expectedFailures: 0, unexpectedSuccesses: 0 };
  const fields: Record<string, keyof typeof counts> = {
    failures: 'failures',
    errors: 'errors',
    skipped: 'skipped',
    'expected failures': 'expectedFailures',
    'unexpected successes': 'unexpectedSuccesses',
  };
  let completed = false;
  for (const match of output.matchAll(/^Ran (\d+) tests? in [\d.]+s$/gm)) {
    counts.ran += Number(match[1]);
    completed = true;
  }
  for (const match of output.matchAll(/^(?:OK|FAILED)(?: \((.*)\))?$/gm)) {
    for (const part of (match[1] ?? '').split(', ').filter(Boolean)) {
      const [key, value] = part.split('=');
      const field = fields[key];
      if (field) counts[field] += Number(value);
    }
  }
  const broken = [...output.matchAll(/^(FAIL|ERROR): (\S+) \((\S+)\)/gm)].map((m) => `${m[1]}: ${m[3]}`).sort();
  return { ...counts, broken, completed };
}

/** Tests that passed: ran minus every other outcome. */
export function passed(result: SuiteResult): number {
  return result.ran - result.failures - result.errors - result.skipped - result.expectedFailures - result.unexpectedSuccesses;
}

/** True when `after` has exactly the outcomes of `before`: same counts, same broken tests. */
export function sameOutcome(before: SuiteResult, after: SuiteResult): boolean {
  const keys = ['ran', 'failures', 'errors', 'skipped', 'expectedFailures', 'unexpectedSuccesses'] as const;
  return after.completed && keys.every((key) => before[key] === after[key]) && before.broken.join('\n') === after.broken.join('\n');
}

/** What a Django management command said: ok (exit 0), or the end of its output. */
export interface CommandResult {
  readonly ok: boolean;
  readonly output: string;
}

/** `check`, then `makemigrations --check --dry-run`, with the project's settings, in `cwd`. */
export function runDjangoChecks(project: AcceptanceProject, cwd: string): { check: CommandResult; makemigrations: CommandResult } {
  const command = (call: string): CommandResult => {
    const run = runPython(['-c', ['import django', 'from django.core.management import call_command', project.settings, 'django.setup()', call].join('\n')], cwd);
    return { ok: run.status === 0, output: run.output.split('\n').slice(-25).join('\n') };
  };
  const migrationArgs = ['"makemigrations"', ...project.migrationApps.map((app) => JSON.stringify(app))].join(', ');
  return {
    check: command('call_command("check")'),
    makemigrations: command(`call_command(${migrationArgs}, check=True, dry_run=True)`),
  };
}
