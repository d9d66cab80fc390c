/**
 * Near-copy whole functions → one general function plus thin wrappers. Functions of one module
 * whose bodies are the same up to names and literals share one private function taking the
 * differences; each keeps its public name, signature, decorators and docstring, so no caller
 * changes:
 *
 *     def xframe_options_deny(view_func):             def _xframe_options(view_func, value):
 *         """… DENY …"""                                  def wrapped_view(*args, **kwargs):
 *         def wrapped_view(*args, **kwargs):                  resp = view_func(*args, **kwargs)
 *             resp = view_func(*args, **kwargs)               resp['X-Frame-Options'] = value
 *             resp['X-Frame-Options'] = 'DENY'                return resp
 *             return resp                                 return wraps(view_func)(wrapped_view)
 *         return wraps(view_func)(wrapped_view)
 *                                                      def xframe_options_deny(view_func):
 *     def xframe_options_sameorigin(view_func): …          """… DENY …"""
 *                                                          return _xframe_options(view_func, 'DENY')
 *
 * Offered only when the wrappers and the general function are shorter than the copies. Methods
 * and copies in several modules are left to the block extraction's reasons. Not offered, with the
 * reason: decorators or signatures that differ, generators and
 * coroutines (the wrapper would no longer be one), bodies reading `locals()` or the call stack
 * (`warnings.warn(…, stacklevel=2)` would blame the wrapper), and bodies that
 * differ in more than names and literals (cloneDifferences.ts judges those).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { lexPython, type LexToken } from '../../core/python/pythonLexer';
import { lineLengthLimit } from '../../core/config/lineLength';
import { nameFlow } from '../analysis/dataFlow';
import { addedFrameProblem } from '../analysis/stackReads';
import { refuse, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { wrappedCall } from '../extract/codeStyle';
import { ownDescendants } from '../extract/statementContext';
import type { ExtractPlan } from '../extract/extractToModule';
import { differences, where, type ClonePlaceLines, type ValueSlot } from '../duplicates/cloneDifferences';
import { functionNameFor } from '../duplicates/extractedNames';
import { sharedWords } from '../duplicates/valueNames';
import type { DuplicateExtraction } from '../duplicates/extractDuplicate';

/** One copy: the function, the rows it spans with its decorators, and where its body's statements start (after the docstring). */
interface WholeCopy {
  readonly name: string;
  readonly fn: Node;
  readonly startRow: number;
  readonly bodyRow: number;
  readonly endRow: number;
  readonly parameters: readonly string[];
}

const TITLE = 'Make the near-copy functions thin wrappers of one function';

/**
 * The copies as whole functions, or why they cannot share one general function; undefined when
 * the clones are not whole module-level functions (each starts at its `def` or first decorator).
 */
function wholeCopiesOf(tree: Tree, clones: readonly ClonePlaceLines[]): WholeCopy[] | string | undefined {
  const copies: WholeCopy[] = [];
  for (const clone of clones) {
    // A clone may start at the decorator or, when the decorators differ, at the `def` below them.
    const outer = tree.rootNode.namedChildren.find((node) => node.startPosition.row === clone.startLine || (node.type === 'decorated_definition' && node.childForFieldName('definition')?.startPosition.row === clone.startLine));
    const fn = outer?.type === 'decorated_definition' ? outer.childForFieldName('definition') : outer;
    if (!outer || fn?.type !== 'function_definition') return undefined;
    const statements = fn.childForFieldName('body')!.namedChildren.filter((child) => child.type !== 'comment');
    const docstring = statements[0]?.type === 'expression_statement' && statements[0].namedChildren[0]?.type === 'string' && statements[0].namedChildren.length === 1;
    const first = statements[docstring ? 1 : 0];
    if (!first || first.startPosition.row === fn.startPosition.row) return `${where(clone)}: \`${fn.childForFieldName('name')!.text}\` has no body of its own lines to share`;
    copies.push({ name: fn.childForFieldName('name')!.text, fn, startRow: outer.startPosition.row, bodyRow: first.startPosition.row, endRow: fn.endPosition.row, parameters: parameterNames(fn) });
  }
  return copies;
}

/** The parameters as plain names, in order (`*args` → args): what the general function takes from each wrapper. */
function parameterNames(fn: Node): string[] {
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).flatMap((parameter) => {
    if (parameter.type === 'identifier') return [parameter.text];
    const name = parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern' ? parameter.namedChildren[0] : parameter.childForFieldName('name') ?? parameter.namedChildren[0];
    return name?.type === 'identifier' ? [name.text] : [];
  });
}

