/**
 * Class members an edit left alone. Re-outlining a file after every keystroke re-reads every
 * class's members (their fingerprints and code lines are most of an outline's time), though an
 * edit rarely touches more than one member. A class statement whose text is the same as in the
 * module's earlier outline, starting at the same column, has the same members, moved by the lines
 * inserted or removed above it; in a class the edit changed, a member whose text is the same has
 * the same code (fingerprint and code lines).
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { lineStartsOf } from '../parse/lineStarts';
import type { SourceRange } from '../model/sourceRange';
import type { ClassMember, MemberCode } from './classMembers';
import type { ModuleOutline } from './moduleOutline';

/** A module's outline (if it had one) with the text it was made from. */
export interface EarlierOutline {
  readonly text: string;
  readonly outline: Pick<ModuleOutline, 'symbols' | 'firstSyntaxError'> | undefined;
}

/** What the earlier outline gives an outline of the edited text. */
export interface KeptMembers {
  /** The members of a top-level class statement (decorators included) whose text is unchanged. */
  readonly ofClass: (statement: SyntaxNode) => readonly ClassMember[] | undefined;
  /** The code of a member of the class `ownName` whose text is unchanged. */
  readonly ofMember: (ownName: string, member: SyntaxNode) => MemberCode | undefined;
}

const NOTHING_KEPT: KeptMembers = { ofClass: () => undefined, ofMember: () => undefined };

interface KeptClass {
  readonly line: number;
  readonly character: number;
  readonly members: readonly ClassMember[];
}

/**
 * What `earlier` keeps for the edited text's outline. Nothing is kept from a text that did not
 * parse cleanly, where the same text may have been read otherwise.
 */
export function keptMembers(earlier: EarlierOutline | undefined): KeptMembers {
  if (!earlier?.outline || earlier.outline.firstSyntaxError) return NOTHING_KEPT;
  const { text, outline } = earlier;
  const starts = lineStartsOf(text);
  const textOf = (range: SourceRange) => text.slice(starts[range.start.line] + range.start.character, starts[range.end.line] + range.end.character);
  const classes = new Map<string, KeptClass>();
  for (const symbol of outline.symbols) {
    if (symbol.kind === 'class' && symbol.members.length > 0) {
      classes.set(textOf(symbol.range), { line: symbol.range.start.line, character: symbol.range.start.character, members: symbol.members });
    }
  }
  let members: Map<string, MemberCode> | undefined;
  const memberKey = (ownName: string, character: number, code: string) => `${ownName}\u0000${character}\u0000${code}`;
  return {
    ofClass(statement) {
      const kept = classes.get(statement.text);
      const { row, column } = statement.startPosition;
      if (!kept || kept.character !== column) return undefined;
      const moved = row - kept.line;
      return moved === 0 ? kept.members : kept.members.map((member) => ({ ...member, range: movedRange(member.range, moved) }));
    },
    ofMember(ownName, member) {
      // Read only once a class missed: most edits leave every class alone.
      members ??= new Map(
        outline.symbols.flatMap((symbol) =>
          symbol.members.map((m) => [memberKey(symbol.name, m.range.start.character, textOf(m.range)), { fingerprint: m.fingerprint, lines: m.lines }] as const),
        ),
      );
      return members.get(memberKey(ownName, member.startPosition.column, member.text));
    },
  };
}

function movedRange(range: SourceRange, lines: number): SourceRange {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
