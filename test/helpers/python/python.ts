/** Parses inline Python for unit tests with the real tree-sitter grammar. */
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { outlineModule, type ModuleOutline } from '../../../server/src/core/python/moduleOutline';
import { dedent } from '../workspace/workspaceFixture';

/** The outline of `source` (dedented), as the analysis sees it. */
export async function outline(source: string): Promise<ModuleOutline> {
  const parser = await loadPythonParser();
  const text = dedent(source);
  const tree = parser.parse(text);
  try {
    return outlineModule(tree, text).outline;
  } finally {
    tree.delete();
  }
}
