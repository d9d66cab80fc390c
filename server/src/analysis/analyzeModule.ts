/**
 * Parses one module, outlines it and runs the per-file detectors. The tree is deleted before
 * returning: only the outline and the token stream are kept, which keeps a whole-workspace index
 * small (the index keeps the trees of the files being edited, to re-parse them incrementally).
 */
import type { PythonParser } from '../core/parse/pythonParser';
import { outlineModule } from '../core/python/moduleOutline';
import { isSilenced } from '../core/python/directives';
import type { TokenStream } from '../core/python/tokenStream';
import type { Tree } from 'web-tree-sitter';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { AnalyzedModule } from '../detectors/fileDetector';
import { FILE_DETECTORS } from '../detectors';

export interface ModuleAnalysis extends AnalyzedModule {
  /** What the per-file detectors found, less what `# untangle: ignore` comments silence. */
  readonly findings: readonly Finding[];
}

export interface AnalyzedSource {
  readonly analysis: ModuleAnalysis;
  readonly tokens: TokenStream;
}

/** Parses and analyses `text` as the module at `path`. */
export function analyzeModule(parser: PythonParser, path: string, text: string, settings: Settings): AnalyzedSource {
  const tree = parser.parse(text);
  try {
    return analyzeTree(tree, path, text, settings);
  } finally {
    tree.delete();
  }
}

/** Analyses `text`, already parsed into `tree` (which stays the caller's). */
export function analyzeTree(tree: Tree, path: string, text: string, settings: Settings): AnalyzedSource {
  const outlined = outlineModule(tree, text, /(^|[\\/])urls\.py$/.test(path));
  const newline = text.indexOf('\n');
  const module: AnalyzedModule = {
    path,
    outline: outlined.outline,
    firstLineLength: (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '').length,
  };
  return withFindings(module, outlined.tokens, settings);
}

/**
 * The per-file detectors' findings on an outlined module: the only part of an analysis that
 * depends on settings, and cheap (they read the outline only), so a cached outline serves any settings.
 */
export function withFindings(module: AnalyzedModule, tokens: TokenStream, settings: Settings): AnalyzedSource {
  let findings: readonly Finding[] | undefined;
  // Made when first read: a run whose findings come from the cache never needs them.
  const analysis: ModuleAnalysis = {
    ...module,
    get findings() {
      findings ??= FILE_DETECTORS.flatMap((detect) => detect(module, settings)).filter(
        (finding) => !isSilenced(module.outline.directives, finding.rule, finding.range.start.line),
      );
      return findings;
    },
  };
  return { analysis, tokens };
}
