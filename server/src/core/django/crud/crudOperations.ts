/**
 * Which of DRF's six model operations a handler's statements do by hand, recognised by the shapes
 * DRF's tutorial and most projects write:
 *
 *     product = get_object_or_404(Product, pk=pk)          ← the lookup (retrieve, update, destroy)
 *     serializer = ProductSerializer(product, data=request.data, partial=True)
 *     if serializer.is_valid():                              ← or is_valid(raise_exception=True)
 *         serializer.save(editor=request.user)               ← what perform_update would do
 *         return Response(serializer.data)
 *     return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
 *
 * Anything else is `other`, with what did not fit: a generic view would do something else.
 */
import type { Node } from 'web-tree-sitter';
import { movedCode, type MovedCode, type Renames } from './movedCode';

/** How a detail handler finds its object: `get_object_or_404(source, field=urlKwarg)` or its try/except spelling. */
export interface Lookup {
  /** The model (`Product`) or queryset (`Product.objects.filter(…)`) searched. */
  readonly source: MovedCode;
  /** Set when `source` is a name (a model), not a queryset. */
  readonly modelName?: string;
  readonly field: string;
  readonly urlKwarg: string;
  /** A missing object raises Http404 (DRF answers `{"detail": "Not found."}`) or answers a bare 404. */
  readonly missing: 'http404' | 'bare404';
}

export type CrudOperation =
  | { readonly kind: 'list'; readonly serializer: string; readonly queryset: MovedCode; readonly status: number }
  | { readonly kind: 'create'; readonly serializer: string; readonly perform?: MovedCode; readonly status: number }
  | { readonly kind: 'retrieve'; readonly serializer: string; readonly lookup: Lookup; readonly status: number }
  | { readonly kind: 'update'; readonly serializer: string; readonly lookup: Lookup; readonly partial: boolean; readonly perform?: MovedCode; readonly status: number }
  | { readonly kind: 'destroy'; readonly lookup: Lookup; readonly perform?: MovedCode; readonly status: number; readonly body: boolean };

export type CrudShape = CrudOperation | { readonly kind: 'other'; readonly reason: string };

const other = (reason: string): CrudShape => ({ kind: 'other', reason });

/** The operation `statements` (a handler body, or a method branch with the statements before it) do. */
export function crudShapeOf(statements: readonly Node[], renames: Renames): CrudShape {
  const lookup = lookupOf(statements[0], renames);
  if (typeof lookup === 'string') return other(lookup);
  if (lookup) return detailShape(statements.slice(1), lookup.lookup, lookup.variable, renames);
  const serializerCall = serializerAssignment(statements[0]);
  if (serializerCall && keyword(serializerCall.call, 'data')) {
    if (positional(serializerCall.call).length > 0) return other('the serializer is given an instance without a lookup');
    return validated(statements.slice(1), serializerCall, renames, (serializer, status, perform) => ({ kind: 'create', serializer, status, perform }));
  }
  return listShape(statements, renames);
}

function detailShape(rest: readonly Node[], lookup: Lookup, variable: string, renames: Renames): CrudShape {
  const objectRenames = { ...renames, object: { name: variable, as: 'instance' } };
  const deleted = rest.findIndex((statement) => isDeleteOf(statement, variable));
  if (deleted >= 0) {
    const answer = responseOf(rest[rest.length - 1]);
    if (!answer) return other('the delete answers something else than a `Response`');
    const effects = rest.slice(0, -1);
    if (effects.some((statement) => statement.descendantsOfType('return_statement').length > 0 || statement.type === 'return_statement')) return other('the delete may return early');
    const perform = effects.length === 1 ? undefined : movedCode(effects, objectRenames);
    return { kind: 'destroy', lookup, perform, status: answer.status, body: answer.data !== undefined };
  }
  const serializerCall = serializerAssignment(rest[0]);
  const call = serializerCall?.call ?? serializedInReturn(rest);
  if (!call) return other('no serializer of the object');
  const [instance, ...more] = positional(call);
  if (instance?.text !== variable || more.length > 0) return other('the serializer is not given the looked-up object');
  if (keyword(call, 'data')) {
    const partial = keyword(call, 'partial');
    if (partial && partial.text !== 'True') return other('`partial` is computed');
    return validated(rest.slice(1), serializerCall!, renames, (serializer, status, perform) => ({ kind: 'update', serializer, lookup, partial: partial !== undefined, status, perform }), variable);
  }
  const answer = serializerCall ? dataResponse(rest.slice(1), serializerCall.variable) : responseOf(rest[0]);
  if (!answer || (serializerCall ? rest.length !== 2 : rest.length !== 1)) return other('the object is not answered as the serializer\'s data');
  return { kind: 'retrieve', serializer: calleeText(call), lookup, status: answer.status };
}

