/**
 * Project sources (module facts and the project model) of inline fixtures and folders on disk,
 * for the tests of the project rules, built the way the code actions build them.
 */
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import type { ProjectSources } from '../../../server/src/detectors/projectDetector';
import { projectSourcesOf } from '../../../server/src/refactor/queries/projectSources';
import { NO_FILES } from '../../../server/src/core/model/projectFiles';
import { ROOT } from '../refactor/refactorFixture';
import { dedent } from '../workspace/workspaceFixture';

/** Inline modules (`{ "shop/models.py": "…" }`) under `/ws`, an empty `__init__.py` added to every folder that lacks one. */
export function workspaceOf(files: Record<string, string>): Map<string, string> {
  const all = new Map(Object.entries(files).map(([file, text]) => [path.join(ROOT, file), dedent(text)]));
  for (const file of [...all.keys()]) {
    for (let dir = path.dirname(file); dir !== ROOT && dir !== '/'; dir = path.dirname(dir)) {
      if (!all.has(`${dir}/__init__.py`)) all.set(`${dir}/__init__.py`, '');
    }
  }
  return all;
}

/** The sources of inline modules, or of a workspace map. */
export async function sourcesOf(files: Record<string, string> | ReadonlyMap<string, string>): Promise<ProjectSources> {
  const workspace = files instanceof Map ? files : workspaceOf(files as Record<string, string>);
  return projectSourcesOf(await loadPythonParser(), ROOT, workspace, NO_FILES);
}

/** Every Python file below `root` on disk. */
export { sourcesOfFolder } from '../workspace/projectSources';
