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
  const classes = new Map<number, { members: number[]; exact: boolean }>();
  spans.forEach((_, i) => {
    const root = find(i);
    const entry = classes.get(root) ?? { members: [], exact: true };
    entry.members.push(i);
    classes.set(root, entry);
  });
  pairs.forEach((pair, p) => {
    if (!pair.exact) classes.get(find(links[p][0]))!.exact = false;
  });
  return [...classes.values()]
    .map((entry) => ({ places: mergePlaces(entry.members.map((i) => spans[i])), exact: entry.exact }))
    .filter((clone) => clone.places.length > 1);
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
