/**
 * The members a converted view declares, as Python text: the serializer, the queryset (or a
 * per-request `get_queryset`), the lookup, the methods kept, the project defaults neutralised,
 * and the `perform_*` / `create` overrides that keep what the handlers did around the save.
 */
import { matchQueryset, type GenericMatch } from '../../core/django/crud/genericMatch';
import type { DjangoProjectModel } from '../../core/django/project';
import { isUnknown } from '../../core/django/values';

const INDENT = '    ';

/** What rendering needs besides the match: how the module names `status`, and the model's default manager. */
export interface RenderContext {
  readonly project: DjangoProjectModel;
  /** `status.HTTP_200_OK` when `status` is imported, else the number. */
  readonly statusName: (code: number) => string;
}

/** The class body lines (indented once) after the attributes the view already has. */
export function genericMembers(match: GenericMatch, context: RenderContext): string[] {
  const attributes: string[] = [];
  if (match.serializer) attributes.push(`serializer_class = ${match.serializer}`);
  const queryset = matchQueryset(match, context.project);
  if (queryset && !queryset.perRequest) attributes.push(`queryset = ${queryset.text}`);
  if (match.lookup && match.lookup.field !== 'pk') attributes.push(`lookup_field = ${JSON.stringify(match.lookup.field)}`);
  if (match.lookup && match.lookup.urlKwarg !== match.lookup.field) attributes.push(`lookup_url_kwarg = ${JSON.stringify(match.lookup.urlKwarg)}`);
  if (match.httpMethodNames) attributes.push(`http_method_names = [${match.httpMethodNames.map((m) => JSON.stringify(m)).join(', ')}]`);
  const framework = context.project.settings?.restFramework;
  const defaults = framework && !isUnknown(framework) ? framework : {};
  // The hand-written list neither paginated nor filtered; the generic one would with the project's defaults.
  const lists = match.operations.some(([, operation]) => operation.kind === 'list');
  if (lists && defaults.DEFAULT_PAGINATION_CLASS !== undefined && defaults.DEFAULT_PAGINATION_CLASS !== null) attributes.push('pagination_class = None');
  const backends = defaults.DEFAULT_FILTER_BACKENDS;
  if (backends !== undefined && !(Array.isArray(backends) && backends.length === 0)) attributes.push('filter_backends = []');
  const methods: string[][] = [];
  if (queryset?.perRequest) methods.push(method('get_queryset(self)', /(^|\n)return /.test(queryset.text) ? queryset.text : `return ${queryset.text}`));
  if (match.createStatus !== undefined) {
    methods.push(method('create(self, request, *args, **kwargs)', `response = super().create(request, *args, **kwargs)\nresponse.status_code = ${context.statusName(match.createStatus)}\nreturn response`));
  }
  if (match.perform.create) methods.push(method('perform_create(self, serializer)', match.perform.create.text));
  if (match.perform.update) methods.push(method('perform_update(self, serializer)', match.perform.update.text));
  if (match.perform.destroy) methods.push(method('perform_destroy(self, instance)', match.perform.destroy.text));
  if (match.lookup?.missing === 'bare404') {
    // DRF would answer the lookup's Http404 with `{"detail": "Not found."}`.
    const body = `# A missing object is answered with an empty 404, as the hand-written view did.\nif isinstance(exc, Http404):\n${INDENT}return Response(status=${context.statusName(404)})\nreturn super().handle_exception(exc)`;
    methods.push(method('handle_exception(self, exc)', body));
  }
  return [...attributes.map((line) => `${INDENT}${line}`), ...methods.flatMap((lines) => ['', ...lines])];
}

function method(signature: string, body: string): string[] {
  return [`${INDENT}def ${signature}:`, ...body.split('\n').map((line) => (line.trim() === '' ? '' : `${INDENT}${INDENT}${line}`))];
}
