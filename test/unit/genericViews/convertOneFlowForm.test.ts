import { strict as assert } from 'node:assert';
import { crudFindings, itRefusesEach, variant, viewsProject } from '../../helpers/django/crudViews';
import { SUPPLIER_FORMS_HEAD, SUPPLIER_FORMS_PROJECT } from '../../helpers/django/supplierForms';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { isFormViewCandidate } from '../../../server/src/analysis/cache/storedCrudFacts';
import { formViewCandidates } from '../../../server/src/core/django/crud/formViews';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';

/** One flow for every method: the form bound to `request.POST or None`, blank to a request without data. */
const NEW = `
  def supplier_new(request):
      form = SupplierForm(request.POST or None)
      if form.is_valid():
          form.save()
          return redirect("supplier-new")
      return render(request, "shop/supplier_form.html", {"form": form})
`;

const EDIT = `
  @require_http_methods(["GET", "POST"])
  def supplier_edit(request, supplier_id):
      supplier = get_object_or_404(Supplier, pk=supplier_id)
      form = SupplierForm(request.POST or None, instance=supplier)
      if form.is_valid():
          form.save()
          return redirect(supplier)
      return render(request, "shop/supplier_form.html", {"form": form, "supplier": supplier})
`;

const { workspace, converted } = viewsProject(SUPPLIER_FORMS_PROJECT, SUPPLIER_FORMS_HEAD);

/** The override binding the form as the function did, its files as given. */
function formKwargs(files: string): RegExp {
  return new RegExp(
    [
      '\n {4}def get_form_kwargs\\(self\\):',
      ' {8}# As the function did: a request without data \\(a GET, an empty POST\\) gets the blank form, not an empty form\'s errors\\.',
      ' {8}kwargs = super\\(\\)\\.get_form_kwargs\\(\\)',
      ` {8}kwargs\\.update\\(data=self\\.request\\.POST or None, files=${files}\\)`,
      ' {8}return kwargs\n',
    ].join('\n'),
  );
}

describe('Convert to generic view: form views in one flow (request.POST or None)', function () {
  this.timeout(60_000);

  it('reports a one-flow create view with the get_form_kwargs override it needs, and the analysis cache takes the candidate back', async () => {
    const [finding] = await crudFindings(workspace(NEW));
    assert.equal(finding.message, '`supplier_new` creates `shop.Supplier` by hand through `SupplierForm`: it is a `CreateView` with `http_method_names`, `template_name` and `success_url`, with `get_form_kwargs` binding the form to `request.POST or None` as the function did, `http_method_not_allowed` answering the methods no decorator limited as the function did');
    const parser = await loadPythonParser();
    const [candidate] = formViewCandidates(parser.parse(dedent(`${SUPPLIER_FORMS_HEAD}\n${NEW}`)).rootNode);
    assert.equal(candidate.orNone, true);
    assert.ok(isFormViewCandidate(JSON.parse(JSON.stringify(candidate))));
  });

  it('turns it into a CreateView binding the form to request.POST or None and no files, every other method answered the page as before', async () => {
    const { text, outcomes } = await converted(NEW);
    assert.deepEqual(outcomes, ['applied: `supplier_new` is now a `CreateView` in views.py']);
    assert.match(text, /^class SupplierNew\(CreateView\):\n {4}form_class = SupplierForm\n {4}template_name = "shop\/supplier_form.html"\n {4}success_url = reverse_lazy\("supplier-new"\)\n {4}http_method_names = \["get", "post"\]\n\n {4}def http_method_not_allowed\(/m, text);
    assert.match(text, formKwargs('None'), text);
    assert.match(text, /\n\nsupplier_new = SupplierNew\.as_view\(\)\n$/);
  });

  it('turns an update into an UpdateView with its lookup, and passes the uploaded files as the function did', async () => {
    const { text, outcomes } = await converted(EDIT);
    assert.deepEqual(outcomes, ['applied: `supplier_edit` is now an `UpdateView` in views.py']);
    assert.match(text, /^class SupplierEdit\(UpdateView\):\n {4}model = Supplier\n {4}form_class = SupplierForm\n {4}template_name = "shop\/supplier_form.html"\n {4}pk_url_kwarg = "supplier_id"\n {4}http_method_names = \["get", "post"\]\n/m, text);
    assert.match(text, formKwargs('None'));
    assert.doesNotMatch(text, /http_method_not_allowed|get_object_or_404|render\(/);
    const withFiles = await converted(variant(EDIT, 'request.POST or None,', 'request.POST or None, request.FILES or None,'));
    assert.match(withFiles.text, formKwargs('self\\.request\\.FILES or None'));
  });

  it('converts a form with a file field bound without the files: the override gives it none, as the function did', async () => {
    const catalogue = dedent(NEW).replace(/supplier_new/g, 'catalogue_new').replace(/SupplierForm/g, 'CatalogueForm').replace('shop/supplier_form.html', 'shop/catalogue_form.html');
    const { text, outcomes } = await converted(catalogue);
    assert.deepEqual(outcomes, ['applied: `catalogue_new` is now a `CreateView` in views.py']);
    assert.match(text, formKwargs('None'));
  });

  const refusals: [string, string, RegExp][] = [
    ['the form bound to the POST alone', variant(NEW, 'request.POST or None', 'request.POST'), /the form is bound with `SupplierForm\(request\.POST\)`, not with `request\.POST or None` \(and `request\.FILES or None`\) only/],
    ['other form arguments', variant(NEW, 'request.POST or None', 'request.POST or None, initial={"name": "x"}'), /the form is bound with `SupplierForm\(request\.POST or None, initial=\{"name": "x"\}\)`/],
    ['the form not given the looked-up object', variant(EDIT, ', instance=supplier)', ')'), /the form is not given the looked-up object as its `instance`/],
  ];
  itRefusesEach(refusals, workspace);

  it('leaves a flow with more statements (run for every method) unreported', async () => {
    const told = variant(NEW, '      return render(', '      print("shown")\n      return render(');
    assert.deepEqual(await crudFindings(workspace(told)), []);
  });
});
