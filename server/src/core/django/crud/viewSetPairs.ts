/**
 * Generic views that together are one viewset: a list view (`ListCreateAPIView`…) and a detail
 * view (`RetrieveUpdateDestroyAPIView`…) of one module reading the same queryset through the same
 * serializer under the same policies. What the DRF generic classes route to which viewset action
 * is here too, read by the rule (which pairs it reports) and by Join into a ModelViewSet (what it
 * writes); the join compares the two class bodies member by member and refuses what differs.
 * Two hand-written views that would convert into such a pair are paired too: the join converts
 * them first.
 */
import { lastPart } from '../../python/workspaceNames';
import { refQualifiedName } from '../names';
import type { DjangoProjectModel } from '../project';
import type { DjangoView } from '../views';
import type { CrudViewMatch } from './crudViewMatch';
import { matchQueryset, type OperationKind } from './genericMatch';

/** HTTP method → viewset action, per generic class (DRF's `generics.py`). */
export const GENERIC_ACTIONS: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map<string, Readonly<Record<string, string>>>([
  ['ListCreateAPIView', { get: 'list', post: 'create' }],
  ['ListAPIView', { get: 'list' }],
  ['CreateAPIView', { post: 'create' }],
  ['RetrieveUpdateDestroyAPIView', { get: 'retrieve', put: 'update', patch: 'partial_update', delete: 'destroy' }],
  ['RetrieveUpdateAPIView', { get: 'retrieve', put: 'update', patch: 'partial_update' }],
  ['RetrieveDestroyAPIView', { get: 'retrieve', delete: 'destroy' }],
  ['RetrieveAPIView', { get: 'retrieve' }],
  ['UpdateAPIView', { put: 'update', patch: 'partial_update' }],
  ['DestroyAPIView', { delete: 'destroy' }],
]);

const LIST_SIDE = new Set(['ListCreateAPIView', 'ListAPIView', 'CreateAPIView']);

/** A viewset action's operation (and so its mixin). */
export function operationOfAction(action: string): OperationKind {
  return action === 'partial_update' ? 'update' : (action as OperationKind);
}

/** The mixins in ModelViewSet's order, and the base a viewset with these operations needs. */
const MIXINS: readonly [OperationKind, string][] = [
  ['create', 'CreateModelMixin'],
  ['retrieve', 'RetrieveModelMixin'],
  ['update', 'UpdateModelMixin'],
  ['destroy', 'DestroyModelMixin'],
  ['list', 'ListModelMixin'],
];

/** `ModelViewSet` when every operation is there, else the precise mixins on `GenericViewSet` (no action appearing). */
export function viewSetBases(operations: ReadonlySet<OperationKind>): { bases: string[]; modelViewSet: boolean } {
  if (MIXINS.every(([kind]) => operations.has(kind))) return { bases: ['viewsets.ModelViewSet'], modelViewSet: true };
  return { bases: [...MIXINS.filter(([kind]) => operations.has(kind)).map(([, mixin]) => `mixins.${mixin}`), 'viewsets.GenericViewSet'], modelViewSet: false };
}

/** The DRF generic class a view derives from alone, when it is one. */
export function genericBaseOf(view: DjangoView): string | undefined {
  if (view.kind !== 'class' || view.framework !== 'drf' || view.viewset || view.frameworkBases.length !== 1) return undefined;
  const base = view.frameworkBases[0];
  const name = lastPart(base);
  return GENERIC_ACTIONS.has(name) && (base === name || base === `rest_framework.generics.${name}`) ? name : undefined;
}

/** A list view and a detail view that may be joined, by their project views. */
export interface ViewSetPair {
  readonly list: DjangoView;
  readonly detail: DjangoView;
}

/**
 * The pairs of the project whose model facts agree (same module, serializer, queryset, model,
 * permissions, authentication, filters, `get_queryset` on both or neither), each view pairing
 * with exactly one other, and both routed by `as_view(…)` alone. The join checks the rest.
 */
