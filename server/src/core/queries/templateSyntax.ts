/**
 * What a Django template reads, as the n-plus-one rule needs it: its `{% for x in y %}` loops
 * (nested as rendered) and every variable path its `{{ … }}` and tag arguments read
 * (`order.customer.name`, `o.items.all`), each with its file and place, over the template as it
 * renders (templateComposition.ts: the files it extends and includes). Names are resolved as
 * Django scopes them: a loop variable, an alias of `{% with c=o.customer %}` or of an include's
 * `with`, nothing but those after an include's `only`, else the view's context. A scanner, not a
 * parser: strings are skipped, filters' names left out (their arguments read variables).
 */
import type { SourceRange } from '../model/sourceRange';
import { aliases, composedTemplate, type NamedValue, type TemplateItem, type TemplateLoader, type TemplateSource, type TemplateToken, type TemplateVariables } from './templateComposition';

/** A `{% for %}` loop. */
export interface TemplateLoop {
  /** The loop variable, when it is one name (`for key, value in …` has none). */
  readonly variable?: string;
  /** What it iterates: `orders`, `order.items.all`. */
  readonly iterable: TemplatePath;
  /** The `{% for … %}` tag as written, in `file`. */
  readonly written: string;
  readonly file: string;
  readonly range: SourceRange;
  /** The loop binding the iterable's root, by index; undefined when the root comes from the context. */
  readonly iterableLoop?: number;
}

/** A variable path: root `order`, path `customer.name`. */
export interface TemplatePath {
  readonly root: string;
  readonly path: readonly string[];
}

/** A variable path read somewhere, with the innermost loop binding its root (aliases resolved: `root.path` is what is read). */
export interface TemplateRead extends TemplatePath {
  /** As written there: `item.product.name` (after `with item=line`). */
  readonly written: string;
  readonly file: string;
  readonly range: SourceRange;
  readonly loop?: number;
}

/** An `{% include %}` whose template is not read (templateComposition.ts), and the loops whose rows it may read. */
export interface UnfollowedInclude {
  /** The include's argument, as written: `row_template`, `"shop/rows/"|add:kind`. */
  readonly name: string;
  /** The names it gives that no template found bears; undefined when the name is computed when rendering. */
  readonly missing?: readonly string[];
  readonly file: string;
  readonly range: SourceRange;
  /** The loops (by index) whose variable the included template sees, directly or through its `with`. */
  readonly loops: readonly number[];
}

export interface TemplateScan {
  readonly loops: readonly TemplateLoop[];
  readonly reads: readonly TemplateRead[];
  readonly unfollowed: readonly UnfollowedInclude[];
  /** The names of the tags it uses (`for`, `url`, `recent_orders`). */
  readonly tags: ReadonlySet<string>;
}

const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
/** A dotted name not after a `|` (a filter's name) nor inside a number. */
const VARIABLE = /(^|[^\w.|])([A-Za-z_]\w*(?:\.\w+)*)/g;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'as', 'with', 'only', 'reversed', 'True', 'False', 'None', 'silent', 'by', 'on', 'off']);
/** Tags whose arguments are no variables (block and library names). */
const NO_VARIABLES = new Set(['block', 'load', 'csrf_token', 'templatetag', 'autoescape', 'spaceless']);

/** A name bound while scanning: a loop's variable, an alias, or an `only` that hides what is below it. */
type Binding =
  | { readonly kind: 'loop'; readonly name?: string; readonly index: number }
  | { readonly kind: 'alias'; readonly name: string; readonly target?: Resolved }
  | { readonly kind: 'only' }
  /** Where a `{% with %}` or an include starts: its end drops the bindings above. */
  | { readonly kind: 'scope' };

/** What a name stands for: a path from a loop's variable (`loop`) or from the context (`root`). */
interface Resolved {
  readonly root: string;
  readonly path: readonly string[];
  readonly loop?: number;
}

/**
 * The loops and reads of a template as it renders; `load` finds the templates it extends and
 * includes (none: the file alone), `variables` the context's template names.
 */
export function scanTemplate(source: TemplateSource, load: TemplateLoader = () => undefined, variables?: TemplateVariables): TemplateScan {
  return new Scanner().scan(composedTemplate(source, load, variables));
}

class Scanner {
  private readonly loops: TemplateLoop[] = [];
  private readonly reads: TemplateRead[] = [];
  private readonly unfollowed: UnfollowedInclude[] = [];
  private readonly bindings: Binding[] = [];
  private readonly tags = new Set<string>();

  scan(items: readonly TemplateItem[]): TemplateScan {
    for (const item of items) {
      if (item.kind === 'token') this.token(item.token);
      else if (item.kind === 'leave') this.endScope();
      else if (item.kind === 'enter') this.enter(item.names.map(({ name, value }) => ({ name, target: this.path(value) })), item.only);
      else this.unfollow(item.token, item.names, item.only, item.missing);
    }
    return { loops: this.loops, reads: this.reads, unfollowed: this.unfollowed, tags: this.tags };
  }

