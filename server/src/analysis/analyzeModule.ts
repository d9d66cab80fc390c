/**
 * Outlines one module and runs the per-file detectors. The outline comes from the tokens when
 * they suffice (tokenOutline.ts) and the module takes no part in a Django project, else from a
 * parse that also gives the project rules' facts, whose tree is deleted before returning: only
 * the outline, the facts and the token stream are kept, which keeps a whole-workspace index small (the index
 * keeps the trees of the files being edited, to re-parse them incrementally).
 */
import type { PythonParser } from '../core/parse/pythonParser';
import { outlineModule, outlineOfCopy, outlineWithScan, type OutlinedModule } from '../core/python/moduleOutline';
import { copyTree } from '../core/parse/treeCopy';
import type { ModuleScan } from '../core/python/moduleScan';
import type { EarlierOutline } from '../core/python/keptOutline';
import { lexPython, type LexToken } from '../core/python/pythonLexer';
import { outlineFromTokens } from '../core/python/tokens/tokenOutline';
import { isSilenced } from '../core/python/directives';
import type { TokenStream } from '../core/python/tokenStream';
import type { Tree } from 'web-tree-sitter';
import type { Settings } from '../core/config/settings';
import type { Finding } from '../core/model/finding';
import type { AnalyzedModule } from '../detectors/fileDetector';
import { FILE_DETECTORS } from '../detectors';
import { moduleFactsOf, parseModuleFacts, wantsModuleFacts, type ModuleFacts } from '../detectors/projectDetector';

export interface ModuleAnalysis extends AnalyzedModule {
  /** What the per-file detectors found, less what `# untangle: ignore` comments silence. */
  readonly findings: readonly Finding[];
}

export interface AnalyzedSource {
  readonly analysis: ModuleAnalysis;
  readonly tokens: TokenStream;
}

/** Analyses `text` as the module at `path`, parsing it only when its tokens do not suffice or the project rules want its facts. */
export function analyzeModule(parser: PythonParser, path: string, text: string, settings: Settings): AnalyzedSource {
  const lexed = lexModule(path, text);
  return analyzeOutline(path, text, settings, lexed.outline !== undefined ? lexed.outline : parseOutline(parser, path, text, lexed));
}

/**
 * analyzeModule with a parser that is only loaded when a module needs one: most never do, and a
 * worker thread that loads none starts sooner.
 */
export async function analyzeLazily(parser: () => Promise<PythonParser>, path: string, text: string, settings: Settings): Promise<AnalyzedSource> {
  const lexed = lexModule(path, text);
  return analyzeOutline(path, text, settings, lexed.outline !== undefined ? lexed.outline : parseOutline(await parser(), path, text, lexed));
}

/** An outline with its module's facts, when the project rules want them. */
type Outlined = OutlinedModule & { readonly facts?: ModuleFacts };

/**
 * A module's outline when its tokens give it and nothing needs a parse, else its tokens for the
 * outline a parse gives. A module parsed for the project rules' facts is outlined from the copy
 * of its tree the facts are read from (cheaper than from its tokens).
 */
type Lexed =
  | { readonly outline: OutlinedModule }
  | { readonly outline: undefined; readonly tokens: readonly LexToken[]; readonly wantsFacts: boolean };

function lexModule(path: string, text: string): Lexed {
  const tokens = lexPython(text);
  const wantsFacts = wantsModuleFacts(path, text);
  const outline = wantsFacts ? undefined : outlineFromTokens(text, tokens, isUrlConf(path));
  return outline ? { outline } : { outline, tokens, wantsFacts };
}

/** The outline and, when the project rules want them, the facts of a module the tokens alone cannot give. */
function parseOutline(parser: PythonParser, path: string, text: string, { tokens, wantsFacts }: Lexed & { outline: undefined }): Outlined {
  const tree = parser.parse(text);
  try {
    if (!wantsFacts) return outlineModule(tree, text, isUrlConf(path), tokens);
    const root = copyTree(tree.rootNode, text);
    return { ...outlineOfCopy(tree, root, text, isUrlConf(path), tokens), facts: moduleFactsOf(path, root) };
  } finally {
    tree.delete();
  }
}

/**
 * Analyses `text`, already parsed into `tree` (which stays the caller's). `withFacts` off: the
 * caller takes the project rules' facts from the tree later (an edit's, once typing pauses).
 * `earlier`: the module's outline before an edit, of which what the edit left alone is kept (keptOutline.ts);
 * `lexed`: its tokens, when lexed already (re-lexed from the text before an edit). The scan comes back, for the next edit's `earlier`.
 */
export function analyzeTree(
  tree: Tree,
  path: string,
  text: string,
  settings: Settings,
  withFacts = true,
  earlier?: EarlierOutline,
  lexed?: readonly LexToken[],
): AnalyzedSource & { readonly scan: ModuleScan } {
  const outlined = outlineWithScan(tree, text, isUrlConf(path), lexed ?? lexPython(text), earlier);
  return { ...analyzeOutline(path, text, settings, { ...outlined, facts: withFacts ? factsOf(tree, path, text) : undefined }), scan: outlined.scan };
}

/** The project rules' facts of a parsed module, when it takes part in the project. */
export function factsOf(tree: Tree, path: string, text: string): ModuleFacts | undefined {
  return wantsModuleFacts(path, text) ? parseModuleFacts(path, tree, text) : undefined;
}

function isUrlConf(path: string): boolean {
  return /(^|[\\/])urls\.py$/.test(path);
}

function analyzeOutline(path: string, text: string, settings: Settings, outlined: Outlined): AnalyzedSource {
  const newline = text.indexOf('\n');
  const module: AnalyzedModule = {
    path,
    outline: outlined.outline,
    firstLineLength: (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '').length,
    ...(outlined.facts ? { facts: outlined.facts } : {}),
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
