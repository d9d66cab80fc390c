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
import type { Node, Tree } from 'web-tree-sitter';
import { attributeParameterCandidates, isUsableName, notShadowingBuiltins, pickParameter, valueNameCandidates } from './valueNames';
import { nameParameterCandidates, type NameOrigin } from './nameSlots';
import type { PythonParser } from '../../core/parse/pythonParser';
import { alignTokens, hunksOf, inverted, mapRange, type Range } from './tokenAlignment';
import { isRead, isTranslationCall, passingOf } from './expressionSlots';
import { CopyView } from './copyView';

export interface ClonePlaceLines extends LineSpan {
  readonly file: string;
}

/** A literal, name, attribute or expression that differs between the copies: a parameter of the shared function. */
export interface ValueSlot {
  readonly name: string;
  /**
   * Where it is in each copy, relative to the copy's first line; what the function reads there
   * instead of the name (`getattr(order, field_name)`, `get_total()`) and what the copy passes
   * (`"status"`, `lambda: total + 1`) when not the name and the text.
   */
  readonly at: readonly { line: number; character: number; length: number; replacement?: string; argument?: string }[];
}

/** `views.py:12`, for reasons. */
export function where(place: ClonePlaceLines): string {
  return `${path.basename(place.file)}:${place.startLine + 1}`;
}

/**
 * The value slots of the copies, or why they cannot share one function: tokens must be equal,
 * except names local to each copy (renamed consistently, which the detector already checked),
 * plain literals (numbers, strings but f-strings), names taken from the module, attributes read
 * (`order.status` / `order.state`) and expressions that can be passed without changing when
 * they are evaluated (expressionSlots.ts).
 */
export function differences(parser: PythonParser, snapshot: WorkspaceSnapshot, places: readonly ClonePlaceLines[], plan: ExtractPlan, maxParameters: number): ValueSlot[] | string {
  const copies = places.map((place) => {
    const text = (snapshot.read(place.file) ?? '').split('\n').slice(place.startLine, place.endLine + 1).join('\n');
    return { text, tokens: lexPython(text).filter((t: LexToken) => t.kind !== 'comment' && t.kind !== 'newline') };
  });
  const trees = new Map<string, Tree>();
  try {
    const views = places.map((place, c) => new CopyView(parser, snapshot, place, copies[c], trees));
    return slotsOf(views, new Set([...plan.parameters, ...plan.returns, ...plan.writes]), plan, maxParameters);
  } finally {
    for (const tree of trees.values()) tree.delete();
  }
}

