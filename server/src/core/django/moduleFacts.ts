/**
 * What the Django project model keeps of one module: its imports and top-level names (to resolve
 * names across modules), its classes with their class-level assignments, nested classes (`Meta`)
 * and methods, its functions with their decorators, and its module-level statements in order
 * (settings, `urlpatterns`, router registrations). Nothing here knows what a model or a view is:
 * a module alone cannot tell (a model may inherit from another module's abstract base), so the
 * project interprets these facts once it has every module's (project.ts).
 *
 * A pure function of one module's tree, returning plain data: cacheable, and computable in a
 * worker thread.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';
import { parameterName } from '../python/functionFacts';
import { moduleImports, type ImportBinding } from '../python/moduleOutline';
import { exprOf, stringOf, type Expr } from './expr';

/** A class-level `name = value` (or `name: T = value`). */
export interface AttributeFacts {
  readonly name: string;
  readonly value: Expr;
  readonly range: SourceRange;
}

export interface MethodFacts {
  readonly name: string;
  readonly decorators: readonly Expr[];
  readonly range: SourceRange;
}

export interface ClassFacts {
  readonly name: string;
  /** The class name's range. */
  readonly range: SourceRange;
  /** Positional bases as written; `metaclass=` and other keywords are left out. */
  readonly bases: readonly Expr[];
  readonly decorators: readonly Expr[];
  readonly attributes: readonly AttributeFacts[];
  readonly methods: readonly MethodFacts[];
  /** Nested classes (`Meta`). */
  readonly classes: readonly ClassFacts[];
}

export interface FunctionDefinition {
  readonly name: string;
  readonly range: SourceRange;
  readonly decorators: readonly Expr[];
  readonly parameters: readonly string[];
}

/**
 * A module-level statement the concepts read. `conditional`: it sits in a module-level `if`/`try`
 * block, so whether it runs is not known statically.
 */
export type ModuleStatement = (
  | { readonly kind: 'assign'; readonly targets: readonly string[]; readonly value: Expr }
  /** `name += value` (or another operator). */
  | { readonly kind: 'augment'; readonly target: string; readonly operator: string; readonly value: Expr }
  /** A call made for its effect: `router.register(…)`, `urlpatterns.append(…)`. */
  | { readonly kind: 'call'; readonly call: Extract<Expr, { kind: 'call' }> }
  /** `name[…] = …`, `name.attr += …`, `del name[…]`: the value bound to `target` changes in a way not followed. */
  | { readonly kind: 'mutate'; readonly target: string }
  /** `from module import *`, module as written (relative dots kept). */
  | { readonly kind: 'starImport'; readonly module: string }
) & { readonly conditional: boolean; readonly range: SourceRange };

export interface DjangoModuleFacts {
  readonly path: string;
  /** Names the module binds at top level (definitions and assignments), for name resolution. */
  readonly names: readonly string[];
  readonly imports: readonly ImportBinding[];
  readonly classes: readonly ClassFacts[];
  readonly functions: readonly FunctionDefinition[];
  readonly statements: readonly ModuleStatement[];
  /** `DJANGO_SETTINGS_MODULE` values the module sets (manage.py, wsgi.py, asgi.py). */
  readonly settingsModules: readonly string[];
}

/** The facts of the module at `path`, parsed as `root`. */
export function djangoModuleFacts(path: string, root: SyntaxNode): DjangoModuleFacts {
  const names = new Set<string>();
  const classes: ClassFacts[] = [];
  const functions: FunctionDefinition[] = [];
  const statements: ModuleStatement[] = [];
  const visit = (statement: SyntaxNode, conditional: boolean): void => {
    const definition = unwrapDecorated(statement);
    if (definition?.type === 'class_definition') {
      const facts = classFacts(statement, definition);
      if (facts) {
        names.add(facts.name);
        if (!conditional) classes.push(facts);
      }
    } else if (definition?.type === 'function_definition') {
      const facts = functionFacts(statement, definition);
      if (facts) {
        names.add(facts.name);
        if (!conditional) functions.push(facts);
      }
    } else if (isBlock(statement)) {
      if (!isMainGuard(statement)) for (const child of blockStatements(statement)) visit(child, true);
    } else {
      const facts = statementFacts(statement, conditional);
      if (facts?.kind === 'assign') facts.targets.forEach((target) => names.add(target));
      if (facts) statements.push(facts);
    }
  };
  for (const statement of root.namedChildren) visit(statement, false);
  return {
    path,
    names: [...names],
    imports: moduleImports(root),
    classes,
    functions,
    statements,
    settingsModules: root.text.includes('DJANGO_SETTINGS_MODULE') ? settingsModulesIn(root) : [],
  };
}

