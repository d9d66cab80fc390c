/**
 * Windows of literals only (a data module's strings, a table's numbers) all have one shape, so
 * the same places answer each of them, and they line up on every diagonal. A run holding a
 * clone has an indexed window that is exact or not all literals (runs.ts `mayHoldClone`: an
 * exact stretch of minTokens, or one not mostly literals, holds a whole indexed window), so such
 * a window is only compared with the places holding its very text: found by a hash of that text
 * rather than by trying each place.
 */
const TEXT_HASH_BASE = 0x01000193;

/** A hash of the exact text of tokens `[start, start + length)`. */
export function textHash(exact: Int32Array, start: number, length: number): number {
  let hash = 0;
  for (let k = start; k < start + length; k++) hash = (Math.imul(hash, TEXT_HASH_BASE) + exact[k]) | 0;
  return hash;
}

/** For one list of places: the indices of those with each text, in order. */
export class PlacesByText {
  private readonly byText = new Map<number, number[]>();

  /** `places[h]`: the exact texts and position of place `h`. */
  constructor(places: readonly { readonly exact: Int32Array; readonly position: number }[], window: number) {
    places.forEach(({ exact, position }, h) => {
      const hash = textHash(exact, position, window);
      const list = this.byText.get(hash);
      if (list) list.push(h);
      else this.byText.set(hash, [h]);
    });
  }

  /** The places (indices) whose text may be that of the window at `start` of `exact` (the hash may collide). */
  withText(exact: Int32Array, start: number, window: number): readonly number[] {
    return this.byText.get(textHash(exact, start, window)) ?? [];
  }
}
