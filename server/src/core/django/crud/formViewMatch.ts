/**
 * A plain Django function view editing one object through a model form (formViews.ts), the
 * project's view it is, the generic edit view it matches (`CreateView`, `UpdateView`) and, when
 * converting it would change an answer, why:
 * - the methods: the function must answer only GET and POST (and HEAD), as
 *   `@require_http_methods` says; without it a PUT or DELETE gets the form page, where the
 *   generic view answers 405 (or takes a PUT for a POST);
 * - Django's own view decorators (`@login_required`, `@permission_required`…) above the method
 *   check are kept by wrapping the class's view (`never_cache(SupplierNew.as_view())`), the
 *   innermost `@login_required` as `LoginRequiredMixin`, `@permission_required` as
 *   `PermissionRequiredMixin` when it answers alike (pageViewChecks.ts): the same checks in
 *   the same order; others, or one below the method check, are refused;
 * - the form must be a model form of the looked-up model; one bound without `request.FILES`
 *   must have no file field (the generic view would fill it);
 * - the generic view adds `view` (and an update `object` and `<model>`) to the context: the
 *   template, and those it extends or includes, must read none of them.
 */
import type { TemplateFinder } from '../../queries/templateFiles';
import { lastPart } from '../../python/workspaceNames';
import type { DjangoProjectModel } from '../project';
import type { FormViewCandidate } from './formViews';
import { lookupRouteRefusal } from './genericRefusals';
import { modelName, notFoundRefusal, pageViewMethodRefusal, pageViewWrapping, templateRefusal, type PageMethods, type PageViewMatch } from './pageViewChecks';

/** A form view's match; its `model` is the form's, its `contextObjectName` an update's. */
export type FormViewMatch = PageViewMatch<FormViewCandidate, 'CreateView' | 'UpdateView'>;

/** A form view answers GET with its form and POST by saving it, and may answer HEAD. */
const FORM_METHODS: PageMethods = {
  required: ['GET', 'POST'],
  optional: ['HEAD'],
  otherwise: 'any method but POST gets the form page',
  limit: '@require_http_methods(["GET", "POST"])',
  does: 'shows its form to GET and saves it on POST',
};

/** The match of the candidate in module `path`, when it is a plain Django view; `templates` finds what it renders. */
export function formViewMatch(project: DjangoProjectModel, path: string, candidate: FormViewCandidate, templates: TemplateFinder): FormViewMatch | undefined {
  const view = project.views.find((known) => known.path === path && known.name === candidate.name && known.kind === (candidate.classBased ? 'class' : 'function'));
  if (view?.framework !== 'django') return undefined;
  const generic = candidate.operation === 'create' ? 'CreateView' : 'UpdateView';
  const forms = project.modelForms.filter((form) => form.name === lastPart(candidate.form));
  const model = forms.length === 1 && typeof forms[0].model === 'string' ? forms[0].model : undefined;
  // A `View` with `get` and `post` answers HEAD (its `get`) and OPTIONS too, and no PUT, which an edit view takes for a POST.
  const { httpMethodNames, wrappers, access, otherMethods } = candidate.classBased ? { httpMethodNames: ['get', 'post', 'head', 'options'], wrappers: [], access: undefined, otherMethods: undefined } : pageViewWrapping(view, FORM_METHODS);
  const objectKey = candidate.objectKey;
  const contextObjectName = objectKey !== undefined && objectKey !== 'object' && objectKey !== modelName(model) ? objectKey : undefined;
  const found = { view, candidate, generic, model, httpMethodNames, wrappers, access, otherMethods, contextObjectName } as const;
  const refusal =
    candidate.refusal ??
    (candidate.classBased ? undefined : pageViewMethodRefusal(view, generic, FORM_METHODS)) ??
    (model === undefined ? `\`${candidate.form}\` is not a model form of the project with a known \`Meta.model\`` : undefined) ??
    (model && modelRefusal(project, candidate, model, forms[0].fileFields)) ??
    (candidate.lookup && lookupRouteRefusal(candidate.lookup, view, project, false)) ??
    templateRefusal(templates, path, candidate.template, addedNames(found)) ??
    (candidate.lookup && notFoundRefusal(templates, path, generic));
  return { ...found, refusal };
}

/** An update's lookup is of the form's model; a form bound without the uploaded files has no file field. */
function modelRefusal(project: DjangoProjectModel, candidate: FormViewCandidate, model: string, fileFields: readonly string[]): string | undefined {
  if (candidate.lookup) {
    const looked = project.models.filter((known) => known.name === lastPart(candidate.lookup!.model));
    if (looked.length !== 1 || looked[0].label !== model) return `the view looks up \`${candidate.lookup.model}\` but \`${candidate.form}\` edits \`${model}\``;
  }
  // Bound to `request.POST or None`, the form is given no files, as `get_form_kwargs` then says.
  if (candidate.files || candidate.orNone) return undefined;
  const files = [...fileFields, ...(project.models.find((known) => known.label === model)?.fields ?? []).filter((field) => /(File|Image)Field$/.test(field.djangoClass ?? field.fieldClass)).map((field) => field.name)];
  return files.length > 0 ? `the form is bound without \`request.FILES\`; a \`${candidate.operation === 'create' ? 'CreateView' : 'UpdateView'}\` would pass the uploaded files to \`${files[0]}\`` : undefined;
}

/** What the generic view puts in the context that the function did not. */
function addedNames(found: Pick<FormViewMatch, 'candidate' | 'generic' | 'model' | 'contextObjectName'>): string[] {
  if (found.generic === 'CreateView') return ['view'];
  return ['view', 'object', found.contextObjectName ?? modelName(found.model)!].filter((name) => name !== found.candidate.objectKey);
}
