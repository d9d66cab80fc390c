/**
 * A template's or static file's jscpd tokens as the cache stores them (see cacheFormat.ts): the
 * JSON section names each token map's format and sizes, the binary section holds its arrays.
 * Tokenizing Django's templates and static files takes a worker half a second, more than a warm
 * run's whole budget; reading their arrays back is making views on the cache's bytes.
 */
import type { WebSource, WebTokenMap } from '../../core/webClones/webTokens';
import { arrayOf, isCount, isString, object, type Check } from './valueChecks';

/** One template or static file as stored. */
export interface StoredWebEntry {
  /** Relative to the folder, `/`-separated, as Python entries are. */
  readonly path: string;
  /** Hash of the file's text when tokenized. */
  readonly hash: string;
  /** The frame size its frames were hashed with: another one hashes other frames. */
  readonly minTokens: number;
  readonly source: WebSource;
}

/** What the JSON section lists for a stored web entry. */
export interface ListedWebEntry {
  readonly path: string;
  readonly hash: string;
  readonly minTokens: number;
  readonly maps: readonly { readonly format: string; readonly length: number; readonly frames: number }[];
}

export const isListedWebEntry: Check<ListedWebEntry> = object({
  path: isString,
  hash: isString,
  minTokens: isCount,
  maps: arrayOf(object({ format: isString, length: isCount, frames: isCount })),
});

/** The position arrays in the order they are stored, 4 bytes a token; the frames (8 bytes each) follow. */
const POSITIONS = ['startLines', 'startColumns', 'endLines', 'endColumns', 'startOffsets', 'endOffsets'] as const;

export function listedWebEntry({ path, hash, minTokens, source }: StoredWebEntry): ListedWebEntry {
  return { path, hash, minTokens, maps: source.maps.map((map) => ({ format: map.format, length: map.length, frames: map.frames.length })) };
}

/** Bytes an entry takes in the binary section (every array a multiple of 4 bytes). */
export function webBinaryBytes(listed: ListedWebEntry): number {
  return listed.maps.reduce((sum, map) => sum + POSITIONS.length * 4 * map.length + 8 * map.frames, 0);
}

/** The entry's arrays, in the order `takeWebSource` reads them back. */
export function webArrays(source: WebSource): (Int32Array | Float64Array)[] {
  return source.maps.flatMap((map) => [...POSITIONS.map((name) => map[name]), map.frames]);
}

/**
 * The source of a listed entry, its positions as views on `buffer` from `take(byteLength)`'s
 * offsets (4-byte aligned); its frames are copied, since a Float64Array view needs 8-byte alignment.
 */
export function takeWebSource(listed: ListedWebEntry, buffer: ArrayBuffer, take: (byteLength: number) => number): WebSource {
  const maps = listed.maps.map((map): WebTokenMap => {
    const [startLines, startColumns, endLines, endColumns, startOffsets, endOffsets] = POSITIONS.map(() => new Int32Array(buffer, take(4 * map.length), map.length));
    const at = take(8 * map.frames);
    const frames = new Float64Array(buffer.slice(at, at + 8 * map.frames));
    return { format: map.format, length: map.length, startLines, startColumns, endLines, endColumns, startOffsets, endOffsets, frames };
  });
  return { maps };
}
