/**
 * What a project detector sees of an inline fixture: the fixture written to a temporary folder
 * (the dependency files are read from there), every Python file's module facts and the project.
 */
import * as fs from 'fs';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import type { ProjectDetector, ProjectSources } from '../../../server/src/detectors/projectDetector';
import { sourcesOfFolder } from '../../helpers/workspace/projectSources';
import { writeWorkspace } from '../../helpers/workspace/workspaceFixture';

export { sourcesOfFolder };

/** The sources of an inline fixture (`#- path` headers); the folder is removed by `cleanUp`. */
export async function projectSourcesOf(fixture: string): Promise<ProjectSources> {
  return sourcesOfFolder(writeWorkspace(fixture));
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