function listShape(statements: readonly Node[], renames: Renames): CrudShape {
  const last = statements[statements.length - 1];
  let call: Node | undefined;
  let prelude: readonly Node[];
  const assigned = statements.length >= 2 ? serializerAssignment(statements[statements.length - 2]) : undefined;
  if (assigned && dataResponse([last], assigned.variable)) {
    call = assigned.call;
    prelude = statements.slice(0, -2);
  } else {
    call = serializedInReturn([last]);
    prelude = statements.slice(0, -1);
  }
  if (!call || keyword(call, 'many')?.text !== 'True') return other('no serializer of many objects answered');
  const status = responseOf(last)?.status ?? 0;
  const [queryset] = positional(call);
  if (!queryset) return other('the serializer is given no objects');
  if (prelude.some((statement) => statement.type === 'return_statement' || statement.descendantsOfType('return_statement').length > 0)) return other('the list may return early');
  const serializer = calleeText(call);
  // `products = Product.objects.filter(…)` then `Serializer(products, many=True)`: the expression is the queryset.
  const inlined = prelude.length === 1 && assignedValue(prelude[0], queryset.text);
  if (inlined) return { kind: 'list', serializer, queryset: querysetCode(movedCode([inlined], renames)), status };
  const value = movedCode([queryset], renames);
  if (prelude.length === 0) return { kind: 'list', serializer, queryset: querysetCode(value), status };
  const before = movedCode(prelude, renames);
  const strandedLocals = value.strandedLocals.filter((name) => !prelude.some((statement) => bindsName(statement, name)));
  return {
    kind: 'list',
    serializer,
    queryset: { text: `${before.text}\nreturn ${value.text}`, strandedLocals: [...before.strandedLocals, ...strandedLocals], perRequest: true },
    status,
  };
}

/**
 * A queryset expression runs per request (in `get_queryset`) unless it is a lazy chain on a
 * model's manager reading nothing of the request: a class attribute is evaluated at import.
 */
function querysetCode(code: MovedCode): MovedCode {
  return /^[A-Z]\w*\.objects(\.\w+\([^()]*(\([^()]*\)[^()]*)*\))*$/.test(code.text.replace(/\s+/g, ' ')) ? code : { ...code, perRequest: true };
}

/** The value `statement` assigns to `name` alone (`name = value`). */
function assignedValue(statement: Node, name: string): Node | undefined {
  const assignment = expressionOf(statement);
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) return undefined;
  return assignment.childForFieldName('right') ?? undefined;
}

type Saved = (serializer: string, status: number, perform: MovedCode | undefined) => CrudShape;

