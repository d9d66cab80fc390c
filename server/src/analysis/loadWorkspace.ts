/**
 * Fills a WorkspaceIndex from disk: discovers the folder's Python files (and the templates and
 * static files the duplicate rule reads), reads each once (or takes the editor's unsaved text
 * for it) and analyses it. Used for the first scan and for rescans after settings change, by
 * the language server and the CLI alike.
 */
import { discoverPythonFiles } from '../fs/fileDiscovery';
import { blockingReader, readEditorText, readPythonSource, readPythonSourceSync } from '../fs/sourceReader';
import { assertNever } from '../core/model/assertNever';
import { AnalysisPool, type AnalysisJob, type AnalysisOutcome } from './analysisPool';
import { withFindings, type AnalyzedSource } from './analyzeModule';
import { PROJECT_DETECTORS, type ModuleFacts } from '../detectors/projectDetector';
import type { WorkspaceIndex } from './workspaceIndex';
import type { AnalysisCache, CachedSource } from './cache/analysisCache';
import { contentHash } from './cache/cacheKeys';
import { webExtensions } from '../core/webClones/webLanguages';
import { readWebFile } from './readWebFile';
import { fileStamp, type FileStamp } from '../fs/fileStamp';

export interface LoadOptions {
  /** Unsaved editor text for a path, which wins over the file on disk. */
  readonly overlay?: (path: string) => string | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between files; a cancelled load leaves the files analysed so far. */
  readonly isCancelled?: () => boolean;
  /** Only analyse files the index does not know yet (new files appeared on disk). */
  readonly skipKnown?: boolean;
  /** Only these folders and files below the root (the paths given to the CLI); the whole root by default. */
  readonly within?: readonly string[];
  /** Analyses of unchanged files (same text hash) are taken from here, and the others recorded in it. */
  readonly cache?: AnalysisCache;
  /**
   * The index lives on (an editor's): its project rules run again after changes, so what analysing a module again needs
   * when its cached facts turn out unreadable (the parser) is loaded during the load, even if the findings are restored.
   */
  readonly lasting?: boolean;
  /** Told each folder the walk lists and file it takes or reads (see DiscoveryOptions.seen). */
  readonly seen?: (file: string) => void;
}

export interface LoadResult {
  readonly files: number;
  /** Of those, how many the cache held unchanged. */
  readonly cached: number;
  readonly cancelled: boolean;
}

/** Files analysed between two yields to the event loop, so a server stays responsive. */
const BATCH = 25;
/** Files read (and, with workers, analysed) ahead of the one being indexed, so no thread waits. */
const READ_AHEAD = 32;

