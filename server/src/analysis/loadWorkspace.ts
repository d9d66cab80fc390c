/**
 * Fills a WorkspaceIndex from disk: discovers the folder's Python files (and the templates and
 * static files the duplicate rule reads), reads each once (or takes the editor's unsaved text
 * for it) and analyses it. Used for the first scan and for rescans after settings change, by
 * the language server and the CLI alike.
 */
import { discoverPythonFiles } from '../fs/fileDiscovery';
import { readEditorText, readPythonSource, type SourceRead } from '../fs/sourceReader';
import { assertNever } from '../core/model/assertNever';
import { AnalysisPool, type AnalysisOutcome } from './analysisPool';
import type { WorkspaceIndex } from './workspaceIndex';
import { webExtensions } from '../core/webClones/webLanguages';
import { readWebFile } from './readWebFile';

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
}

export interface LoadResult {
  readonly files: number;
  readonly cancelled: boolean;
}

/** Files analysed between two yields to the event loop, so a server stays responsive. */
const BATCH = 25;
/** Files read (and, with workers, analysed) ahead of the one being indexed, so no thread waits. */
const READ_AHEAD = 32;

/** Discovers, reads and analyses every Python file, template and static file of the index's folder. */
export async function loadWorkspace(index: WorkspaceIndex, options: LoadOptions = {}): Promise<LoadResult> {
  const { enabled, languages } = index.settings.duplicateBlock;
  const alsoExtensions = enabled ? webExtensions(languages) : [];
  const discovered = await discoverPythonFiles(index.root, { ...index.settings, alsoExtensions }, options.within);
  // A template or static file the duplicate rule leaves out (excluded, its language off) is not read at all.
  for (const skipped of discovered.skipped) if (index.languageOf(skipped.path) !== undefined) index.skip(skipped.path, skipped.reason);
  const taken = discovered.files.filter((file) => index.languageOf(file) !== undefined);
  const wanted = new Set(taken);
  const skippedNow = new Set(discovered.skipped.map((s) => s.path));
  for (const known of index.paths()) {
    if (!wanted.has(known) && !skippedNow.has(known)) index.remove(known);
  }
  const maxBytes = index.settings.maxFileSizeKb * 1024;
  const files = options.skipKnown ? taken.filter((file) => !index.has(file)) : taken;
  const pool = AnalysisPool.forFiles(files.length);
  if (!pool || options.overlay) await index.ensureParser();
  const analyze = (file: string): Promise<Analyzed> => {
    const text = options.overlay?.(file);
    const language = index.languageOf(file);
    const web = language === 'python' ? undefined : language;
    if (pool) return pool.analyze({ file, maxBytes, settings: index.settings, text, language: web });
    if (web) return readWebFile(file, web, index.settings, text);
    return text !== undefined ? Promise.resolve(readEditorText(text, maxBytes)) : readPythonSource(file, maxBytes);
  };
  const ahead = READ_AHEAD;
  const results = files.slice(0, ahead).map(analyze);
  let done = 0;
  try {
    for (const file of files) {
      if (options.isCancelled?.()) {
        await index.detectWebClones();
        return { files: done, cancelled: true };
      }
      if (done + ahead < files.length) results.push(analyze(files[done + ahead]));
      applyResult(index, file, await results.shift()!);
      done++;
      options.onProgress?.(done, files.length);
      if (done % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await pool?.close();
  }
  await index.detectWebClones();
  return { files: done, cancelled: false };
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
    applyResult(index, file, await readWebFile(file, language, index.settings, text));
  } else {
    await index.ensureParser();
    const maxBytes = index.settings.maxFileSizeKb * 1024;
    applyResult(index, file, text !== undefined ? readEditorText(text, maxBytes) : await readPythonSource(file, maxBytes), text !== undefined);
  }
  await index.detectWebClones();
}

/** Forgets a file (deleted, or excluded now) and finds again the clones of the templates and static files left. */
export async function unloadFile(index: WorkspaceIndex, file: string): Promise<void> {
  index.remove(file);
  await index.detectWebClones();
}

/** A file read on this thread, or read and analysed (or tokenized) here or by a worker. */
type Analyzed = SourceRead | AnalysisOutcome;

/**
 * Results are applied in file order, whatever order workers finish in, so output is stable.
 * `editing`: the text is the editor's (see WorkspaceIndex.update).
 */
function applyResult(index: WorkspaceIndex, file: string, result: Analyzed, editing = false): void {
  switch (result.kind) {
    case 'text':
      index.update(file, result.text, editing);
      return;
    case 'analyzed':
      index.apply(file, result.analyzed);
      return;
    case 'web':
      index.updateWeb(file, result.source);
      return;
    case 'skipped':
      index.skip(file, result.reason);
      return;
    default:
      assertNever(result);
  }
}
