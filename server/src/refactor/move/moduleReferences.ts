/**
 * Where a file uses one module as an object: `import shop.views as sv` then `sv.checkout`,
 * `import shop.views` then `shop.views.checkout`, `from shop import views` then `views.checkout`.
 * The file's bindings of the module, and of the packages above it through which it is reached,
 * come from its import statements (at module level or inside functions); every read of such a
 * name is resolved with Python's scoping to the binding it means, so a parameter or an assignment
 * of the same name in a function is another variable, not the module.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { absoluteModule } from '../../core/python/moduleNames';

/** How an import statement binds the name: `import a.b` binds `a`; `import a.b as m`; `from a import b`. */
export type ImportStyle = 'plain' | 'alias' | 'from';

/** One entry of an import statement that binds the name to the module or to a package above it. */
export interface ModuleImport {
  /** The `dotted_name` or `aliased_import` entry. */
  readonly node: Node;
  readonly statement: Node;
  readonly style: ImportStyle;
  /** Written relative to the file's package (`from . import views`). */
  readonly relative: boolean;
  /** The module the entry imports (`shop.views` for `import shop.views`, which binds `shop`). */
  readonly loads: string;
}

/** A read of a bound name, classified by what it does with the module. */
export type ModuleRead =
  /** `sv.checkout`: `module` is the expression for the module, `node` the attribute; `write` when assigned or deleted. */
  | { readonly kind: 'attribute'; readonly name: string; readonly module: Node; readonly node: Node; readonly write: boolean }
  /** The module itself used as a value (`getattr(sv, name)`, `f(sv)`, `sv.__dict__`): any of its names may be read. */
  | { readonly kind: 'object'; readonly module: Node; readonly context: Node }
  /** A read that does not reach the module (`shop.models` when `import shop.views` binds `shop`). */
  | { readonly kind: 'other'; readonly node: Node };

export interface ModuleBinding {
  readonly name: string;
  /** The module, function, lambda, class or comprehension the name belongs to. */
  readonly scope: Node;
  /** The module the name means (`shop` for `import shop.views`). */
  readonly module: string;
  readonly imports: readonly ModuleImport[];
  /** Why the name may mean something else where it is read (assigned too, deleted, declared global). */
  readonly problem?: string;
  readonly reads: readonly ModuleRead[];
}

