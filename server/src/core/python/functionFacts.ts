/**
 * Facts about the functions that may be Django views: top-level functions and the handler
 * methods of top-level classes. Whether one *is* a view needs the whole workspace (class-based
 * views inherit from bases in other modules, function views are routed from urls.py), so this
 * file only measures candidates; the logic-heavy-view detector decides.
 */
import type { SyntaxNode } from '../parse/syntaxNode';
import type { KeptOutline } from './keptOutline';
import { rangeFromPoints, type SourceRange } from '../model/sourceRange';

/** How much business logic a function body holds. */
export interface LogicMetrics {
  /** Queries and writes: `.objects.…` chains, `.save()`, `.delete()`, `get_object_or_404`, transactions. */
  readonly ormCalls: number;
  readonly loops: number;
  /** `if`/`elif`, conditional expressions, `except` clauses, `case` clauses. */
  readonly branches: number;
  readonly statements: number;
  /** Deepest nesting of blocks inside the body (the body itself is 0). */
  readonly nesting: number;
  /** Calls with effects outside the database: mail, HTTP, task queues. */
  readonly sideEffects: readonly string[];
}

export interface FunctionFacts {
  readonly name: string;
  /** The class holding the method, for methods. */
  readonly className?: string;
  readonly range: SourceRange;
  readonly nameRange: SourceRange;
  readonly parameters: readonly string[];
  readonly decorators: readonly string[];
  readonly metrics: LogicMetrics;
}

/** Methods Django and DRF call on a view, where request handling (and logic) lives. */
export const HANDLER_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'dispatch',
  'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy',
  'get_queryset', 'get_object', 'get_context_data', 'form_valid', 'form_invalid',
]);

const QUERY_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'create', 'update', 'delete', 'aggregate', 'annotate', 'count', 'exists',
  'first', 'last', 'get_or_create', 'update_or_create', 'bulk_create', 'bulk_update', 'order_by', 'values',
  'values_list', 'select_related', 'prefetch_related', 'select_for_update', 'distinct', 'in_bulk', 'iterator',
]);
const INSTANCE_WRITES = new Set(['save', 'delete', 'refresh_from_db', 'full_clean']);
const ORM_FUNCTIONS = new Set(['get_object_or_404', 'get_list_or_404']);
const MAIL_FUNCTIONS = new Set(['send_mail', 'send_mass_mail', 'mail_admins', 'mail_managers']);
const TASK_METHODS = new Set(['delay', 'apply_async', 'send_task']);
const HTTP_CLIENTS = /^(requests|httpx|urllib3?|session|client)$/;
const QUERYSET_RECEIVER = /\bobjects\b|_set\b|queryset|\bqs\b/;

const STATEMENTS = [
  'expression_statement', 'return_statement', 'if_statement', 'for_statement', 'while_statement', 'try_statement',
  'with_statement', 'raise_statement', 'assert_statement', 'delete_statement', 'break_statement',
  'continue_statement', 'pass_statement', 'global_statement', 'nonlocal_statement', 'match_statement',
  'function_definition', 'class_definition',
];
const BRANCHES = ['if_statement', 'elif_clause', 'conditional_expression', 'except_clause', 'case_clause'];
const LOOPS = ['for_statement', 'while_statement'];

/** Django's and DRF's own modules. */
export const FRAMEWORK_MODULE = /^(django|rest_framework)(\.|$)/;

/**
 * The view candidates of a module: functions, and handler or `@action` methods of classes.
 * `usesFramework`: the module imports from Django or DRF, so any of its functions may be routed.
 * `kept`: a function's facts as measured before an edit, when its text is unchanged, and those of
 * an unchanged class's methods (keptOutline.ts).
 */
