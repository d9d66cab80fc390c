/**
 * Rule `observability` (the plan's monitoring stage): a project you cannot see into. On the
 * settings module, what is missing to observe it (logging, Prometheus metrics, a development
 * profiler), with the health line the sidebar shows; in the server's code, handlers that swallow
 * every error without a trace and `print()` calls. Tests, management commands (their output is
 * `self.stdout`'s business) and scripts are not server code.
 */
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { SourceRange } from '../core/model/sourceRange';
import { deploymentFacts, projectRoot } from '../core/observability/deployment';
import { gapText, healthLine, observabilityHealth } from '../core/observability/health';
import type { ProjectDetector, ProjectSources } from './projectDetector';

/** Paths whose output is meant for a terminal or a test runner, not a server's logs. */
const NOT_SERVER_CODE = [
  /(^|[\\/])tests?[\\/]/,
  /(^|[\\/])test_[^\\/]*\.py$/,
  /_tests?\.py$/,
  /(^|[\\/])(tests|conftest|manage|setup|fabfile|noxfile|tasks_dev)\.py$/,
  /[\\/]management[\\/]commands[\\/]/,
  /(^|[\\/])(scripts?|bin|tools|docs)[\\/]/,
];

export const detectObservability: ProjectDetector = (sources, settings) => {
  const rule = settings.observability;
  if (!rule.enabled || !sources.project.settings) return [];
  return [...settingsFindings(sources, settings), ...codeFindings(sources, settings)];
};

function settingsFindings(sources: ProjectSources, settings: Settings): Finding[] {
  const djangoSettings = sources.project.settings!;
  // A reusable app's test settings (tests/settings.py) configure no deployed server.
  if (!isServerCode(djangoSettings.path)) return [];
  const django = new Map([...sources.modules].map(([path, facts]) => [path, facts.django]));
  const root = projectRoot([...sources.modules.keys()], djangoSettings.path);
  const health = observabilityHealth(sources.project, django, deploymentFacts(root, (file) => sources.files.read(file)).servers);
  const gaps = health.gaps.filter((gap) => gap.kind !== 'profiler' || settings.observability.requireProfiler);
  if (gaps.length === 0) return [];
  const message = `Observability: ${healthLine(health)}. Missing: ${gaps.map(gapText).join('; ')}`;
  return [{ rule: 'observability', stage: 'monitoring', severity: settings.observability.severity, path: djangoSettings.path, range: anchorOf(sources, djangoSettings.path), message, related: [] }];
}

function codeFindings(sources: ProjectSources, settings: Settings): Finding[] {
  const rule = settings.observability;
  const findings: Finding[] = [];
  const finding = (path: string, range: SourceRange, message: string): Finding => ({ rule: 'observability', stage: 'monitoring', severity: rule.severity, path, range, message, related: [] });
  for (const [path, facts] of sources.modules) {
    if (!isServerCode(path)) continue;
    if (rule.swallowedExceptions) {
      for (const handler of facts.observability.swallowed) {
        findings.push(finding(path, handler.range, `\`${handler.clause}\` swallows every error without a trace: log it (\`logger.exception(…)\`), re-raise it, or catch the exceptions you expect`));
      }
    }
    if (rule.printCalls) {
      for (const range of facts.observability.prints) {
        findings.push(finding(path, range, '`print()` in server code writes to a stdout no one collects: log it (`logging.getLogger(__name__)`)'));
      }
    }
  }
  return findings;
}

/** The `INSTALLED_APPS` line of the settings module (where the metrics app goes), else its first line. */
function anchorOf(sources: ProjectSources, path: string): SourceRange {
  const statement = sources.modules.get(path)?.django.statements.find((s) => s.kind === 'assign' && s.targets.includes('INSTALLED_APPS'));
  const line = statement?.range.start.line ?? 0;
  return { start: { line, character: 0 }, end: { line, character: 'INSTALLED_APPS'.length } };
}

function isServerCode(path: string): boolean {
  return !NOT_SERVER_CODE.some((pattern) => pattern.test(path));
}

