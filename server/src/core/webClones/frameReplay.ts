/**
 * What jscpd's detector (`@jscpd/core`'s `Detector`, its Rabin-Karp walk) is given: a tokenizer
 * that replays each file's frames as hashed once (webTokens.ts) instead of tokenizing again, and
 * a store of the frames seen, first occurrence kept, as jscpd's `MemoryStore`. The store can sit
 * on a compact base (the frames of every other file, as frame numbers), so that detecting one
 * edited file again walks only that file's frames.
 */
import type { IMapFrame, IStore, IToken, ITokenizer, ITokensMap } from '@jscpd/core';
import type { WebTokenMap } from './webTokens';

/** A file's frame packed in one number: its slot (file number in the base) and frame index. */
export type FrameRef = number;
const SLOT_BITS = 2 ** 26;

export function frameRef(slot: number, frame: number): FrameRef {
  return slot * SLOT_BITS + frame;
}

export function slotOf(ref: FrameRef): number {
  return Math.floor(ref / SLOT_BITS);
}

export function frameOf(ref: FrameRef): number {
  return ref % SLOT_BITS;
}

/** A frame of `map` in `file` as jscpd's detector reads it: `position` is the token index. */
export function mapFrame(file: string, map: WebTokenMap, frame: number, minTokens: number): IMapFrame {
  return { id: frameId(map, frame), sourceId: file, start: tokenAt(map, frame), end: tokenAt(map, frame + minTokens - 1) };
}

function frameId(map: WebTokenMap, frame: number): string {
  return String(map.frames[frame]);
}

/** jscpd's token shape, lines and columns from 1 as its tokenizer counts them. */
function tokenAt(map: WebTokenMap, i: number): IToken {
  return {
    type: 'token',
    value: '',
    length: map.endOffsets[i] - map.startOffsets[i],
    format: map.format,
    range: [map.startOffsets[i], map.endOffsets[i]],
    loc: {
      start: { line: map.startLines[i] + 1, column: map.startColumns[i] + 1, position: i },
      end: { line: map.endLines[i] + 1, column: map.endColumns[i] + 1, position: i },
    },
  };
}

/** One file's frames of one format, in order, as jscpd's `TokensMap` yields them. */
class FrameReplay implements ITokensMap {
  private position = 0;

  constructor(
    private readonly file: string,
    private readonly map: WebTokenMap,
    private readonly minTokens: number,
  ) {}

  getFormat(): string {
    return this.map.format;
  }

  getId(): string {
    return this.file;
  }

  getLinesCount(): number {
    return this.map.length === 0 ? 0 : this.map.endLines[this.map.length - 1] - this.map.startLines[0] + 1;
  }

  getTokensCount(): number {
    return this.map.length;
  }

  next(): IteratorResult<IMapFrame | boolean> {
    if (this.position >= this.map.frames.length) return { done: true, value: false };
    return { done: false, value: mapFrame(this.file, this.map, this.position++, this.minTokens) };
  }
}

/** The tokenizer the detector calls for each file: the file's frames of the format being detected. */
export function replayTokenizer(mapOf: (file: string) => WebTokenMap | undefined, minTokens: number): ITokenizer {
  return {
    generateMaps: (id) => {
      const map = mapOf(id);
      return map ? [new FrameReplay(id, map, minTokens)] : [];
    },
  };
}

/** jscpd's detector only tells a miss by the rejection; one shared error spares a stack trace per frame. */
const NOT_FOUND = new Error('not found');

/**
 * jscpd's `MemoryStore` for one format: the first frame seen with an id wins. Frames of this run
 * are kept as jscpd made them; the base's are resolved from their refs when hit.
 */
export class FrameStore implements IStore<IMapFrame> {
  readonly frames = new Map<string, IMapFrame>();

  constructor(
    /** Keyed by the frame hash, of which a frame id is the decimal string. */
    private readonly base?: ReadonlyMap<number, FrameRef>,
    private readonly resolve?: (ref: FrameRef) => IMapFrame,
  ) {}

  /** One store serves one format: the detector's namespace is always that format. */
  namespace(): void {}

  get(key: string): Promise<IMapFrame> {
    const own = this.frames.get(key);
    if (own) return Promise.resolve(own);
    const ref = this.base?.get(Number(key));
    return ref === undefined ? Promise.reject(NOT_FOUND) : Promise.resolve(this.resolve!(ref));
  }

  set(key: string, value: IMapFrame): Promise<IMapFrame> {
    this.frames.set(key, value);
    return Promise.resolve(value);
  }

  close(): void {
    this.frames.clear();
  }
}
