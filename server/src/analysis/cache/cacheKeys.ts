/**
 * What a cache entry is keyed by: the hash of the file's text, and the build that analysed it. The build's fingerprint is one string made of the cache format, the product version, the
 * code that analyses (the bundle this runs from, which holds all of it) and the two WASM files
 * of the parser, and the byte order the token arrays are stored in. A cache written by anything
 * else is not read: a version number alone would trust a cache across two builds of one version,
 * which analyse differently during development.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import { parserWasmFiles } from '../../core/parse/pythonParser';

/** The layout of cache files (cacheFormat.ts): bumped whenever it changes. */
export const FORMAT_VERSION = 11;

let computed: string | undefined;

/** The fingerprint of this process's analyser (hashing ~2 MB once: a few milliseconds). */
export function buildFingerprint(): string {
  if (computed !== undefined) return computed;
  const hash = crypto.createHash('sha1');
  hash.update(`${FORMAT_VERSION}\0${process.env.UNTANGLE_VERSION ?? 'dev'}\0${os.endianness()}\0`);
  const { runtime, grammar } = parserWasmFiles();
  // In dist/ this module is inside the bundle, so __filename is the whole analyser (in out/, the
  // test build, it is this file alone: tests make their caches afresh).
  for (const file of [__filename, runtime, grammar]) hash.update(fs.readFileSync(file));
  computed = hash.digest('hex');
  return computed;
}

/**
 * The hash the cache keys a file by: of the text the analyser sees (decoded, line ends
 * normalized), so unsaved editor text equal to the file on disk finds the file's analysis, and
 * two files' bytes that decode alike (a coding line) are not taken for one another.
 */
export function contentHash(text: string): string {
  return crypto.hash('sha1', text);
}
