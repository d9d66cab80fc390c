/**
 * What a project detector sees of an inline fixture: the fixture written to a temporary folder
 * (the dependency files are read from there), every Python file's module facts and the project.
 */
import * as fs from 'fs';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { assembleProject } from '../../../server/src/core/django/project';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import { moduleFactsOf, wantsModuleFacts, type ModuleFacts, type ProjectDetector, type ProjectSources } from '../../../server/src/detectors/projectDetector';
import { pythonFiles } from '../../helpers/djangoModel';
import { writeWorkspace } from '../../helpers/workspaceFixture';

/** The sources of an inline fixture (`#- path` headers); the folder is removed by `cleanUp`. */
export async function projectSourcesOf(fixture: string): Promise<ProjectSources> {
  return sourcesOfFolder(writeWorkspace(fixture));
}

/** The sources of a folder on disk, as the workspace index computes them (only the modules it wants facts of). */
export async function sourcesOfFolder(root: string): Promise<ProjectSources> {
  const parser = await loadPythonParser();
  const modules = new Map<string, ModuleFacts>();
  for (const file of pythonFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    if (!wantsModuleFacts(file, text)) continue;
    const tree = parser.parse(text);
    try {
      modules.set(file, moduleFactsOf(file, tree.rootNode));
    } finally {
      tree.delete();
    }
  }
  const project = assembleProject(new Map([...modules].map(([file, facts]) => [file, facts.django])));
  return { root, project, modules };
}

/** What `detector` finds in an inline fixture. */
export async function detectIn(detector: ProjectDetector, fixture: string, settings: Settings = DEFAULT_SETTINGS): Promise<Finding[]> {
  const sources = await projectSourcesOf(fixture);
  try {
    return detector(sources, settings);
  } finally {
    cleanUp(sources);
  }
}

export function cleanUp(sources: ProjectSources): void {
  fs.rmSync(sources.root, { recursive: true, force: true });
}
