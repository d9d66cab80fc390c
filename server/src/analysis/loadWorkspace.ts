/**
 * Fills a WorkspaceIndex from disk: discovers the folder's Python files, reads each once (or
 * takes the editor's unsaved text for it) and analyses it. Used for the first scan and for
 * rescans after settings change, by the language server and the CLI alike.
 */
import { discoverPythonFiles } from '../fs/fileDiscovery';
import { readEditorText, readPythonSource, type SourceRead } from '../fs/sourceReader';
import { assertNever } from '../core/model/assertNever';
import { AnalysisPool, type AnalysisResult } from './analysisPool';
import type { WorkspaceIndex } from './workspaceIndex';

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

/** Discovers, reads and analyses every Python file of the index's folder. */
export async function loadWorkspace(index: WorkspaceIndex, options: LoadOptions = {}): Promise<LoadResult> {
  const started = AnalysisPool.start();
  const discovered = await discoverPythonFiles(index.root, index.settings, options.within).catch(async (error: unknown) => {
    await started?.close();
    throw error;
  });
  for (const skipped of discovered.skipped) index.skip(skipped.path, skipped.reason);
  index.setMigrations(discovered.migrations);
  const wanted = new Set(discovered.files);
  const skippedNow = new Set(discovered.skipped.map((s) => s.path));
  for (const known of index.paths()) {
    if (!wanted.has(known) && !skippedNow.has(known)) index.remove(known);
  }
  const maxBytes = index.settings.maxFileSizeKb * 1024;
  const files = options.skipKnown ? discovered.files.filter((file) => !index.has(file)) : discovered.files;
  const pool = started?.worthFor(files.length) ? started : undefined;
  if (!pool) await started?.close();
  if (!pool || options.overlay) await index.ensureParser();
  const analyze = (file: string): Promise<Analyzed> => {
    const text = options.overlay?.(file);
    if (pool) return pool.analyze({ file, maxBytes, settings: index.settings, text });
    return text !== undefined ? Promise.resolve(readEditorText(text, maxBytes)) : readPythonSource(file, maxBytes);
  };
  const ahead = READ_AHEAD;
  const results = files.slice(0, ahead).map(analyze);
  let done = 0;
  try {
    for (const file of files) {
      if (options.isCancelled?.()) return { files: done, cancelled: true };
      if (done + ahead < files.length) results.push(analyze(files[done + ahead]));
      applyResult(index, file, await results.shift()!);
      done++;
      options.onProgress?.(done, files.length);
      if (done % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await pool?.close();
  }
  return { files: done, cancelled: false };
}

/** Reads one file (unless the editor's text for it is given) and analyses it, or skips it over the size limit. */
export async function loadFile(index: WorkspaceIndex, file: string, text?: string): Promise<void> {
  await index.ensureParser();
  const maxBytes = index.settings.maxFileSizeKb * 1024;
  applyResult(index, file, text !== undefined ? readEditorText(text, maxBytes) : await readPythonSource(file, maxBytes), text !== undefined);
}

/** A file read on this thread, or read and analysed by a worker. */
type Analyzed = SourceRead | AnalysisResult;

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
    case 'skipped':
      index.skip(file, result.reason);
      return;
    default:
      assertNever(result);
  }
}
