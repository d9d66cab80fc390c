import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import { convertAll, convertedViews, crudFindings, itRefusesEach, variant, viewsProject } from '../../helpers/django/crudViews';
import { pyflakes } from '../../helpers/python/pythonOracle';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { writeMemoryWorkspace } from '../../helpers/refactor/refactorFixture';
import { isFormViewCandidate } from '../../../server/src/analysis/cache/storedCrudFacts';
import { formViewCandidates } from '../../../server/src/core/django/crud/formViews';
import { SUPPLIER_FORMS_HEAD as HEAD, SUPPLIER_FORMS_PROJECT as BASE } from '../../helpers/django/supplierForms';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';

const NEW = `
  @require_http_methods(["GET", "POST"])
  def supplier_new(request):
      """A new supplier."""
      if request.method == "POST":
          form = SupplierForm(request.POST)
          if form.is_valid():
              form.save()
              return redirect("supplier-new")
      else:
          form = SupplierForm()
      return render(request, "shop/supplier_form.html", {"form": form})
`;

const EDIT = `
  @require_http_methods(["GET", "POST"])
  def supplier_edit(request, supplier_id):
      supplier = get_object_or_404(Supplier, pk=supplier_id)
      if request.method == "POST":
          form = SupplierForm(request.POST, instance=supplier)
          if form.is_valid():
              supplier = form.save()
              return redirect(supplier)
      else:
          form = SupplierForm(instance=supplier)
      return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})
`;

const { workspace, converted } = viewsProject(BASE, HEAD);

