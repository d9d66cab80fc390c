/**
 * What a plain Django function view and the Django generic view replacing it (`CreateView`,
 * `UpdateView`, `ListView`, `DetailView`) must agree on to answer every request the same:
 * - the methods: a function limited to the generic view's (`@require_http_methods`,
 *   `@require_GET`, `@require_safe`) has them as its `http_method_names`; one answering every
 *   method keeps answering the others as it did (a POST to a list gets the page, a PUT to a form
 *   the blank form) through `http_method_not_allowed`, where the generic view would answer 405;
 * - Django's own view decorators (`@login_required`, `@never_cache`…) above the method check
 *   wrap the class's view (`never_cache(SupplierNew.as_view())`): the same checks in the same
 *   order; others, or one below the method check, are refused. A `@login_required` innermost
 *   of them (its arguments string literals) becomes `LoginRequiredMixin`, which checks in the
 *   class's `dispatch` before the method check, as the decorator did, and redirects alike
 *   (`AccessMixin.handle_no_permission` is `user_passes_test`'s redirect); a
 *   `@permission_required(…, raise_exception=True)` becomes `PermissionRequiredMixin`, which
 *   answers 403 alike;
 * - the generic view adds names to the template's context (`view`, `object`, `page_obj`…): the
 *   template, and those it extends or includes, must read none the function did not pass;
 * - a looked-up object missing raises Http404 with the generic view's own text, which a project
 *   `404.html` showing `{{ exception }}` would show.
 */
import type { TemplateFinder } from '../../queries/templateFiles';
import { lastPart } from '../../python/workspaceNames';
import type { DjangoView } from '../views';
import type { PermissionRequired } from '../viewDecorators';
import { isUnknown } from '../values';

const METHOD_DECORATORS = /^require_(http_methods|GET|POST|safe)\b/;

/**
 * Django's decorators that wrap a view whatever its arguments (`*args, **kwargs` passed on):
 * around `as_view()` they check and answer as they did around the function.
 */
const WRAPPING_DECORATORS = /^(login_required|permission_required|user_passes_test|staff_member_required|csrf_exempt|csrf_protect|ensure_csrf_cookie|requires_csrf_token|never_cache|cache_page|cache_control|vary_on_cookie|vary_on_headers|xframe_options_deny|xframe_options_sameorigin|xframe_options_exempt|sensitive_post_parameters)$/;

/** A plain Django view of the project, the Django generic view it matches and, when converting it would change an answer, why. */
export interface PageViewMatch<Candidate, Generic extends string> {
  readonly view: DjangoView;
  readonly candidate: Candidate;
  readonly generic: Generic;
  /** The model, as a label, when known. */
  readonly model?: string;
  /** Lower-case, in the decorator's order. */
  readonly httpMethodNames: readonly string[];
  /** The decorators kept around the class's view, as written, outermost first. */
  readonly wrappers: readonly string[];
  /** When the innermost decorator kept becomes `LoginRequiredMixin` or `PermissionRequiredMixin`. */
  readonly access?: AccessMixin;
  /** Set when the object (or list) is passed by another key than the one the generic view names it by. */
  readonly contextObjectName?: string;
  /** When no decorator limited the function's methods: what the others got, which `http_method_not_allowed` keeps answering, and the decorator that would limit them. */
  readonly otherMethods?: { readonly answer: string; readonly limit: string };
  readonly refusal?: string;
}

/** A generic view's methods: those it must answer, and those it may. */
export interface PageMethods {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** What a request of another method gets from the function when no decorator limits it. */
  readonly otherwise: string;
  /** The decorator limiting the function to the generic view's methods. */
  readonly limit: string;
  /** What the generic view does with the methods it answers. */
  readonly does: string;
}

/** A decorator of Django's that becomes the mixin of Django's checking alike, as written, and the mixin's attributes (`login_url = "/signin/"`). */
export interface AccessMixin {
  readonly mixin: 'LoginRequiredMixin' | 'PermissionRequiredMixin';
  readonly decorator: string;
  readonly members: readonly string[];
}