export interface ModuleReferences {
  readonly bindings: readonly ModuleBinding[];
  /** `from <module> import *` statements. */
  readonly starImports: readonly Node[];
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** What an assignment target may be nested in: `a, (b, *c) = …`, `with x as (a, b)`, `del a, b`. */
const TARGET_CONTAINERS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat', 'expression_list', 'as_pattern_target']);
const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

interface Draft {
  readonly name: string;
  readonly scope: Node;
  readonly imports: ModuleImport[];
  readonly modules: Set<string>;
  /** Statements binding the name otherwise in the same scope. */
  readonly others: Node[];
  readonly reads: ModuleRead[];
}

/** The bindings of `module` (or of packages above it) in a file of `fromPackage`, and their reads. */
export function moduleReferences(tree: Tree, fromPackage: string, module: string): ModuleReferences {
  const onPath = (m: string) => module === m || module.startsWith(`${m}.`);
  const key = (scope: Node, name: string) => `${scope.id}:${name}`;
  const starImports: Node[] = [];
  const drafts = new Map<string, Draft>();
  const otherBindings: { scope: Node; name: string; statement: Node }[] = [];

  for (const statement of tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement'])) {
    const scope = scopeOf(statement, true);
    for (const entry of importEntries(statement, fromPackage)) {
      if (entry.name === '*') {
        if (entry.module === module) starImports.push(statement);
      } else if (!onPath(entry.module)) {
        otherBindings.push({ scope, name: entry.name, statement });
      } else {
        const draft = drafts.get(key(scope, entry.name)) ?? { name: entry.name, scope, imports: [], modules: new Set<string>(), others: [], reads: [] };
        draft.imports.push({ node: entry.node, statement, style: entry.style, relative: entry.relative, loads: entry.loads });
        draft.modules.add(entry.module);
        drafts.set(key(scope, entry.name), draft);
      }
    }
  }
  const names = new Set([...drafts.values()].map((d) => d.name));
  if (names.size === 0) return { bindings: [], starImports };

  const declarations = new Map<string, Node>();
  const reads: Node[] = [];
  for (const node of tree.rootNode.descendantsOfType('identifier')) {
    if (!names.has(node.text)) continue;
    const occurrence = occurrenceOf(node);
    if (occurrence === 'declare') {
      declarations.set(node.text, node.parent!);
    } else if (occurrence === 'bind') {
      otherBindings.push({ scope: scopeOf(node, true), name: node.text, statement: statementOf(node) });
    } else if (occurrence === 'read') {
      reads.push(node);
    }
  }
  // Names bound in a scope other than by an import of the module: shadows, or a problem in the same scope.
  const shadows = new Set<string>();
  for (const other of otherBindings) {
    const at = key(other.scope, other.name);
    if (!names.has(other.name)) continue;
    const draft = drafts.get(at);
    if (draft) draft.others.push(other.statement);
    else shadows.add(at);
  }
  for (const node of reads) {
    // A name declared global or nonlocal somewhere may be the module anywhere: every read counts.
    const draft = declarations.has(node.text)
      ? [...drafts.values()].find((d) => d.name === node.text)
      : resolve(scopeOf(node, false), (scope) => drafts.get(key(scope, node.text)) ?? (shadows.has(key(scope, node.text)) ? null : undefined));
    if (draft) draft.reads.push(readOf(node, [...draft.modules][0], module, onPath));
  }

  const bindings = [...drafts.values()].map((draft) => ({
    name: draft.name,
    scope: draft.scope,
    module: [...draft.modules][0],
    imports: draft.imports,
    problem: problemOf(draft, declarations.get(draft.name)),
    reads: draft.reads,
  }));
  return { bindings, starImports };
}

function problemOf(draft: Draft, declaration: Node | undefined): string | undefined {
  if (declaration) return `\`${draft.name}\` is declared \`${declaration.text.split(/\s/)[0]}\` (\`${snippet(declaration)}\`)`;
  if (draft.modules.size > 1) return `\`${draft.name}\` is bound to ${[...draft.modules].join(' and ')}`;
  if (draft.others.length > 0) return `\`${draft.name}\` is rebound or deleted (\`${snippet(draft.others[0])}\`)`;
  return undefined;
}

interface ImportEntry {
  readonly name: string;
  /** The module the name means if it is a module (`from a import b` may bind an attribute of `a` instead). */
  readonly module: string;
  readonly node: Node;
  readonly style: ImportStyle;
  readonly relative: boolean;
  readonly loads: string;
}

/** What each entry of an import statement binds; a star import is one entry named `*`. */
function importEntries(statement: Node, fromPackage: string): ImportEntry[] {
  if (statement.type === 'import_statement') {
    return statement.childrenForFieldName('name').map((entry) => {
      const dotted = entry.type === 'aliased_import' ? entry.childForFieldName('name')!.text : entry.text;
      const alias = entry.type === 'aliased_import' ? entry.childForFieldName('alias')!.text : undefined;
      const top = dotted.split('.')[0];
      return { name: alias ?? top, module: alias ? dotted : top, node: entry, style: alias ? 'alias' : 'plain', relative: false, loads: dotted };
    });
  }
  const written = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
  const from = absoluteModule(written, fromPackage);
  const relative = written.startsWith('.');
  if (statement.namedChildren.some((c) => c.type === 'wildcard_import')) return [{ name: '*', module: from, node: statement, style: 'from', relative, loads: from }];
  return statement.childrenForFieldName('name').map((entry) => {
    const imported = entry.type === 'aliased_import' ? entry.childForFieldName('name')!.text : entry.text;
    const module = from ? `${from}.${imported}` : imported;
    const name = entry.type === 'aliased_import' ? entry.childForFieldName('alias')!.text : imported;
    return { name, module, node: entry, style: 'from', relative, loads: module };
  });
}

/** What an identifier does with its name: reads it, binds it, declares it global/nonlocal, or neither (an attribute or keyword). */
function occurrenceOf(node: Node): 'read' | 'bind' | 'declare' | 'none' {
  const parent = node.parent!;
  const isField = (field: string) => parent.childForFieldName(field)?.id === node.id;
  switch (parent.type) {
    case 'attribute':
      return isField('attribute') ? 'none' : 'read';
    case 'keyword_argument':
      return isField('name') ? 'none' : 'read';
    case 'keyword_pattern':
      return parent.namedChild(0)?.id === node.id ? 'none' : 'read';
    case 'global_statement':
    case 'nonlocal_statement':
      return 'declare';
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField('name') ? 'bind' : 'read';
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'splat_pattern':
      return 'bind';
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return ['parameters', 'lambda_parameters', 'typed_parameter'].includes(parent.parent?.type ?? '') || isTarget(parent) ? 'bind' : 'read';
    case 'as_pattern':
      // `case Point() as p`: the name after `as` is captured.
      return parent.namedChild(0)?.id === node.id ? 'read' : 'bind';
    case 'dotted_name': {
      const owner = ['relative_import', 'aliased_import'].includes(parent.parent?.type ?? '') ? parent.parent!.parent : parent.parent;
      if (IMPORTS.has(owner?.type ?? '')) return 'none';
      // `case x:` captures; `case a.b:` compares with a value.
      return parent.parent?.type === 'case_pattern' && parent.namedChildCount === 1 ? 'bind' : 'read';
    }
    default:
      if (IMPORTS.has(parent.type) || parent.type === 'aliased_import') return 'none';
      return isTarget(node) ? 'bind' : 'read';
  }
}

/** Whether the expression is assigned, deleted or bound by `for`, `with … as`, `except … as` or `:=`. */
function isTarget(node: Node): boolean {
  let target = node;
  while (target.parent && TARGET_CONTAINERS.has(target.parent.type)) target = target.parent;
  const parent = target.parent;
  const isField = (field: string) => parent?.childForFieldName(field)?.id === target.id;
  switch (parent?.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return isField('left');
    case 'named_expression':
      return isField('name');
    case 'as_pattern':
      return isField('alias');
    case 'delete_statement':
      return true;
    default:
      return false;
  }
}

/** Whether the file may read `name` from the module: as an attribute, from the module used as a value, or by a star import (when it `starTakes` the name). */
export function mayReadThroughModule(tree: Tree, fromPackage: string, module: string, name: string, starTakes = true): boolean {
  const { bindings, starImports } = moduleReferences(tree, fromPackage, module);
  return (starTakes && starImports.length > 0) || bindings.some((b) => b.reads.some((r) => readsAnyName(r) || (r.kind === 'attribute' && r.name === name)));
}

/** Calls that take a module as a value and read none of its names: `reload(backends)` runs its code again. */
const NAME_BLIND = new Set(['reload', 'importlib.reload']);

/** Whether the read uses the module as a value that may reach any of its names (`getattr(sv, n)`, not `reload(sv)`). */
export function readsAnyName(read: ModuleRead): boolean {
  if (read.kind !== 'object') return false;
  const { context, module } = read;
  const callee = context.type === 'call' ? context.childForFieldName('function')?.text : undefined;
  const args = context.type === 'call' ? context.childForFieldName('arguments')?.namedChildren : undefined;
  return !(callee && NAME_BLIND.has(callee) && args?.length === 1 && args[0].id === module.id);
}

/**
 * The scope a name occurrence belongs to: where it binds (`binding`) or where its lookup starts.
 * A function's name, defaults and annotations belong to the enclosing scope; so does the first
 * iterable of a comprehension, and a `:=` inside one.
 */
function scopeOf(node: Node, binding: boolean): Node {
  const walrus = binding && node.parent?.type === 'named_expression';
  let below = node;
  let child = node;
  for (let parent = node.parent; parent; below = child, child = parent, parent = parent.parent) {
    const isField = (field: string) => parent!.childForFieldName(field)?.id === child.id;
    switch (parent.type) {
      case 'module':
        return parent;
      case 'function_definition':
      case 'lambda':
        if (isField('body') || (binding && isField('parameters'))) return parent;
        break;
      case 'class_definition':
        if (isField('body')) return parent;
        break;
      default:
        if (!COMPREHENSIONS.has(parent.type) || walrus) break;
        if (child.type === 'for_in_clause' && child.id === parent.namedChildren.find((c) => c.type === 'for_in_clause')?.id && child.childForFieldName('right')?.id === below.id) break;
        return parent;
    }
  }
  return node.tree.rootNode;
}

/**
 * What a read in `scope` finds: its own scope, then the enclosing functions, then the module
 * (enclosing classes are skipped). `lookUp` answers per scope: found, null when the name is bound
 * to something else there (the search stops), undefined when the scope does not bind it.
 */
function resolve<T>(scope: Node, lookUp: (scope: Node) => T | null | undefined): T | undefined {
  for (let current: Node | undefined = scope; current; current = current.type === 'module' ? undefined : scopeOf(current, false)) {
    if (current.type === 'class_definition' && current.id !== scope.id) continue;
    const found = lookUp(current);
    if (found !== undefined) return found ?? undefined;
  }
  return undefined;
}

/** Follows `name.a.b` from the bound module down to the module, and classifies what the read does with it. */
function readOf(node: Node, bound: string, module: string, onPath: (module: string) => boolean): ModuleRead {
  let expression = node;
  for (let reached = bound; reached !== module; ) {
    const attribute = attributeOf(expression);
    if (!attribute) return { kind: 'other', node };
    reached = `${reached}.${attribute.childForFieldName('attribute')!.text}`;
    if (!onPath(reached)) return { kind: 'other', node };
    expression = attribute;
  }
  const attribute = attributeOf(expression);
  const name = attribute?.childForFieldName('attribute')?.text;
  // `sv.__dict__` and the like reach every name of the module.
  if (!attribute || !name || name.startsWith('__')) return { kind: 'object', module: expression, context: contextOf(expression) };
  return { kind: 'attribute', name, module: expression, node: attribute, write: isTarget(attribute) };
}

/** `object.x` when the node is the object of an attribute. */
function attributeOf(object: Node): Node | undefined {
  const parent = object.parent;
  return parent?.type === 'attribute' && parent.childForFieldName('object')?.id === object.id ? parent : undefined;
}

/** Where a module used as a value goes, for messages: the call it is passed to, or its statement. */
function contextOf(expression: Node): Node {
  let parent = expression.parent!;
  if (parent.type === 'attribute') return parent;
  if (['keyword_argument', 'list_splat', 'dictionary_splat'].includes(parent.type)) parent = parent.parent!;
  return parent.type === 'argument_list' ? parent.parent! : statementOf(expression);
}

/** The statement holding the node, for messages. */
function statementOf(node: Node): Node {
  let current = node;
  while (current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') current = current.parent;
  return current;
}

/** A node's text for a message: its first line, shortened. */
export function snippet(node: Node): string {
  const line = node.text.split('\n')[0];
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
