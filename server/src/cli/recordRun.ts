/**
 * Writes the run record (runRecord.ts) of a `check` that ran the full analysis: told each input
 * as the run meets it, saved once the output is written. Nothing is recorded that a replay could
 * not vouch for: a run that warned (the warning would not be repeated), or one whose build or
 * input changed too recently for its stamp to tell a later change (see RACY_MS in fileStamp.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CLI_BUNDLES, encodeRecord, isRecordName, recordLocation } from './runRecord';
import { projectCache, type CacheLocation } from '../analysis/cache/cacheLocation';
import { buildFiles, stampAll } from '../fs/stampedPaths';
import { removeQuietly, writeDurably } from '../fs/writeJournal';

/**
 * Records kept in one cache folder, the most recently written: one accumulates per command line
 * and working folder, and a record holds the run's whole output.
 */
export const MAX_RECORDS = 8;

export class RunRecorder {
  private readonly inputs = new Set<string>();
  private warned = false;

  private constructor(
    private readonly argv: readonly string[],
    private readonly cwd: string,
    /** When the run started: an input changed after it (less RACY_MS) is not vouched for. */
    private readonly start: number,
    private readonly location: { readonly cache: CacheLocation; readonly file: string },
  ) {}

  /** A recorder for `untangle <argv>` in `cwd`, started at `start`; none for a command that is not recorded. */
  static for(argv: readonly string[], cwd: string, start: number): RunRecorder | undefined {
    const location = recordLocation(argv, cwd);
    return location && new RunRecorder(argv, cwd, start, location);
  }

  /** A file or folder the run read, listed or looked for. */
  readonly seen = (file: string): void => void this.inputs.add(file);

  /** The run wrote a warning: it is not recorded. */
  readonly warning = (): void => void (this.warned = true);

  /** Records what the run printed and exits with, if every input can be vouched for; a record that cannot be written is left out. */
  save(stdout: string, exitCode: number): void {
    if (this.warned) return;
    const inputs = stampAll(buildFiles(CLI_BUNDLES), this.inputs, this.start, (file) => this.isCacheFolder(file));
    if (!inputs) return;
    const { cache, file } = this.location;
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      cache.prepare();
      writeDurably(file, temporary, encodeRecord(this.argv, this.cwd, inputs, stdout, exitCode), undefined);
      pruneRecords(cache.folder);
    } catch {
      // Without a record, the next run analyses again: slower, never wrong.
      removeQuietly(temporary);
    }
  }

  /**
   * A project's `.untangle/cache/` folder, whose `*` .gitignore the walk read: what it holds
   * (the analysis cache, the run records) is Untangle's own and never analysed, and writing it
   * must not make the record stale. With no such .gitignore read (use-gitignore off), the
   * folder stays an input, and a record there is never replayed: slower, not wrong.
   */
  private isCacheFolder(file: string): boolean {
    return projectCache(path.dirname(path.dirname(file))).folder === file && this.inputs.has(path.join(file, '.gitignore'));
  }
}

/** Removes the records of `folder` past the MAX_RECORDS most recently written. */
function pruneRecords(folder: string): void {
  const records = fs
    .readdirSync(folder)
    .filter(isRecordName)
    .map((name) => ({ file: path.join(folder, name), written: fs.statSync(path.join(folder, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.written - a.written);
  for (const { file } of records.slice(MAX_RECORDS)) removeQuietly(file);
}
