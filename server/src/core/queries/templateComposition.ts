/**
 * A Django template as it renders: its tags and variables in the order Django meets them, across
 * the files `{% extends %}` and `{% include %}` pull in. A child's `{% block %}`s replace its
 * parent's (the most derived one wins, `{{ block.super }}` renders the one it replaces), the text
 * outside a child's blocks is dropped as Django drops it, and an included template's tokens come
 * between an `enter` (its `with` names, `only`) and a `leave`, so a loop around the include sees
 * what the included file reads. A name given as a variable (`{% include row_template %}`) is
 * followed to each literal name the view's context, an enclosing `{% with tpl=… %}` or the `with`
 * of the include that pulled the file in sets that variable to, and a name built with `add`
 * (`"shop/rows/"|add:kind`) to each way of joining such literals; any other name (another filter,
 * a loop's variable) is not followed: its file cannot be known before rendering. An include not
 * followed, or naming a template not found, is marked (`unfollowed`) where it stands.
 */
import type { SourcePosition } from '../model/sourceRange';
import { lineAndColumn, lineStartsOf } from '../parse/lineStarts';

/** A template's file and text. */
export interface TemplateSource {
  readonly path: string;
  readonly text: string;
}

/** The template a name leads to (as the view's finder searches), if found. */
export type TemplateLoader = (name: string) => TemplateSource | undefined;

/** A `{% tag %}` or a `{{ variable }}` of one file. */
export interface TemplateToken {
  readonly file: string;
  /** A tag's content (`for o in orders`), else undefined. */
  readonly tag?: string;
  /** A variable's expression (`o.customer.name|default:"-"`), else undefined. */
  readonly variable?: string;
  /** The whole token as written, and its offset in the file. */
  readonly whole: string;
  readonly at: number;
  readonly position: (offset: number) => SourcePosition;
}

export type TemplateItem =
  | { readonly kind: 'token'; readonly token: TemplateToken }
  /** An included template starts: `name=value` pairs of its `with`, and whether `only` hides the rest of the context. */
  | { readonly kind: 'enter'; readonly token: TemplateToken; readonly names: readonly NamedValue[]; readonly only: boolean }
  | { readonly kind: 'leave' }
  /** An include whose template is not read: its name is computed when rendering (no `missing`), or names no template found. */
  | { readonly kind: 'unfollowed'; readonly token: TemplateToken; readonly names: readonly NamedValue[]; readonly only: boolean; readonly missing?: readonly string[] };

/** A `name=value` pair of an include's or a `{% with %}`'s. */
export interface NamedValue {
  readonly name: string;
  readonly value: string;
}

