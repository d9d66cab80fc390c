/**
 * What a statement of a view is, for the move of its logic: view work (it returns, builds a
 * response), a statement with a block or not, or a mere initialisation (`checks = []`).
 */
import type { Node } from 'web-tree-sitter';
import { simpleAssignment } from '../../core/python/classMembers';

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** Whether the statement returns or yields (outside the functions and classes it defines). */
export function returns(statement: Node): boolean {
  const stack = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'return_statement' || node.type === 'yield') return true;
    for (const child of node.namedChildren) if (!SCOPES.has(child.type)) stack.push(child);
  }
  return false;
}

/** What builds the response or turns the URL's arguments into objects or a 404: the view's job. */
const VIEW_CALLS = new Set([
  'get_object_or_404', 'get_list_or_404', 'render', 'render_to_response', 'redirect', 'JsonResponse', 'Response',
  'TemplateResponse', 'StreamingHttpResponse', 'FileResponse',
]);

/** Whether the statement calls what builds a response (`render`, `redirect`, `HttpResponse…`). */
export function buildsResponse(statement: Node): boolean {
  return statement.descendantsOfType('call').some((call) => {
    const callee = call.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    return name !== undefined && (VIEW_CALLS.has(name) || name.startsWith('HttpResponse'));
  });
}

const COMPOUND_STATEMENTS = new Set(['if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);

/**
 * A statement without a block (`x = f(y)`, `lines = []`): moved alone, a controller would only
 * wrap it, as it would wrap the call a first move left in the view, again and again.
 */
export function isOneLiner(statement: Node): boolean {
  return !COMPOUND_STATEMENTS.has(statement.type);
}


/**
 * `ctx = {"page": "badges", "badges": urls}`: a dict literal of values, the template's context
 * (or a JSON body) the response is built from: presentation, the view's job.
 */
export function buildsContext(statement: Node): boolean {
  const value = simpleAssignment(statement)?.value;
  return value?.type === 'dictionary' && value.namedChildren.some((entry) => entry.type === 'pair');
}

/** What lists, sets and dicts change themselves with (not `save()` or a queryset's `update()`: those are logic). */
const IN_PLACE_METHODS = new Set(['sort', 'reverse', 'append', 'extend', 'insert', 'add', 'discard', 'remove', 'clear', 'setdefault', 'pop']);

/** `pairs.sort(…)`, `items.append(x)`: the collection a statement changes in place. */
export function mutatedInPlace(statement: Node): string | undefined {
  const call = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : undefined;
  const method = callee?.childForFieldName('attribute')?.text;
  return object?.type === 'identifier' && method !== undefined && IN_PLACE_METHODS.has(method) ? object.text : undefined;
}
