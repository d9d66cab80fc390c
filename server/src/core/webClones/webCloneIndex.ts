/**
 * Clones among a workspace's templates and static files, found by jscpd's own detector
 * (`@jscpd/core`), one jscpd format at a time: a template's inline `<script>` is compared with
 * the static JavaScript, its markup with the other templates.
 *
 * jscpd's detector compares each file with the files detected before it. So the file changed
 * last is detected last, against a kept base: the frames of every other file of its format,
 * first occurrence kept, as frame numbers. Typing in one template walks that template's frames
 * only; a change to another file (or a removal) rebuilds its formats' bases from the frames
 * kept, which tokenizes nothing. jscpd's API is asynchronous (a promise per frame, resolved at
 * once), so detection is a separate step: `detect()` after changes, `classes()` to read.
 *
 * Most files share no frame with any other (three in four on Django's templates and static
 * files). Walking such a file finds nothing and only stores its frames, so its frames go into
 * the base directly and the detector walks only the files that share a frame: the same clones,
 * for a quarter of the cost.
 */
import { Detector, type IClone, type ICloneValidator, type IMapFrame } from '@jscpd/core';
import type { ClonePair, CloneThresholds } from '../clones/cloneIndex';
import { cloneClasses, type CloneClass } from '../clones/cloneClasses';
import { FrameStore, frameOf, frameRef, mapFrame, replayTokenizer, slotOf, type FrameRef } from './frameReplay';
import type { WebSource, WebTokenMap } from './webTokens';

interface Base {
  /** Frame hash → its first occurrence among `slots`' files. */
  readonly frames: ReadonlyMap<number, FrameRef>;
  readonly slots: readonly string[];
  /** The clones the base's files have among themselves. */
  readonly pairs: readonly ClonePair[];
}

interface FormatState {
  /** How many times each frame hash occurs in the format's files. */
  readonly counts: Map<number, number>;
  /** Undefined when it must be rebuilt. */
  base?: Base;
  /** The file detected last, against the base. */
  tail?: string;
  /** Its clones with the base and itself; undefined when it must be detected again. */
  tailPairs?: readonly ClonePair[];
}

export class WebCloneIndex {
  private readonly sources = new Map<string, WebSource>();
  private readonly formats = new Map<string, FormatState>();
  private found: readonly CloneClass[] = [];
  private running: Promise<void> | undefined;
  /** Bumped by every change, so a detection that a change overtook is not applied. */
  private version = 0;
  private detectedVersion = 0;
  /** What `classes()` last listed, and from what. */
  private listed: { readonly version: number; readonly found: readonly CloneClass[]; readonly classes: readonly CloneClass[] } | undefined;

  constructor(private readonly thresholds: CloneThresholds) {}

  has(file: string): boolean {
    return this.sources.has(file);
  }

  paths(): string[] {
    return [...this.sources.keys()];
  }

  /** Takes in a file's tokens (new or changed); `detect()` finds its clones. */
  update(file: string, source: WebSource): void {
    const before = this.sources.get(file);
    this.sources.set(file, source);
    this.count(before, -1);
    this.count(source, 1);
    for (const format of new Set([...formatsOf(before), ...formatsOf(source)])) this.changed(format, file);
  }

  /** Forgets a file; `detect()` finds the clones the others have without it. */
  remove(file: string): void {
    const before = this.sources.get(file);
    if (!before) return;
    this.sources.delete(file);
    this.count(before, -1);
    for (const format of formatsOf(before)) this.changed(format, file);
  }

  /** Whether changes wait for `detect()`. */
  get pending(): boolean {
    return this.detectedVersion !== this.version;
  }

  /** Detects what changed since the last detection; concurrent calls share one run. */
  async detect(): Promise<void> {
    while (this.pending) {
      this.running ??= this.detectPending().finally(() => (this.running = undefined));
      await this.running;
    }
  }

  /**
   * The clone classes as of the last detection, less the places of files removed since: the same
   * objects until the next change or detection (the findings made from them are kept by them).
   */
  classes(): readonly CloneClass[] {
    if (this.listed?.version !== this.version || this.listed.found !== this.found) {
      const classes = this.found
        .map((clone) => ({ ...clone, places: clone.places.filter((place) => this.sources.has(place.file)) }))
        .filter((clone) => clone.places.length > 1);
      this.listed = { version: this.version, found: this.found, classes };
    }
    return this.listed.classes;
  }

  private count(source: WebSource | undefined, delta: number): void {
    for (const map of source?.maps ?? []) {
      const counts = this.stateOf(map.format).counts;
      for (const hash of map.frames) {
        const count = (counts.get(hash) ?? 0) + delta;
        if (count === 0) counts.delete(hash);
        else counts.set(hash, count);
      }
    }
  }

  private stateOf(format: string): FormatState {
    let state = this.formats.get(format);
    if (!state) this.formats.set(format, (state = { counts: new Map() }));
    return state;
  }

  /** Whether a file's map of the format has a frame found elsewhere too (or twice in it). */
  private isShared(file: string, format: string): boolean {
    const counts = this.formats.get(format)!.counts;
    return this.mapOf(file, format)!.frames.some((hash) => counts.get(hash)! > 1);
  }

