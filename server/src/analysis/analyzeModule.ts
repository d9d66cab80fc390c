/**
 * Parses one module, outlines it and runs the per-file detectors. The tree is deleted before
 * returning: only the outline is kept, which is what keeps a whole-workspace index small.
 */
import type { PythonParser } from '../core/parse/pythonParser';
import { outlineModule } from '../core/python/moduleOutline';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { AnalyzedModule } from '../detectors/fileDetector';
import { FILE_DETECTORS } from '../detectors';

export interface ModuleAnalysis extends AnalyzedModule {
  readonly findings: readonly Finding[];
}

/** Parses and analyses `text` as the module at `path`. */
export function analyzeModule(parser: PythonParser, path: string, text: string, settings: Settings): ModuleAnalysis {
  const tree = parser.parse(text);
  let module: AnalyzedModule;
  try {
    const newline = text.indexOf('\n');
    module = {
      path,
      outline: outlineModule(tree, text),
      firstLineLength: (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '').length,
    };
  } finally {
    tree.delete();
  }
  return { ...module, findings: FILE_DETECTORS.flatMap((detect) => detect(module, settings)) };
}
