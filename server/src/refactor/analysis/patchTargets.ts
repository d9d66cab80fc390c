/**
 * Where the workspace's tests patch a module's names. `mock.patch("shop.views.requests")`
 * replaces the attribute `requests` of the module object `shop.views` while the test runs: code
 * that looks the name up in shop.views sees the mock, code that imported it into another module
 * does not. Code moved out of the module takes its reads of such a name out of the patch's reach
 * (the test then calls the real thing), so every engine that moves code asks here first.
 *
 * Recognised as decorator, context manager or call, by path or through the module by any name
 * the file's imports give it (moduleReferences.ts resolves those, scopes included):
 *
 *     patch("shop.views.requests")                 mock.patch, mocker.patch, patch(target=…)
 *     patch.object(views, "requests")              mocker.patch.object, import shop.views as sv
 *     patch.multiple("shop.views", requests=DEFAULT)   or patch.multiple(views, …)
 *     monkeypatch.setattr("shop.views.requests", …)    monkeypatch.setattr(views, "requests", …)
 *     monkeypatch.delattr(…), setattr(views, "requests", …), any call but getattr/hasattr
 *     given the module and a name
 *     patch.dict("shop.views.__dict__", {"requests": …})   or patch.dict(views.__dict__, …),
 *     patch.dict(vars(views), …): the module's globals themselves
 *
 * A target read from parts (`f"{MODULE}.requests"`, `"shop.views." + name`, a variable) may
 * patch any name of a module its readable start allows: such a patch covers every name (ANY).
 * `patch.dict` of any other dict is none: it changes the dict in place, which every module
 * holding it shares.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { moduleNameOf, packageOf } from '../../core/python/moduleNames';
import type { WorkspaceSnapshot } from '../domainEdit';
import { moduleReferences, snippet } from '../move/moduleReferences';
import { DOTTED, type StringLiteral } from './dottedStrings';
import { rangeOfNode } from './nameUses';

/** One name of the module a file patches. */
export interface PatchTarget {
  readonly file: string;
  /** The module-level name patched; ANY when the test may patch any of them. */
  readonly name: string;
  /** For messages: "tests.py patches `shop.views.requests`", or "… patches `requests` through the module (`patch.object(views, "requests")`)". */
  readonly description: string;
  /** A target written as one plain string (`patch("shop.views.requests")`), which an engine moving the name's readers may rewrite. */
  readonly literal?: StringLiteral;
}

type PatchForm = 'path' | 'object' | 'multiple' | 'attr' | 'dict';

/** The name of a patch whose target cannot be read: it may be any name of the module. */
export const ANY = '*';

/** Whether the patch may replace `name`. */
export function patchCovers(patch: PatchTarget, name: string): boolean {
  return patch.name === ANY || patch.name === name;
}

/** Keywords of `patch.multiple` that configure it rather than name an attribute. */
const MULTIPLE_OPTIONS = new Set(['spec', 'spec_set', 'create', 'autospec', 'new_callable']);
const IDENTIFIER = /^[A-Za-z_]\w*$/;
/** `patch`, `mock.patch`, `mocker.patch`: their first argument is a target whatever its form. */
const MOCK_PATCH = /^((\w+\.)*mock|mocker)?\.?patch$/;
/** Calls given a module and a name that only read it. */
const LOOKUPS = new Set(['getattr', 'hasattr']);