  private changed(format: string, file: string): void {
    this.version++;
    const state = this.stateOf(format);
    const present = this.mapOf(file, format) !== undefined;
    state.tailPairs = undefined;
    if (state.tail === file) {
      if (!present) state.tail = undefined;
    } else {
      // The old tail joins the base, the changed file becomes the tail.
      state.base = undefined;
      if (present) state.tail = file;
    }
    if (state.counts.size === 0) this.formats.delete(format);
  }

  private async detectPending(): Promise<void> {
    const version = this.version;
    for (const [format, state] of this.formats) {
      const base = state.base ?? (await this.buildBase(format, state.tail));
      const tailPairs = state.tail === undefined ? [] : (state.tailPairs ?? (await this.detectTail(format, base, state.tail)));
      if (version !== this.version) return;
      state.base = base;
      state.tailPairs = tailPairs;
    }
    this.found = [...this.formats].flatMap(([format, state]) =>
      cloneClasses([...state.base!.pairs, ...state.tailPairs!], (file) => this.mapOf(file, format)),
    );
    this.detectedVersion = version;
  }

  private async buildBase(format: string, tail: string | undefined): Promise<Base> {
    const slots = [...this.sources.keys()].filter((file) => file !== tail && this.mapOf(file, format)).sort();
    const store = new FrameStore();
    const pairs = await this.run(format, slots.filter((file) => this.isShared(file, format)), store);
    const slotOfFile = new Map(slots.map((file, slot) => [file, slot]));
    const frames = new Map<number, FrameRef>();
    for (const [id, frame] of store.frames) frames.set(Number(id), frameRef(slotOfFile.get(frame.sourceId)!, frame.start.loc!.start.position!));
    // A file sharing no frame would only have stored them, all new: in any order, as jscpd would.
    slots.forEach((file, slot) => {
      if (this.isShared(file, format)) return;
      this.mapOf(file, format)!.frames.forEach((hash, frame) => frames.set(hash, frameRef(slot, frame)));
    });
    return { frames, slots, pairs };
  }

  private async detectTail(format: string, base: Base, tail: string): Promise<ClonePair[]> {
    if (!this.isShared(tail, format)) return [];
    const resolve = (ref: FrameRef): IMapFrame => {
      const file = base.slots[slotOf(ref)];
      return mapFrame(file, this.mapOf(file, format)!, frameOf(ref), this.thresholds.minTokens);
    };
    return await this.run(format, [tail], new FrameStore(base.frames, resolve));
  }

  /** Runs jscpd's detector over `files` in order, with `store` holding the frames seen before. */
  private async run(format: string, files: readonly string[], store: FrameStore): Promise<ClonePair[]> {
    const { minTokens, minLines } = this.thresholds;
    // Lines counted as Python's clones count them (first to last line); jscpd's own validator
    // counts one fewer, and is left out by giving it no line limits.
    const lines: ICloneValidator = {
      validate: (clone) => ({ status: clone.duplicationA.end.line - clone.duplicationA.start.line + 1 >= minLines }),
    };
    const detector = new Detector(replayTokenizer((file) => this.mapOf(file, format), minTokens), store, [lines], { minTokens, minLines: 0, maxLines: 0 });
    const pairs: ClonePair[] = [];
    for (const file of files) {
      for (const clone of await detector.detect(file, '', format)) {
        const pair = pairOf(clone, (id) => this.mapOf(id, format)!, this.thresholds);
        if (pair) pairs.push(pair);
      }
    }
    return pairs;
  }

  private mapOf(file: string, format: string): WebTokenMap | undefined {
    return this.sources.get(file)?.maps.find((map) => map.format === format);
  }
}

function formatsOf(source: WebSource | undefined): string[] {
  return source?.maps.map((map) => map.format) ?? [];
}

/**
 * A jscpd clone as a pair of token spans of equal tokens, or undefined when they share too few
 * lines. jscpd's detector walks the first place frame by frame and ends the second where the last
 * frame matched was first seen, which may be elsewhere, even in a third file: a DRF template's
 * copy ended past its file's last token (its finding said "NaN lines duplicated"). The second
 * place is measured again along the first, frame by frame, and both are cut to the run they share.
 */
function pairOf(clone: IClone, mapOf: (file: string) => WebTokenMap, { minTokens, minLines }: CloneThresholds): ClonePair | undefined {
  const [a, b] = [clone.duplicationA, clone.duplicationB];
  const [mapA, mapB] = [mapOf(a.sourceId), mapOf(b.sourceId)];
  const [startA, startB] = [a.start.position!, b.start.position!];
  const framesA = a.end.position! + 2 - minTokens - startA;
  let shared = 0;
  while (shared < framesA && startB + shared < mapB.frames.length && mapA.frames[startA + shared] === mapB.frames[startB + shared]) shared++;
  if (shared === 0) return undefined;
  const length = shared + minTokens - 1;
  if (mapA.endLines[startA + length - 1] - mapA.startLines[startA] + 1 < minLines) return undefined;
  return { a: { file: a.sourceId, start: startA, end: startA + length }, b: { file: b.sourceId, start: startB, end: startB + length }, exact: true };
}
