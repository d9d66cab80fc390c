/**
 * The project sources of a workspace snapshot, for the code actions of the project rules: they
 * plan on the text the editor holds, so they re-read the facts of every Python module rather
 * than trust facts cached before the last edit.
 */
import * as nodePath from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { assembleProject, type AssemblyOptions } from '../../core/django/project';
import { parseModuleFacts, wantsModuleFacts, type ModuleFacts, type ProjectSources } from '../../detectors/projectDetector';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { ProjectFiles } from '../../core/model/projectFiles';

/** The sources of the modules `texts` (path → text) under the workspace folder `root`, as the workspace index makes them. */
export function projectSourcesOf(parser: PythonParser, root: string, texts: ReadonlyMap<string, string>, files: ProjectFiles, options?: AssemblyOptions): ProjectSources {
  const modules = new Map<string, ModuleFacts>();
  for (const [path, text] of texts) {
    if (!wantsModuleFacts(path, text)) continue;
    const tree = parser.parse(text);
    try {
      modules.set(path, parseModuleFacts(path, tree, text));
    } finally {
      tree.delete();
    }
  }
  const project = assembleProject(new Map([...modules].map(([path, facts]) => [path, facts.django])), options);
  return { root, files, project, modules };
}

/** The sources of every Python file of a snapshot; paths are matched against the rules' globs from the file system root. */
export function snapshotSources(parser: PythonParser, snapshot: WorkspaceSnapshot, anyFile: string): ProjectSources {
  const files = new Map<string, string>();
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    if (text !== undefined) files.set(file, text);
  }
  // The snapshot reads any file of the workspace as the editor holds it.
  return projectSourcesOf(parser, nodePath.parse(anyFile).root || '.', files, { read: (file) => snapshot.read(file), list: () => [] });
}