/**
 * The view's methods for `http_method_names` (lower-case) and the decorators kept around the
 * class's view, outermost first. Only the innermost may become a mixin: the mixins share
 * `AccessMixin`'s `raise_exception` and `login_url`, so two would answer with one's settings.
 */
export function pageViewWrapping(view: DjangoView, spec: PageMethods): Pick<PageViewMatch<unknown, string>, 'httpMethodNames' | 'wrappers' | 'access' | 'otherMethods'> {
  const methods = view.httpMethods;
  const methodAt = view.decorators.findIndex((decorator) => METHOD_DECORATORS.test(decorator));
  // Without a method check every decorator is above it; the generic view's own methods then, the others answered as the function did.
  const wrappers = methodAt < 0 ? [...view.decorators] : view.decorators.slice(0, methodAt);
  const unlimited = methods === undefined ? { httpMethodNames: spec.required.map((method) => method.toLowerCase()), otherMethods: { answer: spec.otherwise, limit: spec.limit } } : undefined;
  const innermost = wrappers[wrappers.length - 1];
  // Only Django's own decorators: a project's own `login_required` may check otherwise, so it stays a wrapper.
  // The view's `permissionRequired` is of its first `@permission_required`: the innermost only when there is one.
  const onePermission = view.decorators.filter((decorator) => /^permission_required\(/.test(decorator)).length === 1;
  const access = innermost === undefined ? undefined : ((view.loginRequired ? loginMixin(innermost) : undefined) ?? permissionMixin(innermost, onePermission ? view.permissionRequired : undefined));
  return {
    httpMethodNames: Array.isArray(methods) ? methods.map((method) => method.toLowerCase()) : [],
    wrappers: access ? wrappers.slice(0, -1) : wrappers,
    access,
    ...unlimited,
  };
}

/** The decorator's keyword arguments `LoginRequiredMixin` has as attributes; string literals only, so the class body reads them alike. */
const LOGIN_ARGUMENTS = /^(login_url|redirect_field_name)\s*=\s*("[^"\\]*"|'[^'\\]*')$/;

/** `@login_required`, `@login_required()` or with literal `login_url=`/`redirect_field_name=`: the mixin's attributes. */
function loginMixin(decorator: string): AccessMixin | undefined {
  const call = /^login_required(?:\((.*)\))?$/s.exec(decorator);
  if (!call) return undefined;
  const parts = (call[1] ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
  const members = parts.map((part) => LOGIN_ARGUMENTS.exec(part));
  return members.every((member) => member !== null) ? { mixin: 'LoginRequiredMixin', decorator, members: members.map((member) => `${member![1]} = ${member![2]}`) } : undefined;
}

/**
 * `@permission_required("app.perm", raise_exception=True)`, its arguments literals: the mixin's
 * attributes. Without `raise_exception=True` it stays a wrapper: the decorator sends a signed-in
 * user without the permission to the login page, where `PermissionRequiredMixin` answers 403.
 */
function permissionMixin(decorator: string, given: PermissionRequired | undefined): AccessMixin | undefined {
  if (!given || !/^permission_required\(/.test(decorator) || given.raiseException !== true) return undefined;
  const { permissions, loginUrl } = given;
  if (isUnknown(permissions) || isUnknown(loginUrl)) return undefined;
  const members = [`permission_required = ${pythonLiteral(permissions)}`, ...(loginUrl === null ? [] : [`login_url = ${pythonLiteral(loginUrl)}`]), 'raise_exception = True'];
  return { mixin: 'PermissionRequiredMixin', decorator, members };
}

/** A string or a list of strings as Python reads it (JSON's escapes are Python's). */
function pythonLiteral(value: string | readonly string[]): string {
  return typeof value === 'string' ? JSON.stringify(value) : `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** Why the view's decorators or methods would not be kept by `generic`, answering `methods`. */
export function pageViewMethodRefusal(view: DjangoView, generic: string, methods: PageMethods): string | undefined {
  return decoratorRefusal(view) ?? methodRefusal(view.httpMethods, generic, methods);
}

function decoratorRefusal(view: DjangoView): string | undefined {
  const methodAt = view.decorators.findIndex((decorator) => METHOD_DECORATORS.test(decorator));
  const below = methodAt < 0 ? undefined : view.decorators.slice(methodAt + 1).find((decorator) => !METHOD_DECORATORS.test(decorator));
  if (below) return `\`@${below}\` runs after the method check, which a generic view makes inside: keep it above \`@${view.decorators[methodAt].replace(/\(.*/s, '')}\` first`;
  const other = view.decorators.find((decorator) => !METHOD_DECORATORS.test(decorator) && !WRAPPING_DECORATORS.test(lastPart(decorator.replace(/\(.*/s, ''))));
  return other && `it is decorated with \`@${other}\`, which may call the view with other arguments than a class view takes`;
}

function methodRefusal(methods: DjangoView['httpMethods'], generic: string, spec: PageMethods): string | undefined {
  const { required, optional } = spec;
  if (methods === undefined) return undefined;
  if (!Array.isArray(methods)) return `its HTTP methods are not known statically (\`${methods.source}\`)`;
  if (required.some((method) => !methods.includes(method)) || methods.some((method) => !required.includes(method) && !optional.includes(method))) {
    return `it answers ${methods.join(', ')}; a \`${generic}\` ${spec.does}`;
  }
  return undefined;
}

/** "a `CreateView`", "an `UpdateView`". */
export function article(generic: string): string {
  return /^[AEIOU]/.test(generic) ? 'an' : 'a';
}

/** A model label's lower-case name (`shop.Supplier` → `supplier`), as Django names the object in the context. */
export function modelName(label: string | undefined): string | undefined {
  return label && lastPart(label).toLowerCase();
}

/**
 * A generic view's missing object raises Http404 with its own text ("No supplier found matching
 * the query"): a project `404.html` showing `{{ exception }}` would show it.
 */
export function notFoundRefusal(templates: TemplateFinder, path: string, generic: string): string | undefined {
  const page = templates.find(['404.html'], path);
  return page && readsName(page.text, 'exception') ? `the project's \`404.html\` shows the exception, whose text ${article(generic)} \`${generic}\` words otherwise` : undefined;
}

/** Whether a Django template reads `name` in a variable or a tag (string literals left out). */
function readsName(text: string, name: string): boolean {
  return tagsOf(text).some((tag) => new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(tag.replace(/(['"])(?:(?!\1).)*\1/g, '""')));
}

function tagsOf(text: string): string[] {
  return [...text.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)].map((match) => match[1] ?? match[2]);
}

/** The template (a string literal, as written) and every template it extends or includes read none of `added`. */
export function templateRefusal(templates: TemplateFinder, path: string, template: string, added: readonly string[]): string | undefined {
  const pending = [template.replace(/^[rRuU]?(['"])(.*)\1$/s, '$2')];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const found = templates.find([name], path);
    if (!found) return `the template \`${name}\` is not in the workspace: whether it reads ${added.map((added) => `\`${added}\``).join(', ')} (which a generic view adds to the context) cannot be checked`;
    const read = added.find((added) => readsName(found.text, added));
    if (read) return `the template \`${name}\` reads \`${read}\`, which a generic view adds to the context`;
    for (const tag of tagsOf(found.text)) {
      const loads = /^\s*(extends|include)\s+(\S+)/.exec(tag);
      if (!loads) continue;
      const literal = /^(['"])(.+)\1$/.exec(loads[2]);
      if (!literal) return `the template \`${name}\` ${loads[1]}s a template named by a variable`;
      pending.push(literal[2]);
    }
  }
  return undefined;
}
