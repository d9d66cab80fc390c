/**
 * The members of a top-level class as the hard refactoring compares them across classes: each
 * method, class-level assignment and `Meta` option, with a fingerprint of its code (comments and
 * line breaks inside brackets aside, the class's own name folded), so the workspace index finds
 * classes repeating the same members without keeping their text. The refactoring reads the same
 * members from a fresh parse, so what is reported and what is rewritten agree.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';
import type { LexToken } from './pythonLexer';
import { partitionPoint } from '../model/sortedSearch';

export type MemberKind = 'method' | 'attribute' | 'meta';

export interface ClassMember {
  readonly kind: MemberKind;
  /** `get_queryset`, `created_at`; a `Meta` option as `Meta.ordering`. */
  readonly name: string;
  /** Equal for members with the same code (see {@link memberFingerprint}). */
  readonly fingerprint: string;
  /** The statement, decorators included. */
  readonly range: SourceRange;
  /** Lines holding its code (comments and blank lines aside). */
  readonly lines: number;
  /** For an assignment whose value is a call, the callee as written (`models.DateTimeField`). */
  readonly callee?: string;
  /** For an assignment whose value is short and on one line, the value as written (`True`). */
  readonly value?: string;
}

/** Longest value text kept on a member (enough for `True`, `"created_at"`). */
const MAX_VALUE_LENGTH = 40;

/** What a member's code gives, whatever its place: equal for two members of a class with the same text. */
export type MemberCode = Pick<ClassMember, 'fingerprint' | 'lines'>;

/**
 * The members of `classNode` (a `class_definition`) of `text`, whose tokens are `lexed`.
 * `kept`: a member's code as read before an edit, when its text is unchanged (keptOutline.ts).
 */
export function classMembersOf(classNode: SyntaxNode, text: string, lexed: readonly LexToken[], kept?: (ownName: string, member: SyntaxNode) => MemberCode | undefined): ClassMember[] {
  const ownName = classNode.childForFieldName('name')?.text ?? '';
  const body = classNode.childForFieldName('body');
  if (!body) return [];
  const members: ClassMember[] = [];
  const memberOf = (kind: MemberKind, name: string, node: SyntaxNode): ClassMember => {
    const code = kept?.(ownName, node);
    return {
      kind,
      name,
      fingerprint: code?.fingerprint ?? memberFingerprint(text, lexed, node.startIndex, node.endIndex, ownName),
      range: rangeFromPoints(node.startPosition, node.endPosition),
      lines: code?.lines ?? codeLinesOf(text, lexed, node.startIndex, node.endIndex),
    };
  };
  for (const statement of body.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text;
      if (name) members.push(memberOf('method', name, statement));
    } else if (definition?.type === 'class_definition' && statement === definition && definition.childForFieldName('name')?.text === 'Meta') {
      for (const option of definition.childForFieldName('body')?.namedChildren ?? []) {
        const assigned = simpleAssignment(option);
        if (assigned) members.push({ ...memberOf('meta', `Meta.${assigned.name}`, option), ...valueFacts(assigned.value) });
      }
    } else {
      const assigned = simpleAssignment(statement);
      if (assigned) members.push({ ...memberOf('attribute', assigned.name, statement), ...valueFacts(assigned.value) });
    }
  }
  return members;
}

/** The lines of `text[start, end)` holding a token other than a comment. */
export function codeLinesOf(text: string, lexed: readonly LexToken[], start: number, end: number): number {
  let lines = 0;
  let lastLineStart = -1;
  for (let t = firstTokenAt(lexed, start); t < lexed.length && lexed[t].start < end; t++) {
    if (lexed[t].kind === 'comment' || lexed[t].kind === 'newline') continue;
    const lineStart = text.lastIndexOf('\n', lexed[t].start - 1);
    if (lineStart !== lastLineStart) lines++;
    lastLineStart = lineStart;
  }
  return lines;
}

/** `name = value` or `name: T = value` with one plain name as target (not `a = b = 1`, not `a, b = …`). */
export function simpleAssignment(statement: SyntaxNode): { name: string; value: SyntaxNode } | undefined {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
  const assignment = statement.namedChild(0)!;
  if (assignment.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || !right || right.type === 'assignment') return undefined;
  return { name: left.text, value: right };
}

function valueFacts(value: SyntaxNode): { callee?: string; value?: string } {
  const callee = value.type === 'call' ? value.childForFieldName('function')?.text : undefined;
  const short = value.text.length <= MAX_VALUE_LENGTH && !value.text.includes('\n') ? value.text : undefined;
  return { ...(callee ? { callee } : {}), ...(short ? { value: short } : {}) };
}

/**
 * A fingerprint of the code in `text[start, end)`: its tokens (comments left out), each logical
 * line's indentation relative to the first, and `ownName` (the class's name, read as a variable)
 * folded, so `Order.objects` in Order and `Invoice.objects` in Invoice are the same member.
 * Strings are compared whole: a name in an f-string's field is not folded (nor rewritten).
 */
export function memberFingerprint(text: string, lexed: readonly LexToken[], start: number, end: number, ownName: string): string {
  return hashPair(normalizedCode(text, lexed, start, end, ownName));
}

/** The normalised text {@link memberFingerprint} hashes (exported for the refactoring's own comparison). */
export function normalizedCode(text: string, lexed: readonly LexToken[], start: number, end: number, ownName: string): string {
  const baseColumn = start - (text.lastIndexOf('\n', start - 1) + 1);
  const parts: string[] = [];
  let depth = 0;
  let lineStart = false;
  let previous: string | undefined;
  for (let t = firstTokenAt(lexed, start); t < lexed.length && lexed[t].start < end; t++) {
    const token = lexed[t];
    if (token.kind === 'comment') continue;
    if (token.kind === 'newline') {
      if (depth === 0) lineStart = true;
      continue;
    }
    const value = text.slice(token.start, token.end);
    if (lineStart) {
      parts.push(`\n${token.start - (text.lastIndexOf('\n', token.start - 1) + 1) - baseColumn}`);
      lineStart = false;
    }
    if (token.kind === 'op') {
      if (value === '(' || value === '[' || value === '{') depth++;
      else if (value === ')' || value === ']' || value === '}') depth = Math.max(0, depth - 1);
    }
    parts.push(token.kind === 'name' && value === ownName && previous !== '.' ? '\u0000' : value);
    previous = value;
  }
  return parts.join(' ');
}

/** The index of the first token starting at or after `offset` (tokens are in offset order). */
function firstTokenAt(lexed: readonly LexToken[], offset: number): number {
  return partitionPoint(lexed.length, (i) => lexed[i].start < offset);
}

/** Two FNV-1a hashes with different seeds, as 16 hex digits: collisions are negligible across a workspace's members. */
function hashPair(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** Fresh values a name starts as: `[]`, `{}`, `0`, `""`, `None`, `set()`. */
const LITERALS = new Set(['list', 'dictionary', 'set', 'tuple', 'integer', 'float', 'string', 'true', 'false', 'none']);
const EMPTY_CONSTRUCTORS = /^(list|dict|set|tuple|frozenset)\(\s*\)$/;

/** `checks = []`, `total = 0`: the statement binds one name to a fresh literal and does nothing else. */
export function initialisesOnly(statement: SyntaxNode): boolean {
  const value = simpleAssignment(statement)?.value;
  if (!value || value.descendantsOfType('interpolation').length > 0) return false;
  return (LITERALS.has(value.type) && value.descendantsOfType(['call', 'identifier', 'attribute']).length === 0) || EMPTY_CONSTRUCTORS.test(value.text);
}
