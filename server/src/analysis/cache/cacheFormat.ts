/**
 * The bytes of an analysis cache file. One file per folder, read whole at start: a few hundred
 * small files would cost more in opens than their contents in reads.
 *
 *   "UNTGLCAC" | u32 header length | header JSON | JSON section | facts section | binary section
 *
 * The header (zod-checked) names the format, the build fingerprint, the sections' lengths and a
 * CRC-32 of all three. The JSON section holds what is known of the folder as a whole (its clone
 * index, its findings) and lists the entries (path, content hash, outline, length of its facts),
 * then the templates' and static files' (see storedWeb.ts); the facts section holds the entries'
 * project facts, packed JSON back to back, unpacked only when used (lazyFacts.ts); the binary section holds each entry's line mask and
 * token arrays back to back, 4-byte aligned, then the web entries' arrays, so that
 * decoding them is making views on the file's bytes, not copying (Django's 640,000 tokens are
 * 16 MB (11 with 16-bit positions): as views they cost nothing to decode, as JSON arrays they would be several times that).
 * Anything wrong (magic, format, fingerprint, lengths, checksum, JSON, schema, bounds) makes the
 * whole file unusable, with the reason: it is then rebuilt, never half-trusted.
 */
import * as zlib from 'zlib';
import { z } from 'zod';
import { narrowPositions, type TokenStream } from '../../core/python/tokenStream';
import { isStoredOutline, type StoredOutline } from './storedOutline';
import { arrayOf, asciiJson, isBoolean, isCount, isString, object, optional, parseLatin1Json as parseJson, type Check } from './valueChecks';
import { lazyFacts, packedFacts } from './lazyFacts';
import type { ModuleFacts } from '../../detectors/projectDetector';
import { isStoredResults, type StoredResults } from './storedResults';
import { clonesAreConsistent, isStoredClones, type StoredClones } from './storedClones';
import { isStoredProject, type StoredProject } from './storedProject';
import { FORMAT_VERSION } from './cacheKeys';
import type { FileStamp } from '../../fs/fileStamp';
import { isListedWebEntry, listedWebEntry, takeWebSource, webArrays, webBinaryBytes, type ListedWebEntry, type StoredWebEntry } from './storedWeb';

const MAGIC = Buffer.from('UNTGLCAC', 'latin1');
const PREAMBLE = MAGIC.length + 4;

/** One file's analysis as stored: what its bytes alone decide (per-file findings depend on settings and are not stored). */
export interface StoredEntry {
  /** Relative to the folder, `/`-separated: a cache survives the folder being moved. */
  readonly path: string;
  /** Hash of the file's bytes when analysed. */
  readonly hash: string;
  readonly firstLineLength: number;
  readonly outline: StoredOutline;
  readonly codeLineMask: Uint8Array;
  readonly tokens: TokenStream;
  /** The project rules' facts, for a module that takes part in a Django project. */
  readonly facts?: ModuleFacts;
  /** The file's stamp when its bytes were last read (fileStamp.ts), if settled. */
  readonly stamp?: FileStamp['key'];
}

const headerSchema = z.strictObject({
  format: z.literal(FORMAT_VERSION),
  fingerprint: z.string(),
  entries: z.number().int().min(0),
  jsonBytes: z.number().int().min(0),
  factsBytes: z.number().int().min(0),
  binaryBytes: z.number().int().min(0),
  crc32: z.number().int().min(0),
});

/** What the cache knows of the folder as a whole, beside its files' entries. */
export interface FolderFacts {
  readonly clones?: StoredClones;
  readonly results?: StoredResults;
  readonly project?: StoredProject;
}

const orNull =
  <T>(check: Check<T>) =>
  (value: unknown): value is T | null =>
    value === null || check(value);

/** Size, inode, mtime, ctime: numbers (the times have fractions; a 64-bit inode may be rounded, the same way every time). */
const isStamp = (value: unknown): value is FileStamp['key'] => Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === 'number' && Number.isFinite(n));

const isJsonSection = object({
  folder: object({ clones: orNull(isStoredClones), results: orNull(isStoredResults), project: orNull(isStoredProject) }),
  entries: arrayOf(object({ path: isString, hash: isString, firstLineLength: isCount, outline: isStoredOutline, lines: isCount, tokens: isCount, narrow: isBoolean, facts: optional(isCount), stamp: optional(isStamp) })),
  web: arrayOf(isListedWebEntry),
});

/**
 * The token arrays in the order they are stored, then `boundaries` (1 byte a token): the hashes
 * 4 bytes a token, the positions 2 when the entry is `narrow` (see Positions), else 4.
 */
const HASH_ARRAYS = ['shapes', 'exact'] as const;
const POSITION_ARRAYS = ['startLines', 'startColumns', 'endLines', 'endColumns'] as const;

/** Bytes an entry takes in the binary section. */
function binaryBytesOf(lines: number, tokens: number, narrow: boolean): number {
  return align4(lines) + HASH_ARRAYS.length * 4 * tokens + POSITION_ARRAYS.length * align4((narrow ? 2 : 4) * tokens) + align4(tokens);
}

