/**
 * Why a hand-written CRUD view cannot become its generic view without answering differently.
 * A generic view checks object permissions in `get_object`, passes the request to its serializer,
 * filters and paginates with the project's defaults unless told not to, answers invalid data
 * through the exception handler, a missing object with `{"detail": "Not found."}` (an empty 404
 * is kept by a `handle_exception` override) and a create with a `Location` when the data has a
 * `url`: where the hand-written view did otherwise and the conversion cannot set it back, it is
 * refused with the reason.
 */
import { lastPart } from '../../python/workspaceNames';
import { refQualifiedName } from '../names';
import type { DjangoProjectModel } from '../project';
import { isUnknown } from '../values';
import type { DjangoSerializer } from '../serializers';
import type { DjangoView } from '../views';
import type { CrudCandidate } from './crudHandlers';
import type { Lookup } from './lookups';
import type { GenericMatch } from './genericMatch';

/** DRF's permissions that check nothing per object (`has_object_permission` is BasePermission's). */
const NO_OBJECT_PERMISSIONS = new Set(['AllowAny', 'IsAuthenticated', 'IsAdminUser', 'IsAuthenticatedOrReadOnly']);

/** What GenericAPIView and its mixins define: a helper of the same name would override it. */
const GENERIC_API = new Set([
  'get_queryset', 'get_object', 'get_serializer', 'get_serializer_class', 'get_serializer_context', 'filter_queryset', 'paginate_queryset',
  'get_paginated_response', 'list', 'create', 'retrieve', 'update', 'partial_update', 'destroy', 'perform_create', 'perform_update', 'perform_destroy',
  'get_success_headers', 'paginator',
]);

/** Decorators of a function view that become class attributes. */
const POLICY_DECORATORS = ['permission_classes', 'authentication_classes', 'throttle_classes', 'renderer_classes', 'parser_classes'];

/** The reason the conversion would change an answer, or undefined when it keeps them all. */
export function genericRefusal(match: GenericMatch, candidate: CrudCandidate, view: DjangoView, project: DjangoProjectModel): string | undefined {
  if (match.serializers.length > 1) return `the handlers use several serializers (${match.serializers.map((s) => `\`${s}\``).join(', ')}); a generic view has one`;
  for (const [method, operation] of match.operations) {
    const expected = operation.kind === 'create' ? [200, 201] : operation.kind === 'destroy' ? [204] : [200];
    if (!expected.includes(operation.status)) return `${method} answers ${operation.status}, not the generic ${expected[expected.length - 1]}`;
    if (operation.kind === 'destroy' && operation.body) return 'the delete answers a body; DestroyModelMixin answers none';
  }
  for (const [method, operation] of match.operations) {
    if (operation.kind === 'update' && operation.partial !== (method === 'PATCH')) return `${method} makes a ${operation.partial ? 'partial' : 'full'} update; the generic view's ${method} makes a ${operation.partial ? 'full' : 'partial'} one`;
  }
  const lookups = match.operations.flatMap(([, operation]) => ('lookup' in operation ? [operation.lookup] : []));
  const same = (a: Lookup, b: Lookup) => a.source.text === b.source.text && a.field === b.field && a.urlKwarg === b.urlKwarg && a.missing === b.missing;
  if (lookups.some((other) => !same(other, lookups[0]))) return 'the handlers look the object up differently; a generic view has one lookup';
  const lookup = match.lookup;
  if (lookup?.missing === 'bare404' && candidate.otherMethods.includes('handle_exception')) {
    return 'a missing object is answered with an empty 404, which a `handle_exception` override would keep, and the class defines its own';
  }
  const stranded = [...(match.queryset ? [match.queryset] : []), ...Object.values(match.perform)].flatMap((code) => code?.strandedLocals ?? []);
  if (stranded.length > 0) return `\`${stranded[0]}\` is computed in the handler, outside what would move to \`get_queryset\`/\`perform_*\``;
  return viewRefusal(match, candidate, view) ?? projectRefusal(match, project) ?? urlRefusal(match, view, project);
}

function viewRefusal(match: GenericMatch, candidate: CrudCandidate, view: DjangoView): string | undefined {
  const helper = candidate.otherMethods.find((name) => GENERIC_API.has(name));
  if (helper) return `the class defines \`${helper}\`, which the generic view would call`;
  if (view.kind === 'function') {
    const decorator = view.decorators.find((written) => !['api_view', ...POLICY_DECORATORS].includes(lastPart(written.replace(/\(.*$/s, ''))));
    if (decorator) return `\`@${decorator}\` has no generic-view equivalent here`;
  } else if (view.frameworkBases.length !== 1 || lastPart(view.frameworkBases[0]) !== 'APIView') {
    return `it derives from ${view.frameworkBases.map((base) => `\`${base}\``).join(', ')}, not APIView alone`;
  }
  const detail = match.lookup !== undefined;
  const permissions = view.permissionClasses?.value;
  if (permissions === undefined || isUnknown(permissions)) return 'its permission classes are not known';
  const objectChecked = permissions.find((permission) => !NO_OBJECT_PERMISSIONS.has(lastPart(permission)));
  if (detail && objectChecked) return `object permissions would now be checked: \`${lastPart(objectChecked)}\` may define \`has_object_permission\``;
  if (view.kind === 'class' && (view.filterBackends?.from === 'view' || view.paginationClass?.from === 'view')) {
    return 'the class sets `filter_backends` or `pagination_class`, which the generic view would now apply';
  }
  return undefined;
}

