/**
 * What an edit left alone of a module's outline. Re-outlining a file after every keystroke
 * re-reads every class's members (their fingerprints and code lines) and measures every function
 * that may be a view, though an edit rarely touches more than one of them. A top-level statement
 * whose text is the same as in the module's earlier outline, starting at the same column, has the
 * same symbol (a class its members, a definition the names it reads), moved by the lines inserted
 * or removed above it; in a class the edit changed, a member whose text is the same has the same
 * code (fingerprint and code lines); a function (or method of the same class) whose text is the
 * same has the same facts, moved likewise.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { lineStartsOf } from '../parse/lineStarts';
import type { SourceRange } from '../model/sourceRange';
import type { MemberCode } from './classMembers';
import type { FunctionFacts } from './functionFacts';
import type { ModuleOutline, TopLevelSymbol } from './moduleOutline';
import type { EarlierScan } from './moduleScan';

/** A module's outline (if it had one) with the text it was made from, and its scan when kept. */
export interface EarlierOutline {
  readonly text: string;
  readonly outline: Pick<ModuleOutline, 'symbols' | 'functions' | 'firstSyntaxError'> | undefined;
  readonly scan?: EarlierScan;
}

/** What the earlier outline gives an outline of the edited text. */
export interface KeptOutline {
  /** The symbol of a top-level statement (decorators included) whose text is unchanged, moved to where it is now. */
  readonly ofSymbol: (statement: SyntaxNode) => TopLevelSymbol | undefined;
  /** The code of a member of the class `ownName` whose text is unchanged. */
  readonly ofMember: (ownName: string, member: SyntaxNode) => MemberCode | undefined;
  /** The facts of a function (a method of `className`) whose statement, decorators included, has an unchanged text. */
  readonly ofFunction: (statement: SyntaxNode, className: string | undefined) => FunctionFacts | undefined;
}

const NOTHING_KEPT: KeptOutline = { ofSymbol: () => undefined, ofMember: () => undefined, ofFunction: () => undefined };

/**
 * What `earlier` keeps for the edited text's outline. Nothing is kept from a text that did not
 * parse cleanly, where the same text may have been read otherwise.
 */
export function keptOutline(earlier: EarlierOutline | undefined): KeptOutline {
  if (!earlier?.outline || earlier.outline.firstSyntaxError) return NOTHING_KEPT;
  const { text, outline } = earlier;
  const starts = lineStartsOf(text);
  const textOf = (range: SourceRange) => text.slice(starts[range.start.line] + range.start.character, starts[range.end.line] + range.end.character);
  const symbols = new Map(outline.symbols.map((symbol) => [textOf(symbol.range), symbol]));
  let members: Map<string, MemberCode> | undefined;
  let functions: Map<string, FunctionFacts> | undefined;
  const key = (owner: string | undefined, character: number, code: string) => `${owner ?? ''}\u0000${character}\u0000${code}`;
  return {
    ofSymbol(statement) {
      const kept = symbols.get(statement.text);
      const { row, column } = statement.startPosition;
      if (!kept || kept.range.start.character !== column) return undefined;
      const moved = row - kept.range.start.line;
      if (moved === 0) return kept;
      return { ...kept, range: movedRange(kept.range, moved), nameRange: movedRange(kept.nameRange, moved), members: kept.members.map((member) => ({ ...member, range: movedRange(member.range, moved) })) };
    },
    ofMember(ownName, member) {
      // Read only once a class missed: most edits leave every class alone.
      members ??= new Map(
        outline.symbols.flatMap((symbol) =>
          symbol.members.map((m) => [key(symbol.name, m.range.start.character, textOf(m.range)), { fingerprint: m.fingerprint, lines: m.lines }] as const),
        ),
      );
      return members.get(key(ownName, member.startPosition.column, member.text));
    },
    ofFunction(statement, className) {
      functions ??= new Map(outline.functions.map((facts) => [key(facts.className, facts.range.start.character, textOf(facts.range)), facts]));
      const kept = functions.get(key(className, statement.startPosition.column, statement.text));
      const moved = kept && statement.startPosition.row - kept.range.start.line;
      return !kept || moved === 0 ? kept : { ...kept, range: movedRange(kept.range, moved!), nameRange: movedRange(kept.nameRange, moved!) };
    },
  };
}

function movedRange(range: SourceRange, lines: number): SourceRange {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
