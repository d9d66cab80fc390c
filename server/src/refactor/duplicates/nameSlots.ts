/**
 * Copies of a block that differ in names they take from their module (`Customer` in one,
 * `Address` in the other; `send_order_mail` / `send_invoice_mail`) can share one function taking
 * that name as a parameter: each copy passes its own. The value is then read at the call instead
 * of during the block, which changes nothing for a name bound at module level to a class, a
 * function, an import or a constant that nothing rebinds (UPPER_CASE, or a module variable bound
 * once that no function of the module declares `global`: GEOS's `wkt_writer_set_outdim =
 * GEOSFuncFactory(…)`); a local of the copy's function, a variable some function rebinds, a name
 * bound twice or a builtin is refused.
 *
 * The parameter is named for what the names have in common: `model` for models, `form_class`
 * for `OrderForm` / `CustomerForm`, the shared words of `send_order_mail` / `send_invoice_mail`.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../../core/parse/pythonParser';
import { outlineModule } from '../../core/python/moduleOutline';
import { nameFlow, parameterNames } from '../analysis/dataFlow';
import { isUsableName, notShadowingBuiltins } from './valueNames';

/** What a copy's scope says of a name: where it comes from if it may be passed, and whether anything binds it (shadowing a builtin). */
export interface ScopeNames {
  origin(name: string): NameOrigin | undefined;
  binds(name: string): boolean;
  /** The positional parameters a call of the module's function or method `name` fills, if one definition says (a method's without its `self`). */
  parametersOf(name: string): readonly string[] | undefined;
}

/** Where a module-level name a block reads comes from. */
export type NameOrigin =
  | { readonly kind: 'import'; readonly module: string }
  | { readonly kind: 'class' | 'function' | 'constant'; readonly file: string };

/**
 * For the copy of a block starting at `startLine` of `text`: the origin of a name the block may
 * take as a parameter, or undefined when it may not (a local of an enclosing function, a module
 * variable bound more than once, unknown).
 */
export function moduleNamesAt(parser: PythonParser, file: string, text: string, startLine: number): ScopeNames {
  const tree = parser.parse(text);
  try {
    const { outline } = outlineModule(tree, text);
    const locals = new Set<string>();
    const firstLine = text.split('\n')[startLine] ?? '';
    const at = tree.rootNode.descendantForPosition({ row: startLine, column: firstLine.length - firstLine.trimStart().length });
    for (let scope: Node | null = at; scope; scope = scope.parent) {
      if (scope.type !== 'function_definition' && scope.type !== 'lambda') continue;
      for (const name of parameterNames(scope)) locals.add(name);
      const body = scope.childForFieldName('body');
      if (body) for (const name of nameFlow(body.namedChildren).writes) locals.add(name);
    }
    const imports = new Map(outline.imports.filter((binding) => binding.placement === 'module').map((binding) => [binding.localName, binding.module]));
    const bindings = new Map<string, number>();
    for (const symbol of outline.symbols) for (const name of symbol.names) bindings.set(name, (bindings.get(name) ?? 0) + 1);
    const kinds = new Map(outline.symbols.map((symbol) => [symbol.name, symbol.kind]));
    const rebound = new Set([...text.matchAll(/^[ \t]*global[ \t]+([\w \t,]+)/gm)].flatMap((match) => match[1].split(',').map((name) => name.trim())));
    const origin = (name: string): NameOrigin | undefined => {
      if (locals.has(name)) return undefined;
      const bound = (bindings.get(name) ?? 0) + (imports.has(name) ? 1 : 0);
      if (bound > 1) return undefined;
      if (imports.has(name)) return { kind: 'import', module: imports.get(name)! };
      const kind = kinds.get(name);
      if (kind === 'class' || kind === 'function') return { kind, file };
      // A module variable bound once is a constant unless a function of the module rebinds it (`global`); UPPER_CASE ones by convention too.
      if (kind === 'variable' && (/^[A-Z][A-Z0-9_]*$/.test(name) || !rebound.has(name))) return { kind: 'constant', file };
      // A builtin (`abs` / `round`) is left alone: copies calling different builtins compute different things.
      return undefined;
    };
    const signatures = positionalSignatures(tree.rootNode);
    return { origin, binds: (name) => locals.has(name) || bindings.has(name) || imports.has(name) || outline.imports.some((binding) => binding.localName === '*'), parametersOf: (name) => signatures.get(name) ?? undefined };
  } finally {
    tree.delete();
  }
}