/** Every patch of a name of `module` in the workspace's Python files. */
export function patchesOf(parser: PythonParser, snapshot: WorkspaceSnapshot, module: string): PatchTarget[] {
  const leaf = module.split('.').at(-1)!;
  const found: PatchTarget[] = [];
  for (const file of snapshot.pythonFiles()) {
    const text = snapshot.read(file);
    // A file patching the module calls a patcher and names the module: in the path, or in its import.
    if (!text || !/patch|setattr|delattr/.test(text) || !text.includes(leaf)) continue;
    const tree = parser.parse(text);
    try {
      const pkg = packageOf(moduleNameOf(file, snapshot), path.basename(file) === '__init__.py');
      for (const { name, through, call, literal } of patchesIn(tree, pkg, module)) {
        const what =
          name === ANY ? `may patch any name of \`${module}\` (\`${snippet(call)}\`)`
          : through ? `patches \`${name}\` through the module (\`${snippet(through)}\`)`
          : `patches \`${module}.${name}\``;
        found.push({ file, name, description: `${path.basename(file)} ${what}`, ...(literal && { literal: { range: rangeOfNode(literal), text: literal.text } }) });
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}

/** The first patch of one of `names` of `module`, if any; the workspace is not read when `names` is empty. */
export function patchOfAny(parser: PythonParser, snapshot: WorkspaceSnapshot, module: string, names: readonly string[]): PatchTarget | undefined {
  return names.length === 0 ? undefined : patchesOf(parser, snapshot, module).find((patch) => names.some((name) => patchCovers(patch, name)));
}

/** The names of `module` one parsed file patches; `through` is the call when it names the module by an object, not a path. */
function patchesIn(tree: Tree, fromPackage: string, module: string): { name: string; call: Node; through?: Node; literal?: Node }[] {
  const found: { name: string; call: Node; through?: Node; literal?: Node }[] = [];
  for (const call of tree.rootNode.descendantsOfType('call')) {
    const form = formOf(call);
    if (!form || form === 'object') continue;
    const { positional, keywords } = argumentsOf(call);
    const node = form === 'path' ? (positional[0] ?? keywords.get('target')) : form === 'dict' ? (positional[0] ?? keywords.get('in_dict')) : positional[0];
    // `setattr(obj, name, …)` or `client.patch(url)` with a variable is everyday code; `mock.patch(TARGET)` always names a target.
    if (!node || !(isStringLike(node) || MOCK_PATCH.test(call.childForFieldName('function')!.text))) continue;
    const target = readString(node);
    const names = (expected: string, named: () => string[]): string[] => {
      if (target.complete) return target.text === expected ? named() : [];
      return mayStartWith(expected, target.text) ? [ANY] : [];
    };
    if (form === 'dict') found.push(...names(`${module}.__dict__`, () => dictNames(call)).map((name) => ({ name, call })));
    else if (form === 'multiple') found.push(...names(module, () => attributeKeywords(call)).map((name) => ({ name, call })));
    else if (!target.complete) found.push(...names(`${module}.`, () => []).map((name) => ({ name, call })));
    else if (DOTTED.test(target.text) && target.text.slice(0, target.text.lastIndexOf('.')) === module) {
      found.push({ name: target.text.slice(target.text.lastIndexOf('.') + 1), call, ...(node.type === 'string' && { literal: node }) });
    }
  }
  for (const binding of moduleReferences(tree, fromPackage, module).bindings) {
    for (const read of binding.reads) {
      if (read.kind !== 'object') continue;
      const globals = globalsDictOf(read);
      const argument = globals ?? read.module;
      const call = argument.parent?.type === 'argument_list' ? argument.parent.parent : null;
      if (!call || call.type !== 'call' || argumentsOf(call).positional[0]?.id !== argument.id) continue;
      const form = formOf(call);
      if (globals) {
        if (form === 'dict') found.push(...dictNames(call).map((name) => ({ name, call, through: call })));
        continue;
      }
      if (LOOKUPS.has(call.childForFieldName('function')?.text ?? '')) continue;
      // A helper of the project's own (`stub(views, "requests", fake)`) may patch the name it is given; a patcher, any it is given.
      const second = argumentsOf(call).positional[1];
      const read2 = second && readString(second);
      const named = form === 'multiple' ? attributeKeywords(call) : !read2 ? [] : read2.complete ? [read2.text] : form === 'object' || form === 'attr' ? [ANY] : [];
      for (const name of named) if (name === ANY || IDENTIFIER.test(name)) found.push({ name, call, through: call });
    }
  }
  return found;
}

/** `views.__dict__` or `vars(views)` around a read of the module: its globals themselves. */
function globalsDictOf(read: { module: Node; context: Node }): Node | undefined {
  if (read.context.type === 'attribute' && read.context.childForFieldName('attribute')?.text === '__dict__') return read.context;
  const call = read.module.parent?.type === 'argument_list' ? read.module.parent.parent : null;
  return call?.childForFieldName('function')?.text === 'vars' ? call : undefined;
}

/**
 * The names `patch.dict(<globals>, values, clear=…, **names)` sets: the keys of a literal dict and
 * the keywords; ANY when they cannot be read or `clear` empties the dict.
 */
function dictNames(call: Node): string[] {
  const { positional, keywords, splat } = argumentsOf(call);
  const values = positional[1] ?? keywords.get('values');
  const clear = keywords.get('clear');
  if (splat || (clear && clear.text !== 'False')) return [ANY];
  const names = [...keywords.keys()].filter((name) => !['in_dict', 'values', 'clear'].includes(name));
  if (!values) return names;
  if (values.type !== 'dictionary') return [ANY];
  for (const pair of values.namedChildren) {
    const key = pair.type === 'pair' ? readString(pair.childForFieldName('key')!) : undefined;
    if (!key?.complete) return [ANY];
    names.push(key.text);
  }
  return names;
}

/** Which patcher a call is, by the callee's last parts (`mock.patch`, `mocker.patch.object`, `monkeypatch.setattr`). */
function formOf(call: Node): PatchForm | undefined {
  const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  if (/(^|\.)patch$/.test(callee)) return 'path';
  if (/(^|\.)patch\.object$/.test(callee)) return 'object';
  if (/(^|\.)patch\.multiple$/.test(callee)) return 'multiple';
  if (/(^|\.)patch\.dict$/.test(callee)) return 'dict';
  return /(^|\.)(setattr|delattr)$/.test(callee) ? 'attr' : undefined;
}

function argumentsOf(call: Node): { positional: Node[]; keywords: Map<string, Node>; splat: boolean } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let splat = false;
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument.type === 'keyword_argument') keywords.set(argument.childForFieldName('name')!.text, argument.childForFieldName('value')!);
    else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') splat = true;
    else if (argument.type !== 'comment') positional.push(argument);
  }
  return { positional, keywords, splat };
}

