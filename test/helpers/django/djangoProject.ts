/**
 * Runs the example Django project with a Python that has Django and Django REST framework
 * (Debian's python3-django and python3-djangorestframework). Tests work on a copy, so the repo
 * never collects databases or __pycache__ folders, and later tests can refactor the copy.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const EXAMPLES = path.join(__dirname, '../../../../examples');

const CANDIDATES = [process.env.UNTANGLE_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);

/** The first Python that can import django and rest_framework; throws with the fix otherwise. */
export function pythonWithDjango(): string {
  for (const python of CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import django, rest_framework'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `No Python with Django and Django REST framework (tried ${CANDIDATES.join(', ')}). ` +
      'Install them with: apt-get install -y python3-django python3-djangorestframework',
  );
}

/** Copies examples/<name> to a fresh temporary folder and returns its path. */
export function copyExample(name: string): string {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `untangle-${name}-`)), name);
  fs.cpSync(path.join(EXAMPLES, name), target, {
    recursive: true,
    filter: (source) => !/(__pycache__|\.sqlite3)$/.test(source),
  });
  return target;
}

export interface PythonRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs `python <args>` in `cwd` (with `env`), capturing stdout and stderr together. */
export function runPython(python: string, args: readonly string[], cwd: string, timeoutMs = 300_000, env: NodeJS.ProcessEnv = process.env): PythonRun {
  const result = spawnSync(python, [...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/**
 * The checks a refactoring must leave green: every file compiles, Django's system checks pass,
 * the migrations still match the models, and the project's own test suite passes.
 */
export function assertDjangoProjectWorks(python: string, project: string): void {
  const steps: readonly (readonly string[])[] = [
    ['-m', 'compileall', '-q', '.'],
    ['manage.py', 'check'],
    ['manage.py', 'makemigrations', '--check', '--dry-run'],
    ['manage.py', 'test', '--noinput'],
  ];
  for (const args of steps) {
    const run = runPython(python, args, project);
    if (run.status !== 0) throw new Error(`python ${args.join(' ')} failed in ${project}:\n${run.output}`);
  }
}