const TAG = /\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{\s*([\s\S]*?)\s*\}\}|\{#[\s\S]*?#\}/g;
/** How deep includes and extends are followed: past it, a template most likely includes itself through another. */
const MAX_DEPTH = 16;
/** How many names one computed `{% include %}` is followed to. */
const MAX_NAMES = 8;

/** The context's variables holding template names, each with the literals it may hold (`row_template` → `shop/row.html`). */
export type TemplateVariables = ReadonlyMap<string, readonly string[]>;

/**
 * The tokens of `root` as it renders, the templates it extends and includes loaded by `load`;
 * `variables`: the context's template names.
 */
export function composedTemplate(root: TemplateSource, load: TemplateLoader, variables: TemplateVariables = new Map()): TemplateItem[] {
  return expand(root, load, variables, []);
}

function expand(source: TemplateSource, load: TemplateLoader, variables: TemplateVariables, seen: readonly string[]): TemplateItem[] {
  if (seen.includes(source.path) || seen.length >= MAX_DEPTH) return [];
  const inside = [...seen, source.path];
  // Most derived first: this template, then the one it extends, and so on.
  const chain = [tokensOf(source)];
  for (let parent = extended(chain[0], load); parent && !inside.includes(parent.path) && chain.length < MAX_DEPTH; parent = extended(chain[0], load)) {
    inside.push(parent.path);
    chain.unshift(tokensOf(parent));
  }
  chain.reverse();
  const blocks = new Map<string, TemplateToken[][]>();
  for (const tokens of chain) for (const [name, slice] of blocksOf(tokens)) blocks.set(name, [...(blocks.get(name) ?? []), slice]);
  return render(chain[chain.length - 1], { blocks, load, seen: inside, scopes: [variables] });
}

interface Rendering {
  readonly blocks: ReadonlyMap<string, readonly TemplateToken[][]>;
  readonly load: TemplateLoader;
  readonly seen: readonly string[];
  /**
   * The template names each variable may hold where rendering is, innermost scope last: the
   * context's, then each enclosing `{% with %}`'s and loop's (a name they bind to anything else
   * holds none). Blocks render in place, so one stack serves the whole file chain.
   */
  readonly scopes: TemplateVariables[];
}

function render(tokens: readonly TemplateToken[], rendering: Rendering, parentBlock?: () => TemplateItem[]): TemplateItem[] {
  const items: TemplateItem[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const words = token.tag?.split(/\s+/) ?? [];
    if (words[0] === 'block') {
      const end = blockEnd(tokens, i);
      const versions = rendering.blocks.get(words[1]) ?? [tokens.slice(i + 1, end)];
      items.push(...renderBlock(versions, 0, rendering));
      i = end;
    } else if (words[0] === 'extends') {
      continue;
    } else if (token.variable === 'block.super' && parentBlock) {
      items.push(...parentBlock());
    } else {
      items.push({ kind: 'token', token });
      const { scopes } = rendering;
      if (words[0] === 'include') items.push(...included(token, words, rendering));
      else if (words[0] === 'with') scopes.push(new Map(aliases(words.slice(1)).map(({ name, value }) => [name, includedNames(value, nameLookup(scopes))])));
      else if (words[0] === 'for') scopes.push(new Map(loopNames(token.tag!).map((name) => [name, []])));
      else if ((words[0] === 'endwith' || words[0] === 'endfor') && scopes.length > 1) scopes.pop();
    }
  }
  return items;
}

/**
 * An include's template rendered where it stands, seeing the `with` names (and, without `only`,
 * every name seen here); marked `unfollowed` when its name is not known or names no template found.
 */
function included(token: TemplateToken, words: readonly string[], rendering: Rendering): TemplateItem[] {
  const lookup = nameLookup(rendering.scopes);
  const names = includedNames(words[1] ?? '', lookup);
  const loaded = names.map((name) => ({ name, source: rendering.load(name) }));
  const pairs = namedValues(words.slice(2));
  const only = words.includes('only');
  const seen = new Map([...(only ? [] : rendering.scopes.flatMap((scope) => [...scope])), ...pairs.map(({ name, value }) => [name, includedNames(value, lookup)] as const)]);
  const items = loaded.flatMap(({ source }): TemplateItem[] => (source ? [{ kind: 'enter', token, names: pairs, only }, ...expand(source, rendering.load, seen, rendering.seen), { kind: 'leave' }] : []));
  const missing = loaded.filter(({ source }) => !source).map(({ name }) => name);
  if (names.length === 0 || missing.length > 0) items.unshift({ kind: 'unfollowed', token, names: pairs, only, ...(names.length > 0 && { missing }) });
  return items;
}

/** The template names a variable may hold, by its innermost binding: none when nothing binds it to literals. */
function nameLookup(scopes: readonly TemplateVariables[]): (name: string) => readonly string[] {
  return (name) => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i].has(name)) return scopes[i].get(name)!;
    return [];
  };
}

/** The variables `{% for a, b in … %}` binds. */
function loopNames(tag: string): string[] {
  return /^for\s+(.+?)\s+in\s/.exec(tag)?.[1].split(/\s*,\s*/) ?? [];
}

/** A block's most derived version, whose `{{ block.super }}` renders the next one. */
function renderBlock(versions: readonly TemplateToken[][], at: number, rendering: Rendering): TemplateItem[] {
  return render(versions[at], rendering, at + 1 < versions.length ? () => renderBlock(versions, at + 1, rendering) : undefined);
}

