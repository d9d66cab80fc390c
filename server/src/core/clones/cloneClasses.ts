/**
 * Groups clone pairs into classes: every place holding the same block. Pairs found separately
 * (A~B, B~C, A~C) become one class of three places; overlapping occurrences in one file
 * become one place. The duplicate-block diagnostic reports each place with all the others.
 */
import type { SourceRange } from '../model/sourceRange';
import type { TokenStream } from '../python/tokenStream';
import type { ClonePair, CloneSpan } from './cloneIndex';

export interface ClonePlace {
  readonly file: string;
  readonly range: SourceRange;
  /** Lines from the first to the last line of the place. */
  readonly lines: number;
}

export interface CloneClass {
  readonly places: readonly ClonePlace[];
  /** Every pair in the class is an exact copy. */
  readonly exact: boolean;
}

/** Where a file's tokens are: all grouping needs of them (Python's token streams, jscpd's token maps). */
export type TokenPositions = Pick<TokenStream, 'startLines' | 'startColumns' | 'endLines' | 'endColumns'>;

/** Groups `pairs` into classes, places sorted by file and line. */
export function cloneClasses(pairs: readonly ClonePair[], tokensOf: (file: string) => TokenPositions | undefined): CloneClass[] {
  return reported(grouped(pairs, tokensOf));
}

/** A class with the pairs it was grouped from, in their order; one place only when the pairs overlap in one file (not reported). */
interface GroupedPairs {
  readonly clone: CloneClass;
  readonly pairs: readonly ClonePair[];
}

/** Files changed since the last grouping past which grouping them all again is as cheap. */
const MAX_CHANGED_FILES = 16;

/**
 * The classes of a workspace's pairs, grouped again after a change only where it can move them: a
 * class whose pairs touch no changed file and whose places no new pair of a changed file
 * overlaps is the same; the classes that lost or gained pairs are grouped again from their pairs
 * and the changed files' ones. The classes come in the order `cloneClasses` gives.
 */
export class CloneClassGrouping {
  private last: GroupedPairs[] | undefined;

  /** `changed`: the files whose tokens or pairs changed since the last call, or undefined when unknown. */
  classes(pairs: readonly ClonePair[], tokensOf: (file: string) => TokenPositions | undefined, changed: ReadonlySet<string> | undefined): CloneClass[] {
    const last = this.last;
    this.last = last && changed && changed.size <= MAX_CHANGED_FILES ? regrouped(last, pairs, tokensOf, changed) : grouped(pairs, tokensOf);
    return reported(this.last);
  }
}

function reported(groups: readonly GroupedPairs[]): CloneClass[] {
  return groups.map((group) => group.clone).filter((clone) => clone.places.length > 1);
}

function regrouped(last: readonly GroupedPairs[], pairs: readonly ClonePair[], tokensOf: (file: string) => TokenPositions | undefined, changed: ReadonlySet<string>): GroupedPairs[] {
  const touches = (pair: ClonePair) => changed.has(pair.a.file) || changed.has(pair.b.file);
  const touched = pairs.filter(touches);
  const affected = new Set(last.filter((group) => group.pairs.some(touches)));
  // A class a new pair's place overlaps joins it: only places in the new pairs' files are looked up.
  const spansOf = new Map<string, { span: CloneSpan; group: GroupedPairs }[]>();
  for (const pair of touched) for (const file of [pair.a.file, pair.b.file]) spansOf.set(file, []);
  for (const group of last) {
    if (affected.has(group)) continue;
    for (const pair of group.pairs) {
      spansOf.get(pair.a.file)?.push({ span: pair.a, group });
      spansOf.get(pair.b.file)?.push({ span: pair.b, group });
    }
  }
  for (const pair of touched) {
    for (const span of [pair.a, pair.b]) {
      for (const other of spansOf.get(span.file) ?? []) if (other.span.start < span.end && span.start < other.span.end) affected.add(other.group);
    }
  }
  const again = new Set<ClonePair>(touched);
  for (const group of affected) for (const pair of group.pairs) if (!touches(pair)) again.add(pair);
  const groups = [...last.filter((group) => !affected.has(group)), ...grouped(pairs.filter((pair) => again.has(pair)), tokensOf)];
  // Ordered by their first pairs' positions: only those are numbered.
  const position = new Map(groups.map((group) => [group.pairs[0], 0]));
  for (let i = 0; i < pairs.length; i++) if (position.has(pairs[i])) position.set(pairs[i], i);
  return groups.sort((x, y) => position.get(x.pairs[0])! - position.get(y.pairs[0])!);
}

