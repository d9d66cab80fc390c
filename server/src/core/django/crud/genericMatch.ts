/**
 * Which DRF generic view a hand-written CRUD view is, and what the generic view must set to
 * answer exactly as it does: `http_method_names` when it handles fewer methods, `get_queryset`
 * when the queryset depends on the request, `perform_*` for what it does around the save or the
 * delete, `lookup_field`/`lookup_url_kwarg` from its lookup, a `create` keeping a 200. Read by
 * the rule (its message) and by the conversion (what it writes); the refusals are in
 * genericRefusals.ts.
 */
import { lastPart } from '../../python/workspaceNames';
import type { DjangoProjectModel } from '../project';
import type { DjangoView } from '../views';
import type { CrudCandidate } from './crudHandlers';
import type { CrudOperation, Lookup } from './crudOperations';
import type { MovedCode } from './movedCode';

export type OperationKind = CrudOperation['kind'];

export interface GenericMatch {
  /** `ListCreateAPIView`…, or undefined when no generic class has exactly these operations (then `mixins`). */
  readonly genericClass?: string;
  /** The mixins for operations no generic class combines (update and destroy without retrieve). */
  readonly mixins: readonly string[];
  /** HTTP method → its operation, in DRF's method order. */
  readonly operations: readonly (readonly [string, CrudOperation])[];
  readonly serializer?: string;
  /** Every serializer the handlers use (a generic view has one). */
  readonly serializers: readonly string[];
  /** The model label, from the serializer's `Meta.model`, when known. */
  readonly model?: string;
  /** `http_method_names` to write, when the generic class would allow other methods. */
  readonly httpMethodNames?: readonly string[];
  /** The queryset: a class attribute's expression or `get_queryset`'s body (`perRequest`). */
  readonly queryset?: MovedCode;
  readonly lookup?: Lookup;
  /** The create answers 200, not the 201 CreateModelMixin answers. */
  readonly createStatus?: number;
  readonly perform: { readonly [K in 'create' | 'update' | 'destroy']?: MovedCode };
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];

const EXPECTED_KIND: Readonly<Record<string, readonly OperationKind[]>> = { GET: ['list', 'retrieve'], POST: ['create'], PUT: ['update'], PATCH: ['update'], DELETE: ['destroy'] };

/** Generic classes by the operations they provide, with the methods they answer. */
const GENERIC_CLASSES: readonly { name: string; kinds: readonly OperationKind[]; methods: readonly string[] }[] = [
  { name: 'ListCreateAPIView', kinds: ['list', 'create'], methods: ['GET', 'POST'] },
  { name: 'ListAPIView', kinds: ['list'], methods: ['GET'] },
  { name: 'CreateAPIView', kinds: ['create'], methods: ['POST'] },
  { name: 'RetrieveUpdateDestroyAPIView', kinds: ['retrieve', 'update', 'destroy'], methods: ['GET', 'PUT', 'PATCH', 'DELETE'] },
  { name: 'RetrieveUpdateAPIView', kinds: ['retrieve', 'update'], methods: ['GET', 'PUT', 'PATCH'] },
  { name: 'RetrieveDestroyAPIView', kinds: ['retrieve', 'destroy'], methods: ['GET', 'DELETE'] },
  { name: 'RetrieveAPIView', kinds: ['retrieve'], methods: ['GET'] },
  { name: 'UpdateAPIView', kinds: ['update'], methods: ['PUT', 'PATCH'] },
  { name: 'DestroyAPIView', kinds: ['destroy'], methods: ['DELETE'] },
];

/**
 * The generic view `candidate` (the CRUD facts of `view`) matches, or why it is no CRUD view at
 * all (a handler doing something else, list and detail operations mixed): then nothing is reported.
 */
export function genericMatchOf(candidate: CrudCandidate, view: DjangoView, project: DjangoProjectModel): GenericMatch | string {
  const operations = operationsOf(candidate, view);
  if (typeof operations === 'string') return operations;
  const kinds = new Set(operations.map(([, operation]) => operation.kind));
  const detail = kinds.has('retrieve') || kinds.has('update') || kinds.has('destroy');
  if (detail && (kinds.has('list') || kinds.has('create'))) return 'it mixes list and detail operations';
  const serializers = [...new Set(operations.flatMap(([, operation]) => ('serializer' in operation ? [operation.serializer] : [])))];
  const lookups = operations.flatMap(([, operation]) => ('lookup' in operation ? [operation.lookup] : []));
  const generic = GENERIC_CLASSES.find((candidateClass) => candidateClass.kinds.length === kinds.size && candidateClass.kinds.every((kind) => kinds.has(kind)));
  const provided = generic?.methods ?? operations.map(([method]) => method);
  const handled = operations.map(([method]) => method);
  // A view that only deletes names no serializer, and DestroyAPIView needs none.
  const serializer = serializers[0];
  const list = operations.find(([, operation]) => operation.kind === 'list')?.[1];
  const create = operations.find(([, operation]) => operation.kind === 'create')?.[1];
  const perform: { -readonly [K in 'create' | 'update' | 'destroy']?: MovedCode } = {};
  for (const [, operation] of operations) {
    if ((operation.kind === 'create' || operation.kind === 'update' || operation.kind === 'destroy') && operation.perform) perform[operation.kind] = operation.perform;
  }
  return {
    genericClass: generic?.name,
    mixins: generic ? [] : [...kinds].map(mixinOf),
    operations,
    serializer,
    serializers,
    model: serializer ? serializerModel(project, serializer) : undefined,
    httpMethodNames: methodNames(view, handled, provided),
    queryset: list?.kind === 'list' ? list.queryset : undefined,
    lookup: lookups[0],
    createStatus: create?.kind === 'create' && create.status !== 201 ? create.status : undefined,
    perform,
  };
}