/** pyflakes' messages on the workspace's Python files. */
function pyflakesOf(files: ReadonlyMap<string, string>): string[] {
  const dir = writeMemoryWorkspace(files);
  try {
    return pyflakes(dir).map((message) => `${message.file}: ${message.text}`).sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Convert to generic view: plain Django form views', function () {
  this.timeout(60_000);
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  it('reports a create view with the generic view it is', async () => {
    const [finding] = await crudFindings(workspace(NEW));
    assert.equal(finding.message, '`supplier_new` creates `shop.Supplier` by hand through `SupplierForm`: it is a `CreateView` with `http_method_names`, `template_name` and `success_url`');
  });

  it('turns a create view into a CreateView, its name bound to the view, and leaves pyflakes as it was', async () => {
    const before = workspace(NEW);
    const { text, outcomes, files } = await converted(NEW);
    assert.deepEqual(outcomes, ['applied: `supplier_new` is now a `CreateView` in views.py']);
    assert.equal(text, dedent(`
      from django.urls import reverse_lazy
      from django.views.generic import CreateView
      from .forms import CatalogueForm, SupplierForm
      from .models import Supplier


      class SupplierNew(CreateView):
          """A new supplier."""

          form_class = SupplierForm
          template_name = "shop/supplier_form.html"
          success_url = reverse_lazy("supplier-new")
          http_method_names = ["get", "post"]


      supplier_new = SupplierNew.as_view()
    `).trimStart());
    const was = pyflakesOf(before);
    for (const message of pyflakesOf(files)) assert.ok(was.includes(message), `new pyflakes message: ${message}`);
  });

  it('turns an update view into an UpdateView with its lookup and the object as context', async () => {
    const { text, outcomes } = await converted(EDIT);
    assert.deepEqual(outcomes, ['applied: `supplier_edit` is now an `UpdateView` in views.py']);
    assert.match(text, /class SupplierEdit\(UpdateView\):\n    model = Supplier\n    form_class = SupplierForm\n    template_name = "shop\/supplier_form.html"\n    pk_url_kwarg = "supplier_id"\n    http_method_names = \["get", "post"\]\n\n\nsupplier_edit = SupplierEdit.as_view\(\)\n/);
    assert.doesNotMatch(text, /reverse_lazy|get_object_or_404|redirect|render/);
  });

  it('converts two views of one module, importing each name once', async () => {
    const { text, outcomes, files } = await converted(`${NEW}\n\n${variant(EDIT, 'redirect(supplier)', 'redirect("supplier-new")')}`);
    assert.equal(outcomes.length, 2, outcomes.join('\n'));
    assert.match(text, /^from django\.urls import reverse_lazy\nfrom django\.views\.generic import CreateView, UpdateView\n/);
    assert.equal(text.match(/reverse_lazy/g)?.length, 3);
    assert.deepEqual(pyflakesOf(files).filter((message) => message.startsWith('shop/views.py') && !/CatalogueForm/.test(message)), []);
  });

  it('keeps Django\'s decorators above the method check around the class\'s view, in their order', async () => {
    const files = workspace(variant(EDIT, '@require_http_methods', '@login_required\n@permission_required("shop.change_supplier")\n@require_http_methods'));
    files.set('/ws/shop/views.py', `from django.contrib.auth.decorators import login_required, permission_required\n${files.get('/ws/shop/views.py')}`);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `supplier_edit` is now an `UpdateView` in views.py']);
    const text = after.get('/ws/shop/views.py')!;
    assert.match(text, /\n\nsupplier_edit = login_required\(permission_required\("shop.change_supplier"\)\(SupplierEdit.as_view\(\)\)\)\n/);
    assert.match(text, /^from django.contrib.auth.decorators import login_required, permission_required$/m);
  });

  it('reverses a redirect with arguments in get_success_url, the saved object, URL arguments and the request renamed for the class', async () => {
    const view = variant(EDIT, 'supplier = form.save()\n              return redirect(supplier)', 'saved = form.save()\n              return redirect("supplier-edit", saved.pk, "x", by=request.user.pk, back=supplier_id)');
    assert.match((await crudFindings(workspace(view)))[0].message, /with `http_method_names`, `template_name` and `get_success_url`$/);
    const [candidate] = formViewCandidates(parser.parse(dedent(`${HEAD}\n${view}`)).rootNode);
    assert.ok(isFormViewCandidate(JSON.parse(JSON.stringify(candidate))) && typeof candidate.success === 'object' && 'reverse' in candidate.success, 'the analysis cache takes it back');
    const { text, outcomes } = await converted(view);
    assert.deepEqual(outcomes, ['applied: `supplier_edit` is now an `UpdateView` in views.py']);
    assert.match(text, /^from django\.urls import reverse$/m);
    assert.match(text, /\n {4}http_method_names = \["get", "post"\]\n\n {4}def get_success_url\(self\):\n {8}return reverse\("supplier-edit", args=\[self\.object\.pk, "x"\], kwargs=\{"by": self\.request\.user\.pk, "back": self\.kwargs\["supplier_id"\]\}\)\n\n\nsupplier_edit = /, text);
    // The looked-up object is the saved one too.
    assert.match((await converted(variant(EDIT, 'return redirect(supplier)', 'return redirect("supplier-edit", supplier_id=supplier.pk)'))).text, /return reverse\("supplier-edit", kwargs=\{"supplier_id": self\.object\.pk\}\)/);
  });

  it('keeps a form view answering every method (the blank form to all but POST) through http_method_not_allowed and binding only a POST\'s form, its decorators all kept', async () => {
    const files = workspace(variant(NEW, '@require_http_methods(["GET", "POST"])\n', '@never_cache\n  @login_required\n'));
    files.set('/ws/shop/views.py', `from django.contrib.auth.decorators import login_required\nfrom django.views.decorators.cache import never_cache\n${files.get('/ws/shop/views.py')}`);
    const text = (await convertAll(files)).files.get('/ws/shop/views.py')!;
    assert.match(text, /^class SupplierNew\(LoginRequiredMixin, CreateView\):\n(.*\n){5} {4}http_method_names = \["get", "post"\]\n\n {4}def http_method_not_allowed\(self, request, \*args, \*\*kwargs\):\n {8}# As the function did: any method but POST gets the form page \(`@require_http_methods\(\["GET", "POST"\]\)` on the function would have answered 405\)\.\n {8}return self\.get\(request, \*args, \*\*kwargs\)\n\n {4}def get_form_kwargs\(self\):\n {8}# As the function did: only a POST binds the form \(a PUT gets the blank form, not an empty form's errors\)\.\n {8}kwargs = super\(\)\.get_form_kwargs\(\)\n {8}if self\.request\.method != "POST":\n {12}kwargs\.pop\("data", None\)\n {12}kwargs\.pop\("files", None\)\n {8}return kwargs\n\n\nsupplier_new = never_cache\(SupplierNew\.as_view\(\)\)\n/m, text);
  });

  it('looks an object up by a slug', async () => {
    const view = variant(variant(EDIT, 'def supplier_edit(request, supplier_id):', 'def supplier_by_code(request, code):'), 'pk=supplier_id', 'code=code');
    const { text } = await converted(view);
    assert.match(text, / {4}slug_field = "code"\n {4}slug_url_kwarg = "code"\n/);
  });

  it('passes the object under another name as context_object_name', async () => {
    const { text } = await converted(variant(EDIT, '"supplier": supplier}', '"item": supplier}'));
    assert.match(text, / {4}context_object_name = "item"\n/);
  });

  it('turns messages.success after the save into SuccessMessageMixin, its % doubled for the mixin\'s formatting', async () => {
    const view = variant(NEW, 'form.save()\n', 'form.save()\n              messages.success(request, "Saved: 100% done.")\n');
    const files = workspace(view);
    files.set('/ws/shop/views.py', `from django.contrib import messages\n${files.get('/ws/shop/views.py')}`);
    const [finding] = await crudFindings(files);
    assert.match(finding.message, /with `SuccessMessageMixin` for its `messages.success`$/);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `supplier_new` is now a `CreateView` in views.py']);
    const text = after.get('/ws/shop/views.py')!;
    assert.match(text, /^from django.contrib.messages.views import SuccessMessageMixin\nfrom django.urls import reverse_lazy\nfrom django.views.generic import CreateView\n/m);
    assert.match(text, /class SupplierNew\(SuccessMessageMixin, CreateView\):\n(.*\n)* {4}success_message = "Saved: 100%% done."\n {4}http_method_names/);
    assert.doesNotMatch(text, /^from django.contrib import messages$/m);
  });

  it('keeps another level\'s message after the save in form_valid, and one on invalid data in form_invalid', async () => {
    const view = variant(variant(NEW, 'form.save()\n', 'form.save()\n              messages.info(request, "Saved: 100% done.")\n'), '              return redirect("supplier-new")\n', '              return redirect("supplier-new")\n          messages.error(request, "Please fix the form.")\n');
    const files = workspace(view);
    files.set('/ws/shop/views.py', `from django.contrib import messages\n${files.get('/ws/shop/views.py')}`);
    const [finding] = await crudFindings(files);
    assert.match(finding.message, /with `form_valid` for its message after the save, `form_invalid` for its message on invalid data$/);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `supplier_new` is now a `CreateView` in views.py']);
    const text = after.get('/ws/shop/views.py')!;
    assert.match(text, /^class SupplierNew\(CreateView\):\n(.*\n)* {4}http_method_names = \["get", "post"\]\n\n {4}def form_valid\(self, form\):\n {8}response = super\(\)\.form_valid\(form\)\n {8}messages\.info\(self\.request, "Saved: 100% done\."\)\n {8}return response\n\n {4}def form_invalid\(self, form\):\n {8}messages\.error\(self\.request, "Please fix the form\."\)\n {8}return super\(\)\.form_invalid\(form\)\n/m, text);
    assert.match(text, /^from django.contrib import messages$/m, 'still used');
  });

  it('turns an innermost @login_required into LoginRequiredMixin with its login URL and redirect field, the decorators above still wrapping', async () => {
    const files = workspace(variant(EDIT, '@require_http_methods', '@never_cache\n  @login_required(login_url="/signin/", redirect_field_name="to")\n  @require_http_methods'));
    files.set('/ws/shop/views.py', `from django.contrib.auth.decorators import login_required\nfrom django.views.decorators.cache import never_cache\n${files.get('/ws/shop/views.py')}`);
    assert.match((await crudFindings(files))[0].message, /, with `LoginRequiredMixin` for its `@login_required`$/);
    const { files: after, conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['applied: `supplier_edit` is now an `UpdateView` in views.py']);
    const text = after.get('/ws/shop/views.py')!;
    assert.match(text, /^class SupplierEdit\(LoginRequiredMixin, UpdateView\):\n(.*\n)* {4}login_url = "\/signin\/"\n {4}redirect_field_name = "to"\n {4}http_method_names = \["get", "post"\]\n\n\nsupplier_edit = never_cache\(SupplierEdit\.as_view\(\)\)\n/m, text);
    assert.match(text, /^from django.contrib.auth.mixins import LoginRequiredMixin$/m);
    assert.doesNotMatch(text, /login_required/, 'the decorator\'s import goes');
    // An argument that is no string literal stays a wrapper (the class body would read it in its own scope).
    const kept = workspace(variant(EDIT, '@require_http_methods', '@login_required(login_url=LOGIN)\n  @require_http_methods'));
    kept.set('/ws/shop/views.py', `from django.contrib.auth.decorators import login_required\nLOGIN = "/in/"\n${kept.get('/ws/shop/views.py')}`);
    assert.match((await convertAll(kept)).files.get('/ws/shop/views.py')!, /^supplier_edit = login_required\(login_url=LOGIN\)\(SupplierEdit\.as_view\(\)\)$/m);
    // A project's own `login_required` may check otherwise: it stays a wrapper.
    const own = workspace(variant(EDIT, '@require_http_methods', '@login_required\n  @require_http_methods'));
    own.set('/ws/shop/views.py', `from .auth import login_required\n${own.get('/ws/shop/views.py')}`);
    assert.doesNotMatch((await crudFindings(own))[0].message, /LoginRequiredMixin/, 'the finding says what the conversion does');
    assert.match((await convertAll(own)).files.get('/ws/shop/views.py')!, /^class SupplierEdit\(UpdateView\):\n(.*\n)*supplier_edit = login_required\(SupplierEdit\.as_view\(\)\)$/m);
  });

  it('turns an innermost @permission_required(…, raise_exception=True) into PermissionRequiredMixin, and keeps one redirecting signed-in users as a wrapper', async () => {
    const decorated = (decorators: string, from = 'django.contrib.auth.decorators') => {
      const files = workspace(variant(EDIT, '@require_http_methods', `${decorators}\n  @require_http_methods`));
      files.set('/ws/shop/views.py', `from ${from} import login_required, permission_required\n${files.get('/ws/shop/views.py')}`);
      return files;
    };
    const files = decorated('@login_required\n  @permission_required(["shop.change_supplier", "shop.view_supplier"], login_url="/in/", raise_exception=True)');
    assert.match((await crudFindings(files))[0].message, /, with `PermissionRequiredMixin` for its `@permission_required`$/);
    const text = (await convertAll(files)).files.get('/ws/shop/views.py')!;
    assert.match(text, /^class SupplierEdit\(PermissionRequiredMixin, UpdateView\):\n(.*\n)* {4}permission_required = \["shop\.change_supplier", "shop\.view_supplier"\]\n {4}login_url = "\/in\/"\n {4}raise_exception = True\n {4}http_method_names = \["get", "post"\]\n\n\nsupplier_edit = login_required\(SupplierEdit\.as_view\(\)\)\n/m, text);
    assert.match(text, /^from django.contrib.auth.decorators import login_required\nfrom django.contrib.auth.mixins import PermissionRequiredMixin$/m, text);
    // Without raise_exception the decorator sends a signed-in user without the permission to log in; the mixin would answer 403.
    for (const kept of ['@permission_required("shop.change_supplier")', '@permission_required("shop.change_supplier", raise_exception=RAISE)']) {
      const wrapped = decorated(kept);
      assert.doesNotMatch((await crudFindings(wrapped))[0].message, /PermissionRequiredMixin/, kept);
      assert.match((await convertAll(wrapped)).files.get('/ws/shop/views.py')!, /^supplier_edit = permission_required\(.*\)\(SupplierEdit\.as_view\(\)\)$/m, kept);
    }
    // A project's own `permission_required` may check otherwise.
    const own = decorated('@permission_required("shop.change_supplier", raise_exception=True)', '.auth');
    assert.match((await convertAll(own)).files.get('/ws/shop/views.py')!, /^class SupplierEdit\(UpdateView\):\n(.*\n)*supplier_edit = permission_required\("shop.change_supplier", raise_exception=True\)\(SupplierEdit\.as_view\(\)\)$/m);
  });

  const CLASS_EDIT = `
    class SupplierChange(View):
        """A supplier's details."""

        def get(self, request, supplier_id):
            supplier = get_object_or_404(Supplier, pk=supplier_id)
            form = SupplierForm(instance=supplier)
            return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})

        def post(self, request, supplier_id):
            supplier = get_object_or_404(Supplier, pk=supplier_id)
            form = SupplierForm(request.POST, instance=supplier)
            if form.is_valid():
                form.save()
                return redirect("supplier-new")
            return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})
  `;

  /** The workspace of `views`, `View` imported. */
  function onView(views: string): Map<string, string> {
    const files = workspace(views);
    files.set('/ws/shop/views.py', `from django.views import View\n${files.get('/ws/shop/views.py')}`);
    return files;
  }

  it('turns a class on View with get and post into an UpdateView of the same name, answering the same methods', async () => {
    const [finding] = await crudFindings(onView(CLASS_EDIT));
    assert.match(finding.message, /^`SupplierChange` updates `shop.Supplier` by hand through `SupplierForm`: it is an `UpdateView`/);
    const { text, outcomes } = await convertedViews(onView(CLASS_EDIT));
    assert.deepEqual(outcomes, ['applied: `SupplierChange` is now an `UpdateView` in views.py']);
    assert.match(text, /\nclass SupplierChange\(UpdateView\):\n {4}"""A supplier's details."""\n\n {4}model = Supplier\n {4}form_class = SupplierForm\n {4}template_name = "shop\/supplier_form.html"\n {4}success_url = reverse_lazy\("supplier-new"\)\n {4}pk_url_kwarg = "supplier_id"\n {4}http_method_names = \["get", "post", "head", "options"\]\n$/);
    assert.doesNotMatch(text, /import View|render|get_object_or_404/);
  });

  it('keeps a class\'s message on invalid data in form_invalid', async () => {
    const told = variant(CLASS_EDIT, 'return redirect("supplier-new")\n', 'return redirect("supplier-new")\n            messages.error(request, "Please fix the form.")\n');
    const files = onView(told);
    files.set('/ws/shop/views.py', `from django.contrib import messages\n${files.get('/ws/shop/views.py')}`);
    assert.match((await crudFindings(files))[0].message, /, with `form_invalid` for its message on invalid data$/);
    const { text, outcomes } = await convertedViews(files);
    assert.deepEqual(outcomes, ['applied: `SupplierChange` is now an `UpdateView` in views.py']);
    assert.match(text, /\n {4}http_method_names = \["get", "post", "head", "options"\]\n\n {4}def form_invalid\(self, form\):\n {8}messages\.error\(self\.request, "Please fix the form\."\)\n {8}return super\(\)\.form_invalid\(form\)\n$/);
    const other = onView(variant(told, 'messages.error(request, "Please fix the form.")', 'messages.error(request, "Please fix the form.", fail_silently=True)'));
    assert.match((await crudFindings(other))[0].message, /converting it would change an answer: it tells the user with `messages\.error\(request, "Please fix the form\.", fail_silently=True\)`/);
  });

  it('turns a class creating through its form into a CreateView, and leaves one whose get and post answer differently', async () => {
    const create = dedent(CLASS_EDIT).replace(/SupplierChange/g, 'SupplierAdd').replace(/, supplier_id\)/g, ')').replace(/ {8}supplier = get_object_or_404\(Supplier, pk=supplier_id\)\n/g, '').replace('SupplierForm(instance=supplier)', 'SupplierForm()').replace(', instance=supplier)', ')').replace(/, "supplier": supplier/g, '');
    const { text, outcomes } = await convertedViews(onView(create));
    assert.deepEqual(outcomes, ['applied: `SupplierAdd` is now a `CreateView` in views.py'], text);
    assert.deepEqual(await crudFindings(onView(variant(CLASS_EDIT, '"supplier": supplier})\n\n', '"supplier": supplier, "editing": True})\n\n'))), []);
  });

  const refusals: [string, string, RegExp][] = [
    ['a message with other arguments', variant(NEW, 'form.save()\n', 'form.save()\n              messages.success(request, "Saved.", extra_tags="x")\n'), /it tells the user with `messages.success\(request, "Saved.", extra_tags="x"\)`, which a generic view's message cannot say/],
    ['a computed message', variant(NEW, 'form.save()\n', 'form.save()\n              messages.success(request, f"Saved {form}.")\n'), /its message is computed/],
    ['an empty message', variant(NEW, 'form.save()\n', 'form.save()\n              messages.success(request, "")\n'), /its success message is empty/],
    ['a decorator below the method check', variant(NEW, 'def supplier_new', '@login_required\ndef supplier_new'), /`@login_required` runs after the method check, which a generic view makes inside: keep it above `@require_http_methods` first/],
    ['a decorator of the project', variant(NEW, '@require_http_methods', '@audited\n@require_http_methods'), /decorated with `@audited`, which may call the view with other arguments/],
    ['a template reading `view`', variant(NEW, 'shop/supplier_form.html', 'shop/supplier_view.html'), /the template `shop\/supplier_view.html` reads `view`, which a generic view adds/],
    ['a missing template', variant(NEW, 'shop/supplier_form.html', 'shop/missing.html'), /the template `shop\/missing.html` is not in the workspace/],
    ['a redirect with an argument computed', variant(NEW, 'redirect("supplier-new")', 'redirect("supplier-edit", supplier_id=len(form.data))'), /its redirect calls `len\(form.data\)`, which `get_success_url` would run at another time/],
    ['a redirect reading a local', variant(NEW, 'redirect("supplier-new")', 'redirect("supplier-edit", form.instance.pk)'), /its redirect reads `form`, which `get_success_url` would not have/],
    ['a permanent redirect', variant(NEW, 'redirect("supplier-new")', 'redirect("supplier-edit", 1, permanent=True)'), /it redirects with `redirect\("supplier-edit", 1, permanent=True\)`, which `get_success_url` cannot say/],
    ['a form with other arguments', variant(NEW, 'SupplierForm(request.POST)', 'SupplierForm(request.POST, initial={"name": "x"})'), /the form is bound with/],
    ['a save without commit', variant(NEW, 'form.save()', 'form.save(commit=False)'), /it saves with `form.save\(commit=False\)`/],
  ];
  itRefusesEach(refusals, workspace);

  it('refuses a form with a file field bound without the uploaded files, and converts it bound with them', async () => {
    const catalogue = dedent(NEW).replace(/supplier_new/g, 'catalogue_new').replace(/SupplierForm/g, 'CatalogueForm').replace('shop/supplier_form.html', 'shop/catalogue_form.html').replace('redirect("supplier-new")', 'redirect("/done/")');
    const refused = await converted(catalogue);
    assert.match(refused.outcomes[0], /^refused: the form is bound without `request.FILES`; a `CreateView` would pass the uploaded files to `scan`$/);
    const applied = await converted(catalogue.replace('CatalogueForm(request.POST)', 'CatalogueForm(request.POST, request.FILES)'));
    assert.deepEqual(applied.outcomes, ['applied: `catalogue_new` is now a `CreateView` in views.py']);
    assert.match(applied.text, / {4}success_url = "\/done\/"\n/);
    assert.doesNotMatch(applied.text, /reverse_lazy/);
  });

  it('refuses an update when the project\'s 404 page shows the exception (an UpdateView words it otherwise)', async () => {
    const files = workspace(EDIT);
    files.set('/ws/shop/templates/404.html', '<h1>{{ exception }}</h1>\n');
    const { conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['refused: the project\'s `404.html` shows the exception, whose text an `UpdateView` words otherwise']);
  });

  it('leaves a view whose template or context it cannot keep unconverted, with the reason in the finding', async () => {
    const view = variant(NEW, '{"form": form}', '{"form": form, "request": request}');
    const [finding] = await crudFindings(workspace(view));
    assert.match(finding.message, /but converting it would change an answer: it passes `request` to the template besides the form$/);
  });
});
