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
  readonly values: Int32Array;
  /** 1 when the window holds no break. */
  readonly valid: Uint8Array;
  /** Where a window deep in a back-to-back repetition first occurred, else its own position. */
  readonly representative: Int32Array;
  /** 1 when the window is CROSS_FILE_DEPTH tokens deep in a back-to-back repetition: compared with its own file only. */
  readonly ownFileOnly: Uint8Array;
  /** How many of the window's tokens are literals (a data module's strings, a table's numbers). */
  readonly literals: Uint16Array;
}

/** Rolling hashes of every window of `window` shapes, with validity and representatives. */
export function windowHashes(tokens: TokenStream, window: number): WindowHashes {
  const count = Math.max(0, tokens.length - window + 1);
  const values = new Int32Array(count);
  const valid = new Uint8Array(count);
  const shapes = tokens.shapes;
  let power = 1;
  for (let k = 1; k < window; k++) power = Math.imul(power, HASH_BASE);
  const literals = new Uint16Array(count);
  let hash = 0;
  let lastBreak = -1;
  let literalCount = 0;
  for (let k = 0; k < Math.min(window, tokens.length); k++) {
    hash = (Math.imul(hash, HASH_BASE) + shapes[k]) | 0;
    if (shapes[k] === BREAK_SHAPE) lastBreak = k;
    if (shapes[k] === LITERAL_SHAPE) literalCount++;
  }
  for (let i = 0; i < count; i++) {
    values[i] = hash;
    valid[i] = lastBreak < i ? 1 : 0;
    literals[i] = literalCount;
    if (i + 1 >= count) break;
    const incoming = shapes[i + window];
    if (incoming === BREAK_SHAPE) lastBreak = i + window;
    literalCount += (incoming === LITERAL_SHAPE ? 1 : 0) - (shapes[i] === LITERAL_SHAPE ? 1 : 0);
    hash = (Math.imul((hash - Math.imul(shapes[i], power)) | 0, HASH_BASE) + incoming) | 0;
  }
  return { length: count, values, valid, literals, ...repetitions(shapes, values, valid, window) };
}

/**
 * Window `i` repeats the window `q` tokens earlier (its previous occurrence) back to back when
 * the match on that diagonal, counted over consecutive windows (`run`), reaches back to touch
 * the earlier copy: run + window - 1 >= q. It is represented by that copy's representative once
 * the repetition spans REPEAT_DEPTH tokens, and compared with its own file only once it spans
 * CROSS_FILE_DEPTH.
 */
function repetitions(shapes: Int32Array, values: Int32Array, valid: Uint8Array, window: number): Pick<WindowHashes, 'representative' | 'ownFileOnly'> {
  const representative = new Int32Array(values.length);
  const ownFileOnly = new Uint8Array(values.length);
  const last = new LastPositions(values.length);
  let run = 0;
  let period = 0;
  for (let i = 0; i < values.length; i++) {
    representative[i] = i;
    if (!valid[i]) {
      run = 0;
      continue;
    }
    const previous = last.swap(values[i], i);
    if (previous < 0 || !equalRun(shapes, previous, shapes, i, window)) {
      run = 0;
      continue;
    }
    const q = i - previous;
    run = q === period ? run + 1 : 1;
    period = q;
    const matched = run + window - 1;
    if (matched >= q && matched + q >= REPEAT_DEPTH) representative[i] = representative[previous];
    if (matched >= q && matched + q >= CROSS_FILE_DEPTH) ownFileOnly[i] = 1;
  }
  return { representative, ownFileOnly };
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