/** The validation and save after `serializer = S(…, data=request.data)`: the `is_valid()` branch, or `is_valid(raise_exception=True)`. */
function validated(rest: readonly Node[], assigned: SerializerAssignment, renames: Renames, saved: Saved, object?: string): CrudShape {
  const variable = assigned.variable;
  const data = keyword(assigned.call, 'data');
  if (data?.text !== `${renames.request}.data`) return other('the serializer is not given `request.data`');
  let body: readonly Node[];
  const first = rest[0];
  if (first?.type === 'if_statement') {
    if (first.childForFieldName('condition')?.text !== `${variable}.is_valid()` || first.childForFieldName('alternative')) return other('the validation is not `if serializer.is_valid():`');
    const invalid = responseOf(rest[1]);
    if (rest.length !== 2 || invalid?.data !== `${variable}.errors` || invalid.status !== 400) return other('invalid data is not answered as `Response(serializer.errors, status=400)`');
    body = statementsOf(first.childForFieldName('consequence'));
  } else if (first && expressionOf(first)?.text === `${variable}.is_valid(raise_exception=True)`) {
    body = rest.slice(1);
  } else {
    return other('the data is not validated by the serializer');
  }
  const answer = dataResponse(body.slice(-1), variable);
  if (!answer) return other('the saved object is not answered as the serializer\'s data');
  const effects = body.slice(0, -1);
  if (effects.filter((statement) => isSave(statement, variable)).length !== 1) return other('the serializer is not saved once');
  if (effects.some((statement) => statement.descendantsOfType('return_statement').length > 0)) return other('the save may return early');
  const plainSave = effects.length === 1 && expressionOf(effects[0])?.text === `${variable}.save()`;
  const perform = plainSave ? undefined : movedCode(effects, { ...renames, serializer: variable, object: object === undefined ? undefined : { name: object, as: 'serializer.instance' } });
  return saved(calleeText(assigned.call), answer.status, perform);
}

interface SerializerAssignment {
  readonly variable: string;
  readonly call: Node;
}

/** `serializer = SomeSerializer(…)`. */
function serializerAssignment(statement: Node | undefined): SerializerAssignment | undefined {
  const assignment = statement && expressionOf(statement);
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call' || !/Serializer$/.test(calleeText(right))) return undefined;
  return { variable: left.text, call: right };
}

/** `return Response(SomeSerializer(…).data)`: the serializer call. */
function serializedInReturn(statements: readonly Node[]): Node | undefined {
  const data = responseOf(statements[statements.length - 1])?.dataNode;
  const object = data?.type === 'attribute' && data.childForFieldName('attribute')?.text === 'data' ? data.childForFieldName('object') : undefined;
  return object?.type === 'call' && /Serializer$/.test(calleeText(object)) ? object : undefined;
}

/** `return Response(serializer.data[, status=…])`. */
function dataResponse(statements: readonly Node[], variable: string): { status: number } | undefined {
  const answer = statements.length === 1 ? responseOf(statements[0]) : undefined;
  return answer?.data === `${variable}.data` ? answer : undefined;
}

interface ResponseFacts {
  readonly data?: string;
  readonly dataNode?: Node;
  readonly status: number;
}

/** `return Response(data, status=…)` with a literal or `status.HTTP_…` code (200 without one). */
function responseOf(statement: Node | undefined): ResponseFacts | undefined {
  if (statement?.type !== 'return_statement') return undefined;
  const call = statement.namedChildren[0];
  if (call?.type !== 'call' || call.childForFieldName('function')?.text !== 'Response') return undefined;
  const args = argumentsOf(call);
  const [data, ...more] = positional(call);
  if (more.length > 0 || args.some((arg) => arg.type === 'keyword_argument' && !['status', 'data'].includes(arg.childForFieldName('name')?.text ?? ''))) return undefined;
  const given = keyword(call, 'data') ?? data;
  const code = keyword(call, 'status');
  const status = code === undefined ? 200 : statusCode(code);
  return status === undefined ? undefined : { data: given?.text, dataNode: given, status };
}

function statusCode(node: Node): number | undefined {
  if (node.type === 'integer') return Number(node.text);
  const match = /^(?:status\.)?HTTP_(\d{3})_\w+$/.exec(node.text);
  return match ? Number(match[1]) : undefined;
}

