/**
 * The module facts of the `hand-written-crud-view` rule: for each top-level class and function
 * that answers with `Response`, which CRUD operation each HTTP method's handler does by hand
 * (crudOperations.ts). A class's handlers are its `get`, `post`, `put`, `patch`, `delete`
 * methods; a function view's are the branches of its `if request.method == "GET":` chain (with
 * the statements before the chain, typically the lookup), or its whole body.
 *
 * A pure function of one module's tree returning plain data (the code to move is kept as text),
 * so it is computed in the worker with the module's other facts; whether the class or function is
 * a DRF view, and of which model, is the project's to say.
 */
import type { SyntaxNode } from '../../parse/syntaxNode';
import { rangeFromPoints, type SourceRange } from '../../model/sourceRange';
import { parameterName } from '../../python/functionFacts';
import { crudShapeOf, type CrudShape } from './crudOperations';
import { lookupHelperOf, type LookupHelper } from './lookups';
import { boundNames } from './movedCode';
import { statementsOf } from './syntax';

/** A class or function some of whose handlers do a CRUD operation by hand. */
export interface CrudCandidate {
  readonly kind: 'class' | 'function';
  readonly name: string;
  /** The definition, decorators included. */
  readonly range: SourceRange;
  /** One per HTTP method handled; a function view without a method chain has one, for method `*`. */
  readonly handlers: readonly CrudHandler[];
  /** A class's methods other than its handlers and lookup helper (helpers a conversion keeps). */
  readonly otherMethods: readonly string[];
  /** A class's `get_object(self, pk)` lookup helper, which the generic view's `get_object` replaces. */
  readonly lookupHelper?: SourceRange;
  /** A function's docstring, as written. */
  readonly docstring?: string;
}

export interface CrudHandler {
  /** Upper-case HTTP method, `*` for a function view's whole body, `ELSE` for its method chain's `else`. */
  readonly method: string;
  /** The method's definition (a class's handler) or the function's. */
  readonly range: SourceRange;
  readonly shape: CrudShape;
}

export interface CrudModuleFacts {
  readonly candidates: readonly CrudCandidate[];
}

const HANDLERS = ['get', 'post', 'put', 'patch', 'delete'];

/** The CRUD handlers of the module at `path`, parsed as `root`. */
export function crudModuleFacts(_path: string, root: SyntaxNode): CrudModuleFacts {
  if (!root.text.includes('Response')) return { candidates: [] };
  const candidates: CrudCandidate[] = [];
  for (const statement of root.namedChildren) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const candidate = definition?.type === 'class_definition' ? classCandidate(statement, definition) : definition?.type === 'function_definition' ? functionCandidate(statement, definition) : undefined;
    if (candidate && candidate.handlers.some((handler) => handler.shape.kind !== 'other')) candidates.push(candidate);
  }
  return { candidates };
}

function classCandidate(statement: SyntaxNode, definition: SyntaxNode): CrudCandidate | undefined {
  const members = (definition.childForFieldName('body')?.namedChildren ?? []).map((member) => ({ member, method: member.type === 'decorated_definition' ? member.childForFieldName('definition') : member }));
  const helperMember = members.find(({ member, method }) => member === method && method?.type === 'function_definition' && method.childForFieldName('name')?.text === 'get_object');
  const helper = helperMember && lookupHelperOf(helperMember.member, parametersOf(helperMember.member), localsOf(helperMember.member));
  const handlers: CrudHandler[] = [];
  const otherMethods: string[] = [];
  for (const { member, method } of members) {
    if (method?.type !== 'function_definition' || (helper && member === helperMember?.member)) continue;
    const name = method.childForFieldName('name')!.text;
    if (!HANDLERS.includes(name) || member.type === 'decorated_definition') {
      otherMethods.push(name);
      continue;
    }
    const parameters = parametersOf(method);
    const shape = parameters.length < 2 ? { kind: 'other' as const, reason: 'the handler takes no request' } : shapeOf(statementsOf(method.childForFieldName('body')), method, parameters[1], urlArgumentsOf(method).slice(2), helper);
    handlers.push({ method: name.toUpperCase(), range: rangeOf(member), shape });
  }
  if (handlers.length === 0) return undefined;
  const lookupHelper = helper && helperMember ? rangeOf(helperMember.member) : undefined;
  return { kind: 'class', name: definition.childForFieldName('name')!.text, range: rangeOf(statement), handlers, otherMethods, lookupHelper };
}