function slotsOf(views: readonly CopyView[], own: ReadonlySet<string>, plan: ExtractPlan, maxParameters: number): ValueSlot[] | string {
  const [reference] = views;
  const alignments: number[][] = [];
  for (const view of views.slice(1)) {
    const matched = alignTokens(reference.copy, view.copy);
    if (!matched) return `${where(view.place)}: this copy is not the same block (it was found with other code around it)`;
    alignments.push(matched);
  }
  const literals: number[] = [];
  /** Token positions where the copies pass their own module-level name or attribute name, by the names (one parameter each). */
  const named = new Map<string, { names: string[]; kind: 'name' | 'attribute'; origins: NameOrigin[]; at: number[] }>();
  const seeds: Range[] = [];
  for (const [k, matched] of alignments.entries()) {
    const other = views[k + 1];
    seeds.push(...hunksOf(reference.copy.tokens.length, other.copy.tokens.length, matched, k + 1).map((hunk) => hunk.reference));
    for (const [i, j] of matched.entries()) {
      if (j < 0) continue;
      const a = reference.word(i);
      const b = other.word(j);
      if (a === b || sameString(a, b) || (reference.copy.tokens[i].kind === 'name' && own.has(a))) continue;
      if (isPlainLiteral(reference.copy.tokens, i, a) && isPlainLiteral(other.copy.tokens, j, b) && reference.isOwnExpression(i) && other.isOwnExpression(j)) {
        if (!literals.includes(i)) literals.push(i);
        continue;
      }
      const fit = namedSlotAt(views, alignments, i);
      if (fit) {
        const key = `${fit.kind}\0${fit.names.join('\0')}`;
        const slot = named.get(key) ?? { ...fit, at: [] };
        if (!slot.at.includes(i)) slot.at.push(i);
        named.set(key, slot);
      } else seeds.push([i, i + 1]);
    }
  }
  // An attribute read from an object that itself differs is one differing expression (edits may not nest).
  const positions = [...literals, ...[...named.values()].flatMap((slot) => slot.at)];
  for (const slot of named.values()) {
    if (slot.kind !== 'attribute') continue;
    for (const i of slot.at) {
      const [from, to] = reference.attributeOf(i)!.range;
      const nested = positions.some((k) => from <= k && k < i) || seeds.some(([a, b]) => a < to && from < b);
      if (nested) seeds.push([from, to]);
    }
  }
  const expressions = expressionRanges(views, alignments, seeds);
  if (typeof expressions === 'string') return expressions;
  const outside = (i: number) => !expressions.some(({ ranges: [[from, to]] }) => from <= i && i < to);
  const needed = literals.filter(outside).length + [...named.values()].filter((slot) => slot.at.some(outside)).length + new Set(expressions.map((e) => e.texts.join('\0'))).size;
  if (needed > maxParameters) {
    return `${where(reference.place)}: the copies differ in ${needed} values and names; one function would take ${needed} more parameters (the limit is ${maxParameters}, \`duplicateBlock.maxParameters\`), which would not be clearer than the copies`;
  }
  const taken = new Set([...own, ...plan.fromSource, ...variablesIn(reference.copy.text, reference.copy.tokens)]);
  const rangeAt = (i: number, to = i + 1) => views.map((view, c) => {
    const [from, end] = c === 0 ? [i, to] : [alignments[c - 1][i], alignments[c - 1][to - 1] + 1];
    return view.position(from, end);
  });
  const values = literals.filter(outside).sort((x, y) => x - y).map((i) => ({ name: pickParameter(valueNameCandidates(reference.copy.text, reference.copy.tokens, i, reference.scope.parametersOf), taken), at: rangeAt(i) }));
  const names = [...named.values()].flatMap((slot) => {
    const at = slot.at.filter(outside);
    if (at.length === 0) return [];
    if (slot.kind === 'name') {
      const name = pickParameter(nameParameterCandidates(slot.names, slot.origins), taken);
      return at.map((i) => ({ name, at: rangeAt(i) }));
    }
    const name = pickParameter(attributeParameterCandidates(slot.names, at.every((i) => reference.word(i + 1) === '(')), taken);
    return at.map((i) => ({ name, at: views.map((view, c) => view.attributeRead(c === 0 ? i : alignments[c - 1][i], name)) }));
  });
  const passed = expressionSlots(views, expressions, taken);
  return typeof passed === 'string' ? passed : [...values, ...names, ...passed];
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

/** The same plain string in other quotes (`"x"` / `'x'`): one value, no parameter. */
const sameString = (a: string, b: string) => /^(['"])[^'"\\\n]*\1$/.test(a) && /^(['"])[^'"\\\n]*\1$/.test(b) && a.slice(1, -1) === b.slice(1, -1);
/** A number, or a string on one line that is not an f-string nor a part of an implicit concatenation (`"a" "b"`): a name can take its place. */
function isPlainLiteral(tokens: readonly LexToken[], i: number, text: string): boolean {
  if (tokens[i].kind === 'number') return true;
  if (tokens[i].kind !== 'string' || /^[rRbBuU]*[fF]/.test(text) || text.includes('\n')) return false;
  return tokens[i - 1]?.kind !== 'string' && tokens[i + 1]?.kind !== 'string';
}

/** An expression that differs between the copies: the tokens and node of each copy. */
interface DifferingExpression {
  readonly ranges: Range[];
  readonly nodes: Node[];
  readonly texts: string[];
}

/**
 * At reference token `i`, matched in every copy: a name each copy's module binds once (a model,
 * a form class), or an attribute each copy reads (`order.status` / `order.state`), if it is one.
 */
function namedSlotAt(views: readonly CopyView[], alignments: readonly number[][], i: number): { kind: 'name' | 'attribute'; names: string[]; origins: NameOrigin[] } | undefined {
  const at = views.map((_, c) => (c === 0 ? i : alignments[c - 1][i]));
  if (at.some((j) => j < 0)) return undefined;
  const names = views.map((view, c) => view.word(at[c]));
  if (views.every((view, c) => isNameRead(view.copy, at[c]))) {
    const origins = views.map((view, c) => view.scope.origin(names[c]));
    return origins.every((origin) => origin !== undefined) ? { kind: 'name', names, origins: origins as NameOrigin[] } : undefined;
  }
  const attributes = views.map((view, c) => view.attributeOf(at[c]));
  return attributes.every((attribute) => attribute !== undefined) ? { kind: 'attribute', names, origins: [] } : undefined;
}

/** The differing stretches grown to whole expressions in every copy, overlapping ones merged. */
function expressionRanges(views: readonly CopyView[], alignments: readonly number[][], seeds: readonly Range[]): DifferingExpression[] | string {
  const backwards = alignments.map((matched, k) => inverted(matched, views[k + 1].copy.tokens.length));
  const grown: DifferingExpression[] = [];
  const pending = [...seeds];
  for (let seed = pending.shift(); seed; seed = pending.shift()) {
    const expression = grow(views, alignments, backwards, seed);
    if (typeof expression === 'string') return expression;
    const [from, to] = expression.ranges[0];
    const overlap = grown.findIndex(({ ranges: [[a, b]] }) => a < to && from < b);
    if (overlap < 0) grown.push(expression);
    else {
      const [other] = grown.splice(overlap, 1);
      pending.push([Math.min(from, other.ranges[0][0]), Math.max(to, other.ranges[0][1])]);
    }
  }
  return grown;
}

/** Widens a stretch of the reference until it is one expression in every copy, standing for the same place. */
function grow(views: readonly CopyView[], alignments: readonly number[][], backwards: readonly number[][], seed: Range): DifferingExpression | string {
  const [reference] = views;
  const shown = (view: CopyView, [from, to]: Range) => (to > from ? view.copy.text.slice(view.copy.tokens[from].start, view.copy.tokens[to - 1].end) : '');
  const notOne = (c: number, ranges: Range[]) =>
    `${where(views[c].place)}: the copies differ in \`${shown(reference, ranges[0])}\` / \`${shown(views[c], ranges[c])}\`, which is not one expression of each; make them alike first`;
  let current = seed;
  for (let round = 0; round < 64; round++) {
    const ranges: Range[] = [current];
    const nodes: Node[] = [];
    if (current[1] > current[0]) {
      const found = reference.expressionAt(current[0], current[1]);
      if (!found) return notOne(1, [current, mapRange(alignments[0], views[1].copy.tokens.length, current)]);
      ranges[0] = found.range;
      nodes.push(found.node);
    }
    let widened = ranges[0];
    for (let c = 1; c < views.length; c++) {
      const mapped = mapRange(alignments[c - 1], views[c].copy.tokens.length, ranges[0]);
      // Tokens only another copy has: this copy is placed once the reference's expression there is known.
      if (mapped[1] === mapped[0] && ranges[0][1] === ranges[0][0]) continue;
      const found = mapped[1] > mapped[0] ? views[c].expressionAt(mapped[0], mapped[1]) : undefined;
      if (!found) return notOne(c, views.map((_, k) => (k === c ? mapped : ranges[0])));
      ranges.push(found.range);
      nodes.push(found.node);
      const back = mapRange(backwards[c - 1], reference.copy.tokens.length, found.range);
      widened = [Math.min(widened[0], back[0]), Math.max(widened[1], back[1])];
    }
    if (nodes.length === views.length && widened[0] === ranges[0][0] && widened[1] === ranges[0][1]) {
      return { ranges, nodes, texts: nodes.map((node) => node.text) };
    }
    current = widened;
  }
  return notOne(1, [current, mapRange(alignments[0], views[1].copy.tokens.length, current)]);
}

/** The differing expressions as parameters: values where that keeps when they are evaluated, else callables, else why not. */
function expressionSlots(views: readonly CopyView[], expressions: readonly DifferingExpression[], taken: Set<string>): ValueSlot[] | string {
  const names = new Map<string, string>();
  const slots: ValueSlot[] = [];
  for (const expression of [...expressions].sort((x, y) => x.ranges[0][0] - y.ranges[0][0])) {
    const passings = views.map((view, c) => passingOf(expression.nodes[c], view.statements(), (name) => view.scope.binds(name)));
    const refused = passings.findIndex((passing) => passing.kind === 'refused');
    const shown = (c: number) => `\`${expression.texts[0]}\` / \`${expression.texts[c]}\``;
    // Names that differ are passed only when the module binds them once (nameSlots.ts); a lambda standing for a bare name is no clearer.
    if (expression.nodes.every((node) => node.type === 'identifier')) {
      // The copy whose name cannot be passed is the one to name.
      const unfit = views.findIndex((view, c) => !view.scope.origin(expression.texts[c]));
      const c = unfit <= 0 ? 1 : unfit;
      return `${where(views[c].place)}: the copies differ in ${shown(c)}, which is not a local name of the block, a plain value or a name the module binds once; make them alike first`;
    }
    if (refused >= 0) {
      const c = refused === 0 ? 1 : refused;
      return `${where(views[refused].place)}: the copies differ in ${shown(c)}, which ${(passings[refused] as { reason: string }).reason}`;
    }
    const written = expression.nodes.findIndex((node) => !isRead(node));
    if (written >= 0) return `${where(views[written].place)}: the copies differ in ${shown(written || 1)}, which the block assigns to; only what it reads can be passed in`;
    if (expression.nodes.some((node) => node.startPosition.row !== node.endPosition.row)) {
      return `${where(views[0].place)}: the copies differ in ${shown(1)}, which spans several lines`;
    }
    const callable = passings.some((passing) => passing.kind === 'callable');
    const key = expression.texts.join('\0');
    const base = expressionNameCandidates(views[0], expression.ranges[0], expression.nodes[0]);
    const name = names.get(key) ?? pickParameter(callable ? base.map((candidate) => `get_${candidate}`) : base, taken);
    names.set(key, name);
    const at = views.map((view, c) => ({
      ...view.position(expression.ranges[c][0], expression.ranges[c][1]),
      ...(callable ? { replacement: `${name}()`, argument: `lambda: ${expression.texts[c]}` } : {}),
    }));
    slots.push({ name, at });
  }
  return slots;
}

/**
 * A parameter name for an expression: the name it is assigned to or passed as, else what a literal
 * there would be named, else `message` for a translated string (what each copy passes), else `value`.
 */
function expressionNameCandidates(view: CopyView, [from, to]: Range, node: Node): string[] {
  if (view.word(from - 1) === '=' && view.copy.tokens[from - 2]?.kind === 'name' && !['(', ','].includes(view.word(from - 3))) {
    return [view.word(from - 2), `initial_${view.word(from - 2)}`].map(notShadowingBuiltins).filter(isUsableName);
  }
  if (to - from === 1 && view.copy.tokens[from].kind !== 'name') return valueNameCandidates(view.copy.text, view.copy.tokens, from, view.scope.parametersOf);
  const keyword = view.word(from - 1) === '=' && view.copy.tokens[from - 2]?.kind === 'name' ? view.word(from - 2) : undefined;
  return [...(keyword ? [keyword] : []), ...(isTranslationCall(node) ? ['message'] : []), 'value'].map(notShadowingBuiltins).filter(isUsableName);
}
