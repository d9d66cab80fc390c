/**
 * Project sources (module facts and the project model) of inline fixtures and folders on disk,
 * for the tests of the project rules, built the way the code actions build them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import type { ProjectSources } from '../../server/src/detectors/projectDetector';
import { projectSourcesOf } from '../../server/src/refactor/queries/projectSources';
import { pythonFiles } from './djangoModel';
import { dedent } from './workspaceFixture';

/** Inline modules (`{ "shop/models.py": "…" }`) under `/ws`, an empty `__init__.py` added to every folder that lacks one. */
export async function sourcesOf(files: Record<string, string>): Promise<ProjectSources> {
  const all = new Map(Object.entries(files).map(([file, text]) => [path.join('/ws', file), dedent(text)]));
  for (const file of [...all.keys()]) {
    for (let dir = path.dirname(file); dir !== '/ws' && dir !== '/'; dir = path.dirname(dir)) {
      if (!all.has(`${dir}/__init__.py`)) all.set(`${dir}/__init__.py`, '');
    }
  }
  return projectSourcesOf(await loadPythonParser(), '/ws', all);
}

/** Every Python file below `root` on disk. */
export async function sourcesOfFolder(root: string): Promise<ProjectSources> {
  const files = new Map(pythonFiles(root).map((file) => [file, fs.readFileSync(file, 'utf8')]));
  return projectSourcesOf(await loadPythonParser(), root, files);
}
