import { strict as assert } from 'node:assert';
import { convertAll, convertedViews, crudFindings, itRefusesEach, PAGES_PROJECT, variant, viewsProject } from '../../helpers/django/crudViews';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const BASE: Record<string, string> = {
  ...PAGES_PROJECT,
  'shop/models.py': `
    from django.db import models

    class Supplier(models.Model):
        name = models.CharField(max_length=100)
        code = models.SlugField(unique=True)
  `,
  'shop/urls.py': `
    from django.urls import path
    from . import views

    urlpatterns = [
        path("suppliers/", views.supplier_list, name="supplier-list"),
        path("suppliers/<int:supplier_id>/", views.supplier_detail, name="supplier-detail"),
        path("suppliers/<slug:code>/", views.supplier_by_code, name="supplier-by-code"),
    ]
  `,
  'shop/templates/shop/supplier_list.html': '{% extends "base.html" %}\n{% block content %}{% for s in suppliers %}{{ s.name }}{% endfor %}{% endblock %}\n',
  'shop/templates/shop/supplier_page.html': '{% for s in page_obj %}{{ s.name }}{% endfor %}{{ page_obj.number }} of {{ paginator.num_pages }}\n',
  'shop/templates/shop/supplier_detail.html': '{% extends "base.html" %}\n{% block content %}{{ supplier.name }}{% endblock %}\n',
  'shop/templates/shop/supplier_object.html': '{{ object.name }}\n',
};

const HEAD = `
  from django.core.paginator import Paginator
  from django.shortcuts import get_object_or_404, render
  from django.views.decorators.http import require_GET
  from .models import Supplier
`;

const LIST = `
  @require_GET
  def supplier_list(request):
      """The suppliers, by name."""
      suppliers = Supplier.objects.order_by("name")
      return render(request, "shop/supplier_list.html", {"suppliers": suppliers})
`;

const PAGES = `
  @require_GET
  def supplier_list(request):
      paginator = Paginator(Supplier.objects.order_by("name"), 20)
      page_number = request.GET.get("page")
      page_obj = paginator.get_page(page_number)
      return render(request, "shop/supplier_page.html", {"page_obj": page_obj, "paginator": paginator})
`;

const DETAIL = `
  @require_GET
  def supplier_detail(request, supplier_id):
      supplier = get_object_or_404(Supplier, pk=supplier_id)
      return render(request, "shop/supplier_detail.html", {"supplier": supplier})
`;

const { workspace, converted } = viewsProject(BASE, HEAD);