/** `patch.multiple(…, requests=DEFAULT, create=True)` patches `requests`; `**names`, any. */
function attributeKeywords(call: Node): string[] {
  const { keywords, splat } = argumentsOf(call);
  return splat ? [ANY] : [...keywords.keys()].filter((name) => !MULTIPLE_OPTIONS.has(name));
}

/** Whether a string starting with `start` may be `expected` or begin with it. */
function mayStartWith(expected: string, start: string): boolean {
  return expected.startsWith(start) || start.startsWith(expected);
}

function isStringLike(node: Node): boolean {
  return ['string', 'concatenated_string'].includes(node.type) || (node.type === 'binary_operator' && node.namedChildren.some(isStringLike));
}

/**
 * A string expression's value when `complete`; else the start of it that can be read (the text
 * before an f-string's first `{…}`, the literal left of a `+`), which is '' for a variable.
 */
function readString(node: Node): { text: string; complete: boolean } {
  if (node.type === 'string') {
    const quote = /^[rRuUbBfF]*('''|"""|'|")/.exec(node.text);
    if (!quote) return { text: '', complete: false };
    const interpolation = node.descendantsOfType('interpolation')[0];
    const end = interpolation ? interpolation.startIndex - node.startIndex : node.text.length - quote[1].length;
    return { text: node.text.slice(quote[0].length, end), complete: !interpolation };
  }
  if (node.type === 'concatenated_string' || (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+')) {
    let text = '';
    for (const part of node.namedChildren) {
      const read = readString(part);
      text += read.text;
      if (!read.complete) return { text, complete: false };
    }
    return { text, complete: true };
  }
  if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return readString(node.namedChildren[0]);
  return { text: '', complete: false };
}
