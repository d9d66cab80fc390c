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
  /** The facts of the methods of a top-level class statement (decorators included) whose text is unchanged, moved. */
  readonly ofMethods: (statement: SyntaxNode) => readonly FunctionFacts[] | undefined;
  /** The code of a member of the class `ownName` whose text is unchanged. */
  readonly ofMember: (ownName: string, member: SyntaxNode) => MemberCode | undefined;
  /** The facts of a function (a method of `className`) whose statement, decorators included, has an unchanged text. */
  readonly ofFunction: (statement: SyntaxNode, className: string | undefined) => FunctionFacts | undefined;
}

const NOTHING_KEPT: KeptOutline = { ofSymbol: () => undefined, ofMethods: () => undefined, ofMember: () => undefined, ofFunction: () => undefined };

/**
 * What `earlier` keeps for the edited text's outline. Nothing is kept from a text that did not
 * parse cleanly, where the same text may have been read otherwise.
 */
export function keptOutline(earlier: EarlierOutline | undefined): KeptOutline {
  if (!earlier?.outline || earlier.outline.firstSyntaxError) return NOTHING_KEPT;
  const { text, outline } = earlier;
  // The earlier scan found them (the same text).
  const starts = earlier.scan?.scan.lineStarts ?? lineStartsOf(text);
  const textOf = (range: SourceRange) => text.slice(starts[range.start.line] + range.start.character, starts[range.end.line] + range.end.character);
  const symbols = new Map(outline.symbols.map((symbol) => [textOf(symbol.range), symbol]));
  let members: Map<string, MemberCode> | undefined;
  let functions: Map<string, FunctionFacts> | undefined;
  const key = (owner: string | undefined, character: number, code: string) => `${owner ?? ''}\u0000${character}\u0000${code}`;
  // Asked twice of a class statement (its symbol, its methods' facts): its text is read through WASM once.
  const unchanged = new Map<number, { symbol: TopLevelSymbol; moved: number } | undefined>();
  const unchangedSymbol = (statement: SyntaxNode) => {
    if (unchanged.has(statement.id)) return unchanged.get(statement.id);
    const symbol = symbols.get(statement.text);
    const { row, column } = statement.startPosition;
    const found = symbol && symbol.range.start.character === column ? { symbol, moved: row - symbol.range.start.line } : undefined;
    unchanged.set(statement.id, found);
    return found;
  };
  return {
    ofSymbol(statement) {
      const kept = unchangedSymbol(statement);
      if (!kept || kept.moved === 0) return kept?.symbol;
      const { symbol, moved } = kept;
      return { ...symbol, range: movedRange(symbol.range, moved), nameRange: movedRange(symbol.nameRange, moved), members: symbol.members.map((member) => ({ ...member, range: movedRange(member.range, moved) })) };
    },
    ofMethods(statement) {
      const kept = unchangedSymbol(statement);
      if (kept?.symbol.kind !== 'class') return undefined;
      const { symbol, moved } = kept;
      const within = (facts: FunctionFacts) => facts.className === symbol.name && facts.range.start.line >= symbol.range.start.line && facts.range.end.line <= symbol.range.end.line;
      return outline.functions.filter(within).map((facts) => (moved === 0 ? facts : movedFacts(facts, moved)));
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
      return !kept || moved === 0 ? kept : movedFacts(kept, moved!);
    },
  };
}

function movedFacts(facts: FunctionFacts, lines: number): FunctionFacts {
  return { ...facts, range: movedRange(facts.range, lines), nameRange: movedRange(facts.nameRange, lines) };
}

function movedRange(range: SourceRange, lines: number): SourceRange {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