/** Each function or method name of the module with the positional parameters a call fills; null when definitions disagree. */
function positionalSignatures(root: Node): Map<string, readonly string[] | null> {
  const found = new Map<string, readonly string[] | null>();
  for (const fn of root.descendantsOfType('function_definition')) {
    const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    const bound = definition.parent?.parent?.type === 'class_definition' && !/@\s*staticmethod\b/.test(definition.text.slice(0, fn.startIndex - definition.startIndex));
    const positional: string[] = [];
    for (const parameter of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      const name = parameter.type === 'identifier' ? parameter : ['default_parameter', 'typed_parameter', 'typed_default_parameter'].includes(parameter.type) ? (parameter.childForFieldName('name') ?? parameter.namedChildren[0]) : null;
      if (name?.type !== 'identifier') break;
      positional.push(name.text);
    }
    const signature = bound ? positional.slice(1) : positional;
    const name = fn.childForFieldName('name')!.text;
    const known = found.get(name);
    found.set(name, known === undefined || (known && known.join() === signature.join()) ? signature : null);
  }
  return found;
}

/** Class-name endings that say what the class is for, and the parameter each makes. */
const CLASS_ROLES: readonly [RegExp, string][] = [
  [/Serializer$/, 'serializer_class'],
  [/Form$/, 'form_class'],
  [/FormSet$/, 'formset_class'],
  [/(Error|Exception)$/, 'error_class'],
  [/ViewSet$/, 'viewset_class'],
  [/View$/, 'view_class'],
  [/Admin$/, 'admin_class'],
  [/Filter(Set)?$/, 'filterset_class'],
  [/Manager$/, 'manager'],
  [/Field$/, 'field_class'],
];

/**
 * Parameter names for the names the copies pass in one place, best first: the role their class
 * names share, `model` for models, the words all the names share, else what kind of thing they are.
 */
export function nameParameterCandidates(names: readonly string[], origins: readonly NameOrigin[]): string[] {
  const candidates: string[] = [];
  if (names.every((name) => /^[A-Z]/.test(name) && /[a-z]/.test(name))) {
    const role = CLASS_ROLES.find(([ending]) => names.every((name) => ending.test(name)));
    if (role) candidates.push(role[1]);
    if (origins.every(isModel)) candidates.push('model');
    const shared = sharedWords(names.map(camelWords));
    if (shared) candidates.push(`${shared}_class`);
    candidates.push('target_class');
  } else {
    const shared = sharedWords(names.map((name) => name.toLowerCase().split('_').filter(Boolean)));
    if (shared) candidates.push(shared);
    candidates.push(origins.every((origin) => origin.kind === 'function') ? 'function' : 'value');
  }
  return [...new Set(candidates.map(notShadowingBuiltins))].filter(isUsableName);
}

/** A name imported from a models module, or defined in one. */
function isModel(origin: NameOrigin): boolean {
  if (origin.kind === 'import') return /(^|\.)models$/.test(origin.module);
  return origin.kind === 'class' && /(^|[\\/])models([\\/]|\.py$)/.test(origin.file) && path.basename(origin.file) !== '__init__.py';
}

function camelWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
}

/** The words every name has, in the first name's order (`send_order_mail`, `send_invoice_mail` → `send_mail`), if any. */
function sharedWords(words: readonly string[][]): string | undefined {
  const [first, ...rest] = words;
  const shared = first.filter((word) => rest.every((other) => other.includes(word)));
  return shared.length > 0 && shared.length < first.length ? shared.join('_') : undefined;
}
