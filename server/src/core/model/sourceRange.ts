/**
 * Positions as the core speaks them: zero-based lines and UTF-16 columns, which is what both
 * tree-sitter (fed a JS string) and LSP use, so no conversion is needed at the edges.
 */

/** A zero-based line and UTF-16 column. */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

/** A half-open range between two positions. */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** Builds a range from tree-sitter style `{row, column}` points. */
export function rangeFromPoints(
  start: { row: number; column: number },
  end: { row: number; column: number },
): SourceRange {
  return {
    start: { line: start.row, character: start.column },
    end: { line: end.row, character: end.column },
  };
}

/** A range covering the first line of a file, used for whole-file findings. */
export function firstLineRange(firstLineLength: number): SourceRange {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength } };
}

export function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
