/**
 * Convert to generic view, for a plain Django function view: one creating or updating one object
 * through a model form becomes Django's `CreateView` / `UpdateView`, one listing a queryset or
 * showing one object into a template a `ListView` / `DetailView`, answering every request as
 * before (formViewMatch.ts and readViewMatch.ts refuse where an answer would change).
 *
 *     @require_http_methods(["GET", "POST"])           class SupplierEdit(UpdateView):
 *     def supplier_edit(request, pk):                      model = Supplier
 *         supplier = get_object_or_404(Supplier, pk=pk)    form_class = SupplierForm
 *         if request.method == "POST":                     template_name = "shop/supplier_form.html"
 *             form = SupplierForm(request.POST,            success_url = reverse_lazy("supplier-list")
 *                                 instance=supplier)       http_method_names = ["get", "post"]
 *             if form.is_valid():
 *                 form.save()                          supplier_edit = SupplierEdit.as_view()
 *                 return redirect("supplier-list")
 *         else:
 *             form = SupplierForm(instance=supplier)
 *         return render(request, "shop/supplier_form.html", {"form": form})
 *
 * The function's name stays bound to the class's `as_view()`, so URL confs, `reverse()` and
 * imports keep working; Django's decorators above the method check wrap it
 * (`supplier_new = never_cache(SupplierNew.as_view())`), checking in the same order, the
 * innermost `@login_required` becoming `LoginRequiredMixin` (`@permission_required`,
 * `PermissionRequiredMixin`).
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { formViewCandidates, type FormViewCandidate } from '../../core/django/crud/formViews';
import { formViewMatch, type FormViewMatch } from '../../core/django/crud/formViewMatch';
import { article } from '../../core/django/crud/pageViewChecks';
import { readViewCandidates, type ReadViewCandidate } from '../../core/django/crud/readViews';
import { readViewMatch, type ReadViewMatch } from '../../core/django/crud/readViewMatch';
import type { DjangoProjectModel } from '../../core/django/project';
import type { TemplateFinder } from '../../core/queries/templateFiles';
import { projectTemplateFinder } from '../../core/queries/templateFiles';
import { mergedAtSameStart, refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { boundNames, outlineOf } from '../targetModule';
import { unusedImportEdits } from '../unusedImports';
import { fromImport } from './drfImports';
import { pascalCase, projectOf } from './convertToGenericView';
import { djangoViewText, lookupMembers, otherMethodsOverride, readViewClass, type DjangoViewClass } from './djangoViewText';

/** Names a conversion may leave unused in the module. */
const HANDWRITTEN_NAMES = ['login_required', 'permission_required', 'messages', 'View', 'render', 'redirect', 'get_object_or_404', 'Http404', 'Paginator', 'require_http_methods', 'require_GET', 'require_POST', 'require_safe'];

/** A plain Django function view a generic view of Django can replace. */
export type PlainViewCandidate = FormViewCandidate | ReadViewCandidate;

/** The plain Django view of `text` whose definition spans `line`. */
export function plainViewAt(parser: PythonParser, text: string, line: number): PlainViewCandidate | undefined {
  const tree = parser.parse(text);
  try {
    const spans = (candidate: PlainViewCandidate) => candidate.range.start.line <= line && line <= candidate.range.end.line;
    return formViewCandidates(tree.rootNode).find(spans) ?? readViewCandidates(tree.rootNode).find(spans);
  } finally {
    tree.delete();
  }
}

/** The class a candidate becomes and the names it imports, or why it cannot. */
interface Plan {
  readonly generic: string;
  readonly viewClass: DjangoViewClass;
  readonly imports: readonly (readonly [string, string])[];
}

/** Plans the conversion of `candidate`, a plain view of `file` (whose text is `text`). */
export function convertToDjangoView(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, candidate: PlainViewCandidate): RefactorResult {
  const project = projectOf(parser, snapshot);
  const templates = projectTemplateFinder({ read: (name) => snapshot.read(name), list: () => [] }, project, snapshot.pythonFiles());
  const outline = outlineOf(parser, text).outline;
  const plan = 'operation' in candidate ? editPlan(project, file, candidate, templates) : readPlan(project, file, candidate, templates);
  if (typeof plan === 'string') return refuse(plan);
  // A class on `View` keeps its name (URL confs call its `as_view()`); a function's is bound to the new class's view.
  const classBased = 'operation' in candidate && candidate.classBased;
  const className = classBased ? candidate.name : pascalCase(candidate.name);
  const bound = boundNames(outline);
  if (!classBased && bound.has(className)) return refuse(`the module already binds \`${className}\``);
  const edits: TextEdit[] = [{ range: candidate.range, newText: djangoViewText(candidate.name, className, plan.viewClass) }];
  const imported = new Set(outline.imports.map((binding) => binding.localName));
  const unused = unusedImportEdits(parser, snapshot, file, text, edits, HANDWRITTEN_NAMES.filter((name) => imported.has(name)));
  const wanted = [...plan.imports, ['django.views.generic', plan.generic] as const];
  // In the order isort would write them when both go after the same line; a name the module imports already (a view converted before) is not imported again.
  const added = wanted.filter(([, name]) => !imported.has(name)).map(([module, name]) => fromImport(parser, text, unused, module, [name]).edit);
  edits.push(...mergedAtSameStart([...added, ...unused]));
  const summary = `\`${candidate.name}\` is now ${article(plan.generic)} \`${plan.generic}\` in ${path.basename(file)}`;
  return checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[file, edits]]) }, summary });
}

