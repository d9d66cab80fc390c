/**
 * What a project detector sees of module texts, as the workspace index computes it: the facts of
 * each module it wants facts of (moduleFactsOf), and the project assembled from them.
 */
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { assembleProject } from '../../server/src/core/django/project';
import { moduleFactsOf, wantsModuleFacts, type ModuleFacts, type ProjectSources } from '../../server/src/detectors/projectDetector';

/** The sources of the Python modules `files` (absolute path → text) of the project at `root`. */
export async function projectSourcesOfTexts(root: string, files: Iterable<readonly [string, string]>): Promise<ProjectSources> {
  const parser = await loadPythonParser();
  const modules = new Map<string, ModuleFacts>();
  for (const [file, text] of files) {
    if (!file.endsWith('.py') || !wantsModuleFacts(file, text)) continue;
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
