/**
 * Fills a WorkspaceIndex from disk: discovers the folder's Python files, reads each once (or
 * takes the editor's unsaved text for it) and analyses it. Used for the first scan and for
 * rescans after settings change, by the language server and the CLI alike.
 */
import { discoverPythonFiles } from '../fs/fileDiscovery';
import { readPythonSource, type SourceRead } from '../fs/sourceReader';
import type { WorkspaceIndex } from './workspaceIndex';

export interface LoadOptions {
  /** Unsaved editor text for a path, which wins over the file on disk. */
  readonly overlay?: (path: string) => string | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between files; a cancelled load leaves the files analysed so far. */
  readonly isCancelled?: () => boolean;
  /** Only analyse files the index does not know yet (new files appeared on disk). */
  readonly skipKnown?: boolean;
}

export interface LoadResult {
  readonly files: number;
  readonly cancelled: boolean;
}

/** Files analysed between two yields to the event loop, so a server stays responsive. */
const BATCH = 25;
/** Reads kept in flight ahead of the parser, so it rarely waits for the disk. */
const READ_AHEAD = 32;

/** Discovers, reads and analyses every Python file of the index's folder. */
export async function loadWorkspace(index: WorkspaceIndex, options: LoadOptions = {}): Promise<LoadResult> {
  const discovered = await discoverPythonFiles(index.root, index.settings);
  for (const skipped of discovered.skipped) index.skip(skipped.path, skipped.reason);
  const wanted = new Set(discovered.files);
  const skippedNow = new Set(discovered.skipped.map((s) => s.path));
  for (const known of index.paths()) {
    if (!wanted.has(known) && !skippedNow.has(known)) index.remove(known);
  }
  const maxBytes = index.settings.maxFileSizeKb * 1024;
  const files = options.skipKnown ? discovered.files.filter((file) => !index.has(file)) : discovered.files;
  const source = (file: string): Promise<SourceRead> => {
    const text = options.overlay?.(file);
    return text !== undefined ? Promise.resolve({ kind: 'text', text }) : readPythonSource(file, maxBytes);
  };
  const reads = files.slice(0, READ_AHEAD).map(source);
  let done = 0;
  for (const file of files) {
    if (options.isCancelled?.()) return { files: done, cancelled: true };
    if (done + READ_AHEAD < files.length) reads.push(source(files[done + READ_AHEAD]));
    applyRead(index, file, await reads.shift()!);
    done++;
    options.onProgress?.(done, files.length);
    if (done % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return { files: done, cancelled: false };
}

/** Reads one file (unless its text is given) and analyses or skips it. */
export async function loadFile(index: WorkspaceIndex, file: string, maxBytes: number, text?: string): Promise<void> {
  if (text !== undefined) {
    index.update(file, text);
    return;
  }
  applyRead(index, file, await readPythonSource(file, maxBytes));
}

function applyRead(index: WorkspaceIndex, file: string, read: SourceRead): void {
  if (read.kind === 'text') index.update(file, read.text);
  else index.skip(file, read.reason);
}