function classFacts(statement: SyntaxNode, definition: SyntaxNode): ClassFacts | undefined {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode) return undefined;
  const attributes: AttributeFacts[] = [];
  const methods: MethodFacts[] = [];
  const classes: ClassFacts[] = [];
  for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
    const inner = unwrapDecorated(member);
    if (inner?.type === 'function_definition') {
      const name = inner.childForFieldName('name');
      if (name) methods.push({ name: name.text, decorators: decoratorsOf(member), range: rangeOf(name) });
    } else if (inner?.type === 'class_definition') {
      const nested = classFacts(member, inner);
      if (nested) classes.push(nested);
    } else {
      const assignment = assignmentOf(member);
      const value = assignment?.childForFieldName('right');
      for (const target of assignment ? assignedNames(assignment) : []) {
        if (value) attributes.push({ name: target.text, value: exprOf(value), range: rangeOf(target) });
      }
    }
  }
  const superclasses = definition.childForFieldName('superclasses')?.namedChildren ?? [];
  return {
    name: nameNode.text,
    range: rangeOf(nameNode),
    bases: superclasses.filter((base) => base.type !== 'keyword_argument' && base.type !== 'comment').map(exprOf),
    decorators: decoratorsOf(statement),
    attributes,
    methods,
    classes,
  };
}

function functionFacts(statement: SyntaxNode, definition: SyntaxNode): FunctionDefinition | undefined {
  const nameNode = definition.childForFieldName('name');
  if (!nameNode) return undefined;
  const parameters = definition.childForFieldName('parameters')?.namedChildren ?? [];
  return {
    name: nameNode.text,
    range: rangeOf(nameNode),
    decorators: decoratorsOf(statement),
    parameters: parameters.filter((p) => p.type !== 'comment').map(parameterName),
  };
}

function statementFacts(statement: SyntaxNode, conditional: boolean): ModuleStatement | undefined {
  const range = rangeOf(statement);
  if (statement.type === 'import_from_statement' && statement.namedChildren.some((c) => c.type === 'wildcard_import')) {
    const module = statement.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '';
    return { kind: 'starImport', module, conditional, range };
  }
  if (statement.type === 'delete_statement') {
    const target = rootName(statement.namedChild(0));
    return target ? { kind: 'mutate', target, conditional, range } : undefined;
  }
  if (statement.type !== 'expression_statement') return undefined;
  const inner = statement.namedChild(0);
  if (inner?.type === 'assignment') {
    const value = innermostValue(inner);
    const targets = assignedNames(inner).map((target) => target.text);
    if (value && targets.length > 0) return { kind: 'assign', targets, value: exprOf(value), conditional, range };
    const mutated = rootName(inner.childForFieldName('left'));
    return mutated ? { kind: 'mutate', target: mutated, conditional, range } : undefined;
  }
  if (inner?.type === 'augmented_assignment') {
    const target = inner.childForFieldName('left');
    const value = inner.childForFieldName('right');
    const operator = inner.childForFieldName('operator')?.text.replace(/=$/, '');
    if (target?.type !== 'identifier') {
      const mutated = rootName(target);
      return mutated ? { kind: 'mutate', target: mutated, conditional, range } : undefined;
    }
    if (!value || !operator) return undefined;
    return { kind: 'augment', target: target.text, operator, value: exprOf(value), conditional, range };
  }
  if (inner?.type === 'call') {
    const call = exprOf(inner);
    return call.kind === 'call' ? { kind: 'call', call, conditional, range } : undefined;
  }
  return undefined;
}

