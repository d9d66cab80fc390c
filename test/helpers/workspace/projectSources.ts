/**
 * What a project detector sees, built from inline modules (`{ "shop/models.py": "…" }`) or from
 * files on disk, with the real parser and `parseModuleFacts`, as the workspace index builds it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import type { AssemblyOptions } from '../../../server/src/core/django/project';
import type { ProjectSources } from '../../../server/src/detectors/projectDetector';
import { projectSourcesOf } from '../../../server/src/refactor/queries/projectSources';
import { DISK_FILES } from '../../../server/src/fs/projectFiles';
import type { ProjectFiles } from '../../../server/src/core/model/projectFiles';
import { dedent } from './workspaceFixture';
import { pythonFiles } from '../django/djangoModel';

/** The sources of modules given as text, keyed by path under `root`; an empty `__init__.py` added to every folder that lacks one. */
export async function sourcesOf(files: Record<string, string>, root = '/project', options?: AssemblyOptions): Promise<ProjectSources> {
  const all = new Map(Object.entries(files).map(([file, text]) => [file, dedent(text)]));
  for (const file of [...all.keys()]) {
    for (let dir = path.posix.dirname(file); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir)) {
      if (!all.has(`${dir}/__init__.py`)) all.set(`${dir}/__init__.py`, '');
    }
  }
  return sourcesOfTexts(root, new Map([...all].map(([file, text]) => [path.join(root, file), text])), options);
}

/** The sources of the modules among `files` (absolute path → text) that the workspace index takes facts of (wantsModuleFacts). */
export async function projectSourcesOfTexts(root: string, files: Iterable<readonly [string, string]>): Promise<ProjectSources> {
  const all = new Map(files);
  // The other files (templates) are read from the map first, as a workspace snapshot reads them.
  const beside: ProjectFiles = { read: (file) => all.get(file) ?? DISK_FILES.read(file), list: (dir, extension) => DISK_FILES.list(dir, extension) };
  return sourcesOfTexts(root, new Map([...all].filter(([file]) => file.endsWith('.py'))), undefined, beside);
}

/** Every Python file below the folder `root` on disk, as the workspace index takes them. */
export async function sourcesOfFolder(root: string): Promise<ProjectSources> {
  return projectSourcesOfTexts(root, pythonFiles(root).map((file) => [file, fs.readFileSync(file, 'utf8')] as const));
}

/** The sources of `.py` files on disk. */
export async function sourcesOfFiles(root: string, files: readonly string[], options?: AssemblyOptions): Promise<ProjectSources> {
  return sourcesOfTexts(root, new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')])), options);
}

/** As the workspace index makes them (projectSourcesOf), the files beside the code read from the disk under `root`. */
async function sourcesOfTexts(root: string, texts: ReadonlyMap<string, string>, options?: AssemblyOptions, files: ProjectFiles = DISK_FILES): Promise<ProjectSources> {
  return projectSourcesOf(await loadPythonParser(), root, texts, files, options);
}
