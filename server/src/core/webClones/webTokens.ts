/**
 * A template or static file as jscpd sees it: its tokens from jscpd's own tokenizer
 * (`@jscpd/tokenizer`, Prism grammars), filtered by jscpd's `weak` mode, and the hash of every
 * frame of `minTokens` tokens, which is what jscpd's detector matches. Made once per file (in a
 * worker thread on a first scan) and kept compact in typed arrays, so detecting again after an
 * edit elsewhere replays the frames without tokenizing anything.
 *
 * Three departures from jscpd 4's own token map. Frames are hashed by a rolling hash in
 * O(tokens), where jscpd hashes each frame's 50 token hashes again with MD5 (0.9 s on Django's
 * static files). Whitespace is no token: some grammars leave the spaces between words as tokens
 * of their own, which would make 50 tokens far less code than 50 Python tokens, and two copies
 * indented differently unequal. And a token is its text, not its text and its grammar type:
 * Prism types the same `"#total"` a string in a `.js` file and plain text in a template's
 * `<script>`, which would keep the two copies apart.
 */
import * as fs from 'fs';
import * as path from 'path';
import { weak, type IToken } from '@jscpd/core';
import { WEB_LANGUAGES, type WebLanguage } from './webLanguages';
import { lineStartsOf } from '../parse/lineStarts';

/** The tokens of one jscpd format in a file (a template holds `django`, `javascript` and `css`). */
export interface WebTokenMap {
  readonly format: string;
  readonly length: number;
  /** Zero-based lines and UTF-16 columns, the end exclusive, as the core speaks them. */
  readonly startLines: Int32Array;
  readonly startColumns: Int32Array;
  readonly endLines: Int32Array;
  readonly endColumns: Int32Array;
  /** Offsets in the text, which jscpd's clones carry as `range`. */
  readonly startOffsets: Int32Array;
  readonly endOffsets: Int32Array;
  /** Frame `i` hashes tokens `[i, i + minTokens)`; two frames are equal when their tokens are. */
  readonly frames: Float64Array;
}

/** A file's token maps, one per jscpd format it holds. */
export interface WebSource {
  readonly maps: readonly WebTokenMap[];
}

type JscpdTokenizer = typeof import('@jscpd/tokenizer');
let loaded: JscpdTokenizer | undefined;

/**
 * Loaded on first use: it sets up its 224 grammars (0.1–0.2 s), which a project without templates
 * or static files never needs. The bundles ship it once, beside themselves (esbuild.mjs);
 * compiled sources (tests) take the package.
 */
function jscpdTokenizer(): JscpdTokenizer {
  const beside = path.join(__dirname, 'jscpdTokenizer.js');
  return (loaded ??= (fs.existsSync(beside) ? require(beside) : require('@jscpd/tokenizer')) as JscpdTokenizer);
}

/** Tokenizes `text` (line ends normalized) as `language` and hashes its frames of `minTokens` tokens. */
export function tokenizeWebSource(text: string, language: WebLanguage, minTokens: number): WebSource {
  const byFormat = new Map<string, IToken[]>();
  for (const token of jscpdTokenizer().tokenize(text, WEB_LANGUAGES[language].format)) {
    if (!weak(token) || token.value.trim() === '') continue;
    const list = byFormat.get(token.format);
    if (list) list.push(token);
    else byFormat.set(token.format, [token]);
  }
  // Tokens come in text order, so lines are found walking forward.
  const lineStarts = Int32Array.from(lineStartsOf(text));
  return { maps: [...byFormat].map(([format, tokens]) => tokenMap(format, tokens, lineStarts, minTokens)) };
}

/** The buffers behind a source, to transfer it from a worker without copying. */
export function webSourceBuffers(source: WebSource): ArrayBuffer[] {
  return source.maps.flatMap((map) =>
    [map.startLines, map.startColumns, map.endLines, map.endColumns, map.startOffsets, map.endOffsets, map.frames].map((array) => array.buffer as ArrayBuffer),
  );
}

function tokenMap(format: string, tokens: readonly IToken[], lineStarts: Int32Array, minTokens: number): WebTokenMap {
  const n = tokens.length;
  const map = {
    format,
    length: n,
    startLines: new Int32Array(n),
    startColumns: new Int32Array(n),
    endLines: new Int32Array(n),
    endColumns: new Int32Array(n),
    startOffsets: new Int32Array(n),
    endOffsets: new Int32Array(n),
    frames: new Float64Array(Math.max(0, n - minTokens + 1)),
  };
  const hashes = new Int32Array(n);
  let line = 0;
  tokens.forEach((token, i) => {
    // Positions of the token less its surrounding whitespace, from its offset in the text.
    const value = token.value.trim();
    const start = token.range[0] + token.value.indexOf(value[0]);
    const end = start + value.length;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= start) line++;
    map.startOffsets[i] = start;
    map.endOffsets[i] = end;
    map.startLines[i] = line;
    map.startColumns[i] = start - lineStarts[line];
    while (line + 1 < lineStarts.length && lineStarts[line + 1] < end) line++;
    map.endLines[i] = line;
    map.endColumns[i] = end - lineStarts[line];
    hashes[i] = fnv(value, FNV_OFFSET);
  });
  hashFrames(hashes, minTokens, map.frames);
  return map;
}

const FNV_OFFSET = 0x811c9dc5;

function fnv(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

const BASE_A = 0x01000193;
const BASE_B = 0x5bd1e995;

/**
 * Two independent 32-bit polynomial rolling hashes of every window of `window` token hashes,
 * packed into one exact integer of 53 bits: a collision (two different frames taken as equal)
 * is about one in 10^16 per pair of frames.
 */
function hashFrames(hashes: Int32Array, window: number, into: Float64Array): void {
  if (into.length === 0) return;
  let powerA = 1;
  let powerB = 1;
  for (let k = 1; k < window; k++) {
    powerA = Math.imul(powerA, BASE_A);
    powerB = Math.imul(powerB, BASE_B);
  }
  let a = 0;
  let b = 0;
  for (let k = 0; k < window; k++) {
    a = (Math.imul(a, BASE_A) + hashes[k]) | 0;
    b = (Math.imul(b, BASE_B) + hashes[k]) | 0;
  }
  for (let i = 0; i < into.length; i++) {
    into[i] = (a >>> 11) * 2 ** 32 + (b >>> 0);
    if (i + window >= hashes.length) break;
    a = (Math.imul((a - Math.imul(hashes[i], powerA)) | 0, BASE_A) + hashes[i + window]) | 0;
    b = (Math.imul((b - Math.imul(hashes[i], powerB)) | 0, BASE_B) + hashes[i + window]) | 0;
  }
}
