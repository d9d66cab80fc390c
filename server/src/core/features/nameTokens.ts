/**
 * Splits Python names into lower-case words and tells which words can name a feature. Feature
 * names are nouns of the domain (`order`, `product`), so the words every Django module repeats
 * (`model`, `view`, `serializer`) and the verbs of function names (`calculate`, `send`) are not.
 */

/** `OrderItemSerializer` → order, item, serializer; `_send_order_mail` → send, order, mail. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0 && !/^\d+$/.test(word))
    .map((word) => singular(word.toLowerCase()));
}

/** A crude English singular, enough to make `orders` and `order` one feature. */
export function singular(word: string): string {
  if (word.length <= 3 || /(ss|us|is|ous)$/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

const NOT_A_FEATURE = new Set([
  // Django and DRF building blocks
  'model', 'view', 'viewset', 'set', 'serializer', 'form', 'formset', 'admin', 'inline', 'manager',
  'queryset', 'query', 'mixin', 'base', 'abstract', 'meta', 'config', 'app', 'signal', 'task',
  'handler', 'receiver', 'url', 'api', 'field', 'filter', 'permission', 'template', 'page',
  'generic', 'list', 'detail', 'create', 'update', 'delete', 'destroy', 'retrieve', 'partial',
  'get', 'post', 'put', 'patch', 'head', 'option', 'action', 'request', 'response', 'test',
  'error', 'exception', 'util', 'helper', 'service', 'controller', 'default', 'all', 'new', 'old',
  // verbs that open function names
  'add', 'apply', 'build', 'calculate', 'can', 'cancel', 'check', 'clean', 'compute', 'do',
  'ensure', 'export', 'fetch', 'find', 'format', 'generate', 'handle', 'has', 'import', 'is',
  'load', 'make', 'mark', 'notify', 'parse', 'process', 'recalculate', 'refresh', 'remove',
  'render', 'reset', 'run', 'save', 'send', 'serialize', 'should', 'sync', 'to', 'validate',
  'with', 'from', 'for', 'by', 'of', 'on', 'in', 'the', 'and', 'or', 'my', 'init',
]);

/** Whether a word may name a feature group. */
export function canNameFeature(word: string): boolean {
  return word.length > 1 && !NOT_A_FEATURE.has(word);
}

/** The first word of `name` that may name a feature, if any. */
export function featureWordOf(name: string): string | undefined {
  return nameTokens(name).find(canNameFeature);
}