/** Each handled method's operation; for a function view the methods are `@api_view`'s. */
function operationsOf(candidate: CrudCandidate, view: DjangoView): (readonly [string, CrudOperation])[] | string {
  const methods = candidate.kind === 'class' ? candidate.handlers.map((handler) => handler.method) : Array.isArray(view.httpMethods) ? view.httpMethods.filter((method) => method !== 'OPTIONS' && method !== 'HEAD') : undefined;
  if (!methods) return 'its HTTP methods are not known';
  const operations: [string, CrudOperation][] = [];
  for (const method of METHOD_ORDER.map((m) => m.toUpperCase()).filter((m) => methods.includes(m))) {
    const named = candidate.handlers.filter((handler) => handler.method === method);
    const handlers = named.length > 0 ? named : candidate.handlers.filter((handler) => handler.method === 'ELSE' || (handler.method === '*' && methods.length === 1));
    if (handlers.length !== 1) return `${method} has ${handlers.length === 0 ? 'no' : 'several'} handlers`;
    const shape = handlers[0].shape;
    if (shape.kind === 'other') return `${method}: ${shape.reason}`;
    if (!EXPECTED_KIND[method]?.includes(shape.kind)) return `${method} does a ${shape.kind}`;
    operations.push([method, shape]);
  }
  if (operations.length === 0 || methods.some((method) => !EXPECTED_KIND[method])) return 'it handles other methods';
  return operations;
}

/**
 * The `http_method_names` keeping the methods the view answers: a class answers its handlers'
 * methods, HEAD with GET, and OPTIONS; `@api_view` only the methods listed and OPTIONS.
 */
function methodNames(view: DjangoView, handled: readonly string[], provided: readonly string[]): string[] | undefined {
  const same = handled.length === provided.length && provided.every((method) => handled.includes(method));
  if (view.kind === 'class' && same) return undefined;
  const listed = view.kind === 'function' && Array.isArray(view.httpMethods) ? view.httpMethods : [...handled, ...(handled.includes('GET') ? ['HEAD'] : [])];
  const names = new Set([...listed, ...handled, 'OPTIONS'].map((method) => method.toLowerCase()));
  return METHOD_ORDER.filter((method) => names.has(method));
}

function mixinOf(kind: OperationKind): string {
  switch (kind) {
    case 'list':
      return 'ListModelMixin';
    case 'create':
      return 'CreateModelMixin';
    case 'retrieve':
      return 'RetrieveModelMixin';
    case 'update':
      return 'UpdateModelMixin';
    case 'destroy':
      return 'DestroyModelMixin';
  }
}

/** The label of the serializer's `Meta.model` (the serializer found by its class name). */
export function serializerModel(project: DjangoProjectModel, serializer: string): string | undefined {
  const found = project.serializers.filter((candidate) => candidate.name === lastPart(serializer));
  const model = found.length === 1 ? found[0].model : undefined;
  return typeof model === 'string' ? model : undefined;
}

/** The operations as a verb list: "lists and creates", "retrieves, updates and deletes". */
export function operationVerbs(match: GenericMatch): string {
  return verbsOf(match.operations.map(([, operation]) => operation.kind));
}

/** Operation kinds as a verb list, each once in the order given. */
export function verbsOf(operations: readonly OperationKind[]): string {
  const verbs: Record<OperationKind, string> = { list: 'lists', create: 'creates', retrieve: 'retrieves', update: 'updates', destroy: 'deletes' };
  const kinds = [...new Set(operations)].map((kind) => verbs[kind]);
  return kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}`;
}

/** The generic view's queryset: the list's, else the lookup's (a model searched through its default manager). */
export function matchQueryset(match: GenericMatch, project: DjangoProjectModel): { text: string; perRequest: boolean } | undefined {
  if (match.queryset) return match.queryset;
  const lookup = match.lookup;
  if (!lookup) return undefined;
  // `get_object_or_404(Book.objects, …)`, `Book.objects.get(…)`: the manager's queryset.
  if (!lookup.modelName) return /^[\w.]+\.objects$/.test(lookup.source.text) ? { text: `${lookup.source.text}.all()`, perRequest: lookup.source.perRequest } : lookup.source;
  const model = project.models.find((candidate) => candidate.name === lookup.modelName!.split('.').pop());
  return { text: `${lookup.modelName}.${model?.managers[0]?.name ?? 'objects'}.all()`, perRequest: false };
}