function editPlan(project: DjangoProjectModel, file: string, candidate: FormViewCandidate, templates: TemplateFinder): Plan | string {
  const found = formViewMatch(project, file, candidate, templates);
  if (!found) return `\`${candidate.name}\` is not a plain Django view of the project`;
  if (found.refusal) return found.refusal;
  const success = candidate.success;
  const urls = success === 'object' ? [] : 'reverse' in success ? ['reverse'] : isPath(success.url) ? [] : ['reverse_lazy'];
  const imports: [string, string][] = [...accessImport(found), ...(candidate.successMessage ? [['django.contrib.messages.views', 'SuccessMessageMixin'] as [string, string]] : []), ...urls.map((name) => ['django.urls', name] as [string, string])];
  return { generic: found.generic, viewClass: editViewClass(found), imports };
}

function readPlan(project: DjangoProjectModel, file: string, candidate: ReadViewCandidate, templates: TemplateFinder): Plan | string {
  const found = readViewMatch(project, file, candidate, templates);
  if (!found) return `\`${candidate.name}\` is not a plain Django view of the project`;
  if (found.refusal) return found.refusal;
  return { generic: found.generic, viewClass: readViewClass(found), imports: accessImport(found) };
}

function accessImport(found: FormViewMatch | ReadViewMatch): [string, string][] {
  return found.access ? [['django.contrib.auth.mixins', found.access.mixin]] : [];
}

/** A `CreateView`'s or `UpdateView`'s attributes. */
function editViewClass({ candidate, generic, httpMethodNames, wrappers, access, contextObjectName, otherMethods }: FormViewMatch): DjangoViewClass {
  const members: string[] = [];
  if (candidate.lookup) members.push(`model = ${candidate.lookup.model}`);
  members.push(`form_class = ${candidate.form}`, `template_name = ${candidate.template}`);
  const success = candidate.success;
  if (success !== 'object' && 'url' in success) members.push(`success_url = ${isPath(success.url) ? success.url : `reverse_lazy(${success.url})`}`);
  members.push(...lookupMembers(candidate.lookup));
  if (contextObjectName) members.push(`context_object_name = ${JSON.stringify(contextObjectName)}`);
  if (candidate.successMessage) members.push(`success_message = ${candidate.successMessage}`);
  // The message of another level after the save, as `SuccessMessageMixin` adds its own; the one on invalid data before the page is answered again.
  const methods: string[][] = [...otherMethodsOverride(otherMethods)];
  if (success !== 'object' && 'reverse' in success) methods.push(['def get_success_url(self):', `    return ${success.reverse}`]);
  if (candidate.validMessage) methods.push(['def form_valid(self, form):', '    response = super().form_valid(form)', `    ${candidate.validMessage}`, '    return response']);
  if (candidate.invalidMessage) methods.push(['def form_invalid(self, form):', `    ${candidate.invalidMessage}`, '    return super().form_invalid(form)']);
  if (candidate.orNone) methods.push(orNoneFormKwargs(candidate.files));
  // The others reach `get` through `http_method_not_allowed`, where an edit view would bind a PUT's empty data.
  else if (otherMethods) methods.push(postOnlyFormKwargs());
  return { generic, mixins: candidate.successMessage ? ['SuccessMessageMixin'] : [], docstring: candidate.docstring, members, methods, httpMethodNames, wrappers, access };
}

/**
 * The form bound as the function bound it, for every method: to `request.POST or None` (and
 * `request.FILES or None`, or no files), so a request without data gets the blank form, unbound.
 */
function orNoneFormKwargs(files: boolean): string[] {
  return [
    'def get_form_kwargs(self):',
    '    # As the function did: a request without data (a GET, an empty POST) gets the blank form, not an empty form\'s errors.',
    '    kwargs = super().get_form_kwargs()',
    `    kwargs.update(data=self.request.POST or None, files=${files ? 'self.request.FILES or None' : 'None'})`,
    '    return kwargs',
  ];
}

/** Only a POST binds the form, as in the function: a PUT gets the blank form, as it did. */
function postOnlyFormKwargs(): string[] {
  return [
    'def get_form_kwargs(self):',
    '    # As the function did: only a POST binds the form (a PUT gets the blank form, not an empty form\'s errors).',
    '    kwargs = super().get_form_kwargs()',
    '    if self.request.method != "POST":',
    '        kwargs.pop("data", None)',
    '        kwargs.pop("files", None)',
    '    return kwargs',
  ];
}

/** `redirect("/suppliers/")` goes to a path (Django's `resolve_url` reverses only what has no `/`). */
function isPath(literal: string): boolean {
  return literal.includes('/');
}
