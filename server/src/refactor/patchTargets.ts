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
 *
 * `patch.dict` is none: it changes the dict in place, which every module holding it shares.
 */
import * as path from 'path';
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from '../core/parse/pythonParser';
import { moduleNameOf, packageOf } from '../core/python/moduleNames';
import type { WorkspaceSnapshot } from './domainEdit';
import { moduleReferences, snippet } from './move/moduleReferences';
import { DOTTED, stringValue } from './dottedStrings';

/** One name of the module a file patches. */
export interface PatchTarget {
  readonly file: string;
  /** The module-level name patched. */
  readonly name: string;
  /** For messages: "tests.py patches `shop.views.requests`", or "… patches `requests` through the module (`patch.object(views, "requests")`)". */
  readonly description: string;
}

type PatchForm = 'path' | 'object' | 'multiple' | 'attr';

/** Keywords of `patch.multiple` that configure it rather than name an attribute. */
const MULTIPLE_OPTIONS = new Set(['spec', 'spec_set', 'create', 'autospec', 'new_callable']);
const IDENTIFIER = /^[A-Za-z_]\w*$/;
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
      for (const { name, through } of patchesIn(tree, pkg, module)) {
        const what = through ? `\`${name}\` through the module (\`${snippet(through)}\`)` : `\`${module}.${name}\``;
        found.push({ file, name, description: `${path.basename(file)} patches ${what}` });
      }
    } finally {
      tree.delete();
    }
  }
  return found;
}

/** The first patch of one of `names` of `module`, if any; the workspace is not read when `names` is empty. */
export function patchOfAny(parser: PythonParser, snapshot: WorkspaceSnapshot, module: string, names: readonly string[]): PatchTarget | undefined {
  return names.length === 0 ? undefined : patchesOf(parser, snapshot, module).find((patch) => names.includes(patch.name));
}

/** The names of `module` one parsed file patches; `through` is the call when it names the module by an object, not a path. */
function patchesIn(tree: Tree, fromPackage: string, module: string): { name: string; through?: Node }[] {
  const found: { name: string; through?: Node }[] = [];
  for (const call of tree.rootNode.descendantsOfType('call')) {
    const form = formOf(call);
    const { positional, keywords } = argumentsOf(call);
    const target = stringValue(form === 'path' ? (positional[0] ?? keywords.get('target')) : positional[0]);
    if (!form || target === undefined || !DOTTED.test(target)) continue;
    if (form === 'multiple' && target === module) found.push(...attributeKeywords(keywords).map((name) => ({ name })));
    const dot = target.lastIndexOf('.');
    if ((form === 'path' || form === 'attr') && target.slice(0, dot) === module) found.push({ name: target.slice(dot + 1) });
  }
  for (const binding of moduleReferences(tree, fromPackage, module).bindings) {
    for (const read of binding.reads) {
      if (read.kind !== 'object' || read.context.type !== 'call') continue;
      const call = read.context;
      const form = formOf(call);
      const { positional, keywords } = argumentsOf(call);
      if (positional[0]?.id !== read.module.id || LOOKUPS.has(call.childForFieldName('function')?.text ?? '')) continue;
      // A helper of the project's own (`stub(views, "requests", fake)`) may patch the name it is given.
      const names = form === 'multiple' ? attributeKeywords(keywords) : [stringValue(positional[1])];
      for (const name of names) if (name !== undefined && IDENTIFIER.test(name)) found.push({ name, through: call });
    }
  }
  return found;
}

/** Which patcher a call is, by the callee's last parts (`mock.patch`, `mocker.patch.object`, `monkeypatch.setattr`). */
function formOf(call: Node): PatchForm | undefined {
  const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  if (/(^|\.)patch$/.test(callee)) return 'path';
  if (/(^|\.)patch\.object$/.test(callee)) return 'object';
  if (/(^|\.)patch\.multiple$/.test(callee)) return 'multiple';
  return /(^|\.)(setattr|delattr)$/.test(callee) ? 'attr' : undefined;
}

function argumentsOf(call: Node): { positional: Node[]; keywords: Map<string, Node> } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const argument of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (argument.type === 'keyword_argument') keywords.set(argument.childForFieldName('name')!.text, argument.childForFieldName('value')!);
    else if (!['comment', 'list_splat', 'dictionary_splat'].includes(argument.type)) positional.push(argument);
  }
  return { positional, keywords };
}

/** `patch.multiple(…, requests=DEFAULT, create=True)` patches `requests`. */
function attributeKeywords(keywords: ReadonlyMap<string, Node>): string[] {
  return [...keywords.keys()].filter((name) => !MULTIPLE_OPTIONS.has(name));
}