export function viewSetPairs(project: DjangoProjectModel): ViewSetPair[] {
  const generic = project.views.filter((view) => genericBaseOf(view) !== undefined && routedPlainly(view, project));
  const isList = (view: DjangoView) => LIST_SIDE.has(genericBaseOf(view)!);
  const agree = (a: DjangoView, b: DjangoView) =>
    a.serializer !== undefined && a.serializer === b.serializer && a.model === b.model && a.queryset === b.queryset && a.handlers.includes('get_queryset') === b.handlers.includes('get_queryset') && samePolicies(a, b);
  return uniquePairs(generic.filter(isList), generic.filter((view) => !isList(view)), agree).map(([list, detail]) => ({ list, detail }));
}

/** A list view and a detail view written by hand that convert into a pair of generic views. */
export interface HandWrittenPair {
  readonly list: CrudViewMatch;
  readonly detail: CrudViewMatch;
}

/**
 * The hand-written views (their matches) that would convert into a pair `viewSetPairs` reports:
 * none refused, a list and a detail generic class, the same module, serializer, model and
 * policies, and the same queryset once converted (the list's, the detail lookup's).
 */
export function handWrittenPairs(matches: readonly CrudViewMatch[], project: DjangoProjectModel): HandWrittenPair[] {
  // An empty 404 is kept by a detail view's own handle_exception; a viewset's would empty its list's 404s too.
  const convertible = matches.filter((found) => !found.refusal && found.match.genericClass !== undefined && found.match.lookup?.missing !== 'bare404');
  const isList = (found: CrudViewMatch) => LIST_SIDE.has(found.match.genericClass!);
  const queryset = (found: CrudViewMatch) => {
    const moved = matchQueryset(found.match, project);
    return moved && `${moved.perRequest}:${moved.text}`;
  };
  const agree = (a: CrudViewMatch, b: CrudViewMatch) =>
    a.match.serializer !== undefined && a.match.serializer === b.match.serializer && a.match.model === b.match.model && queryset(a) === queryset(b) && samePolicies(a.view, b.view, false);
  return uniquePairs(convertible.filter(isList), convertible.filter((found) => !isList(found)), agree).map(([list, detail]) => ({ list, detail }));
}

/** Each list with the one detail it agrees with, when that detail agrees with no other list. */
function uniquePairs<T>(lists: readonly T[], details: readonly T[], agree: (list: T, detail: T) => boolean): [T, T][] {
  const pairs: [T, T][] = [];
  for (const list of lists) {
    const matching = details.filter((detail) => agree(list, detail));
    if (matching.length !== 1) continue;
    if (lists.filter((other) => agree(other, matching[0])).length !== 1) continue;
    pairs.push([list, matching[0]]);
  }
  return pairs;
}

/**
 * One module, and the same permissions, authentication and (`filtered`) filter backends. Views
 * written by hand filter nothing (only a generic view's `filter_queryset` does, and the
 * conversion sets the same backends on both), so an `@api_view` function, which has none, pairs
 * with an `APIView`, which inherits the default.
 */
function samePolicies(a: DjangoView, b: DjangoView, filtered = true): boolean {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return (
    a.path === b.path &&
    same(a.permissionClasses, b.permissionClasses) &&
    same(a.authenticationClasses, b.authenticationClasses) &&
    (!filtered || same(a.filterBackends, b.filterBackends))
  );
}

/** Every URL of the project routing to the view does so by `as_view(…)` (initkwargs go to the viewset's), and one does. */
function routedPlainly(view: DjangoView, project: DjangoProjectModel): boolean {
  const routes = project.urls.urls.filter((url) => url.view.kind === 'view' && refQualifiedName(url.view.ref) === view.qualifiedName);
  return routes.length > 0 && routes.every((url) => url.view.kind === 'view' && url.view.asView);
}

/** The name DRF shows for a view class (`get_view_name`): `ReviewList` → "Review List". */
export function drfViewName(className: string): string {
  const strip = (text: string, tail: string) => (text.endsWith(tail) && text !== tail ? text.slice(0, -tail.length) : text);
  const name = strip(strip(className, 'View'), 'ViewSet');
  return name.replace(/((?<=[a-z])[A-Z]|[A-Z](?![A-Z]|$))/g, ' $1').trim();
}
