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

/** The decorators of a top-level definition that register it somewhere, as written (`receiver`); `ordered` leaves out those whose order does not matter. */
export function registeringDecorators(statement: Node, ordered = false): string[] {
  if (statement.type !== 'decorated_definition') return [];
  return statement.namedChildren
    .filter((d) => d.type === 'decorator')
    .map((d) => calleeOf(d.namedChild(0)))
    .filter((callee) => !PURE_DECORATORS.has(callee.split('.').at(-1)!) && !(ordered && UNORDERED.test(callee)));
}