describe('Convert to generic view: plain Django read views', function () {
  this.timeout(60_000);

  it('reports a list view with the generic view it is', async () => {
    const [finding] = await crudFindings(workspace(LIST));
    assert.equal(finding.message, '`supplier_list` lists `shop.Supplier` into a template by hand: it is a `ListView` with `http_method_names`, `template_name`');
  });

  it('turns a list view into a ListView with its queryset, template and context name, the function\'s name bound to the view', async () => {
    const { text, outcomes } = await converted(LIST);
    assert.deepEqual(outcomes, ['applied: `supplier_list` is now a `ListView` in views.py']);
    assert.equal(text, dedent(`
      from django.views.generic import ListView
      from .models import Supplier


      class SupplierList(ListView):
          """The suppliers, by name."""

          queryset = Supplier.objects.order_by("name")
          template_name = "shop/supplier_list.html"
          context_object_name = "suppliers"
          http_method_names = ["get"]


      supplier_list = SupplierList.as_view()
    `).trimStart());
  });

  it('turns a paginated list into a ListView with paginate_by, finding the page as get_page did', async () => {
    const { text, outcomes } = await converted(PAGES);
    assert.deepEqual(outcomes, ['applied: `supplier_list` is now a `ListView` in views.py']);
    assert.match(text, /class SupplierList\(ListView\):\n {4}queryset = Supplier.objects.order_by\("name"\)\n {4}template_name = "shop\/supplier_page.html"\n {4}paginate_by = 20\n {4}http_method_names = \["get"\]\n\n {4}def paginate_queryset\(self, queryset, page_size\):\n/);
    assert.match(text, /page = paginator.get_page\(self.request.GET.get\(self.page_kwarg\)\)\n {8}return paginator, page, page.object_list, page.has_other_pages\(\)\n/);
    assert.doesNotMatch(text, /Paginator|render|require_GET/);
  });

  it('reads another page parameter as page_kwarg, and a per-request queryset in get_queryset', async () => {
    const view = variant(variant(PAGES, 'request.GET.get("page")', 'request.GET.get("p")'), 'Supplier.objects.order_by("name")', 'Supplier.objects.filter(name__startswith=request.GET.get("q", ""))');
    const { text } = await converted(view);
    assert.match(text, / {4}page_kwarg = "p"\n/);
    assert.match(text, / {4}def get_queryset\(self\):\n {8}return Supplier.objects.filter\(name__startswith=self.request.GET.get\("q", ""\)\)\n/);
  });

  it('keeps a queryset calling something in its arguments per request (a class attribute runs once, at import)', async () => {
    const { text } = await converted(variant(LIST, 'order_by("name")', 'filter(name__lt=str(len("x")))'));
    assert.match(text, / {4}def get_queryset\(self\):\n {8}return Supplier.objects.filter\(name__lt=str\(len\("x"\)\)\)\n/);
    assert.doesNotMatch(text, /queryset = /);
  });

  it('turns a detail view into a DetailView with its lookup; a slug lookup sets slug_field', async () => {
    const { text, outcomes } = await converted(DETAIL);
    assert.deepEqual(outcomes, ['applied: `supplier_detail` is now a `DetailView` in views.py']);
    assert.match(text, /class SupplierDetail\(DetailView\):\n {4}model = Supplier\n {4}template_name = "shop\/supplier_detail.html"\n {4}pk_url_kwarg = "supplier_id"\n {4}http_method_names = \["get"\]\n\n\nsupplier_detail = SupplierDetail.as_view\(\)\n/);
    const bySlug = await converted(variant(variant(DETAIL, 'def supplier_detail(request, supplier_id):', 'def supplier_by_code(request, code):'), 'pk=supplier_id', 'code=code'));
    assert.match(bySlug.text, / {4}slug_field = "code"\n {4}slug_url_kwarg = "code"\n/);
  });

  it('turns a bare @login_required above the method check into LoginRequiredMixin, dropping its import', async () => {
    const files = workspace(variant(DETAIL, '@require_GET', '@login_required\n  @require_GET'));
    files.set('/ws/shop/views.py', `from django.contrib.auth.decorators import login_required\n${files.get('/ws/shop/views.py')}`);
    const { text, outcomes } = await convertedViews(files);
    assert.deepEqual(outcomes, ['applied: `supplier_detail` is now a `DetailView` in views.py']);
    assert.match(text, /^class SupplierDetail\(LoginRequiredMixin, DetailView\):\n(.*\n){3} {4}http_method_names = \["get"\]\n\n\nsupplier_detail = SupplierDetail\.as_view\(\)\n/m, text);
    assert.match(text, /^from django\.contrib\.auth\.mixins import LoginRequiredMixin$/m);
    assert.doesNotMatch(text, /login_required/);
  });

  it('keeps a list answering every method answering them with the page through http_method_not_allowed', async () => {
    const files = workspace(variant(LIST, '@require_GET\n', ''));
    assert.match((await crudFindings(files))[0].message, /, with `http_method_not_allowed` answering the methods no decorator limited as the function did$/);
    const text = (await convertAll(files)).files.get('/ws/shop/views.py')!;
    assert.match(text, /^class SupplierList\(ListView\):\n(.*\n){5} {4}http_method_names = \["get"\]\n\n {4}def http_method_not_allowed\(self, request, \*args, \*\*kwargs\):\n {8}# As the function did: every method gets the page \(`@require_GET` on the function would have answered 405\)\.\n {8}return self\.get\(request, \*args, \*\*kwargs\)\n\n\nsupplier_list = SupplierList\.as_view\(\)\n/m, text);
  });

  it('passes the object under another name as context_object_name', async () => {
    const files = workspace(variant(DETAIL, '"supplier": supplier}', '"item": supplier}'));
    files.set('/ws/shop/templates/shop/supplier_detail.html', '{{ item.name }}\n');
    const { files: after } = await convertAll(files);
    assert.match(after.get('/ws/shop/views.py')!, / {4}context_object_name = "item"\n/);
  });

  const refusals: [string, string, RegExp][] = [
    ['extra context', variant(LIST, '{"suppliers": suppliers}', '{"suppliers": suppliers, "title": request}'), /it passes `title` to the template besides the list/],
    ['a page passed under another name', variant(PAGES, '{"page_obj": page_obj,', '{"page": page_obj,'), /it passes the page as `page`; a `ListView` passes it as `page_obj`/],
    ['a page asked with page()', variant(PAGES, 'paginator.get_page(page_number)', 'paginator.page(page_number)'), /it asks for the page with `paginator.page\(page_number\)`, which fails on a bad number where a `ListView` answers 404/],
    ['a paginator with orphans', variant(PAGES, ', 20)', ', 20, orphans=2)'), /the paginator is built with `Paginator\(.*orphans=2\)`/],
    ['a template reading `object`', variant(DETAIL, 'supplier_detail.html', 'supplier_object.html'), /the template `shop\/supplier_object.html` reads `object`, which a generic view adds/],
    ['a template reading `page_obj` of a list not paginated', variant(LIST, 'supplier_list.html', 'supplier_page.html'), /reads `paginator`, which a generic view adds/],
    ['a lookup in a queryset', variant(DETAIL, 'get_object_or_404(Supplier,', 'get_object_or_404(Supplier.objects.filter(name="x"),'), /the object is looked up in `Supplier.objects.filter\(name="x"\)`, not a model/],
  ];
  itRefusesEach(refusals, workspace);

  it('refuses a detail when the project\'s 404 page shows the exception (a DetailView words it otherwise)', async () => {
    const files = workspace(DETAIL);
    files.set('/ws/shop/templates/404.html', '<h1>{{ exception }}</h1>\n');
    const { conversions } = await convertAll(files);
    assert.deepEqual(conversions.map((c) => c.outcome), ['refused: the project\'s `404.html` shows the exception, whose text a `DetailView` words otherwise']);
  });

  it('does not take a count or a single object for a list', async () => {
    assert.deepEqual(await crudFindings(workspace(variant(LIST, 'Supplier.objects.order_by("name")', 'Supplier.objects.count()'))), []);
    assert.deepEqual(await crudFindings(workspace(variant(LIST, 'Supplier.objects.order_by("name")', 'Supplier.objects.order_by("name").first()'))), []);
  });
});
