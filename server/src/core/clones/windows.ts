/**
 * The windows a file is indexed and probed by: a rolling hash of every W consecutive token
 * shapes, and for each window the position that stands for it.
 *
 * Why representatives: rows of a table, a run of `admin.site.register(...)` calls or a data
 * module's literals repeat one short shape hundreds of times. Every row would hit every other
 * row on a diagonal of its own, and each diagonal is walked to the end of the table: quadratic
 * in the table's length (cubic before a walk's whole stretch was recorded). So once a
 * back-to-back repetition has gone on for REPEAT_DEPTH tokens, each further window is indexed
 * and probed as the same window one period earlier, which has the same shapes: the table costs
 * as much as its first REPEAT_DEPTH tokens, for any length, and the rest of it is linked by the
 * chain of copies on the diagonals found there (`tandemChunks`). Shorter repetitions, all
 * ordinary code has, are analysed in full.
 *
 * Why a second hash, of the tokens' text: where shapes repeat (a table's rows), a window's shape
 * is found in too many places to compare with all (cloneIndex.ts caps them), and the rows that do
 * match another file's are lost among the shifted ones. Their text tells them apart, so windows
 * whose shape recurs in their file are also indexed by text, to find the exact copies among them.
 */
import { BREAK_SHAPE, LITERAL_SHAPE, type TokenStream } from '../python/tokenStream';
import { equalRun } from './runs';

const HASH_BASE = 0x01000193;
/** Tokens of back-to-back repetition analysed in full; Django's longest tables are ~200. */
const REPEAT_DEPTH = 1024;
/**
 * Tokens of back-to-back repetition probed against other files. Another file's copy of the rows
 * lines up with them on diagonals the first CROSS_FILE_DEPTH tokens already walk (a walk runs to
 * the repetition's end); a deeper window only adds the rows shifted against each other, thousands
 * of diagonals in a data table (`encodings/cp*`) that report nothing new. Measured: the same
 * findings on Django and the stdlib; on dist-packages one place of 5,878 ends a line sooner
 * (pygments' kuin.py keyword list, in a class of 10).
 */
const CROSS_FILE_DEPTH = 256;

export interface WindowHashes {
  readonly length: number;
  /** Rolling hashes of the windows' shapes. */
  readonly values: Int32Array;
  /** Rolling hashes of the windows' text (`TokenStream.exact`). */
  readonly texts: Int32Array;
  /** 1 when the window holds no break. */
  readonly valid: Uint8Array;
  /** How many of the window's tokens are literals (a data module's strings, a table's numbers). */
  readonly literals: Uint16Array;
  /** Where a window deep in a back-to-back repetition first occurred, else its own position. */
  readonly representative: Int32Array;
  /** 1 when the window is CROSS_FILE_DEPTH tokens deep in a back-to-back repetition: compared with its own file only. */
  readonly ownFileOnly: Uint8Array;
  /**
   * 1 when the window's shapes recur elsewhere in the file (a row of a table) and its text does
   * not repeat back to back (a run of zeros would otherwise be as many places as it has tokens):
   * indexed and probed by its text too.
   */
  readonly byText: Uint8Array;
}

/** Rolling hashes of every window of `window` shapes, with validity and representatives. */
export function windowHashes(tokens: TokenStream, window: number): WindowHashes {
  const count = Math.max(0, tokens.length - window + 1);
  const values = rollingHashes(tokens.shapes, count, window);
  const texts = rollingHashes(tokens.exact, count, window);
  const valid = new Uint8Array(count);
  const literals = new Uint16Array(count);
  let lastBreak = -1;
  let literalCount = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens.shapes[k] === BREAK_SHAPE) lastBreak = k;
    if (tokens.shapes[k] === LITERAL_SHAPE) literalCount++;
    if (k >= window && tokens.shapes[k - window] === LITERAL_SHAPE) literalCount--;
    if (k >= window - 1) {
      valid[k - window + 1] = lastBreak < k - window + 1 ? 1 : 0;
      literals[k - window + 1] = literalCount;
    }
  }
  return { length: count, values, texts, valid, literals, ...repetitions(tokens.shapes, tokens.exact, values, texts, valid, window) };
}

