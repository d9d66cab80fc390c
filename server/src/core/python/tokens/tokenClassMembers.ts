/**
 * A top-level class's members (classMembers.ts) read from its tokens, as classMembersOf reads
 * them from the tree: methods, `Meta` options and class-level `name = value` assignments. What
 * the tokens cannot tell for sure (a `;`, a lambda in a value, implicitly concatenated strings)
 * sends the module to the parser.
 */
import { codeLinesOf, memberFingerprint, type ClassMember, type MemberKind } from '../classMembers';
import type { TokenStatement } from './tokenBlocks';
import { NAME, STRING } from './tokenCursor';
import { UNSURE, type TokenSource } from './tokenSource';

/** Longest value text kept on a member (classMembers.ts keeps the same). */
const MAX_VALUE_LENGTH = 40;

export function classMembersFromTokens(source: TokenSource, statement: TokenStatement, ownName: string): ClassMember[] {
  const members: ClassMember[] = [];
  const memberOf = (kind: MemberKind, name: string, of: TokenStatement): ClassMember => {
    const start = source.lexed[of.startToken].start;
    const end = source.endOf(of.endToken);
    return { kind, name, fingerprint: memberFingerprint(source.text, source.lexed, start, end, ownName), range: source.rangeOf(of), lines: codeLinesOf(source.text, source.lexed, start, end) };
  };
  for (const inner of bodyOf(statement)) {
    const keyword = source.definitionKeyword(inner);
    if (keyword === 'def') {
      members.push(memberOf('method', source.tokenText(source.nameIndex(inner)), inner));
    } else if (keyword === 'class' && inner.decorators.length === 0 && source.tokenText(source.nameIndex(inner)) === 'Meta') {
      for (const option of bodyOf(inner)) {
        const assigned = simpleAssignment(source, option);
        if (assigned) members.push({ ...memberOf('meta', `Meta.${assigned.name}`, option), ...assigned.facts });
      }
    } else if (keyword === undefined) {
      const assigned = simpleAssignment(source, inner);
      if (assigned) members.push({ ...memberOf('attribute', assigned.name, inner), ...assigned.facts });
    }
  }
  return members;
}

/** The statements of a class's body. */
function bodyOf(statement: TokenStatement): readonly TokenStatement[] {
  if (statement.clauses.length !== 1) throw UNSURE;
  return statement.clauses[0].body;
}

/** `name = value` or `name: T = value` with one plain name as target, as simpleAssignment (classMembers.ts) finds it. */
function simpleAssignment(source: TokenSource, statement: TokenStatement): { name: string; facts: { callee?: string; value?: string } } | undefined {
  const { first, last } = statement;
  if (statement.clauses.length > 0 || source.sym(first) !== NAME) return undefined;
  let equals = first + 1;
  if (source.sym(equals) === ':') {
    const annotation = topLevel(source, first + 2, last);
    equals = annotation.find((i) => source.sym(i) === '=') ?? -1;
    if (equals < 0) return undefined;
    if (annotation.some((i) => i < equals && source.sym(i) === 'lambda')) throw UNSURE;
  }
  if (source.sym(equals) !== '=' || equals >= last) return undefined;
  const value = topLevel(source, equals + 1, last).map((i) => source.sym(i));
  if (value.includes(';') || value.includes('lambda')) throw UNSURE;
  // `a = b = 1`: the value is itself an assignment.
  if (value.includes('=')) return undefined;
  const text = source.slice(equals + 1, last);
  const callee = calleeOf(source, equals + 1, last);
  const short = text.length <= MAX_VALUE_LENGTH && !text.includes('\n') ? text : undefined;
  return { name: source.tokenText(first), facts: { ...(callee ? { callee } : {}), ...(short ? { value: short } : {}) } };
}

/** The code-token indexes of `[first, last]` outside brackets (a bracketed group counts as its opening bracket). */
function topLevel(source: TokenSource, first: number, last: number): number[] {
  const indexes: number[] = [];
  for (let i = first; i <= last; i++) {
    indexes.push(i);
    const symbol = source.sym(i);
    if (symbol === '(' || symbol === '[' || symbol === '{') i = source.closing(i);
  }
  return indexes;
}

/** For a value that is a call (a name, attributes, calls and subscripts ending in a call), the callee as written. */
function calleeOf(source: TokenSource, first: number, last: number): string | undefined {
  if (source.sym(last) !== ')') return undefined;
  let i = first;
  const atom = source.sym(i);
  if (atom === NAME) i++;
  else if (atom === '(' || atom === '[' || atom === '{') i = source.closing(i) + 1;
  else if (atom === STRING) {
    if (source.sym(i + 1) === STRING) throw UNSURE;
    i++;
  } else return undefined;
  let lastCall = -1;
  while (i <= last) {
    const symbol = source.sym(i);
    if (symbol === '.' && source.sym(i + 1) === NAME) i += 2;
    else if (symbol === '(' || symbol === '[') {
      lastCall = symbol === '(' ? i : -1;
      i = source.closing(i) + 1;
    } else return undefined;
  }
  return lastCall > first ? source.slice(first, lastCall - 1) : undefined;
}