/** `{% with a=b c=d %}`, or the older `{% with b as a %}`. */
export function aliases(words: readonly string[]): NamedValue[] {
  return words.length === 3 && words[1] === 'as' ? [{ name: words[2], value: words[0] }] : namedValues(words);
}

/** The `name=value` words of a tag (an include's or a `{% with %}`'s). */
function namedValues(words: readonly string[]): NamedValue[] {
  return words.flatMap((word) => {
    const pair = /^(\w+)=(.+)$/.exec(word);
    return pair ? [{ name: pair[1], value: pair[2] }] : [];
  });
}

/** The template a child's `{% extends "base.html" %}` names, when it is found. */
function extended(tokens: readonly TemplateToken[], load: TemplateLoader): TemplateSource | undefined {
  const tag = tokens.find((token) => token.tag !== undefined && /^extends\s/.test(token.tag))?.tag;
  const name = tag && literal(tag.split(/\s+/)[1]);
  return name !== undefined ? load(name) : undefined;
}

/** Each `{% block name %}`'s tokens, nested blocks included (they override by name too). */
function blocksOf(tokens: readonly TemplateToken[]): Map<string, TemplateToken[]> {
  const blocks = new Map<string, TemplateToken[]>();
  tokens.forEach((token, i) => {
    const words = token.tag?.split(/\s+/) ?? [];
    if (words[0] === 'block' && words[1] && !blocks.has(words[1])) blocks.set(words[1], tokens.slice(i + 1, blockEnd(tokens, i)));
  });
  return blocks;
}

/** The index of the `{% endblock %}` closing the block opened at `start` (the end when unclosed). */
function blockEnd(tokens: readonly TemplateToken[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const word = tokens[i].tag?.split(/\s+/)[0];
    if (word === 'block') depth++;
    else if (word === 'endblock' && --depth === 0) return i;
  }
  return tokens.length;
}

/**
 * The names an include's argument may be: a literal, a context variable's literals, or those
 * joined by `add` filters (`"shop/rows/"|add:kind|add:".html"`); none when any part is something else.
 */
function includedNames(argument: string, variable: (name: string) => readonly string[]): readonly string[] {
  const [first, ...filters] = argument.split('|');
  const values = (word: string) => {
    const text = literal(word);
    return text !== undefined ? [text] : variable(word);
  };
  let names: readonly string[] = values(first);
  for (const filter of filters) {
    const added = /^add:(.+)$/.exec(filter);
    names = added ? names.flatMap((name) => values(added[1]).map((value) => name + value)) : [];
  }
  return names.length <= MAX_NAMES ? names : [];
}

/** `"x.html"` or `'x.html'`: the name; a variable: undefined. */
function literal(word: string | undefined): string | undefined {
  return word ? /^(["'])(.*)\1$/.exec(word)?.[2] : undefined;
}

/** A file's tags and variables; comments and `{% comment %}`/`{% verbatim %}` bodies left out. */
export function tokensOf(source: TemplateSource): TemplateToken[] {
  const position = positionsOf(source.text);
  const tokens: TemplateToken[] = [];
  let skipUntil: string | undefined;
  for (const match of source.text.matchAll(TAG)) {
    const [whole, tag, variable] = match;
    if (tag === undefined && variable === undefined) continue;
    const word = tag?.split(/\s+/)[0];
    if (skipUntil !== undefined) {
      if (word === skipUntil) skipUntil = undefined;
    } else if (word === 'comment' || word === 'verbatim') {
      skipUntil = `end${word}`;
    } else {
      tokens.push({ file: source.path, tag, variable, whole, at: match.index, position });
    }
  }
  return tokens;
}

/** Offset → line and column, by the line starts of the text. */
function positionsOf(text: string): (offset: number) => SourcePosition {
  const starts = lineStartsOf(text);
  return (offset) => {
    const { line, column } = lineAndColumn(starts, offset);
    return { line, character: column };
  };
}