/** The hash of each of the `count` windows of `window` numbers of `items`. */
function rollingHashes(items: Int32Array, count: number, window: number): Int32Array {
  const hashes = new Int32Array(count);
  let power = 1;
  for (let k = 1; k < window; k++) power = Math.imul(power, HASH_BASE);
  let hash = 0;
  for (let k = 0; k < Math.min(window, items.length); k++) hash = (Math.imul(hash, HASH_BASE) + items[k]) | 0;
  for (let i = 0; i < count; i++) {
    hashes[i] = hash;
    if (i + 1 >= count) break;
    hash = (Math.imul((hash - Math.imul(items[i], power)) | 0, HASH_BASE) + items[i + window]) | 0;
  }
  return hashes;
}

/**
 * A window deep in a back-to-back repetition of shapes is represented by the same window one
 * period earlier once the repetition spans REPEAT_DEPTH tokens, and compared with its own file
 * only once it spans CROSS_FILE_DEPTH. A window whose shapes recur anywhere in the file is
 * indexed by text too, unless its text repeats back to back (a run of zeros, rows of `0, 0, 0, 1`).
 */
function repetitions(shapes: Int32Array, exact: Int32Array, values: Int32Array, texts: Int32Array, valid: Uint8Array, window: number): Pick<WindowHashes, 'representative' | 'ownFileOnly' | 'byText'> {
  const representative = new Int32Array(values.length);
  const ownFileOnly = new Uint8Array(values.length);
  const byText = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) representative[i] = i;
  let recurring = 0;
  forEachRepeat(shapes, values, valid, values.length, window, (i, previous, depth) => {
    if (depth >= REPEAT_DEPTH) representative[i] = representative[previous];
    if (depth >= CROSS_FILE_DEPTH) ownFileOnly[i] = 1;
    recurring += byText[previous] + byText[i] === 0 ? 2 : 1;
    byText[i] = byText[previous] = 1;
  });
  // Only a window whose shapes recur can repeat its text; `visit` clears a window once it has been read.
  if (recurring > 0) {
    forEachRepeat(exact, texts, byText, recurring, window, (i, _previous, depth) => {
      if (depth > 0) byText[i] = 0;
    });
  }
  return { representative, ownFileOnly, byText };
}

/**
 * Calls `visit` for each window of `items` (hashed in `hashes`; only the `count` ones
 * `considered`) equal to an earlier one, with the last such one and, when it repeats that one
 * back to back, how many tokens the repetition spans (else 0). Window `i` repeats the window `q`
 * tokens earlier back to back when the match on that diagonal, counted over consecutive windows
 * (`run`), reaches back to touch the earlier copy: run + window - 1 >= q.
 */
function forEachRepeat(items: Int32Array, hashes: Int32Array, considered: Uint8Array, count: number, window: number, visit: (i: number, previous: number, depth: number) => void): void {
  const last = new LastPositions(count);
  let run = 0;
  let period = 0;
  for (let i = 0; i < hashes.length; i++) {
    const previous = considered[i] ? last.swap(hashes[i], i) : -1;
    if (previous < 0 || !equalRun(items, previous, items, i, window)) {
      run = 0;
      continue;
    }
    const q = i - previous;
    run = q === period ? run + 1 : 1;
    period = q;
    const matched = run + window - 1;
    visit(i, previous, matched >= q ? matched + q : 0);
  }
}

/**
 * The last position each hash value was seen at: an open-addressing table in typed arrays, since
 * a Map of a large module's windows took most of the time of hashing it again after each edit.
 */
class LastPositions {
  private readonly keys: Int32Array;
  private readonly positions: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(count: number) {
    let bits = 4;
    while (2 ** bits < count * 2) bits++;
    this.keys = new Int32Array(2 ** bits);
    this.positions = new Int32Array(2 ** bits).fill(-1);
    this.mask = 2 ** bits - 1;
    this.shift = 32 - bits;
  }

  /** Records `position` for `key` and returns the position recorded before, or -1. */
  swap(key: number, position: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.positions[slot] >= 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    const previous = this.positions[slot];
    this.keys[slot] = key;
    this.positions[slot] = position;
    return previous;
  }
}
