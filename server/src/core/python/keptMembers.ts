/**
 * Class members an edit left alone. Re-outlining a file after every keystroke re-reads every
 * class's members (their fingerprints and code lines are most of an outline's time), though an
 * edit rarely touches more than one class. A class statement whose text is the same as in the
 * module's earlier outline, starting at the same column, has the same members, moved by the lines
 * inserted or removed above it.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { lineStartsOf } from '../parse/lineStarts';
import type { SourceRange } from '../model/sourceRange';
import type { ClassMember } from './classMembers';
import type { ModuleOutline } from './moduleOutline';

/** A module's outline (if it had one) with the text it was made from. */
export interface EarlierOutline {
  readonly text: string;
  readonly outline: Pick<ModuleOutline, 'symbols' | 'firstSyntaxError'> | undefined;
}

interface KeptClass {
  readonly line: number;
  readonly character: number;
  readonly members: readonly ClassMember[];
}

/**
 * The members of a top-level class statement (decorators included) as the earlier outline has
 * them, when its text is unchanged; undefined otherwise. Nothing is kept from a text that did
 * not parse cleanly, where the same text may have been read otherwise.
 */
export function keptMembers(earlier: EarlierOutline | undefined): (statement: SyntaxNode) => readonly ClassMember[] | undefined {
  if (!earlier?.outline || earlier.outline.firstSyntaxError) return () => undefined;
  const starts = lineStartsOf(earlier.text);
  const offset = (position: SourceRange['start']) => starts[position.line] + position.character;
  const byText = new Map<string, KeptClass>();
  for (const symbol of earlier.outline.symbols) {
    if (symbol.kind !== 'class' || symbol.members.length === 0) continue;
    const { start } = symbol.range;
    byText.set(earlier.text.slice(offset(start), offset(symbol.range.end)), { line: start.line, character: start.character, members: symbol.members });
  }
  return (statement) => {
    const kept = byText.get(statement.text);
    const { row, column } = statement.startPosition;
    if (!kept || kept.character !== column) return undefined;
    const moved = row - kept.line;
    return moved === 0 ? kept.members : kept.members.map((member) => ({ ...member, range: movedRange(member.range, moved) }));
  };
}

function movedRange(range: SourceRange, lines: number): SourceRange {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