/** Groups `pairs` into classes (one place ones too), in the order of their first pair. */
function grouped(pairs: readonly ClonePair[], tokensOf: (file: string) => TokenPositions | undefined): GroupedPairs[] {
  const spans: { span: CloneSpan; range: SourceRange }[] = [];
  const spanIndex = (span: CloneSpan) => {
    const tokens = tokensOf(span.file)!;
    spans.push({ span, range: spanRange(tokens, span) });
    return spans.length - 1;
  };
  const links = pairs.map((pair) => [spanIndex(pair.a), spanIndex(pair.b)] as const);
  const parent = spans.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (i: number, j: number) => {
    parent[find(i)] = find(j);
  };
  for (const [i, j] of links) union(i, j);
  for (const group of overlappingInFile(spans)) {
    for (const member of group.slice(1)) union(group[0], member);
  }
  const classes = new Map<number, { members: number[]; pairs: ClonePair[]; exact: boolean }>();
  spans.forEach((_, i) => {
    const root = find(i);
    const entry = classes.get(root) ?? { members: [], pairs: [], exact: true };
    entry.members.push(i);
    classes.set(root, entry);
  });
  pairs.forEach((pair, p) => {
    const entry = classes.get(find(links[p][0]))!;
    entry.pairs.push(pair);
    if (!pair.exact) entry.exact = false;
  });
  return [...classes.values()].map((entry) => ({ clone: { places: mergePlaces(entry.members.map((i) => spans[i])), exact: entry.exact }, pairs: entry.pairs }));
}

function spanRange(tokens: TokenPositions, span: CloneSpan): SourceRange {
  const last = span.end - 1;
  return {
    start: { line: tokens.startLines[span.start], character: tokens.startColumns[span.start] },
    end: { line: tokens.endLines[last], character: tokens.endColumns[last] },
  };
}

function byFileThenStart(x: { span: CloneSpan }, y: { span: CloneSpan }): number {
  if (x.span.file !== y.span.file) return x.span.file < y.span.file ? -1 : 1;
  return x.span.start - y.span.start;
}

/** Indices of spans that overlap another span of the same file, grouped. */
function overlappingInFile(spans: readonly { span: CloneSpan }[]): number[][] {
  // Runs on every edit over the whole workspace's spans: grouped by file first, so only numbers are sorted.
  const byFile = new Map<string, number[]>();
  spans.forEach(({ span }, i) => {
    const list = byFile.get(span.file);
    if (list) list.push(i);
    else byFile.set(span.file, [i]);
  });
  const groups: number[][] = [];
  for (const indices of byFile.values()) {
    if (indices.length < 2) continue;
    indices.sort((x, y) => spans[x].span.start - spans[y].span.start);
    let current = [indices[0]];
    let end = spans[indices[0]].span.end;
    for (const i of indices.slice(1)) {
      const { start, end: spanEnd } = spans[i].span;
      if (start < end) {
        current.push(i);
        end = Math.max(end, spanEnd);
      } else {
        if (current.length > 1) groups.push(current);
        current = [i];
        end = spanEnd;
      }
    }
    if (current.length > 1) groups.push(current);
  }
  return groups;
}

/** One place per run of overlapping spans in a file. */
function mergePlaces(members: { span: CloneSpan; range: SourceRange }[]): ClonePlace[] {
  const sorted = [...members].sort(byFileThenStart);
  const places: { file: string; end: number; range: SourceRange }[] = [];
  for (const m of sorted) {
    const last = places[places.length - 1];
    if (last && last.file === m.span.file && m.span.start < last.end) {
      if (m.span.end > last.end) {
        last.end = m.span.end;
        last.range = { start: last.range.start, end: m.range.end };
      }
    } else {
      places.push({ file: m.span.file, end: m.span.end, range: m.range });
    }
  }
  return places.map((p) => ({ file: p.file, range: p.range, lines: p.range.end.line - p.range.start.line + 1 }));
}
