/**
 * What a project detector sees of an inline fixture: the fixture written to a temporary folder
 * (the dependency files are read from there), every Python file's module facts and the project.
 */
import * as fs from 'fs';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import type { ProjectDetector, ProjectSources } from '../../../server/src/detectors/projectDetector';
import { pythonFiles } from '../../helpers/djangoModel';
import { projectSourcesOfTexts } from '../../helpers/projectSources';
import { writeWorkspace } from '../../helpers/workspaceFixture';

/** The sources of an inline fixture (`#- path` headers); the folder is removed by `cleanUp`. */
export async function projectSourcesOf(fixture: string): Promise<ProjectSources> {
  return sourcesOfFolder(writeWorkspace(fixture));
}

/** The sources of a folder on disk, as the workspace index computes them (only the modules it wants facts of). */
export async function sourcesOfFolder(root: string): Promise<ProjectSources> {
  return projectSourcesOfTexts(root, pythonFiles(root).map((file) => [file, fs.readFileSync(file, 'utf8')] as const));
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