  /** Records an include not followed, with the loops whose rows its template may be given. */
  private unfollow(token: TemplateToken, names: readonly NamedValue[], only: boolean, missing?: readonly string[]): void {
    const loops = new Set(names.flatMap(({ value }) => this.path(value)?.loop ?? []));
    for (let i = this.bindings.length - 1; i >= 0 && !only; i--) {
      const binding = this.bindings[i];
      if (binding.kind === 'only') break;
      const loop = binding.kind === 'loop' ? binding.index : binding.kind === 'alias' ? binding.target?.loop : undefined;
      if (loop !== undefined) loops.add(loop);
    }
    const name = token.tag!.split(/\s+/)[1] ?? '';
    this.unfollowed.push({ name, file: token.file, range: rangeOf(token), loops: [...loops].sort((a, b) => a - b), ...(missing && { missing }) });
  }

  private token(token: TemplateToken): void {
    const { tag, variable, whole } = token;
    const words = tag?.split(/\s+/) ?? [];
    if (tag !== undefined) this.tags.add(words[0]);
    if (variable !== undefined) {
      this.record(token, variable, whole.indexOf(variable));
    } else if (words[0] === 'for') {
      const loop = /^for\s+(.+?)\s+in\s+(\S+)(\s+reversed)?$/.exec(tag!);
      if (!loop) return;
      this.record(token, loop[2], whole.indexOf(loop[2], whole.indexOf(' in ') + 1));
      const [root, ...path] = loop[2].split('|')[0].split('.');
      const names = loop[1].split(/\s*,\s*/);
      const from = this.resolve(root);
      const range = rangeOf(token);
      const iterable = from ? { root: from.root, path: [...from.path, ...path] } : { root: '', path };
      this.loops.push({ variable: names.length === 1 ? names[0] : undefined, iterable, written: whole, file: token.file, range, iterableLoop: from?.loop });
      this.bindings.push({ kind: 'loop', name: names.length === 1 ? names[0] : undefined, index: this.loops.length - 1 });
    } else if (words[0] === 'endfor') {
      const last = this.bindings.map((binding) => binding.kind).lastIndexOf('loop');
      if (last >= 0) this.bindings.splice(last);
    } else if (words[0] === 'endwith') {
      this.endScope();
    } else if (!NO_VARIABLES.has(words[0]) && !words[0].startsWith('end')) {
      const args = tag!.slice(words[0].length);
      this.record(token, args, whole.indexOf(args, whole.indexOf(words[0]) + words[0].length));
      if (words[0] === 'with') this.enter(aliases(words.slice(1)).map(({ name, value }) => ({ name, target: this.path(value) })), false);
    }
  }

  /** Records the variable paths `source` reads, at `offset` in the token. */
  private record(token: TemplateToken, source: string, offset: number): void {
    for (const found of variablesOf(source)) {
      const [root, ...path] = found.text.split('.');
      const from = this.resolve(root);
      const start = token.at + offset + found.offset;
      const range = { start: token.position(start), end: token.position(start + found.text.length) };
      const read = from && [...from.path, ...path];
      if (from && read!.length > 0) this.reads.push({ root: from.root, path: read!, written: found.text, file: token.file, range, loop: from.loop });
    }
  }

  private enter(names: readonly { name: string; target?: Resolved }[], only: boolean): void {
    this.bindings.push({ kind: 'scope' });
    if (only) this.bindings.push({ kind: 'only' });
    for (const { name, target } of names) this.bindings.push({ kind: 'alias', name, target });
  }

  private endScope(): void {
    const last = this.bindings.map((binding) => binding.kind).lastIndexOf('scope');
    if (last >= 0) this.bindings.splice(last);
  }

  /** What a `with` value names, when it is a variable path (a literal names nothing to load). */
  private path(value: string): Resolved | undefined {
    const [root, ...path] = value.split('|')[0].split('.');
    const from = /^[A-Za-z_]\w*$/.test(root) && !KEYWORDS.has(root) ? this.resolve(root) : undefined;
    return from && { ...from, path: [...from.path, ...path] };
  }

  /** The innermost binding of `name`; undefined when an alias names no path or an `only` hides it. */
  private resolve(name: string): Resolved | undefined {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const binding = this.bindings[i];
      if (binding.kind === 'only') return undefined;
      if (binding.kind === 'loop' && binding.name === name) return { root: name, path: [], loop: binding.index };
      if (binding.kind === 'alias' && binding.name === name) return binding.target;
    }
    return { root: name, path: [] };
  }
}

/** Where a whole token stands in its file. */
function rangeOf(token: TemplateToken): SourceRange {
  return { start: token.position(token.at), end: token.position(token.at + token.whole.length) };
}

/** The dotted names an expression reads, strings and filter names left out, with their offsets in it. */
function variablesOf(source: string): { text: string; offset: number }[] {
  const blanked = source.replace(STRING, (literal) => ' '.repeat(literal.length));
  const found: { text: string; offset: number }[] = [];
  for (const match of blanked.matchAll(VARIABLE)) {
    const name = match[2];
    // `total=…` in `{% with %}` names a new variable; keyword-like words are syntax.
    const after = match.index + match[0].length;
    if (KEYWORDS.has(name) || (blanked[after] === '=' && blanked[after + 1] !== '=')) continue;
    found.push({ text: name, offset: match.index + match[1].length });
  }
  return found;
}