/** Room left for the preamble and header, which are small and written last. */
const HEADER_ROOM = 1024;
/** What the JSON section holds besides the folder's and entries' JSON. */
const JSON_FRAME = '{"folder":,"entries":[],"web":}';

/**
 * Encodes entries made by the build `fingerprint` names into the buffers to write, in order, as
 * many as fit in `maxBytes` (the rest are left out: `stored` says how many went in), then as
 * many of the templates' and static files' `web` entries as fit after them.
 */
export function encodeCache(entries: readonly StoredEntry[], folder: FolderFacts, fingerprint: string, maxBytes: number, web: readonly StoredWebEntry[] = []): { buffers: Buffer[]; stored: number } {
  const jsons: Buffer[] = [];
  const folderJson = (facts: FolderFacts) => asciiJson({ clones: facts.clones ?? null, results: facts.results ?? null, project: facts.project ?? null });
  let factsJson = folderJson(folder);
  let bytes = HEADER_ROOM + factsJson.length + JSON_FRAME.length;
  const facts: Buffer[] = [];
  for (const e of entries) {
    const fact = e.facts && packedFacts(e.facts);
    const narrow = narrowPositions(e.tokens);
    const json = asciiJson({ path: e.path, hash: e.hash, firstLineLength: e.firstLineLength, outline: e.outline, lines: e.codeLineMask.length, tokens: e.tokens.length, narrow, facts: fact?.length, stamp: e.stamp });
    bytes += json.length + 1 + (fact?.length ?? 0) + binaryBytesOf(e.codeLineMask.length, e.tokens.length, narrow);
    if (bytes > maxBytes) break;
    jsons.push(json);
    if (fact) facts.push(fact);
  }
  const kept = entries.slice(0, jsons.length);
  const listedWeb: ListedWebEntry[] = [];
  for (const e of kept.length === entries.length ? web : []) {
    const listed = listedWebEntry(e);
    bytes += asciiJson(listed).length + 1 + webBinaryBytes(listed);
    if (bytes > maxBytes) break;
    listedWeb.push(listed);
  }
  const webJson = asciiJson(listedWeb);
  // Facts about files the size cap left out could never be used.
  if (kept.length < entries.length) {
    const paths = new Set(kept.map((e) => e.path));
    const whole = (files: readonly string[] | undefined) => files?.every((file) => paths.has(file)) === true;
    // The project's findings are left out too: they are rarely worth a check of which of their modules (named by absolute path) stayed.
    factsJson = folderJson({ clones: whole(folder.clones?.files) ? folder.clones : undefined, results: whole(folder.results?.files) ? folder.results : undefined });
  }
  // The sections go out as the pieces they are made of, not copied into one buffer each: on Django
  // the copies were 37 MB more at the run's peak.
  const ascii = (text: string) => Buffer.from(text, 'latin1');
  const jsonSection = [ascii('{"folder":'), factsJson, ascii(',"entries":['), ...jsons.flatMap((json, i) => (i > 0 ? [ascii(','), json] : [json])), ascii('],"web":'), webJson, ascii('}')];
  padTo4(jsonSection);
  const factsSection = [...facts];
  padTo4(factsSection);
  const binary: Buffer[] = [];
  const put = (array: Uint8Array | Uint16Array | Int32Array | Float64Array) => {
    // An empty array is left out: zlib.crc32 of one with no memory behind it returns 0, not the running CRC.
    if (array.byteLength === 0) return;
    binary.push(Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    // Every array starts 4-byte aligned, so padding its own length aligns the next.
    if (array.byteLength % 4 !== 0) binary.push(Buffer.alloc(align4(array.byteLength) - array.byteLength));
  };
  for (const entry of kept) {
    put(entry.codeLineMask);
    for (const name of HASH_ARRAYS) put(entry.tokens[name]);
    // A stream made by hand may mix widths: then all its positions go out as 32-bit.
    const narrow = narrowPositions(entry.tokens);
    for (const name of POSITION_ARRAYS) {
      const array = entry.tokens[name];
      put(narrow || array instanceof Int32Array ? array : Int32Array.from(array));
    }
    put(entry.tokens.boundaries);
  }
  for (const entry of web.slice(0, listedWeb.length)) webArrays(entry.source).forEach(put);
  const crc32 = [...jsonSection, ...factsSection, ...binary].reduce((crc, piece) => zlib.crc32(piece, crc), 0);
  const header = { format: FORMAT_VERSION, fingerprint, entries: kept.length, jsonBytes: lengthOf(jsonSection), factsBytes: lengthOf(factsSection), binaryBytes: lengthOf(binary), crc32 };
  const headerJson = Buffer.from(JSON.stringify(header));
  const headerSection = Buffer.alloc(align4(PREAMBLE + headerJson.length) - PREAMBLE, 0x20);
  headerJson.copy(headerSection);
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble);
  preamble.writeUInt32LE(headerSection.length, MAGIC.length);
  return { buffers: [preamble, headerSection, ...jsonSection, ...factsSection, ...binary], stored: kept.length };
}

function lengthOf(pieces: readonly Buffer[]): number {
  return pieces.reduce((sum, piece) => sum + piece.length, 0);
}