function projectRefusal(match: GenericMatch, project: DjangoProjectModel): string | undefined {
  const framework = project.settings?.restFramework;
  if (framework !== undefined && isUnknown(framework)) return '`REST_FRAMEWORK` is not known statically';
  if (framework?.EXCEPTION_HANDLER !== undefined && match.operations.some(([, operation]) => operation.kind === 'create' || operation.kind === 'update')) {
    return 'invalid data would now be answered by the project\'s `EXCEPTION_HANDLER`';
  }
  const serializer = match.serializer && project.serializers.filter((candidate) => candidate.name === lastPart(match.serializer!));
  if (match.serializer && serializer && serializer.length !== 1) return `the serializer \`${match.serializer}\` is not found in the project`;
  const found = serializer ? serializer[0] : undefined;
  if (found && /Hyperlinked/.test(found.base)) return `\`${found.name}\` would now get the request in its context (absolute URLs)`;
  const creates = match.operations.some(([, operation]) => operation.kind === 'create');
  const urlField = typeof framework?.URL_FIELD_NAME === 'string' ? framework.URL_FIELD_NAME : 'url';
  const why = creates && found ? mayHoldField(found, urlField, project) : undefined;
  return why && `the create would answer a \`Location\` header if \`${found!.name}\`'s data has a \`${urlField}\` (${why})`;
}

/** DRF's `ModelSerializer`: with `fields = "__all__"` (or `exclude`) its data holds the model's fields and the declared ones. */
const MODEL_SERIALIZER = 'rest_framework.serializers.ModelSerializer';

/**
 * Why `serializer`'s data may hold `field` (DRF's create then answers a `Location` header from it),
 * or undefined when it provably does not: the field is not in `Meta.fields`, or, with all the
 * model's fields, not on the model (its parents included) nor declared, and no method may add it.
 */
function mayHoldField(serializer: DjangoSerializer, field: string, project: DjangoProjectModel): string | undefined {
  const fields = serializer.fields;
  if (Array.isArray(fields)) return fields.includes(field) ? 'it is listed' : undefined;
  const allFields = fields === '__all__' || (fields === undefined && Array.isArray(serializer.exclude));
  if (!allFields) return 'its fields are not listed';
  if (serializer.outsideBases.join() !== MODEL_SERIALIZER || serializer.methods.length > 0) return `its fields are not listed, and it builds on more than \`ModelSerializer\``;
  if (serializer.attributes.includes(field)) return 'it declares it';
  const names = typeof serializer.model === 'string' ? modelFieldNames(serializer.model, project) : undefined;
  if (names === undefined) return 'its fields are not listed, and its model\'s fields are not known';
  return names.includes(field) ? 'its model has one' : undefined;
}

/** The fields of a model and of the concrete models it inherits from; undefined when a base is not known. */
function modelFieldNames(label: string, project: DjangoProjectModel): string[] | undefined {
  const model = project.models.find((candidate) => candidate.label.toLowerCase() === label.toLowerCase());
  if (!model || model.unknownBases.length > 0) return undefined;
  const names = model.fields.map((field) => field.name);
  for (const parent of model.parents) {
    const inherited = modelFieldNames(parent, project);
    if (!inherited) return undefined;
    names.push(...inherited);
  }
  return names;
}

/** The lookup's URL argument must come by name, and a malformed number must not turn from a 500 into a 404. */
function urlRefusal(match: GenericMatch, view: DjangoView, project: DjangoProjectModel): string | undefined {
  return match.lookup && lookupRouteRefusal(match.lookup, view, project, true);
}

/**
 * Every URL routing to `view` passes the lookup's argument by name; with `numberTo404`, one
 * for a numeric field is an integer (DRF answers 404 where the hand-written lookup failed with 500).
 */
export function lookupRouteRefusal(lookup: Pick<Lookup, 'field' | 'urlKwarg'>, view: DjangoView, project: DjangoProjectModel, numberTo404: boolean): string | undefined {
  const routes = project.urls.urls.filter((url) => url.view.kind === 'view' && refQualifiedName(url.view.ref) === view.qualifiedName);
  if (routes.length === 0) return 'no URL of the project routes to it';
  const numeric = /^(pk|id|.*_id)$/.test(lookup.field);
  for (const url of routes) {
    if (isUnknown(url.route)) return 'a URL routing to it is not known statically';
    const converter = new RegExp(`<(?:(\\w+):)?${lookup.urlKwarg}>|\\(\\?P<${lookup.urlKwarg}>([^)]*)\\)`).exec(url.route);
    if (!converter) return `the URL \`${url.route}\` does not pass \`${lookup.urlKwarg}\` by name`;
    const integer = converter[1] === 'int' || /^(\\d|\[0-9\])\+$/.test(converter[2] ?? '');
    if (numberTo404 && numeric && !integer) return `\`${url.route}\` takes any text as \`${lookup.urlKwarg}\`: a malformed one answers 500 now, 404 from a generic view`;
  }
  return undefined;
}
