/**
 * A plain Django function view editing one object through a model form (formViews.ts), the
 * project's view it is, the generic edit view it matches (`CreateView`, `UpdateView`) and, when
 * converting it would change an answer, why:
 * - the methods: the function must answer only GET and POST (and HEAD), as
 *   `@require_http_methods` says; without it a PUT or DELETE gets the form page, where the
 *   generic view answers 405 (or takes a PUT for a POST);
 * - Django's own view decorators (`@login_required`, `@permission_required`…) above the method
 *   check are kept by wrapping the class's view (`login_required(SupplierNew.as_view())`): the
 *   same checks in the same order; others, or one below the method check, are refused;
 * - the form must be a model form of the looked-up model; one bound without `request.FILES`
 *   must have no file field (the generic view would fill it);
 * - the generic view adds `view` (and an update `object` and `<model>`) to the context: the
 *   template, and those it extends or includes, must read none of them.
 */
import type { TemplateFinder } from '../../queries/templateFiles';
import { lastPart } from '../../python/workspaceNames';
import type { DjangoProjectModel } from '../project';
import type { DjangoView } from '../views';
import type { FormViewCandidate } from './formViews';
import { lookupRouteRefusal } from './genericRefusals';

export interface FormViewMatch {
  readonly view: DjangoView;
  readonly candidate: FormViewCandidate;
  readonly generic: 'CreateView' | 'UpdateView';
  /** The form's model, as a label, when known. */
  readonly model?: string;
  /** Lower-case, in the decorator's order. */
  readonly httpMethodNames: readonly string[];
  /** The decorators kept around the class's view, as written, outermost first. */
  readonly wrappers: readonly string[];
  /** An update's `context_object_name`, when the object is passed by another key than the model's name. */
  readonly contextObjectName?: string;
  readonly refusal?: string;
}

const METHOD_DECORATORS = /^require_(http_methods|GET|POST|safe)\b/;

/**
 * Django's decorators that wrap a view whatever its arguments (`*args, **kwargs` passed on):
 * around `as_view()` they check and answer as they did around the function.
 */
const WRAPPING_DECORATORS = /^(login_required|permission_required|user_passes_test|staff_member_required|csrf_exempt|csrf_protect|ensure_csrf_cookie|requires_csrf_token|never_cache|cache_page|cache_control|vary_on_cookie|vary_on_headers|xframe_options_deny|xframe_options_sameorigin|xframe_options_exempt|sensitive_post_parameters)$/;

/** The match of the candidate in module `path`, when it is a plain Django view; `templates` finds what it renders. */
export function formViewMatch(project: DjangoProjectModel, path: string, candidate: FormViewCandidate, templates: TemplateFinder): FormViewMatch | undefined {
  const view = project.views.find((known) => known.path === path && known.name === candidate.name && known.kind === 'function');
  if (view?.framework !== 'django') return undefined;
  const generic = candidate.operation === 'create' ? 'CreateView' : 'UpdateView';
  const forms = project.modelForms.filter((form) => form.name === lastPart(candidate.form));
  const model = forms.length === 1 && typeof forms[0].model === 'string' ? forms[0].model : undefined;
  const methods = view.httpMethods;
  const httpMethodNames = Array.isArray(methods) ? methods.map((method) => method.toLowerCase()) : [];
  const objectKey = candidate.objectKey;
  const contextObjectName = objectKey !== undefined && objectKey !== 'object' && objectKey !== modelName(model) ? objectKey : undefined;
  const methodAt = view.decorators.findIndex((decorator) => METHOD_DECORATORS.test(decorator));
  const wrappers = methodAt < 0 ? [] : view.decorators.slice(0, methodAt);
  const found = { view, candidate, generic, model, httpMethodNames, wrappers, contextObjectName } as const;
  const refusal =
    candidate.refusal ??
    decoratorRefusal(view) ??
    methodRefusal(methods, generic) ??
    (model === undefined ? `\`${candidate.form}\` is not a model form of the project with a known \`Meta.model\`` : undefined) ??
    (model && modelRefusal(project, candidate, model, forms[0].fileFields)) ??
    (candidate.lookup && lookupRouteRefusal(candidate.lookup, view, project, false)) ??
    templateRefusal(templates, path, candidate, addedNames(found)) ??
    (candidate.lookup && notFoundRefusal(templates, path));
  return { ...found, refusal };
}

/** "a `CreateView`", "an `UpdateView`". */
export function article(generic: FormViewMatch['generic']): string {
  return generic === 'UpdateView' ? 'an' : 'a';
}