/** Why the copies' shapes rule out thin wrappers, if they do. */
function shapeProblem(copies: readonly WholeCopy[], places: readonly ClonePlaceLines[]): string | undefined {
  const [first] = copies;
  const text = (node: Node | null | undefined) => (node?.text ?? '').replace(/\s+/g, ' ');
  const decorators = (copy: WholeCopy) => (copy.fn.parent?.type === 'decorated_definition' ? copy.fn.parent.namedChildren.filter((n) => n.type === 'decorator').map(text) : []).join(' ');
  for (const [k, copy] of copies.entries()) {
    const at = where(places[k]);
    if (copy.fn.text.startsWith('async')) return `${at}: \`${copy.name}\` is a coroutine function; a wrapper returning the general one's coroutine would no longer be one`;
    if (decorators(copy) !== decorators(first)) return `${at}: the decorators of \`${first.name}\` and \`${copy.name}\` differ; each would have to stay on its own copy`;
    if (text(copy.fn.childForFieldName('parameters')) !== text(first.fn.childForFieldName('parameters'))) return `${at}: \`${first.name}\` and \`${copy.name}\` have different signatures; a wrapper passes its parameters on only when they are the same`;
    if (copy.parameters.length !== (copy.fn.childForFieldName('parameters')?.namedChildren.filter((n) => n.type !== 'comment' && !['keyword_separator', 'positional_separator'].includes(n.type)).length ?? 0)) return `${at}: \`${copy.name}\` takes a parameter that is not a plain name`;
    const body = copy.fn.childForFieldName('body')!;
    if (ownDescendants(body).some((node) => node.type === 'yield')) return `${at}: \`${copy.name}\` is a generator; its wrapper would return the general function's generator and no longer be one`;
    const stack = addedFrameProblem(body.text, `\`${copy.name}\` reads`, 'the wrapper');
    if (stack) return `${at}: ${stack}`;
    if (ownDescendants(body).some((node) => node.type === 'call' && /^(locals|vars)$/.test(node.childForFieldName('function')?.text ?? '') && node.childForFieldName('arguments')?.namedChildren.length === 0)) return `${at}: \`${copy.name}\` reads \`locals()\`, which would hold the general function's parameters too`;
  }
  if (new Set(copies.map((copy) => copy.name)).size < copies.length) return `${where(places[0])}: the module defines \`${first.name}\` more than once`;
  return undefined;
}

/**
 * Whether the bodies differ only in names and literals, each local name of the first standing for
 * one local name of every other copy (renamed consistently): else the general body, written from
 * the first copy, would read another name than a copy did.
 */
function renamedConsistently(bodies: readonly string[], locals: readonly ReadonlySet<string>[]): boolean {
  const tokens = bodies.map((body) => lexPython(body).filter((token: LexToken) => token.kind !== 'comment' && token.kind !== 'newline'));
  const word = (c: number, i: number) => bodies[c].slice(tokens[c][i].start, tokens[c][i].end);
  return tokens.slice(1).every((other, k) => {
    if (other.length !== tokens[0].length) return false;
    const forth = new Map<string, string>();
    const back = new Map<string, string>();
    return tokens[0].every((token, i) => {
      const [a, b] = [word(0, i), word(k + 1, i)];
      if (token.kind !== 'name' || other[i].kind !== 'name' || (i > 0 && word(0, i - 1) === '.')) return token.kind === other[i].kind;
      const [localA, localB] = [locals[0].has(a), locals[k + 1].has(b)];
      if (localA !== localB) return false;
      if (!localA) return true;
      if ((forth.get(a) ?? b) !== b || (back.get(b) ?? a) !== a) return false;
      forth.set(a, b);
      back.set(b, a);
      return true;
    });
  });
}

/** The names a function binds: its parameters and every name its body writes. */
function localsOf(copy: WholeCopy): Set<string> {
  return new Set([...copy.parameters, ...nameFlow(copy.fn.childForFieldName('body')!.namedChildren).writes]);
}

/**
 * The general function and thin wrappers for clones that are whole module-level functions;
 * undefined when they are not whole functions (the caller's reason stands).
 */
