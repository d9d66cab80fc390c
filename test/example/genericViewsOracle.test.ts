/**
 * The behaviour oracle of `Convert to generic view`: the example shop's answers to a fixed list
 * of requests (test/behaviour/recordShop.py: status, JSON body, Allow/Location/Content-Type,
 * SQL queries, log lines) are recorded with Django's test client, every hand-written CRUD view
 * the rule finds is converted (each pair it reports joined into a viewset, a hand-written one converted first, a function list with a class detail included), and the recording is made again on the converted copy: it must be
 * identical, the shop's own suite must still pass and pyflakes find nothing new. The supplier
 * pages (plain Django form views, functions and a class on `View`, list and detail views, signed in
 * or not, with or without a permission, a form in one flow) are recorded whole: their HTML, templates,
 * redirects, 404s and 405s, pages past the end or not a number included.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { convertAll } from '../helpers/django/crudViews';
import { pythonFiles } from '../helpers/django/djangoModel';
import { newMessages, pyflakes } from '../helpers/python/pythonOracle';
import { assertDjangoProjectWorks, copyExample, pythonWithDjango } from '../helpers/django/djangoProject';

const RECORDER = path.join(__dirname, '../../../test/behaviour/recordShop.py');

describe('generic views keep every answer of the example shop', function () {
  this.timeout(300_000);
  let shop: string;
  before(() => {
    shop = copyExample('shop');
  });
  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('converts the hand-written CRUD views (the one answering an empty 404 with a handle_exception keeping it) and the supplier pages\' form, list and detail views, joins the shipping rates\' and the coupons\' (a function list, a class detail) hand-written pairs in one step and the suppliers\' generic views into viewsets, and the recordings match', async () => {
    const python = pythonWithDjango();
    const lintBefore = pyflakes(shop);
    const before = record(python, shop);
    const files = new Map(pythonFiles(shop).map((file) => [file, fs.readFileSync(file, 'utf8')]));
    const { files: converted, conversions } = await convertAll(files);
    const outcomes = conversions.map(({ view, outcome }) => `${path.basename(view)} ${outcome.replace(/ in \w+\.py$/, '')}`);
    assert.deepEqual(outcomes, [
      'backoffice_views.py:shipping_rate_list applied: `shipping_rate_list` and `shipping_rate_detail` converted to generic views; `ShippingRateList` and `ShippingRateDetail` are now `ShippingRateViewSet` (ModelViewSet)',
      'backoffice_views.py:coupon_list applied: `coupon_list` and `CouponDetail` converted to generic views; `CouponList` and `CouponDetail` are now `CouponViewSet` (ModelViewSet)',
      'backoffice_views.py:category_list applied: `category_list` is now a `ListCreateAPIView`',
      'backoffice_views.py:category_detail applied: `category_detail` is now a `RetrieveUpdateDestroyAPIView`',
      'backoffice_views.py:ReviewList applied: `ReviewList` is now a `ListCreateAPIView`',
      'backoffice_views.py:ReviewDetail applied: `ReviewDetail` is now a `RetrieveUpdateDestroyAPIView`',
      'backoffice_views.py:CustomerAddressList applied: `CustomerAddressList` is now a `ListCreateAPIView`',
      'backoffice_views.py:AddressDetail applied: `AddressDetail` is now a `RetrieveUpdateDestroyAPIView`',
      'backoffice_views.py:CustomerDetail applied: `CustomerDetail` is now a `RetrieveAPIView`',
      'views.py:product_search applied: `product_search` is now a `ListAPIView`',
      'supplier_pages.py:supplier_new applied: `supplier_new` is now a `CreateView`',
      'supplier_pages.py:supplier_edit applied: `supplier_edit` is now an `UpdateView`',
      'supplier_pages.py:supplier_contact applied: `supplier_contact` is now an `UpdateView`',
      'supplier_pages.py:supplier_lead_time applied: `supplier_lead_time` is now an `UpdateView`',
      'supplier_pages.py:SupplierQuickAdd applied: `SupplierQuickAdd` is now a `CreateView`',
      'supplier_pages.py:supplier_directory applied: `supplier_directory` is now a `ListView`',
      'supplier_pages.py:supplier_lead_times applied: `supplier_lead_times` is now a `ListView`',
      'supplier_pages.py:supplier_page applied: `supplier_page` is now a `DetailView`',
      'backoffice_views.py:SupplierList applied: `SupplierList` and `SupplierDetail` are now `SupplierViewSet` (ModelViewSet)',
    ]);
    for (const [file, text] of converted) if (text !== files.get(file)) fs.writeFileSync(file, text);
    const views = fs.readFileSync(path.join(shop, 'shop/backoffice_views.py'), 'utf8');
    assert.equal((views.match(/\(generics\.\w+APIView\):/g) ?? []).length, 7, views);
    assert.match(views, /^class CustomerDetail\(generics\.RetrieveAPIView\):\n(.*\n){5} {4}def handle_exception\(self, exc\):\n.*\n {8}if isinstance\(exc, Http404\):\n {12}return Response\(status=status\.HTTP_404_NOT_FOUND\)\n {8}return super\(\)\.handle_exception\(exc\)\n/m, views);
    assert.doesNotMatch(views, /^@api_view/m);
    assert.match(views, /^class SupplierViewSet\(viewsets\.ModelViewSet\):$/m);
    // The hand-written shipping rates' pair, converted and joined in one step: its function names stay bound to the routes' views.
    assert.match(views, /^class ShippingRateViewSet\(viewsets\.ModelViewSet\):\n {4}serializer_class = ShippingRateSerializer\n {4}queryset = ShippingRate\.objects\.all\(\)\n {4}http_method_names = \["get", "post", "put", "delete", "options"\]$/m, views);
    assert.match(views, /^shipping_rate_detail = ShippingRateViewSet\.as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Shipping Rate Detail", description=""".*"""\)$/m, views);
    // The coupons' mixed pair (an @api_view list, an APIView detail): each route keeps its own HEAD.
    assert.match(views, /^coupon_list = CouponViewSet\.as_view\(\{"get": "list", "post": "create"\}, name="Coupon List", description=""".*""", http_method_names=\["get", "post", "options"\]\)$/m, views);
    const urls = fs.readFileSync(path.join(shop, 'shop/backoffice_urls.py'), 'utf8');
    assert.match(urls, /path\("coupons\/<int:pk>\/", views\.CouponViewSet\.as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Coupon Detail", description=""".*""", http_method_names=\["get", "put", "delete", "head", "options"\]\), name="coupon-detail"\)/, urls);
    assert.match(urls, /path\("suppliers\/<int:pk>\/", views\.SupplierViewSet\.as_view\(\{"get": "retrieve", "put": "update", "delete": "destroy"\}, name="Supplier Detail", description=.*\), name="supplier-detail"\)/);

    const pages = fs.readFileSync(path.join(shop, 'shop/supplier_pages.py'), 'utf8');
    assert.match(pages, /^supplier_new = never_cache\(SupplierNew.as_view\(\)\)$/m, pages);
    assert.match(pages, /^class SupplierEdit\(SuccessMessageMixin, UpdateView\):\n {4}model = Supplier\n {4}form_class = SupplierForm\n {4}template_name = "shop\/supplier_form.html"\n {4}success_url = reverse_lazy\("backoffice:supplier-list"\)\n {4}pk_url_kwarg = "supplier_id"\n {4}success_message = "Supplier saved: 100%% up to date."\n {4}http_method_names = \["get", "post"\]\n\n\nsupplier_edit = SupplierEdit.as_view\(\)$/m, pages);
    assert.match(pages, /^class SupplierDirectory\(ListView\):\n {4}"""The active suppliers, by name, two to a page."""\n\n {4}queryset = Supplier.objects.filter\(is_active=True\)\n {4}template_name = "shop\/supplier_directory.html"\n {4}paginate_by = 2\n {4}http_method_names = \["get"\]\n\n {4}def paginate_queryset\(self, queryset, page_size\):\n/m, pages);
    // A redirect with arguments reversed in get_success_url; messages.info after the save and messages.error on invalid data kept in form_valid / form_invalid; @login_required as LoginRequiredMixin.
    assert.match(pages, /^class SupplierContact\(LoginRequiredMixin, UpdateView\):\n(.*\n){6} {4}login_url = "\/accounts\/login\/"\n {4}redirect_field_name = "back"\n {4}http_method_names = \["get", "post"\]\n\n {4}def get_success_url\(self\):\n {8}return reverse\("supplier-page", kwargs=\{"supplier_id": self\.object\.pk\}\)\n\n {4}def form_valid\(self, form\):\n(.*\n){3}\n {4}def form_invalid\(self, form\):\n {8}messages\.error\(self\.request, "The contact details have errors\."\)\n/m, pages);
    // @permission_required(…, raise_exception=True) as PermissionRequiredMixin, its login URL kept; its import goes; every method still gets the page.
    assert.match(pages, /^class SupplierLeadTimes\(PermissionRequiredMixin, ListView\):\n(.*\n)*? {4}permission_required = "shop\.view_supplier"\n {4}login_url = "\/accounts\/login\/"\n {4}raise_exception = True\n {4}http_method_names = \["get"\]\n\n {4}def http_method_not_allowed\(self, request, \*args, \*\*kwargs\):\n(.*\n){2}\n\nsupplier_lead_times = SupplierLeadTimes\.as_view\(\)$/m, pages);
    assert.doesNotMatch(pages, /permission_required\(/);
    assert.match(pages, /^class SupplierPage\(DetailView\):\n {4}model = Supplier\n {4}template_name = "shop\/supplier_page.html"\n {4}pk_url_kwarg = "supplier_id"\n {4}http_method_names = \["get", "head"\]\n\n\nsupplier_page = SupplierPage.as_view\(\)$/m, pages);
    assert.match(pages, /^class SupplierQuickAdd\(CreateView\):\n(.*\n){2} {4}form_class = SupplierForm\n {4}template_name = "shop\/supplier_form.html"\n {4}success_url = reverse_lazy\("supplier-directory"\)\n {4}http_method_names = \["get", "post", "head", "options"\]\n\n {4}def form_invalid\(self, form\):\n {8}messages\.warning\(self\.request, "The supplier was not added\."\)\n/m, pages);
    // One flow (`request.POST or None`): every method without data, an empty POST included, still gets the form unbound.
    assert.match(pages, /^class SupplierLeadTime\(UpdateView\):\n(.*\n){6} {4}http_method_names = \["get", "post"\]\n\n {4}def http_method_not_allowed\(self, request, \*args, \*\*kwargs\):\n(.*\n){2}\n {4}def get_success_url\(self\):\n(.*\n)\n {4}def get_form_kwargs\(self\):\n(.*\n){2} {8}kwargs\.update\(data=self\.request\.POST or None, files=None\)\n/m, pages);
    assert.doesNotMatch(pages, /\(View\)|^def |\brender\(|Paginator\(/m, 'every supplier page is a generic view');

    const after = record(python, shop);
    assert.equal(after.length, before.length);
    after.forEach((answer, index) => assert.deepEqual(answer, before[index], `${answer.request} answers as before`));
    assertDjangoProjectWorks(python, shop);
    assert.deepEqual(newMessages(lintBefore, pyflakes(shop)), [], 'pyflakes reports nothing new: no import left unused, no name unbound');
  });
});

interface Recorded {
  readonly request: string;
}

/** The recording (stdout; Django logs its 4xx answers on stderr). */
function record(python: string, shop: string): Recorded[] {
  const run = spawnSync(python, [RECORDER], { cwd: shop, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout);
}