export function collectFunctionFacts(root: SyntaxNode, usesFramework: boolean, kept?: Pick<KeptOutline, 'ofFunction' | 'ofMethods'>): FunctionFacts[] {
  const facts: FunctionFacts[] = [];
  for (const statement of root.namedChildren) {
    const definition = unwrapDecorated(statement);
    const keptMethods = definition?.type === 'class_definition' ? kept?.ofMethods(statement) : undefined;
    if (keptMethods) {
      facts.push(...keptMethods);
    } else if (definition?.type === 'function_definition') {
      if (mayBeFunctionView(statement, definition, usesFramework)) facts.push(kept?.ofFunction(statement, undefined) ?? factsOf(statement, definition));
    } else if (definition?.type === 'class_definition') {
      const className = definition.childForFieldName('name')?.text;
      for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
        const method = unwrapDecorated(member);
        if (method?.type !== 'function_definition') continue;
        const name = method.childForFieldName('name')?.text ?? '';
        const decorators = decoratorsOf(member);
        if (HANDLER_METHODS.has(name) || name.startsWith('perform_') || decorators.some(isActionDecorator)) {
          facts.push(kept?.ofFunction(member, className) ?? factsOf(member, method, className));
        }
      }
    }
  }
  return facts;
}

/** Decorators that only make sense on a view. */
export const VIEW_DECORATOR = /^(\w+\.)*(api_view|login_required|permission_required|user_passes_test|staff_member_required|require_(GET|POST|safe|http_methods)|csrf_exempt|csrf_protect|cache_page|never_cache|vary_on_\w+|condition|etag|last_modified|xframe_options_\w+|sensitive_post_parameters)\b/;

/**
 * A function is measured when it may be a view: its first parameter is `request`, a view
 * decorator wraps it, or its module uses Django and it takes a parameter (urls.py may route it,
 * whatever the request is called). Measuring every function of a non-Django module (the
 * standard library has thousands) would cost more than the whole outline.
 */
function mayBeFunctionView(statement: SyntaxNode, definition: SyntaxNode, usesFramework: boolean): boolean {
  const first = definition.childForFieldName('parameters')?.firstNamedChild;
  if (first && (usesFramework || parameterName(first) === 'request')) return true;
  return decoratorsOf(statement).some((decorator) => VIEW_DECORATOR.test(decorator));
}

/** A view a urls.py routes to, as written there. */
export interface Route {
  /** `views.checkout`, `checkout`; or, when `qualified`, an absolute dotted name from a string. */
  readonly target: string;
  readonly qualified: boolean;
}