/** The identifiers `a = b = value` binds (only plain names: `a.b = …` and `a[0] = …` bind none). */
function assignedNames(assignment: SyntaxNode): SyntaxNode[] {
  const names: SyntaxNode[] = [];
  for (let node: SyntaxNode | null = assignment; node?.type === 'assignment'; node = node.childForFieldName('right')) {
    const left = node.childForFieldName('left');
    if (left?.type === 'identifier') names.push(left);
  }
  return names;
}

/** `DATABASES` of `DATABASES["default"]["NAME"]` or `LOGGING.handlers`. */
function rootName(target: SyntaxNode | null): string | undefined {
  let node = target;
  while (node && (node.type === 'subscript' || node.type === 'attribute')) {
    node = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
  }
  return node?.type === 'identifier' && node !== target ? node.text : undefined;
}

function innermostValue(assignment: SyntaxNode): SyntaxNode | null {
  let node: SyntaxNode | null = assignment;
  while (node?.type === 'assignment') node = node.childForFieldName('right');
  return node;
}

function assignmentOf(statement: SyntaxNode): SyntaxNode | undefined {
  const inner = statement.type === 'expression_statement' ? statement.namedChild(0) : null;
  return inner?.type === 'assignment' ? inner : undefined;
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")`, `os.environ["DJANGO_SETTINGS_MODULE"] = "x.settings"`. */
function settingsModulesIn(root: SyntaxNode): string[] {
  const found: string[] = [];
  for (const call of root.descendantsOfType('call')) {
    if (!/(^|\.)(setdefault|putenv)$/.test(call.childForFieldName('function')?.text ?? '')) continue;
    const args = call.childForFieldName('arguments')?.namedChildren.map(exprOf) ?? [];
    const module = stringOf(args[1]);
    if (stringOf(args[0]) === 'DJANGO_SETTINGS_MODULE' && module) found.push(module);
  }
  for (const assignment of root.descendantsOfType('assignment')) {
    const left = assignment.childForFieldName('left');
    const key = left?.type === 'subscript' ? left.childForFieldName('subscript') : null;
    const value = assignment.childForFieldName('right');
    const module = value ? stringOf(exprOf(value)) : undefined;
    if (key && stringOf(exprOf(key)) === 'DJANGO_SETTINGS_MODULE' && module) found.push(module);
  }
  return found;
}

const BLOCKS = new Set(['if_statement', 'try_statement', 'with_statement']);

function isBlock(statement: SyntaxNode): boolean {
  return BLOCKS.has(statement.type);
}

/** `if __name__ == "__main__":` runs only as a script, never on import. */
function isMainGuard(statement: SyntaxNode): boolean {
  return statement.type === 'if_statement' && /^__name__\s*==|==\s*__name__$/.test(statement.childForFieldName('condition')?.text ?? '');
}

/** The statements of every branch of a block (`if`/`elif`/`else`, `try`/`except`/`else`/`finally`, `with`). */
function blockStatements(statement: SyntaxNode): SyntaxNode[] {
  const statements: SyntaxNode[] = [];
  const collect = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'block') statements.push(...child.namedChildren);
      else if (/_clause$/.test(child.type)) collect(child);
    }
  };
  collect(statement);
  return statements;
}

function unwrapDecorated(node: SyntaxNode): SyntaxNode | null {
  return node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
}

function decoratorsOf(node: SyntaxNode): Expr[] {
  if (node.type !== 'decorated_definition') return [];
  return node.namedChildren
    .filter((child) => child.type === 'decorator')
    .map((decorator) => decorator.namedChildren.find((c) => c.type !== 'comment'))
    .filter((expression): expression is SyntaxNode => !!expression)
    .map(exprOf);
}

function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
