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
import type { SyntaxNode } from '../../parse/syntaxNode';
import { lookupOf, type Lookup, type LookupHelper } from './lookups';
import { movedCode, type MovedCode, type Renames } from './movedCode';
import { calleeText, expressionOf, keyword, positional, responseOf, statementsOf } from './syntax';

export type { Lookup } from './lookups';

export type CrudOperation =
  | { readonly kind: 'list'; readonly serializer: string; readonly queryset: MovedCode; readonly status: number }
  | { readonly kind: 'create'; readonly serializer: string; readonly perform?: MovedCode; readonly status: number }
  | { readonly kind: 'retrieve'; readonly serializer: string; readonly lookup: Lookup; readonly status: number }
  | { readonly kind: 'update'; readonly serializer: string; readonly lookup: Lookup; readonly partial: boolean; readonly perform?: MovedCode; readonly status: number }
  | { readonly kind: 'destroy'; readonly lookup: Lookup; readonly perform?: MovedCode; readonly status: number; readonly body: boolean };

export type CrudShape = CrudOperation | { readonly kind: 'other'; readonly reason: string };

const other = (reason: string): CrudShape => ({ kind: 'other', reason });

/** The operation `statements` (a handler body, or a method branch with the statements before it) do. */
export function crudShapeOf(statements: readonly SyntaxNode[], renames: Renames, helper?: LookupHelper): CrudShape {
  const lookup = lookupOf(statements[0], renames, helper);
  if (typeof lookup === 'string') return other(lookup);
  if (lookup) return detailShape(statements.slice(1), lookup.lookup, lookup.variable, renames);
  const serializerCall = serializerAssignment(statements[0]);
  if (serializerCall && keyword(serializerCall.call, 'data')) {
    if (positional(serializerCall.call).length > 0) return other('the serializer is given an instance without a lookup');
    return validated(statements.slice(1), serializerCall, renames, (serializer, status, perform) => ({ kind: 'create', serializer, status, perform }));
  }
  return listShape(statements, renames);
}

function detailShape(rest: readonly SyntaxNode[], lookup: Lookup, variable: string, renames: Renames): CrudShape {
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

function listShape(statements: readonly SyntaxNode[], renames: Renames): CrudShape {
  const last = statements[statements.length - 1];
  let call: SyntaxNode | undefined;
  let prelude: readonly SyntaxNode[];
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
 * model's manager reading nothing of the request: a class attribute is evaluated at import, so
 * a call in an argument (`timezone.now()`) would be too; only expressions (`F(…)`, `Q(…)`) are lazy.
 */
export function querysetCode(code: MovedCode): MovedCode {
  return /^[A-Z]\w*\.objects(\.\w+\([^()]*(\b[A-Z]\w*\([^()]*\)[^()]*)*\))*$/.test(code.text.replace(/\s+/g, ' ')) ? code : { ...code, perRequest: true };
}

/** The value `statement` assigns to `name` alone (`name = value`). */
export function assignedValue(statement: SyntaxNode, name: string): SyntaxNode | undefined {
  const assignment = expressionOf(statement);
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) return undefined;
  return assignment.childForFieldName('right') ?? undefined;
}

type Saved = (serializer: string, status: number, perform: MovedCode | undefined) => CrudShape;

/** The validation and save after `serializer = S(…, data=request.data)`: the `is_valid()` branch, or `is_valid(raise_exception=True)`. */
function validated(rest: readonly SyntaxNode[], assigned: SerializerAssignment, renames: Renames, saved: Saved, object?: string): CrudShape {
  const variable = assigned.variable;
  const data = keyword(assigned.call, 'data');
  if (data?.text !== `${renames.request}.data`) return other('the serializer is not given `request.data`');
  let body: readonly SyntaxNode[];
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
  readonly call: SyntaxNode;
}

/** `serializer = SomeSerializer(…)`. */
function serializerAssignment(statement: SyntaxNode | undefined): SerializerAssignment | undefined {
  const assignment = statement && expressionOf(statement);
  if (assignment?.type !== 'assignment') return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call' || !isClassCall(right)) return undefined;
  return { variable: left.text, call: right };
}

/** `return Response(SomeSerializer(…).data)`: the serializer call. */
function serializedInReturn(statements: readonly SyntaxNode[]): SyntaxNode | undefined {
  const data = responseOf(statements[statements.length - 1])?.dataNode;
  const object = data?.type === 'attribute' && data.childForFieldName('attribute')?.text === 'data' ? data.childForFieldName('object') : undefined;
  return object?.type === 'call' && isClassCall(object) ? object : undefined;
}

/**
 * A call of a class (`BookSerializer(…)`, `serializers.BookSerializer(…)`): the serializer, whatever
 * its name says (projects misspell it); the project checks it is one.
 */
function isClassCall(call: SyntaxNode): boolean {
  return /(^|\.)[A-Z]\w*$/.test(calleeText(call));
}

/** `return Response(serializer.data[, status=…])`. */
function dataResponse(statements: readonly SyntaxNode[], variable: string): { status: number } | undefined {
  const answer = statements.length === 1 ? responseOf(statements[0]) : undefined;
  return answer?.data === `${variable}.data` ? answer : undefined;
}

function isDeleteOf(statement: SyntaxNode, variable: string): boolean {
  return expressionOf(statement)?.text === `${variable}.delete()`;
}

function isSave(statement: SyntaxNode, variable: string): boolean {
  const expression = expressionOf(statement);
  const call = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  return call?.type === 'call' && call.childForFieldName('function')?.text === `${variable}.save`;
}

function bindsName(statement: SyntaxNode, name: string): boolean {
  return statement.descendantsOfType('assignment').some((a) => a.childForFieldName('left')?.text === name) || (expressionOf(statement)?.childForFieldName('left')?.text === name);
}

