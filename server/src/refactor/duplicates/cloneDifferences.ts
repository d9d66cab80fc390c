/**
 * How the copies of a duplicated block differ, token by token, and whether one function can
 * serve them all: their own local names may differ (each copy passes its own, by position) and
 * plain literals may differ (each becomes a parameter, named from what the code says it is).
 */
import * as path from 'path';
import { lexPython, type LexToken } from '../../core/python/pythonLexer';
import type { ExtractPlan } from '../extract/extractToModule';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { LineSpan } from './statementRun';
import { pickParameter, valueNameCandidates } from './extractedNames';

export interface ClonePlaceLines extends LineSpan {
  readonly file: string;
}

/** More values differing than this, and the copies are different code that looks alike. */
const MAX_VALUE_PARAMETERS = 3;

/** A literal whose value differs between the copies: a parameter of the shared function. */
export interface ValueSlot {
  readonly name: string;
  /** Where it is in each copy, relative to the copy's first line. */
  readonly at: readonly { line: number; character: number; length: number }[];
}

/** `views.py:12`, for reasons. */
export function where(place: ClonePlaceLines): string {
  return `${path.basename(place.file)}:${place.startLine + 1}`;
}

/**
 * The value slots of the copies, or why they cannot share one function: tokens must be equal,
 * except names local to each copy (renamed consistently, which the detector already checked)
 * and plain literals (numbers, strings but f-strings).
 */
export function differences(snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], plan: ExtractPlan): ValueSlot[] | string {
  const copies = places.map((place) => {
    const text = (snapshot.read(place.file) ?? '').split('\n').slice(place.startLine, place.endLine + 1).join('\n');
    return { text, tokens: lexPython(text).filter((t: LexToken) => t.kind !== 'comment' && t.kind !== 'newline') };
  });
  const [reference] = copies;
  const own = new Set([...plan.parameters, ...plan.returns, ...plan.writes]);
  const slots: number[] = [];
  for (const [c, other] of copies.entries()) {
    if (c === 0) continue;
    if (other.tokens.length !== reference.tokens.length) return `${where(places[c])}: this copy is not the same block (it was found with other code around it)`;
    for (let i = 0; i < other.tokens.length; i++) {
      const a = reference.text.slice(reference.tokens[i].start, reference.tokens[i].end);
      const b = other.text.slice(other.tokens[i].start, other.tokens[i].end);
      if (a === b) continue;
      if (reference.tokens[i].kind === 'name' && own.has(a)) continue;
      if (isPlainLiteral(reference.tokens, i, a) && isPlainLiteral(other.tokens, i, b)) {
        if (!slots.includes(i)) slots.push(i);
        continue;
      }
      return `${where(places[c])}: the copies differ in \`${a}\` / \`${b}\`, which is not a local name of the block or a plain value; make them alike first`;
    }
  }
  if (slots.length > MAX_VALUE_PARAMETERS) {
    return `${where(places[0])}: the copies differ in ${slots.length} values; a function taking them all would not be clearer than the copies`;
  }
  const taken = new Set([...own, ...plan.fromSource, ...variablesIn(reference.text, reference.tokens)]);
  return slots.sort((x, y) => x - y).map((i) => ({
    name: pickParameter(valueNameCandidates(reference.text, reference.tokens, i), taken),
    at: copies.map(({ text, tokens }) => positionOf(text, tokens[i])),
  }));
}

/** Names the block uses as variables: not attributes (`.status`) nor keywords (`status=`). */
function variablesIn(text: string, tokens: readonly LexToken[]): string[] {
  const at = (k: number) => (k >= 0 && k < tokens.length ? text.slice(tokens[k].start, tokens[k].end) : '');
  return tokens
    .map((token, k) => ({ token, k }))
    .filter(({ token, k }) => token.kind === 'name' && at(k - 1) !== '.' && !(at(k + 1) === '=' && ['(', ','].includes(at(k - 1))))
    .map(({ token }) => text.slice(token.start, token.end));
}

/**
 * A number, or a string on one line that is not an f-string nor a part of an implicit
 * concatenation (`"a" "b"`): a name can take its place.
 */
function isPlainLiteral(tokens: readonly LexToken[], i: number, text: string): boolean {
  if (tokens[i].kind === 'number') return true;
  if (tokens[i].kind !== 'string' || /^[rRbBuU]*[fF]/.test(text) || text.includes('\n')) return false;
  return tokens[i - 1]?.kind !== 'string' && tokens[i + 1]?.kind !== 'string';
}

function positionOf(text: string, token: LexToken): { line: number; character: number; length: number } {
  const before = text.slice(0, token.start);
  const line = (before.match(/\n/g) ?? []).length;
  return { line, character: token.start - (before.lastIndexOf('\n') + 1), length: token.end - token.start };
}
