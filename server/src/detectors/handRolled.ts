/**
 * Rule `hand-rolled` (hard stage): code that re-implements a well-known library, from the
 * catalogue (core/handRolled/catalogue.ts). Each finding names the library, the replacement and
 * whether the project already depends on it (its dependency files, read from the workspace
 * folder), and links to its entry's page. A retry loop whose conversion to tenacity's `@retry`
 * keeps behaviour says so: the code action converts it when tenacity is a dependency.
 */
import * as nodePath from 'path';
import type { Settings } from '../core/config/settings';
import type { Finding, Severity } from '../core/model/finding';
import type { SourceRange } from '../core/model/sourceRange';
import { CATALOGUE, entryPage, type HandRolledEntry } from '../core/handRolled/catalogue';
import { readDependencies, type ProjectDependencies } from '../core/handRolled/dependencies';
import type { HandRolledOccurrence } from '../core/handRolled/facts';
import { timestampFields } from '../core/handRolled/timestamps';
import type { DjangoProjectModel } from '../core/django/project';
import type { ProjectSources } from './projectDetector';

export function detectHandRolled(sources: ProjectSources, settings: Settings): Finding[] {
  const config = settings.handRolled;
  if (!config.enabled) return [];
  const ignored = new Set<HandRolledEntry>(config.ignore);
  const dependencies = readDependencies(sources.root, sources.files);
  const settingsModules = settingsPaths(sources.project);
  const models = new Set(sources.project.models.map((model) => `${model.path}\n${model.name}`));
  const findings: Finding[] = [];
  const report = (path: string, entry: HandRolledEntry, range: SourceRange, detail: string, conversion?: HandRolledOccurrence['conversion']) => {
    if (ignored.has(entry)) return;
    const severity: Severity = CATALOGUE[entry].hintOnly ? 'hint' : config.severity;
    findings.push({ rule: 'hand-rolled', stage: 'hard', page: entryPage(entry), severity, path, range, message: messageOf(entry, detail, dependencies, conversion), related: [] });
  };
  for (const [path, facts] of sources.modules) {
    for (const occurrence of facts.handRolled.occurrences) {
      if (occurrence.entry === 'environ-settings' && !settingsModules(path)) continue;
      report(path, occurrence.entry, occurrence.range, occurrence.detail, occurrence.conversion);
    }
    for (const cls of facts.django.classes) {
      const fields = models.has(`${path}\n${cls.name}`) ? timestampFields(cls) : undefined;
      if (fields) report(path, 'timestamps', fields.range, `\`${cls.name}.${fields.created}\` and \`${fields.modified}\``);
    }
  }
  return findings;
}

/**
 * "Retry loop with sleep (3 attempts, 2 s apart, on IOError): use tenacity `@retry`: <recipe>;
 * tenacity is a dependency already (requirements.txt); the code action converts it."
 */
export function messageOf(entry: HandRolledEntry, detail: string, dependencies: ProjectDependencies, conversion?: HandRolledOccurrence['conversion']): string {
  const { found, replacement, recipe, distribution, alternative } = CATALOGUE[entry];
  const declared = dependencies.names.has(distribution);
  const where = dependencies.files.length > 0 ? dependencies.files.join(', ') : 'no dependency file found';
  const dependency = declared ? `${distribution} is a dependency already (${where})` : `${distribution} is not a dependency yet (${where})${alternative ? `; ${alternative}` : ''}`;
  const action = !conversion ? '' : conversion.convertible ? (declared ? '; the code action converts it' : '; once it is, a code action converts it') : `; not converted automatically: ${conversion.reason}`;
  return `${found} (${detail}): use ${replacement}: ${recipe}; ${dependency}${action}.`;
}

/** The settings modules: the one Django runs and its alternatives (split settings), else modules named settings. */
function settingsPaths(project: DjangoProjectModel): (path: string) => boolean {
  const known = new Set(project.settings ? [project.settings.path, ...project.settings.alternatives] : []);
  return (path) => known.has(path) || /settings/.test(nodePath.basename(path)) || nodePath.basename(nodePath.dirname(path)) === 'settings';
}
