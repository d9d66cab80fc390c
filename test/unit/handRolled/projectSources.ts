/**
 * What a project detector sees of an inline fixture: the fixture written to a temporary folder
 * (the dependency files are read from there), every Python file's module facts and the project.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { assembleProject } from '../../../server/src/core/django/project';
import { moduleFactsOf, wantsModuleFacts, type ModuleFacts, type ProjectSources } from '../../../server/src/detectors/projectDetector';
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

export function cleanUp(sources: ProjectSources): void {
  fs.rmSync(sources.root, { recursive: true, force: true });
}

/** A path of the fixture's, absolute. */
export function inFixture(sources: ProjectSources, file: string): string {
  return path.join(sources.root, file);
}
