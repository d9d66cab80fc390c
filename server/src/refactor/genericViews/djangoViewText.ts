/**
 * The class a plain Django function view becomes, as Python text: Django's generic view with the
 * attributes saying what the function did, and the function's name bound to its `as_view()`
 * (wrapped in the decorators kept), so URL confs, `reverse()` and imports keep working.
 *
 *     @require_GET                                           class SupplierList(ListView):
 *     def supplier_list(request):                                queryset = Supplier.objects.order_by("name")
 *         suppliers = Supplier.objects.order_by("name")          template_name = "shop/supplier_list.html"
 *         return render(request, "shop/supplier_list.html",      context_object_name = "suppliers"
 *                       {"suppliers": suppliers})                http_method_names = ["get"]
 *
 *                                                            supplier_list = SupplierList.as_view()
 */
import type { AccessMixin, PageViewMatch } from '../../core/django/crud/pageViewChecks';
import type { ReadViewMatch } from '../../core/django/crud/readViewMatch';

const INDENT = '    ';

/** What the class says: its base, attributes, methods (each its lines, the body indented once), and how its view is bound. */
export interface DjangoViewClass {
  readonly generic: string;
  /** Mixins before the generic view among the bases (`SuccessMessageMixin`). */
  readonly mixins: readonly string[];
  readonly docstring?: string;
  readonly members: readonly string[];
  readonly methods: readonly (readonly string[])[];
  readonly httpMethodNames: readonly string[];
  readonly wrappers: readonly string[];
  /** When a decorator becomes `LoginRequiredMixin` or `PermissionRequiredMixin` (the first base), with its attributes. */
  readonly access?: AccessMixin;
}

/** The class replacing function `name`, and the function's name bound to its view (none when the class keeps the name of the class it replaces). */
export function djangoViewText(name: string, className: string, { generic, mixins, docstring, members, methods, httpMethodNames, wrappers, access }: DjangoViewClass): string {
  const body = [...members, ...(access?.members ?? []), `http_method_names = [${httpMethodNames.map((method) => JSON.stringify(method)).join(', ')}]`];
  const view = wrappers.reduceRight((wrapped, decorator) => `${decorator}(${wrapped})`, `${className}.as_view()`);
  return [
    `class ${className}(${[...(access ? [access.mixin] : []), ...mixins, generic].join(', ')}):`,
    ...(docstring ? [`${INDENT}${docstring}`, ''] : []),
    ...body.map((member) => `${INDENT}${member}`),
    ...methods.flatMap((method) => ['', ...method.map((line) => (line === '' ? '' : `${INDENT}${line}`))]),
    ...(name === className ? [] : ['', '', `${name} = ${view}`]),
  ].join('\n');
}

/** A looked-up object's attributes: `pk_url_kwarg`, or `slug_field` and `slug_url_kwarg`. */
export function lookupMembers(lookup: { readonly field: string; readonly urlKwarg: string } | undefined): string[] {
  if (!lookup) return [];
  if (lookup.field === 'pk') return lookup.urlKwarg === 'pk' ? [] : [`pk_url_kwarg = ${JSON.stringify(lookup.urlKwarg)}`];
  return [`slug_field = ${JSON.stringify(lookup.field)}`, `slug_url_kwarg = ${JSON.stringify(lookup.urlKwarg)}`];
}

/**
 * For a function no decorator limited: the methods the generic view does not answer get what they
 * got from the function, where the generic view would answer 405.
 */
export function otherMethodsOverride(otherMethods: PageViewMatch<unknown, string>['otherMethods']): string[][] {
  if (!otherMethods) return [];
  return [[
    'def http_method_not_allowed(self, request, *args, **kwargs):',
    `${INDENT}# As the function did: ${otherMethods.answer} (\`${otherMethods.limit}\` on the function would have answered 405).`,
    `${INDENT}return self.get(request, *args, **kwargs)`,
  ]];
}

/** A `ListView`'s or `DetailView`'s attributes and methods. */
export function readViewClass({ candidate, generic, httpMethodNames, wrappers, access, contextObjectName, otherMethods }: ReadViewMatch): DjangoViewClass {
  const members: string[] = [];
  const methods: string[][] = [...otherMethodsOverride(otherMethods)];
  const queryset = candidate.queryset;
  if (candidate.lookup) members.push(`model = ${candidate.lookup.model}`);
  if (queryset && !queryset.perRequest) members.push(`queryset = ${queryset.text}`);
  members.push(`template_name = ${candidate.template}`, ...lookupMembers(candidate.lookup));
  if (contextObjectName) members.push(`context_object_name = ${JSON.stringify(contextObjectName)}`);
  const pagination = candidate.pagination;
  if (pagination) members.push(`paginate_by = ${pagination.perPage}`, ...(pagination.pageParameter === 'page' ? [] : [`page_kwarg = ${JSON.stringify(pagination.pageParameter)}`]));
  if (queryset?.perRequest) methods.push(['def get_queryset(self):', ...indented(/(^|\n)return /.test(queryset.text) ? queryset.text : `return ${queryset.text}`)]);
  if (pagination) {
    methods.push([
      'def paginate_queryset(self, queryset, page_size):',
      `${INDENT}# As the function did: a page number out of range, or not a number, shows the last or the first page (a ListView answers 404).`,
      `${INDENT}paginator = self.get_paginator(queryset, page_size)`,
      `${INDENT}page = paginator.get_page(self.request.GET.get(self.page_kwarg))`,
      `${INDENT}return paginator, page, page.object_list, page.has_other_pages()`,
    ]);
  }
  return { generic, mixins: [], docstring: candidate.docstring, members, httpMethodNames, wrappers, access, methods };
}

function indented(text: string): string[] {
  return text.split('\n').map((line) => (line.trim() === '' ? '' : `${INDENT}${line}`));
}
