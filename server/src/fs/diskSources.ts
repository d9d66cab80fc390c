/**
 * What `untangle fix` reads of the project while it plans: files as Python reads them (a PEP 263
 * coding line honoured), through the one reader (regular files under the size limit only),
 * each read once, so the text a change was planned on is the text its diff shows.
 */
import { readPythonTextSync } from './sourceReader';

export class DiskSources {
  private readonly texts = new Map<string, string | undefined>();
  private readonly encodings = new Map<string, string>();

  /** The file's text, or undefined when it cannot be read as text within `maxBytes`. */
  read(file: string, maxBytes: number): string | undefined {
    if (this.texts.has(file)) return this.texts.get(file);
    const read = readPythonTextSync(file, maxBytes);
    if (read && read.encoding !== 'utf-8') this.encodings.set(file, read.encoding);
    this.texts.set(file, read?.text);
    return read?.text;
  }

  /**
   * The first of `files` read in another encoding than UTF-8: fixes are written as UTF-8, so a
   * change to such a file is refused rather than re-encoded.
   */
  notUtf8(files: readonly string[]): { file: string; encoding: string } | undefined {
    const file = files.find((f) => this.encodings.has(f));
    return file ? { file, encoding: this.encodings.get(file)! } : undefined;
  }
}
