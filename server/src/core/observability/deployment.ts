/**
 * What the project's deployment and dependency files say about observability: which pre-forking
 * server runs it (a Procfile, a Dockerfile or a compose file starting gunicorn or uwsgi: each
 * worker process then keeps its own metrics), and whether python-json-logger and django-silk are
 * dependencies (JSON log lines and the profiler need them installed).
 */
import * as nodePath from 'path';

export interface DeploymentFacts {
  /** `gunicorn`, `uwsgi`: the servers the deployment files start, each once. */
  readonly servers: readonly string[];
  readonly jsonLogger: boolean;
  readonly silk: boolean;
}

const DEPLOYMENT_FILES = ['Procfile', 'Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];
const DEPENDENCY_FILES = [
  'requirements.txt',
  'requirements-dev.txt',
  'requirements/base.txt',
  'requirements/production.txt',
  'requirements/prod.txt',
  'requirements/local.txt',
  'requirements/dev.txt',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
  'Pipfile',
];
const SERVERS = ['gunicorn', 'uwsgi'];

/** Whether a file is one of those the facts are read from (at the project's root or not: a cheap over-approximation for file watching). */
export function isDeploymentFile(file: string): boolean {
  const normalized = file.split(nodePath.sep).join('/');
  return [...DEPLOYMENT_FILES, ...DEPENDENCY_FILES].some((name) => normalized === name || normalized.endsWith(`/${name}`));
}

/** A glob of those files, for the editor's file watcher. */
export const DEPLOYMENT_FILE_GLOB = `**/{${[...DEPLOYMENT_FILES, ...DEPENDENCY_FILES].filter((name) => !name.endsWith('.py')).join(',')}}`;

/** The facts of the project rooted at `root`; `read` gives a file's text or undefined when absent. */
export function deploymentFacts(root: string, read: (file: string) => string | undefined): DeploymentFacts {
  const deployment = DEPLOYMENT_FILES.map((file) => read(nodePath.join(root, file)) ?? '').join('\n');
  const dependencies = DEPENDENCY_FILES.map((file) => read(nodePath.join(root, file)) ?? '').join('\n');
  return {
    servers: SERVERS.filter((server) => new RegExp(`\\b${server}\\b`).test(deployment)),
    jsonLogger: /\bpython-json-logger\b/i.test(dependencies),
    silk: /\bdjango-silk\b/i.test(dependencies),
  };
}

/**
 * The folder the project runs from: manage.py's, else the settings package's parent (where
 * `python -m django` would be started).
 */
export function projectRoot(pythonFiles: readonly string[], settingsPath: string): string {
  const managers = pythonFiles.filter((file) => nodePath.basename(file) === 'manage.py');
  const settingsDir = nodePath.dirname(settingsPath);
  const enclosing = managers.filter((file) => settingsDir.startsWith(nodePath.dirname(file))).sort((a, b) => b.length - a.length);
  return enclosing.length > 0 ? nodePath.dirname(enclosing[0]) : nodePath.dirname(settingsDir);
}