function decoratorRefusal(view: DjangoView): string | undefined {
  const methodAt = view.decorators.findIndex((decorator) => METHOD_DECORATORS.test(decorator));
  const below = methodAt < 0 ? undefined : view.decorators.slice(methodAt + 1).find((decorator) => !METHOD_DECORATORS.test(decorator));
  if (below) return `\`@${below}\` runs after the method check, which a generic view makes inside: keep it above \`@${view.decorators[methodAt].replace(/\(.*/s, '')}\` first`;
  const other = view.decorators.find((decorator) => !METHOD_DECORATORS.test(decorator) && !WRAPPING_DECORATORS.test(lastPart(decorator.replace(/\(.*/s, ''))));
  return other && `it is decorated with \`@${other}\`, which may call the view with other arguments than a class view takes`;
}

function methodRefusal(methods: DjangoView['httpMethods'], generic: string): string | undefined {
  if (methods === undefined) return `it answers every HTTP method (a PUT or DELETE gets the form page); a \`${generic}\` answers them 405 or takes a PUT for a POST: limit it with \`@require_http_methods(["GET", "POST"])\` first`;
  if (!Array.isArray(methods)) return `its HTTP methods are not known statically (\`${methods.source}\`)`;
  if (!methods.includes('GET') || !methods.includes('POST') || methods.some((method) => !['GET', 'POST', 'HEAD'].includes(method))) {
    return `it answers ${methods.join(', ')}; a \`${generic}\` shows its form to GET and saves it on POST`;
  }
  return undefined;
}

/** An update's lookup is of the form's model; a form bound without the uploaded files has no file field. */
function modelRefusal(project: DjangoProjectModel, candidate: FormViewCandidate, model: string, fileFields: readonly string[]): string | undefined {
  if (candidate.lookup) {
    const looked = project.models.filter((known) => known.name === lastPart(candidate.lookup!.model));
    if (looked.length !== 1 || looked[0].label !== model) return `the view looks up \`${candidate.lookup.model}\` but \`${candidate.form}\` edits \`${model}\``;
  }
  if (candidate.files) return undefined;
  const files = [...fileFields, ...(project.models.find((known) => known.label === model)?.fields ?? []).filter((field) => /(File|Image)Field$/.test(field.djangoClass ?? field.fieldClass)).map((field) => field.name)];
  return files.length > 0 ? `the form is bound without \`request.FILES\`; a \`${candidate.operation === 'create' ? 'CreateView' : 'UpdateView'}\` would pass the uploaded files to \`${files[0]}\`` : undefined;
}

function modelName(label: string | undefined): string | undefined {
  return label && lastPart(label).toLowerCase();
}

/** What the generic view puts in the context that the function did not. */
function addedNames(found: Pick<FormViewMatch, 'candidate' | 'generic' | 'model' | 'contextObjectName'>): string[] {
  if (found.generic === 'CreateView') return ['view'];
  return ['view', 'object', found.contextObjectName ?? modelName(found.model)!].filter((name) => name !== found.candidate.objectKey);
}

/**
 * An UpdateView's missing object raises Http404 with its own text ("No supplier found matching
 * the query"): a project `404.html` showing `{{ exception }}` would show it.
 */
function notFoundRefusal(templates: TemplateFinder, path: string): string | undefined {
  const page = templates.find(['404.html'], path);
  return page && readsName(page.text, 'exception') ? 'the project\'s `404.html` shows the exception, whose text an `UpdateView` words otherwise' : undefined;
}

/** Whether a Django template reads `name` in a variable or a tag (string literals left out). */
function readsName(text: string, name: string): boolean {
  return tagsOf(text).some((tag) => new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(tag.replace(/(['"])(?:(?!\1).)*\1/g, '""')));
}

function tagsOf(text: string): string[] {
  return [...text.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)].map((match) => match[1] ?? match[2]);
}

/** The template and every template it extends or includes read none of `added`. */
function templateRefusal(templates: TemplateFinder, path: string, candidate: FormViewCandidate, added: readonly string[]): string | undefined {
  const pending = [candidate.template.replace(/^[rRuU]?(['"])(.*)\1$/s, '$2')];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const template = templates.find([name], path);
    if (!template) return `the template \`${name}\` is not in the workspace: whether it reads ${added.map((added) => `\`${added}\``).join(', ')} (which a generic view adds to the context) cannot be checked`;
    const read = added.find((added) => readsName(template.text, added));
    if (read) return `the template \`${name}\` reads \`${read}\`, which a generic view adds to the context`;
    for (const tag of tagsOf(template.text)) {
      const loads = /^\s*(extends|include)\s+(\S+)/.exec(tag);
      if (!loads) continue;
      const literal = /^(['"])(.+)\1$/.exec(loads[2]);
      if (!literal) return `the template \`${name}\` ${loads[1]}s a template named by a variable`;
      pending.push(literal[2]);
    }
  }
  return undefined;
}
