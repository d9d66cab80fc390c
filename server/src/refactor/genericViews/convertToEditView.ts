/**
 * Convert to generic view, for a plain Django function view creating or updating one object
 * through a model form: it becomes Django's `CreateView` / `UpdateView`, answering every request
 * as before (formViewMatch.ts refuses where an answer would change).
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
 * (`supplier_new = login_required(SupplierNew.as_view())`), checking in the same order.
 */
import * as path from 'path';
import type { PythonParser } from '../../core/parse/pythonParser';
import { formViewCandidates, type FormViewCandidate } from '../../core/django/crud/formViews';
import { article, formViewMatch, type FormViewMatch } from '../../core/django/crud/formViewMatch';
import { projectTemplateFinder } from '../../core/queries/templateFiles';
import { refuse, type RefactorResult, type TextEdit, type WorkspaceSnapshot } from '../domainEdit';
import { checkedEdit } from '../editCheck';
import { boundNames, outlineOf } from '../targetModule';
import { unusedImportEdits } from '../unusedImports';
import { fromImport } from './drfImports';
import { pascalCase, projectOf } from './convertToGenericView';

/** Names a conversion may leave unused in the module. */
const HANDWRITTEN_NAMES = ['render', 'redirect', 'get_object_or_404', 'Http404', 'require_http_methods', 'require_GET', 'require_POST', 'require_safe'];

/** The form view of `text` whose definition spans `line`. */
export function formViewAt(parser: PythonParser, text: string, line: number): FormViewCandidate | undefined {
  const tree = parser.parse(text);
  try {
    return formViewCandidates(tree.rootNode).find((candidate) => candidate.range.start.line <= line && line <= candidate.range.end.line);
  } finally {
    tree.delete();
  }
}

/** Plans the conversion of `candidate`, a form view of `file` (whose text is `text`). */
export function convertToEditView(parser: PythonParser, snapshot: WorkspaceSnapshot, file: string, text: string, candidate: FormViewCandidate): RefactorResult {
  const project = projectOf(parser, snapshot);
  const templates = projectTemplateFinder({ read: (name) => snapshot.read(name), list: () => [] }, project, snapshot.pythonFiles());
  const found = formViewMatch(project, file, candidate, templates);
  if (!found) return refuse(`\`${candidate.name}\` is not a plain Django view of the project`);
  if (found.refusal) return refuse(found.refusal);
  const className = pascalCase(candidate.name);
  const outline = outlineOf(parser, text).outline;
  const bound = boundNames(outline);
  if (bound.has(className)) return refuse(`the module already binds \`${className}\``);
  const edits: TextEdit[] = [{ range: candidate.range, newText: classText(found, className) }];
  const imported = new Set(outline.imports.map((binding) => binding.localName));
  const unused = unusedImportEdits(parser, snapshot, file, text, edits, HANDWRITTEN_NAMES.filter((name) => imported.has(name)));
  const reverses = candidate.success !== 'object' && !isPath(candidate.success.url);
  const wanted: [string, string][] = [...(reverses ? [['django.urls', 'reverse_lazy'] as [string, string]] : []), ['django.views.generic', found.generic]];
  // In the order isort would write them when both go after the same line; a name the module imports already (a view converted before) is not imported again.
  const added = wanted.filter(([, name]) => !imported.has(name)).map(([module, name]) => fromImport(parser, text, unused, module, [name]).edit);
  edits.push(...joinInsertions(added), ...unused);
  const summary = `\`${candidate.name}\` is now ${article(found.generic)} \`${found.generic}\` in ${path.basename(file)}`;
  return checkedEdit(parser, snapshot, { safe: true, edit: { createFiles: [], edits: new Map([[file, edits]]) }, summary });
}

/** The class replacing the function, and the function's name bound to its view. */
function classText({ candidate, generic, httpMethodNames, wrappers, contextObjectName }: FormViewMatch, className: string): string {
  const members: string[] = [];
  if (candidate.lookup) members.push(`model = ${candidate.lookup.model}`);
  members.push(`form_class = ${candidate.form}`, `template_name = ${candidate.template}`);
  if (candidate.success !== 'object') members.push(`success_url = ${isPath(candidate.success.url) ? candidate.success.url : `reverse_lazy(${candidate.success.url})`}`);
  const lookup = candidate.lookup;
  if (lookup?.field === 'pk' && lookup.urlKwarg !== 'pk') members.push(`pk_url_kwarg = ${JSON.stringify(lookup.urlKwarg)}`);
  if (lookup && lookup.field !== 'pk') members.push(`slug_field = ${JSON.stringify(lookup.field)}`, `slug_url_kwarg = ${JSON.stringify(lookup.urlKwarg)}`);
  if (contextObjectName) members.push(`context_object_name = ${JSON.stringify(contextObjectName)}`);
  members.push(`http_method_names = [${httpMethodNames.map((method) => JSON.stringify(method)).join(', ')}]`);
  const docstring = candidate.docstring ? [`    ${candidate.docstring}`, ''] : [];
  const view = wrappers.reduceRight((wrapped, decorator) => `${decorator}(${wrapped})`, `${className}.as_view()`);
  return [`class ${className}(${generic}):`, ...docstring, ...members.map((member) => `    ${member}`), '', '', `${candidate.name} = ${view}`].join('\n');
}

/** `redirect("/suppliers/")` goes to a path (Django's `resolve_url` reverses only what has no `/`). */
function isPath(literal: string): boolean {
  return literal.includes('/');
}

/** Insertions at one place become one, in order (two imports added after the same line). */
function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const joined: TextEdit[] = [];
  for (const edit of edits) {
    const same = joined.findIndex((known) => JSON.stringify(known.range) === JSON.stringify(edit.range) && known.range.start.line === known.range.end.line && known.range.start.character === known.range.end.character);
    if (same >= 0) joined[same] = { range: edit.range, newText: joined[same].newText + edit.newText };
    else joined.push(edit);
  }
  return joined;
}