/** Discovers, reads and analyses every Python file, template and static file of the index's folder. */
export async function loadWorkspace(index: WorkspaceIndex, options: LoadOptions = {}): Promise<LoadResult> {
  // Workers start while the folder is walked, unless a cache is likely to answer for most files.
  const maxBytes = index.settings.maxFileSizeKb * 1024;
  const early = options.cache?.size ? undefined : AnalysisPool.start(maxBytes);
  const { enabled, languages } = index.settings.duplicateBlock;
  const alsoExtensions = enabled ? webExtensions(languages) : [];
  const discovered = await discoverPythonFiles(index.root, { ...index.settings, alsoExtensions, seen: options.seen }, options.within).catch(async (error: unknown) => {
    await early?.close();
    throw error;
  });
  // A template or static file the duplicate rule leaves out (excluded, its language off) is not read at all.
  for (const skipped of discovered.skipped) if (index.languageOf(skipped.path) !== undefined) index.skip(skipped.path, skipped.reason);
  index.setMigrations(discovered.migrations);
  const taken = discovered.files.filter((file) => index.languageOf(file) !== undefined);
  const wanted = new Set(taken);
  const skippedNow = new Set(discovered.skipped.map((s) => s.path));
  for (const known of index.paths()) {
    if (!wanted.has(known) && !skippedNow.has(known)) index.remove(known);
  }
  const analysed = options.skipKnown ? taken.filter((file) => !index.has(file)) : taken;
  // Migrations are read for the project rules only, after the modules.
  const migrations = new Set(PROJECT_DETECTORS.length > 0 ? discovered.migrations.filter((file) => !(options.skipKnown && index.hasFacts(file))) : []);
  const files = [...analysed, ...migrations];
  const cache = options.cache;
  if (cache) index.project.reanalyseWith((file) => reanalyseStored(index, cache, file, options.overlay));
  // Loaded meanwhile: the rules may read a cached module's facts any time after the load (see reanalyseStored).
  const parserLoading = options.lasting && cache?.size ? index.ensureParser() : undefined;
  // A file the cache knows is read and hashed here, and usually found unchanged: only the others are worth workers.
  const uncached = cache ? files.filter((file) => !cache.has(file)).length : files.length;
  const pool = early ? (early.worthFor(uncached) ? early : undefined) : AnalysisPool.forFiles(uncached, maxBytes);
  if (early && !pool) await early.close();
  // A worker that fails (past its heap limit, see workerLimits) leaves its files to the main thread.
  const inWorker = (job: Omit<AnalysisJob, 'id'>, here: () => Promise<Analyzed>): Promise<Analyzed> => (pool ? pool.analyze(job).catch(here) : here());
  const stamps = new Map<string, FileStamp>();
  const analyze = async (file: string): Promise<Analyzed> => {
    const overlay = options.overlay?.(file);
    const language = index.languageOf(file);
    const web = language === 'python' ? undefined : language;
    if (web) {
      // As for a module below: a file the cache knows is read here, and tokenized (here) only if it changed.
      const minTokens = index.settings.duplicateBlock.minTokens;
      if (cache?.has(file)) return readWebFile(file, web, index.settings, overlay, blockingReader, (hash) => cache.lookupWeb(file, hash, minTokens));
      return inWorker({ file, maxBytes, settings: index.settings, text: overlay, language: web }, () => readWebFile(file, web, index.settings, overlay));
    }
    // Taken before the file is read (here or by a worker): a change after it stamps the file otherwise.
    const stamp = cache && overlay === undefined ? fileStamp(file) : undefined;
    if (stamp) stamps.set(file, stamp);
    if (cache?.has(file)) {
      const unchanged = cache.unchanged(file, stamp, maxBytes);
      if (unchanged) return { kind: 'cached', cached: unchanged };
      const read = overlay !== undefined ? readEditorText(overlay, maxBytes) : await readPythonSource(file, maxBytes, blockingReader);
      if (read.kind === 'skipped') return read;
      const hash = contentHash(read.text);
      const cached = cache.lookup(file, hash, stamp);
      if (cached) return { kind: 'cached', cached };
      if (!pool) return { ...read, hash };
    }
    return inWorker({ file, maxBytes, settings: index.settings, text: overlay }, () => readModule(file, overlay, maxBytes, cache !== undefined));
  };
  // Without a clone index to restore (a first run), files are compared as they come in, while workers analyse the next.
  if (cache?.holdsClones) index.deferClones();
  const ahead = READ_AHEAD;
  const results = files.slice(0, ahead).map(analyze);
  let done = 0;
  let cachedFiles = 0;
  let storedFacts = 0;
  try {
    for (const file of files) {
      if (options.isCancelled?.()) {
        await index.detectWebClones();
        return { files: done, cached: cachedFiles, cancelled: true };
      }
      if (done + ahead < files.length) results.push(analyze(files[done + ahead]));
      const result = await results.shift()!;
      if (result.kind === 'cached' || (result.kind === 'web' && result.cached)) cachedFiles++;
      if (result.kind === 'cached' && result.cached.module.facts) storedFacts++;
      await applyResult(index, file, result, cache, migrations.has(file) ? 'migration' : 'module', stamps.get(file));
      done++;
      options.onProgress?.(done, files.length);
      if (done % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await pool?.close();
    if (cache) {
      index.indexClones((indexed) => cache.cloneSnapshotFor(indexed, index.settings.duplicateBlock));
      index.restoreResults((settings, analyzed) => cache.resultsFor(settings, analyzed));
      const restored = index.project.restore(cache.projectFor);
      // The rules will read the facts: one of them unreadable is analysed again then, with the parser a warm run may lack.
      if (!restored && storedFacts > 0) await index.ensureParser();
    }
    await parserLoading;
  }
  await index.detectWebClones();
  return { files: done, cached: cachedFiles, cancelled: false };
}

/**
 * The facts of a module analysed again from its text (the editor's if open), when those its cache entry held turn out not to
 * match the format as the project rules first read them (a crafted file: the checksum and the build matched, see lazyFacts.ts).
 * The entry is dropped, saying so, and replaced by the new analysis; none if the file is skipped now.
 */
function reanalyseStored(index: WorkspaceIndex, cache: AnalysisCache, file: string, overlay: LoadOptions['overlay']): ModuleFacts | undefined {
  const [text, maxBytes] = [overlay?.(file), index.settings.maxFileSizeKb * 1024];
  const read = text !== undefined ? readEditorText(text, maxBytes) : readPythonSourceSync(file, maxBytes);
  const analyzed = read.kind === 'text' ? index.analyze(file, read.text) : undefined;
  cache.dropUnreadable(file);
  if (read.kind === 'skipped' || !analyzed) return undefined;
  cache.store(file, contentHash(read.text), analyzed);
  return analyzed.analysis.facts;
}

/** A module's text, the editor's if given, with its hash if `hashed` (to cache it by); or why it is skipped. */
async function readModule(file: string, overlay: string | undefined, maxBytes: number, hashed: boolean): Promise<Analyzed> {
  const read = overlay !== undefined ? readEditorText(overlay, maxBytes) : await readPythonSource(file, maxBytes);
  return read.kind === 'text' && hashed ? { ...read, hash: contentHash(read.text) } : read;
}

/**
 * Reads one file (unless the editor's text for it is given) and analyses it, or skips it over
 * the size limit; a template or static file whose language the duplicate rule leaves out is dropped.
 */
export async function loadFile(index: WorkspaceIndex, file: string, text?: string): Promise<void> {
  const language = index.languageOf(file);
  if (language === undefined) {
    index.remove(file);
  } else if (language !== 'python') {
    await applyResult(index, file, await readWebFile(file, language, index.settings, text), undefined, 'module');
  } else {
    const maxBytes = index.settings.maxFileSizeKb * 1024;
    const taken = index.isMigration(file) ? 'migration' : text !== undefined ? 'editing' : 'module';
    await applyResult(index, file, text !== undefined ? readEditorText(text, maxBytes) : await readPythonSource(file, maxBytes), undefined, taken);
  }
  await index.detectWebClones();
}

/** Forgets a file (deleted, or excluded now) and finds again the clones of the templates and static files left. */
export async function unloadFile(index: WorkspaceIndex, file: string): Promise<void> {
  index.remove(file);
  await index.detectWebClones();
}

/**
 * A file read on this thread, analysed (or tokenized) here or by a worker, found unchanged in the
 * cache, or skipped; `hash`: its text's, to cache it by.
 */
type Analyzed =
  | { readonly kind: 'text'; readonly text: string; readonly hash?: string }
  | AnalysisOutcome
  | { readonly kind: 'cached'; readonly cached: CachedSource };

/**
 * How a file's analysis is taken in: as a module (every rule), as the editor's text (which will
 * change again, see WorkspaceIndex.update) or as a migration (its facts, for the project rules).
 */
type Taken = 'module' | 'editing' | 'migration';

/** Results are applied in file order, whatever order workers finish in, so output is stable (and the same with a cache as without). */
async function applyResult(index: WorkspaceIndex, file: string, result: Analyzed, cache: AnalysisCache | undefined, taken: Taken, stamp?: FileStamp): Promise<void> {
  const take = (analyzed: AnalyzedSource) => (taken === 'migration' ? index.applyMigration(file, analyzed) : index.apply(file, analyzed));
  switch (result.kind) {
    case 'text': {
      await index.ensureParser();
      if (taken === 'editing') {
        index.update(file, result.text, true);
        return;
      }
      const analyzed = index.analyze(file, result.text);
      take(analyzed);
      if (result.hash !== undefined) cache?.store(file, result.hash, analyzed, stamp);
      return;
    }
    case 'analyzed':
      take(result.analyzed);
      if (result.hash !== undefined) cache?.store(file, result.hash, result.analyzed, stamp);
      return;
    case 'cached':
      take(withFindings(result.cached.module, result.cached.tokens, index.settings));
      return;
    case 'web':
      index.updateWeb(file, result.source);
      cache?.storeWeb(file, result.hash, index.settings.duplicateBlock.minTokens, result.source);
      return;
    case 'skipped':
      index.skip(file, result.reason);
      return;
    default:
      assertNever(result);
  }
}
