/**
 * Which decorators register what they decorate when the module is imported (`@receiver`,
 * `@admin.register`, `@register.filter`, `@app.task`), as opposed to wrapping or annotating it.
 * Splits keep the order of registrations; moves keep the module that registers imported.
 */
import type { Node } from 'web-tree-sitter';

/** Decorators that wrap or annotate what they decorate and register it nowhere. */
const PURE_DECORATORS = new Set([
  'property', 'cached_property', 'staticmethod', 'classmethod', 'abstractmethod', 'dataclass', 'total_ordering', 'wraps',
  'lru_cache', 'cache', 'contextmanager', 'asynccontextmanager', 'overload', 'override', 'final', 'setter', 'getter', 'deleter',
  'login_required', 'permission_required', 'user_passes_test', 'csrf_exempt', 'csrf_protect', 'ensure_csrf_cookie',
  'require_http_methods', 'require_GET', 'require_POST', 'require_safe', 'method_decorator', 'atomic', 'never_cache',
  'cache_page', 'vary_on_headers', 'vary_on_cookie', 'deconstructible', 'sensitive_variables', 'sensitive_post_parameters',
  'display', 'action', 'api_view', 'permission_classes', 'authentication_classes', 'throttle_classes', 'renderer_classes', 'parser_classes',
]);
/**
 * Registrations whose order does not matter: the admin keys its registry by model and lists it
 * sorted, a template library its filters and tags by name.
 */
const UNORDERED = /(^|\.)(admin\.register|site\.register)$|^register\.(filter|simple_tag|inclusion_tag|tag)$/;

/** The callee of a decorator or call statement, as written: `admin.register`, `receiver`. */
function calleeOf(expression: Node | null): string {
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
  return callee?.text.replace(/\s+/g, '') ?? '';
}

/** Whether a module-level call statement registers something whose order does not matter. */
export function isUnorderedRegistration(statement: Node): boolean {
  return statement.type === 'expression_statement' && UNORDERED.test(calleeOf(statement.namedChild(0)));
}

/** The decorators of a definition as written (`receiver`, `admin.register`). */
export function decoratorsOf(statement: Node): string[] {
  if (statement.type !== 'decorated_definition') return [];
  return statement.namedChildren.filter((d) => d.type === 'decorator').map((d) => calleeOf(d.namedChild(0)));
}

/**
 * The decorators of a top-level definition that register it somewhere, as written (`receiver`);
 * `ordered` leaves out those whose order does not matter; `wrappers` are the project's own
 * decorators known to only wrap (onlyWraps).
 */
export function registeringDecorators(statement: Node, ordered = false, wrappers: ReadonlySet<string> = new Set()): string[] {
  return decoratorsOf(statement).filter((callee) => !PURE_DECORATORS.has(callee.split('.').at(-1)!) && !wrappers.has(callee) && !(ordered && UNORDERED.test(callee)));
}

/**
 * Whether a decorator (or a decorator factory) only wraps what it decorates: its body defines
 * functions and returns one of them, down to a wrapper made with `@wraps(…)`. A decorator that
 * registers would do more with the function (append it to a list, call `register(f)`).
 */
export function onlyWraps(fn: Node): boolean {
  const body = fn.childForFieldName('body')?.namedChildren.filter((s) => s.type !== 'comment' && !(s.type === 'expression_statement' && s.namedChild(0)?.type === 'string')) ?? [];
  const defined = new Map<string, Node>();
  for (const statement of body) {
    const inner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (inner?.type === 'function_definition') defined.set(inner.childForFieldName('name')!.text, statement);
  }
  const returned = body.filter((s) => s.type === 'return_statement').map((s) => s.namedChild(0)?.text);
  if (body.length !== defined.size + returned.length || returned.length !== 1 || !defined.has(returned[0] ?? '')) return false;
  const wrapper = defined.get(returned[0]!)!;
  if (decoratorsOf(wrapper).some((callee) => /(^|\.)wraps$/.test(callee))) return true;
  return wrapper.type === 'function_definition' && onlyWraps(wrapper);
}

/**
 * Whether a top-level class declares itself abstract (`class Meta: abstract = True`): Django's
 * app registry registers every other model class when its module is imported.
 */
export function declaresAbstract(statement: Node): boolean {
  const cls = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  const meta = cls?.childForFieldName('body')?.namedChildren.find((s) => s.type === 'class_definition' && s.childForFieldName('name')?.text === 'Meta');
  return meta?.childForFieldName('body')?.namedChildren.some((s) => /^abstract\s*=\s*True$/.test(s.text)) ?? false;
}