export function wrapperFunctions(parser: PythonParser, snapshot: WorkspaceSnapshot, clones: readonly ClonePlaceLines[], maxParameters: number): DuplicateExtraction | undefined {
  const notOffered = (reason: string): DuplicateExtraction => ({ title: TITLE, result: refuse(reason), noise: reason });
  const file = clones[0].file;
  // Functions of several modules would need the general one imported by each: not made (yet); the block's reasons stand.
  if (clones.some((clone) => clone.file !== file)) return undefined;
  const text = snapshot.read(file) ?? '';
  const tree = parser.parse(text);
  try {
    const places = [...clones].sort((a, b) => a.startLine - b.startLine);
    const copies = wholeCopiesOf(tree, places);
    if (copies === undefined || typeof copies === 'string') return copies === undefined ? undefined : notOffered(copies);
    const problem = shapeProblem(copies, places);
    if (problem) return notOffered(problem);
    const lines = text.split('\n');
    const bodies = copies.map((copy) => lines.slice(copy.bodyRow, copy.endRow + 1).join('\n'));
    const locals = copies.map(localsOf);
    if (!renamedConsistently(bodies, locals)) return notOffered(`${where(places[0])}: the bodies of ${copies.map((copy) => `\`${copy.name}\``).join(', ')} differ in more than names and literals`);
    const bodyPlaces = copies.map((copy) => ({ file, startLine: copy.bodyRow, endLine: copy.endRow }));
    const plan: ExtractPlan = { parameters: copies[0].parameters, returns: [], writes: [...locals[0]], fromSource: [] };
    const slots = differences(parser, snapshot, bodyPlaces, plan, maxParameters);
    if (typeof slots === 'string') return notOffered(slots);
    if (slots.length === 0) return notOffered(`${where(places[0])}: ${copies.map((copy) => `\`${copy.name}\``).join(', ')} are the same function; one can be an alias of the other`);
    return planWrappers(parser, snapshot, { file, lines, copies, slots, plan });
  } finally {
    tree.delete();
  }
}

/** The module with the general function before the first copy and every copy a wrapper calling it. */
function planWrappers(parser: PythonParser, snapshot: WorkspaceSnapshot, group: { file: string; lines: string[]; copies: WholeCopy[]; slots: ValueSlot[]; plan: ExtractPlan }): DuplicateExtraction {
  const { file, lines, copies, slots, plan } = group;
  const [first] = copies;
  const limit = lineLengthLimit(snapshot, file);
  const used = new Set(lexPython(lines.join('\n')).filter((token) => token.kind === 'name').map((token) => lines.join('\n').slice(token.start, token.end)));
  const body = withSlots(lines.slice(first.bodyRow, first.endRow + 1), slots, 0, (slot) => slot.name);
  const shared = sharedWords(copies.map((copy) => copy.name.replace(/^_+/, ''))).join('_');
  const free = (name: string) => !used.has(`_${name}`);
  const name = `_${shared && free(shared) ? shared : functionNameFor(body.join('\n'), plan, shared || first.name.replace(/^_+/, ''), free)}`;
  const slotNames = [...new Set(slots.map((slot) => slot.name))];
  const general = [...wrappedCall('', `def ${name}`, [...first.parameters, ...slotNames], ':', limit).split('\n'), ...body];
  const wrappers = copies.map((copy, k) => {
    const indent = /^\s*/.exec(lines[copy.bodyRow])![0];
    const passed = slotNames.map((slotName) => argumentOf(lines, copy, slots.find((slot) => slot.name === slotName)!, k));
    return [...lines.slice(copy.startRow, copy.bodyRow), ...wrappedCall(indent, `return ${name}`, [...copy.parameters, ...passed], '', limit).split('\n')];
  });
  const before = copies.reduce((sum, copy) => sum + copy.endRow - copy.startRow + 1, 0);
  const after = general.length + 2 + wrappers.reduce((sum, wrapper) => sum + wrapper.length, 0);
  if (after >= before) {
    const reason = `${where({ file, startLine: first.startRow, endLine: first.endRow })}: the general function and its ${copies.length} wrappers would take ${after} lines, the copies take ${before}: not shorter`;
    return { title: TITLE, result: refuse(reason), noise: reason };
  }
  const edited = [...lines];
  for (const [k, copy] of [...copies.entries()].reverse()) edited.splice(copy.startRow, copy.endRow - copy.startRow + 1, ...wrappers[k]);
  let at = first.startRow;
  while (at > 0 && /^\s*#/.test(edited[at - 1])) at--;
  edited.splice(at, 0, ...general, '', '');
  const title = `Make ${copies.map((copy) => `\`${copy.name}\``).join(', ')} thin wrappers of one function \`${name}()\``;
  const edit = { range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: edited.join('\n') };
  const summary = `${copies.length} near-copy functions become wrappers of \`${name}(${[...first.parameters, ...slotNames].join(', ')})\`; ${before} lines → ${after}`;
  return { title, result: checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[file, [edit]]]) }, summary }) };
}

/** Copy `k`'s body lines with each slot's place written as `write(slot)`. */
function withSlots(body: readonly string[], slots: readonly ValueSlot[], k: number, write: (slot: ValueSlot) => string): string[] {
  const edited = [...body];
  const spots = slots.map((slot) => ({ slot, ...slot.at[k] })).sort((a, b) => b.line - a.line || b.character - a.character);
  for (const { slot, line, character, length, replacement } of spots) edited[line] = edited[line].slice(0, character) + (replacement ?? write(slot)) + edited[line].slice(character + length);
  return edited;
}

/** What copy `k` passes for a slot: its argument, else its own text there. */
function argumentOf(lines: readonly string[], copy: WholeCopy, slot: ValueSlot, k: number): string {
  const { line, character, length, argument } = slot.at[k];
  return argument ?? lines[copy.bodyRow + line].slice(character, character + length);
}