function functionCandidate(statement: SyntaxNode, definition: SyntaxNode): CrudCandidate | undefined {
  const parameters = parametersOf(definition);
  if (parameters.length === 0) return undefined;
  const request = parameters[0];
  const urlArguments = urlArgumentsOf(definition).slice(1);
  const body = definition.childForFieldName('body');
  const statements = statementsOf(body);
  const docstring = docstringOf(body);
  const chainAt = statements.findIndex((candidate) => candidate.type === 'if_statement' && methodsTested(candidate.childForFieldName('condition'), request) !== undefined);
  const range = rangeOf(statement);
  const name = definition.childForFieldName('name')!.text;
  if (chainAt < 0) return { kind: 'function', name, range, handlers: [{ method: '*', range, shape: shapeOf(statements, definition, request, urlArguments) }], otherMethods: [], docstring };
  const prelude = statements.slice(0, chainAt);
  const handlers: CrudHandler[] = [];
  const after = statements.slice(chainAt + 1);
  for (const [methods, branch] of methodBranches(statements[chainAt], request)) {
    const shape: CrudShape = after.length > 0 ? { kind: 'other', reason: 'statements follow the method branches' } : shapeOf([...prelude, ...branch], definition, request, urlArguments);
    for (const method of methods) handlers.push({ method, range, shape });
  }
  return { kind: 'function', name, range, handlers, otherMethods: [], docstring };
}

/** A function's docstring, as written. */
export function docstringOf(body: SyntaxNode | null): string | undefined {
  const first = body?.namedChildren.find((child) => child.type !== 'comment');
  return first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first.text : undefined;
}

function shapeOf(statements: readonly SyntaxNode[], scope: SyntaxNode, request: string, urlArguments: readonly string[], helper?: LookupHelper): CrudShape {
  return crudShapeOf(statements, { request, urlArguments, locals: localsOf(scope) }, helper);
}

export function localsOf(scope: SyntaxNode): Set<string> {
  return new Set([...parametersOf(scope), ...boundNames(scope.childForFieldName('body')!)]);
}

/** Each branch of `if request.method == "GET": … elif request.method in ("PUT", "PATCH"): …` with the methods it handles. */
function methodBranches(chain: SyntaxNode, request: string): [string[], SyntaxNode[]][] {
  const branches: [string[], SyntaxNode[]][] = [];
  const clauses = [chain, ...chain.namedChildren.filter((child) => child.type === 'elif_clause' || child.type === 'else_clause')];
  for (const clause of clauses) {
    const methods = clause.type === 'else_clause' ? undefined : methodsTested(clause.childForFieldName('condition'), request);
    const body = statementsOf(clause.type === 'else_clause' ? clause.childForFieldName('body') : clause.childForFieldName('consequence'));
    // `else` serves the methods no branch names; an untestable condition, methods not known.
    branches.push([methods ?? [clause.type === 'else_clause' ? 'ELSE' : '?'], body]);
  }
  return branches;
}

/** The methods `request.method == "GET"` or `request.method in ("PUT", "PATCH")` tests. */
export function methodsTested(condition: SyntaxNode | null, request: string): string[] | undefined {
  if (condition?.type !== 'comparison_operator') return undefined;
  const [left, right] = condition.namedChildren;
  const operator = condition.children.find((child) => !child.isNamed)?.text;
  if (left?.text !== `${request}.method` || !right) return undefined;
  if (operator === '==' && right.type === 'string') return [stringText(right)];
  if (operator === 'in' && (right.type === 'tuple' || right.type === 'list') && right.namedChildren.every((item) => item.type === 'string')) return right.namedChildren.map(stringText);
  return undefined;
}

export function stringText(node: SyntaxNode): string {
  return node.text.replace(/^[rbuRBU]*(['"])(.*)\1$/s, '$2').toUpperCase();
}

/** Parameter names, `self` included; `*args`/`**kwargs` left out. */
function parametersOf(definition: SyntaxNode): string[] {
  return (definition.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((parameter) => parameter.type !== 'list_splat_pattern' && parameter.type !== 'dictionary_splat_pattern' && parameter.type !== 'comment')
    .map(parameterName);
}

/**
 * The parameters a URL fills (`self` and `request` included, to be sliced off): those without a
 * default (`format=None` comes from a format suffix, when at all).
 */
export function urlArgumentsOf(definition: SyntaxNode): string[] {
  return (definition.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((parameter) => parameter.type === 'identifier' || parameter.type === 'typed_parameter')
    .map(parameterName);
}

export function rangeOf(node: SyntaxNode): SourceRange {
  return rangeFromPoints(node.startPosition, node.endPosition);
}