/** Ends `pieces` on a multiple of 4 bytes with spaces. */
function padTo4(pieces: Buffer[]): void {
  const length = lengthOf(pieces);
  if (length % 4 !== 0) pieces.push(Buffer.alloc(align4(length) - length, 0x20));
}

export type DecodedCache =
  | { readonly ok: true; readonly entries: StoredEntry[]; readonly folder: FolderFacts; readonly web: StoredWebEntry[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes a cache file made by the build `fingerprint` names. The token arrays are views on
 * `bytes` (copied first if they are not 4-byte aligned), which must not be reused.
 */
export function decodeCache(bytes: Buffer, fingerprint: string): DecodedCache {
  if (bytes.length < PREAMBLE || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return refused('not an Untangle cache file');
  const headerEnd = PREAMBLE + bytes.readUInt32LE(MAGIC.length);
  if (headerEnd > bytes.length) return refused('truncated header');
  const header = headerSchema.safeParse(parseJson(bytes.subarray(PREAMBLE, headerEnd)));
  if (!header.success) return refused('written by another version of Untangle (unknown format)');
  const { fingerprint: written, jsonBytes, factsBytes: factsLength, binaryBytes, crc32, entries: count } = header.data;
  if (written !== fingerprint) return refused('written by another version of Untangle');
  const expected = headerEnd + jsonBytes + factsLength + binaryBytes;
  if (expected !== bytes.length) return refused(`truncated or extended: ${bytes.length} bytes, ${expected} expected`);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(new Uint8Array(bytes).buffer);
  const jsonSection = aligned.subarray(headerEnd, headerEnd + jsonBytes);
  const factsSection = aligned.subarray(headerEnd + jsonBytes, headerEnd + jsonBytes + factsLength);
  const binary = aligned.subarray(headerEnd + jsonBytes + factsLength);
  if (zlib.crc32(binary, zlib.crc32(factsSection, zlib.crc32(jsonSection))) !== crc32) return refused('checksum mismatch (corrupt)');
  const section = parseJson(jsonSection);
  if (!isJsonSection(section) || section.entries.length !== count) return refused('entries do not match the format');
  const listed = section.entries;
  const tokenCounts = new Map(listed.map((e) => [e.path, e.tokens]));
  const { clones, results, project } = section.folder;
  if (clones && !clonesAreConsistent(clones, (file) => tokenCounts.get(file))) return refused('clones do not match the entries');
  if (results && results.findings.length !== results.files.length) return refused('findings do not match their files');
  // A map's frames are its windows of minTokens tokens, which the clone detector reads within its arrays.
  if (!section.web.every((e) => e.maps.every((map) => map.frames === Math.max(0, map.length - e.minTokens + 1)))) return refused('token maps do not match their frames');
  if (align4(listed.reduce((sum, e) => sum + (e.facts ?? 0), 0)) !== factsLength) return refused('entries do not match the facts section');
  const total = listed.reduce((sum, e) => sum + binaryBytesOf(e.lines, e.tokens, e.narrow), section.web.reduce((sum, e) => sum + webBinaryBytes(e), 0));
  if (total !== binaryBytes) return refused('entries do not match the binary section');
  const buffer = binary.buffer as ArrayBuffer;
  let offset = binary.byteOffset;
  /** Where the next array of `byteLength` bytes starts. */
  const take = (byteLength: number): number => {
    const at = offset;
    offset += align4(byteLength);
    return at;
  };
  let factsOffset = 0;
  const entries = listed.map((e): StoredEntry => {
    const codeLineMask = new Uint8Array(buffer, take(e.lines), e.lines);
    const [shapes, exact] = HASH_ARRAYS.map(() => new Int32Array(buffer, take(4 * e.tokens), e.tokens));
    const [startLines, startColumns, endLines, endColumns] = POSITION_ARRAYS.map(() => (e.narrow ? new Uint16Array(buffer, take(2 * e.tokens), e.tokens) : new Int32Array(buffer, take(4 * e.tokens), e.tokens)));
    const boundaries = new Uint8Array(buffer, take(e.tokens), e.tokens);
    const tokens: TokenStream = { length: e.tokens, shapes, exact, startLines, startColumns, endLines, endColumns, boundaries };
    const facts = e.facts === undefined ? undefined : factsSection.subarray(factsOffset, (factsOffset += e.facts));
    return { path: e.path, hash: e.hash, firstLineLength: e.firstLineLength, outline: e.outline, codeLineMask, tokens, ...(facts ? { facts: lazyFacts(facts) } : {}), ...(e.stamp ? { stamp: e.stamp } : {}) };
  });
  const web = section.web.map((e): StoredWebEntry => ({ path: e.path, hash: e.hash, minTokens: e.minTokens, source: takeWebSource(e, buffer, take) }));
  return { ok: true, entries, web, folder: { clones: clones ?? undefined, results: results ?? undefined, project: project ?? undefined } };
}

function refused(reason: string): DecodedCache {
  return { ok: false, reason };
}

function align4(bytes: number): number {
  return (bytes + 3) & ~3;
}
