/**
 * What a workspace folder showed in the editor once a scan of it was over, kept beside its
 * analysis cache with every path the scan read, listed or looked for. A reopened workspace shows
 * it again at once, before its scan is over (the scan reads the whole cache and stats every file:
 * most of a reopen's second on Django), while every one of those paths is as it was and the
 * settings are the same: the same proof the CLI's run records rest on (cli/runRecord.ts, issue 13).
 * The scan then publishes what it finds, which replaces what was shown. Anything else in the
 * record's place (corrupt, truncated, another build's or node's, another folder's settings) is
 * ignored, and the next scan writes it anew.
 */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver';
import { rootKey } from '../analysis/cache/cacheLocation';
import { arrayOf, isCount, isString, object, type Check } from '../analysis/cache/valueChecks';
import { allUnchanged, buildFiles, isStampedPath, stampAll, type StampedPath } from '../fs/stampedPaths';
import { removeQuietly, writeDurably } from '../fs/writeJournal';
import { isWithin } from '../fs/pathScope';
import type { OpenDocuments } from './sessionHost';
import type { PublishedDiagnostics } from './publishedDiagnostics';

/** The layout of a record: bumped whenever it changes. */
const RECORD_FORMAT = 1;

interface ShownRecordFile {
  readonly format: number;
  /** The node that ran the scan (`process.version`). */
  readonly node: string;
  /** The folder's settings, as JSON. */
  readonly settings: string;
  /** The build's files first, then the scan's inputs. */
  readonly inputs: StampedPath[];
  readonly shown: [string, Diagnostic[]][];
}

const isPosition = object({ line: isCount, character: isCount });
const isDiagnostic = object({ range: object({ start: isPosition, end: isPosition }), message: isString });
const isShown: Check<[string, Diagnostic[]]> = (value): value is [string, Diagnostic[]] =>
  Array.isArray(value) && value.length === 2 && isString(value[0]) && arrayOf(isDiagnostic)(value[1]);
const isRecordFile: Check<ShownRecordFile> = object({ format: isCount, node: isString, settings: isString, inputs: arrayOf(isStampedPath), shown: arrayOf(isShown) });

export class ShownRecord {
  private readonly inputs = new Set<string>();
  private readonly file: string;

  /** The record of the folder `root` in `cacheFolder`, for scans with `settings`. */
  constructor(
    cacheFolder: string,
    private readonly root: string,
    private readonly settings: string,
    private readonly documents: OpenDocuments,
  ) {
    this.file = path.join(cacheFolder, `shown-${rootKey(root)}.json`);
  }

  /** A file or folder a scan read, listed or looked for. */
  readonly seen = (file: string): void => void this.inputs.add(file);

  /** Shows again what the record holds, if it stands for the folder as it is now, and says so in `log`; whether it did. */
  replay(published: Pick<PublishedDiagnostics, 'publish'>, log: (message: string) => void): boolean {
    const shown = this.read();
    if (!shown) return false;
    for (const [uri, diagnostics] of shown) published.publish(uri, diagnostics);
    log(`Showing the diagnostics of ${this.root} from when it was last analysed (${shown.length} files, unchanged since), while it is analysed again.`);
    return true;
  }

  private read(): [string, Diagnostic[]][] | undefined {
    let record: unknown;
    try {
      record = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return undefined;
    }
    if (!isRecordFile(record) || record.format !== RECORD_FORMAT || record.node !== process.version || record.settings !== this.settings) return undefined;
    return allUnchanged(record.inputs) && this.editorShowsDisk() ? record.shown : undefined;
  }

  /**
   * Records `shown` as what the inputs show after a scan started at `start`, unless one of them
   * cannot be vouched for: one changed after it (less RACY_MS, fileStamp.ts) may have been read before the change.
   */
  save(shown: [string, Diagnostic[]][], start: number): void {
    const inputs = stampAll(buildFiles(['server.js']), this.inputs, start);
    // A scan that read an editor's unsaved text showed what the disk does not hold.
    if (!inputs || !this.editorShowsDisk()) return;
    const record: ShownRecordFile = { format: RECORD_FORMAT, node: process.version, settings: this.settings, inputs, shown };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      writeDurably(this.file, temporary, Buffer.from(JSON.stringify(record)), undefined);
    } catch {
      // Without a record, the next reopen waits for its scan: slower, never wrong.
      removeQuietly(temporary);
    }
  }

  /** Whether every document open in the folder holds its file's text on disk. */
  private editorShowsDisk(): boolean {
    for (const uri of this.documents.keys()) {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file' || !isWithin(this.root, parsed.fsPath)) continue;
      try {
        if (fs.readFileSync(parsed.fsPath, 'utf8') !== this.documents.get(uri)?.getText()) return false;
      } catch {
        return false;
      }
    }
    return true;
  }
}
