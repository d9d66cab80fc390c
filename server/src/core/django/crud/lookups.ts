/**
 * How a hand-written detail handler finds its object, in the three ways DRF's tutorial shows:
 *
 *     book = get_object_or_404(Book, pk=pk)
 *
 *     try:
 *         book = Book.objects.get(pk=pk)
 *     except Book.DoesNotExist:
 *         raise Http404                      ← or `return Response(status=404)`: a bare 404
 *
 *     book = self.get_object(pk)             ← a helper of the class doing one of the above
 */
import type { SyntaxNode } from '../../parse/syntaxNode';
import { movedCode, type MovedCode, type Renames } from './movedCode';
import { argumentsOf, expressionOf, positional, responseOf, statementsOf } from './syntax';

export interface Lookup {
  /** The model (`Product`), manager (`Product.objects`) or queryset searched. */
  readonly source: MovedCode;
  /** Set when `source` is a name (a model), not a manager or queryset. */
  readonly modelName?: string;
  readonly field: string;
  readonly urlKwarg: string;
  /** A missing object raises Http404 (DRF answers `{"detail": "Not found."}`) or answers a bare 404. */
  readonly missing: 'http404' | 'bare404';
}

/** A class's `get_object(self, pk)` helper doing a lookup: the handlers' `self.get_object(pk)` is that lookup. */
export interface LookupHelper {
  readonly lookup: Lookup;
}

type Found = { readonly lookup: Lookup; readonly variable?: string } | string | undefined;

/** The lookup a detail handler starts with and the variable it binds, or why it cannot be kept. */
export function lookupOf(statement: SyntaxNode | undefined, renames: Renames, helper?: LookupHelper): { lookup: Lookup; variable: string } | string | undefined {
  const found = statement?.type === 'try_statement' ? tryLookup(statement, renames) : callLookup(statement, renames, helper);
  if (typeof found !== 'object') return found;
  return found.variable === undefined ? 'the lookup binds no variable' : { lookup: found.lookup, variable: found.variable };
}

/** The lookup of a `get_object(self, pk)` method returning the object, when it is one. */
export function lookupHelperOf(method: SyntaxNode, parameters: readonly string[], locals: ReadonlySet<string>): LookupHelper | undefined {
  const body = statementsOf(method.childForFieldName('body'));
  if (parameters.length !== 2 || body.length !== 1) return undefined;
  const renames: Renames = { request: '', urlArguments: [parameters[1]], locals };
  const found = body[0].type === 'try_statement' ? tryLookup(body[0], renames) : callLookup(body[0], renames);
  return typeof found === 'object' && found.variable === undefined ? { lookup: found.lookup } : undefined;
}

/** `x = <value>` or `return <value>`. */
function boundValue(statement: SyntaxNode | undefined): { variable?: string; value: SyntaxNode } | undefined {
  if (statement?.type === 'return_statement') return statement.namedChildren[0] ? { value: statement.namedChildren[0] } : undefined;
  const assignment = statement && expressionOf(statement);
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  const value = assignment?.childForFieldName('right');
  return left?.type === 'identifier' && value ? { variable: left.text, value } : undefined;
}

/** `get_object_or_404(Model, field=argument)` or `self.get_object(argument)`. */
function callLookup(statement: SyntaxNode | undefined, renames: Renames, helper?: LookupHelper): Found {
  const bound = boundValue(statement);
  const call = bound?.value.type === 'call' ? bound.value : undefined;
  const callee = call?.childForFieldName('function')?.text;
  if (!call || !bound) return undefined;
  if (callee === 'self.get_object' && helper) {
    const [argument, ...more] = argumentsOf(call);
    if (argument?.type !== 'identifier' || more.length > 0 || !renames.urlArguments.includes(argument.text)) return 'the object is not looked up by one URL argument';
    return { lookup: { ...helper.lookup, urlKwarg: argument.text }, variable: bound.variable };
  }
  if (callee !== 'get_object_or_404') return undefined;
  const [source, ...more] = positional(call);
  const lookup = source && more.length === 0 ? keywordLookup(call, source, 'http404', renames) : 'the lookup is not `get_object_or_404(model, field=argument)`';
  return typeof lookup === 'string' ? lookup : { lookup, variable: bound.variable };
}

/** `try: x = Model.objects.get(pk=pk)` / `except Model.DoesNotExist: raise Http404` (or `return Response(status=404)`). */
function tryLookup(statement: SyntaxNode, renames: Renames): Found {
  const body = statementsOf(statement.childForFieldName('body'));
  const handlers = statement.namedChildren.filter((child) => child.type === 'except_clause');
  const bound = body.length === 1 ? boundValue(body[0]) : undefined;
  const call = bound?.value.type === 'call' ? bound.value : undefined;
  const fn = call?.childForFieldName('function');
  if (!call || !bound || fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') return undefined;
  if (handlers.length !== 1 || statement.namedChildren.some((child) => child.type === 'else_clause' || child.type === 'finally_clause')) return 'the lookup\'s try has other clauses';
  const handler = handlers[0];
  const caught = handler.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
  if (!caught || !/\.(DoesNotExist|ObjectDoesNotExist)$|^ObjectDoesNotExist$/.test(caught.text)) return 'the lookup catches something else than `DoesNotExist`';
  const handled = statementsOf(handler.namedChildren.find((child) => child.type === 'block'));
  const answer = handled.length === 1 ? responseOf(handled[0]) : undefined;
  const raisesHttp404 = handled.length === 1 && handled[0].type === 'raise_statement' && /^Http404(\(\))?$/.test(handled[0].namedChildren[0]?.text ?? '');
  let missing: Lookup['missing'];
  if (raisesHttp404) missing = 'http404';
  else if (answer?.status === 404 && answer.data === undefined) missing = 'bare404';
  else return 'a missing object is answered otherwise than by a 404';
  const manager = fn.childForFieldName('object')!;
  const lookup = positional(call).length === 0 ? keywordLookup(call, manager, missing, renames) : 'the lookup is not `Model.objects.get(field=argument)`';
  return typeof lookup === 'string' ? lookup : { lookup, variable: bound.variable };
}

function keywordLookup(call: SyntaxNode, source: SyntaxNode, missing: Lookup['missing'], renames: Renames): Lookup | string {
  const keywords = argumentsOf(call).filter((arg) => arg.type === 'keyword_argument');
  const value = keywords[0]?.childForFieldName('value');
  if (keywords.length !== 1 || value?.type !== 'identifier' || !renames.urlArguments.includes(value.text)) return 'the object is not looked up by one URL argument';
  const modelName = /^[A-Za-z_][\w.]*$/.test(source.text) && !/\.objects$|\.all$/.test(source.text) ? source.text : undefined;
  return { source: movedCode([source], renames), modelName, field: keywords[0].childForFieldName('name')!.text, urlKwarg: value.text, missing };
}