/** The function views a urls.py routes to: `path("x/", views.checkout)`, `url(r"^x/", "shop.views.checkout")`. */
export function collectRoutes(root: SyntaxNode): Route[] {
  const routes: Route[] = [];
  for (const call of root.descendantsOfType('call')) {
    const callee = call.childForFieldName('function')?.text ?? '';
    if (!/^(\w+\.)*(path|re_path|url)$/.test(callee)) continue;
    const view = call.childForFieldName('arguments')?.namedChildren[1];
    if (view?.type === 'identifier' || view?.type === 'attribute') {
      routes.push({ target: view.text, qualified: false });
    } else if (view?.type === 'string') {
      const dotted = view.text.replace(/^[a-z]*["']|["']$/gi, '');
      if (/^\w+(\.\w+)+$/.test(dotted)) routes.push({ target: dotted, qualified: true });
    }
  }
  return routes;
}

export function isActionDecorator(decorator: string): boolean {
  return /^(\w+\.)?action\b/.test(decorator);
}

function unwrapDecorated(node: SyntaxNode): SyntaxNode | null {
  return node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
}

function decoratorsOf(node: SyntaxNode): string[] {
  return node.type === 'decorated_definition'
    ? node.namedChildren.filter((c) => c.type === 'decorator').map((d) => d.text.replace(/^@\s*/, ''))
    : [];
}

function factsOf(statement: SyntaxNode, definition: SyntaxNode, className?: string): FunctionFacts {
  const nameNode = definition.childForFieldName('name')!;
  const parameters = (definition.childForFieldName('parameters')?.namedChildren ?? []).map(parameterName);
  const body = definition.childForFieldName('body');
  return {
    name: nameNode.text,
    className,
    range: rangeFromPoints(statement.startPosition, statement.endPosition),
    nameRange: rangeFromPoints(nameNode.startPosition, nameNode.endPosition),
    parameters,
    decorators: decoratorsOf(statement),
    metrics: body ? measure(body) : { ormCalls: 0, loops: 0, branches: 0, statements: 0, nesting: 0, sideEffects: [] },
  };
}

/** The name a parameter binds (`request` of `request: HttpRequest`, `kwargs` of `**kwargs`). */
export function parameterName(parameter: SyntaxNode): string {
  if (parameter.type === 'identifier') return parameter.text;
  const name = parameter.childForFieldName('name') ?? parameter.namedChildren.find((c) => c.type === 'identifier');
  return name?.text ?? parameter.text;
}

/** Measures a function body with a few C-side searches rather than a walk of every node. */
export function measure(body: SyntaxNode): LogicMetrics {
  const calls = new CallCounts();
  for (const call of body.descendantsOfType('call')) {
    if (!isInnerChainLink(call)) calls.add(calleeOf(call.childForFieldName('function')));
  }
  return {
    ormCalls: calls.ormCalls,
    loops: body.descendantsOfType(LOOPS).length,
    branches: body.descendantsOfType(BRANCHES).length,
    statements: body.descendantsOfType(STATEMENTS).length,
    nesting: nestingOf(body),
    sideEffects: calls.sideEffects,
  };
}

/** What the metrics read of a callee: a plain name, or a method and the receiver's text. */
export type Callee =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'attribute'; readonly method: string; readonly receiver: string };

function calleeOf(node: SyntaxNode | null): Callee | undefined {
  if (node?.type === 'identifier') return { kind: 'name', name: node.text };
  if (node?.type !== 'attribute') return undefined;
  return { kind: 'attribute', method: node.childForFieldName('attribute')?.text ?? '', receiver: node.childForFieldName('object')?.text ?? '' };
}

/** `a.filter(x)` in `a.filter(x).order_by(y)`: the chain counts once, at its outer call. */
function isInnerChainLink(call: SyntaxNode): boolean {
  const parent = call.parent;
  return parent?.type === 'attribute' && parent.parent?.type === 'call';
}

/** Counts calls (outer chain links only, in document order) as ORM calls or side effects. */
export class CallCounts {
  ormCalls = 0;
  readonly sideEffects: string[] = [];

  add(callee: Callee | undefined): void {
    if (!callee) return;
    const effect = sideEffectOf(callee);
    if (effect) this.sideEffects.push(effect);
    else if (isOrmCall(callee)) this.ormCalls++;
  }
}

function isOrmCall(callee: Callee): boolean {
  if (callee.kind === 'name') return ORM_FUNCTIONS.has(callee.name);
  const { method, receiver } = callee;
  if (method === 'atomic' && /(^|\.)transaction$/.test(receiver)) return true;
  if (INSTANCE_WRITES.has(method)) return true;
  return QUERY_METHODS.has(method) && QUERYSET_RECEIVER.test(receiver);
}

function sideEffectOf(callee: Callee): string | undefined {
  if (callee.kind === 'name') return MAIL_FUNCTIONS.has(callee.name) ? callee.name : undefined;
  const { method, receiver } = callee;
  if (TASK_METHODS.has(method)) return `${receiver}.${method}`;
  if (HTTP_CLIENTS.test(receiver)) return `${receiver}.${method}`;
  if (method === 'send' && /mail|email|message/i.test(receiver)) return `${receiver}.send`;
  return MAIL_FUNCTIONS.has(method) ? method : undefined;
}

function nestingOf(body: SyntaxNode): number {
  let deepest = 0;
  for (const block of body.descendantsOfType('block')) {
    if (block.id === body.id) continue;
    let depth = 0;
    for (let node = block.parent; node && node.id !== body.id; node = node.parent) {
      if (node.type === 'block') depth++;
    }
    deepest = Math.max(deepest, depth + 1);
  }
  return deepest;
}