/** The lookup a detail handler starts with, the variable it binds, or why it cannot be kept. */
function lookupOf(statement: Node | undefined, renames: Renames): { lookup: Lookup; variable: string } | string | undefined {
  if (statement?.type === 'try_statement') return tryLookup(statement, renames);
  const assignment = statement && expressionOf(statement);
  if (assignment?.type !== 'assignment') return undefined;
  const call = assignment.childForFieldName('right');
  const left = assignment.childForFieldName('left');
  if (call?.type !== 'call' || call.childForFieldName('function')?.text !== 'get_object_or_404' || left?.type !== 'identifier') return undefined;
  const [source, ...more] = positional(call);
  const lookup = source && more.length === 0 ? keywordLookup(call, source, 'http404', renames) : 'the lookup is not `get_object_or_404(model, field=argument)`';
  return typeof lookup === 'string' ? lookup : { lookup, variable: left.text };
}

/** `try: x = Model.objects.get(pk=pk)` / `except Model.DoesNotExist: raise Http404` (or `return Response(status=404)`). */
function tryLookup(statement: Node, renames: Renames): { lookup: Lookup; variable: string } | string | undefined {
  const body = statementsOf(statement.childForFieldName('body'));
  const handlers = statement.namedChildren.filter((child) => child.type === 'except_clause');
  const assignment = body.length === 1 ? expressionOf(body[0]) : undefined;
  const call = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : undefined;
  const fn = call?.type === 'call' ? call.childForFieldName('function') : undefined;
  const left = assignment?.childForFieldName('left');
  if (!call || fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get' || left?.type !== 'identifier') return undefined;
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
  return typeof lookup === 'string' ? lookup : { lookup, variable: left.text };
}

function keywordLookup(call: Node, source: Node, missing: Lookup['missing'], renames: Renames): Lookup | string {
  const keywords = argumentsOf(call).filter((arg) => arg.type === 'keyword_argument');
  const value = keywords[0]?.childForFieldName('value');
  if (keywords.length !== 1 || value?.type !== 'identifier' || !renames.urlArguments.includes(value.text)) return 'the object is not looked up by one URL argument';
  const modelName = /^[A-Za-z_][\w.]*$/.test(source.text) && !/\.objects$|\.all$/.test(source.text) ? source.text : undefined;
  return { source: movedCode([source], renames), modelName, field: keywords[0].childForFieldName('name')!.text, urlKwarg: value.text, missing };
}

function isDeleteOf(statement: Node, variable: string): boolean {
  return expressionOf(statement)?.text === `${variable}.delete()`;
}

function isSave(statement: Node, variable: string): boolean {
  const expression = expressionOf(statement);
  const call = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  return call?.type === 'call' && call.childForFieldName('function')?.text === `${variable}.save`;
}

function bindsName(statement: Node, name: string): boolean {
  return statement.descendantsOfType('assignment').some((a) => a.childForFieldName('left')?.text === name) || (expressionOf(statement)?.childForFieldName('left')?.text === name);
}

/** The expression of an expression statement (an assignment is one in tree-sitter's grammar). */
function expressionOf(statement: Node): Node | undefined {
  return statement.type === 'expression_statement' ? (statement.namedChildren[0] ?? undefined) : undefined;
}

/** A block's statements, comments and a leading docstring left out. */
export function statementsOf(block: Node | null | undefined): Node[] {
  const statements = (block?.namedChildren ?? []).filter((child) => child.type !== 'comment' && child.type !== 'pass_statement');
  return statements[0] && expressionOf(statements[0])?.type === 'string' ? statements.slice(1) : statements;
}

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((arg) => arg.type !== 'comment');
}

function positional(call: Node): Node[] {
  return argumentsOf(call).filter((arg) => arg.type !== 'keyword_argument');
}

function keyword(call: Node, name: string): Node | undefined {
  const arg = argumentsOf(call).find((candidate) => candidate.type === 'keyword_argument' && candidate.childForFieldName('name')?.text === name);
  return arg?.childForFieldName('value') ?? undefined;
}

function calleeText(call: Node): string {
  return call.childForFieldName('function')!.text;
}
