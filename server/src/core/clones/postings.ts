/**
 * The places the clone index (cloneIndex.ts) indexed a kind of window hash at, across files: the
 * lists its probe looks windows up in. A place packs a file number and a token position in one
 * safe integer; a list keeps its places in the order files were indexed (file numbers only grow).
 */

/** Postings pack a file number and a token position in one safe integer. */
const POSITION_BITS = 2 ** 24;

/** A file's places by hash, positions in the order they are posted. */
export type Places = ReadonlyMap<number, readonly number[]>;

export function fileOf(place: number): number {
  return Math.floor(place / POSITION_BITS);
}

export function positionOf(place: number): number {
  return place - fileOf(place) * POSITION_BITS;
}

/** A number for the diagonal through `i` of file `id` and `j` of another (or the same) file: `id`'s places at a fixed offset. */
export function diagonalOf(id: number, i: number, j: number): number {
  return id * POSITION_BITS * 2 + (j - i + POSITION_BITS);
}

export class Postings {
  private readonly lists = new Map<number, number[]>();

  get(hash: number): readonly number[] | undefined {
    return this.lists.get(hash);
  }

  /** Posts the places of file `id`, numbered above every file posted before; returns their hashes, to take them out again. */
  add(id: number, places: Places): Int32Array {
    for (const [hash, positions] of places) {
      const list = this.lists.get(hash) ?? [];
      for (const position of positions) list.push(id * POSITION_BITS + position);
      this.lists.set(hash, list);
    }
    return Int32Array.from(places.keys());
  }

  /** Takes out the places of file `id` under `hashes` (as `add` returned them). */
  remove(id: number, hashes: Int32Array): void {
    for (const hash of hashes) {
      const list = this.lists.get(hash);
      if (!list) continue;
      const kept = list.filter((place) => fileOf(place) !== id);
      if (kept.length === 0) this.lists.delete(hash);
      else this.lists.set(hash, kept);
    }
  }

  /**
   * Makes `places` those of file `id`, the last file posted, which had `hashes`: they end their
   * lists, so only the hashes whose places changed are touched. Returns the new hashes.
   */
  replaceLast(id: number, hashes: Int32Array, places: Places): Int32Array {
    for (const hash of hashes) if (!places.has(hash)) this.setLast(hash, id, []);
    for (const [hash, positions] of places) this.setLast(hash, id, positions);
    return Int32Array.from(places.keys());
  }

  private setLast(hash: number, id: number, positions: readonly number[]): void {
    const list = this.lists.get(hash) ?? [];
    let own = list.length;
    while (own > 0 && fileOf(list[own - 1]) === id) own--;
    if (list.length - own === positions.length && positions.every((position, k) => list[own + k] === id * POSITION_BITS + position)) return;
    list.length = own;
    for (const position of positions) list.push(id * POSITION_BITS + position);
    if (list.length === 0) this.lists.delete(hash);
    else this.lists.set(hash, list);
  }
}
