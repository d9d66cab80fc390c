/**
 * How the copies of a duplicated block differ, token by token, and whether one function can
 * serve them all: their own local names may differ (each copy passes its own, by position),
 * plain literals may differ (each becomes a parameter, named from what the code says it is), and
 * so may names taken from the module (a model, a form class, a function: nameSlots.ts). More
 * parameters than the cap (`duplicateBlock.maxParameters`) and the copies are refused: a function
 * taking them all would not be clearer than the copies.
 */
import * as path from 'path';
import { lexPython, type LexToken } from '../../core/python/pythonLexer';
import type { ExtractPlan } from '../extract/extractToModule';
import type { WorkspaceSnapshot } from '../domainEdit';
import type { LineSpan } from './statementRun';
import { pickParameter, valueNameCandidates } from './extractedNames';
import { moduleNamesAt, nameParameterCandidates, type NameOrigin } from './nameSlots';
import type { PythonParser } from '../../core/parse/pythonParser';

export interface ClonePlaceLines extends LineSpan {
  readonly file: string;
}

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
 * except names local to each copy (renamed consistently, which the detector already checked),
 * plain literals (numbers, strings but f-strings) and names taken from the module.
 */
export function differences(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], plan: ExtractPlan, maxParameters: number): ValueSlot[] | string {
  const copies = places.map((place) => {
    const text = (snapshot.read(place.file) ?? '').split('\n').slice(place.startLine, place.endLine + 1).join('\n');
    return { text, tokens: lexPython(text).filter((t: LexToken) => t.kind !== 'comment' && t.kind !== 'newline') };
  });
  const [reference] = copies;
  const own = new Set([...plan.parameters, ...plan.returns, ...plan.writes]);
  const slots: number[] = [];
  /** Token positions where the copies pass their own module-level name, by the names (one parameter each). */
  const nameSlots = new Map<string, { names: string[]; origins: NameOrigin[]; at: number[] }>();
  let moduleNames: ((name: string) => NameOrigin | undefined)[] | undefined;
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
      if (isNameRead(reference, i) && isNameRead(other, i)) {
        moduleNames ??= places.map((place) => moduleNamesAt(parser, place.file, snapshot.read(place.file) ?? '', place.startLine));
        const names = copies.map((copy) => copy.text.slice(copy.tokens[i].start, copy.tokens[i].end));
        const origins = names.map((name, k) => moduleNames![k](name));
        const unfit = origins.findIndex((origin) => origin === undefined);
        if (unfit < 0) {
          const key = names.join('\0');
          const slot = nameSlots.get(key) ?? { names, origins: origins as NameOrigin[], at: [] };
          if (!slot.at.includes(i)) slot.at.push(i);
          nameSlots.set(key, slot);
          continue;
        }
        // The copy whose name cannot be passed is the one to name.
        const k = unfit === 0 ? c : unfit;
        return `${where(places[k])}: the copies differ in \`${a}\` / \`${names[k]}\`, which is not a local name of the block, a plain value or a name the module binds once; make them alike first`;
      }
      return `${where(places[c])}: the copies differ in \`${a}\` / \`${b}\`, which is not a local name of the block, a plain value or a name the module binds once; make them alike first`;
    }
  }
  const needed = slots.length + nameSlots.size;
  if (needed > maxParameters) {
    return `${where(places[0])}: the copies differ in ${needed} values and names; one function would take ${needed} more parameters (the limit is ${maxParameters}, \`duplicateBlock.maxParameters\`), which would not be clearer than the copies`;
  }
  const taken = new Set([...own, ...plan.fromSource, ...variablesIn(reference.text, reference.tokens)]);
  const at = (i: number) => copies.map(({ text, tokens }) => positionOf(text, tokens[i]));
  const values = slots.sort((x, y) => x - y).map((i) => ({ name: pickParameter(valueNameCandidates(reference.text, reference.tokens, i), taken), at: at(i) }));
  const names = [...nameSlots.values()].flatMap((slot) => {
    const name = pickParameter(nameParameterCandidates(slot.names, slot.origins), taken);
    return slot.at.map((i) => ({ name, at: at(i) }));
  });
  return [...values, ...names];
}

/** A name read as a value: not an attribute (`.status`), a keyword argument (`status=`), nor a name a statement binds or defines. */
function isNameRead({ text, tokens }: { text: string; tokens: readonly LexToken[] }, i: number): boolean {
  const at = (k: number) => (k >= 0 && k < tokens.length ? text.slice(tokens[k].start, tokens[k].end) : '');
  if (tokens[i].kind !== 'name' || at(i - 1) === '.' || ['def', 'class', 'import', 'as', 'global', 'nonlocal', 'del', 'for'].includes(at(i - 1))) return false;
  if (at(i + 1) === '=' || /^[-+*/%&|^@<>]+=$|^\/\/=$|^\*\*=$/.test(at(i + 1))) return false;
  return true;
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
