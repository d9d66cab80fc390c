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

/** Words whose singular is the plural (`series`, not `sery`). */
const SAME_IN_PLURAL = new Set(['series', 'species', 'news']);

/** A crude English singular, enough to make `orders` and `order` one feature. */
export function singular(word: string): string {
  if (word.length <= 3 || /(ss|us|is|ous)$/.test(word) || SAME_IN_PLURAL.has(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Words that name no thing of the domain, not even a model's (`BaseModel`, `AbstractUser` → user). */
const NOT_A_NAME = new Set([
  'model', 'view', 'viewset', 'set', 'serializer', 'form', 'formset', 'admin', 'inline', 'manager',
  'queryset', 'query', 'mixin', 'base', 'abstract', 'meta', 'generic', 'default', 'all',
  'new', 'old', 'with', 'from', 'for', 'by', 'of', 'on', 'in', 'the', 'and', 'or', 'my', 'init',
]);

/** What views do to a thing, in view and URL names (`order_list`, `check-detail`). */
const VIEW_ACTIONS = new Set([
  'list', 'detail', 'create', 'update', 'delete', 'destroy', 'retrieve', 'partial', 'api',
]);

/** Verbs that open function names (`check_token`, `send_mail`). */
const VERBS = new Set([
  'add', 'apply', 'build', 'calculate', 'can', 'cancel', 'check', 'clean', 'compute', 'do',
  'ensure', 'export', 'fetch', 'find', 'format', 'generate', 'handle', 'has', 'import', 'is',
  'load', 'make', 'mark', 'notify', 'parse', 'process', 'recalculate', 'refresh', 'remove',
  'render', 'reset', 'run', 'save', 'send', 'serialize', 'should', 'sync', 'to', 'validate',
]);

/** HTTP methods, which open view names (`get_user`) and name no thing. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'head', 'option', 'delete']);

/**
 * Words that are not nouns of the domain in a function's or helper's name, though a model may
 * be called so (`Check`, `Post`, `Task`, `Page`): Django's building blocks and the verbs that
 * open function names.
 */
const NOT_A_FEATURE = new Set([
  ...NOT_A_NAME,
  ...VIEW_ACTIONS,
  ...VERBS,
  'config', 'app', 'signal', 'task', 'handler', 'receiver', 'url', 'field', 'filter', 'permission',
  ...HTTP_METHODS,
  'template', 'page', 'action', 'request', 'response',
  'test', 'error', 'exception', 'util', 'helper', 'service', 'controller',
]);

/** Whether a word is a verb that opens function names (`check` in `check_token`). */
export function isVerb(word: string): boolean {
  return VERBS.has(word);
}

export function isHttpMethod(word: string): boolean {
  return HTTP_METHODS.has(word);
}

/** Whether a word may name a feature group. */
export function canNameFeature(word: string): boolean {
  return word.length > 1 && !NOT_A_FEATURE.has(word);
}

/** The first word of `name` that may name a feature, if any. */
export function featureWordOf(name: string): string | undefined {
  return nameTokens(name).find(canNameFeature);
}

/** The word a model class stands for: `Check` → check, `AbstractUser` → user, `BaseModel` → none. */
export function modelWordOf(name: string): string | undefined {
  return nameTokens(name).find((word) => word.length > 1 && !NOT_A_NAME.has(word));
}

/** Whether a word of a URL's name or path names a thing (`checks` → yes; `api`, `detail` → no). */
export function canNameRoute(word: string): boolean {
  return word.length > 1 && !NOT_A_NAME.has(word) && !VIEW_ACTIONS.has(word);
}
