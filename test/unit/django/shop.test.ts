/**
 * The example shop as the static model sees it, checked fact by fact and then against Django's
 * own app registry and URL resolver (Debian's Django 3.2 and DRF).
 */
import { strict as assert } from 'node:assert';
import * as path from 'path';
import type { DjangoProjectModel } from '../../../server/src/core/django/project';
import { assembleProject } from '../../../server/src/core/django/project';
import { isUnknown } from '../../../server/src/core/django/values';
import { djangoOracle, factsOfFiles, pythonFiles } from '../../helpers/django/djangoModel';
import { EXAMPLES, pythonWithDjango } from '../../helpers/django/djangoProject';

const SHOP = path.join(EXAMPLES, 'shop');

describe('Django project model: the example shop', () => {
  let project: DjangoProjectModel;
  const rel = (file: string) => path.relative(SHOP, file);

  before(async () => {
    project = assembleProject(await factsOfFiles(pythonFiles(SHOP)));
  });

  it('reads the settings manage.py names', () => {
    const settings = project.settings!;
    assert.equal(settings.module, 'shop_project.settings');
    assert.equal(settings.foundBy, 'DJANGO_SETTINGS_MODULE');
    assert.deepEqual(settings.installedApps, [
      'django.contrib.admin', 'django.contrib.auth', 'django.contrib.contenttypes', 'django.contrib.sessions',
      'django.contrib.messages', 'django.contrib.staticfiles', 'rest_framework', 'shop.apps.ShopConfig',
      'newsletter.apps.NewsletterConfig', 'inventory.apps.InventoryConfig',
    ]);
    assert.equal((settings.middleware as string[]).length, 6);
    assert.deepEqual(settings.databases, [{ alias: 'default', engine: 'django.db.backends.sqlite3' }]);
    assert.deepEqual(Object.keys(settings.restFramework ?? {}), ['DEFAULT_AUTHENTICATION_CLASSES', 'DEFAULT_PERMISSION_CLASSES', 'UNAUTHENTICATED_USER']);
    assert.ok(isUnknown((settings.values.DATABASES as { default: { NAME: unknown } }).default.NAME), 'BASE_DIR / "db.sqlite3" is computed');
    assert.equal(settings.logging, false);
    const shop = project.apps.find((app) => app.label === 'shop');
    assert.deepEqual(shop, { name: 'shop', label: 'shop', config: 'shop.apps.ShopConfig', installed: true, defaultAutoField: 'django.db.models.BigAutoField' });
  });

  it('reads its models: tables, relations, Meta', () => {
    const byLabel = new Map(project.models.map((model) => [model.label, model]));
    assert.equal(project.models.filter((model) => model.appLabel === 'shop').length, 25);
    const order = byLabel.get('shop.Order')!;
    assert.equal(rel(order.path), 'shop/models.py');
    assert.equal(order.dbTable, 'shop_order');
    assert.deepEqual(order.meta.ordering, ['-created_at']);
    assert.deepEqual(order.managers.map((m) => m.written), ['OrderQuerySet.as_manager()']);
    const customer = order.fields.find((f) => f.name === 'customer')!;
    assert.deepEqual([customer.column, customer.relation?.to, customer.relation?.relatedName, customer.relation?.onDelete], ['customer_id', 'shop.Customer', 'orders', 'PROTECT']);
    const status = order.fields.find((f) => f.name === 'status')!;
    assert.equal((status.choices as unknown[]).length, 6, 'ORDER_STATUS_CHOICES read through');
    const category = byLabel.get('shop.Category')!.fields.find((f) => f.name === 'parent')!;
    assert.deepEqual([category.relation?.to, category.null], ['shop.Category', true], '"self"');
    assert.deepEqual(byLabel.get('shop.Review')!.meta.uniqueTogether, [['product', 'customer']]);
    const wishlist = byLabel.get('shop.Wishlist')!.fields.find((f) => f.name === 'products')!;
    assert.deepEqual([wishlist.relation?.kind, wishlist.relation?.throughTable], ['ManyToManyField', 'shop_wishlist_products']);
  });

  it('reads its serializers and views', () => {
    const serializer = project.serializers.find((s) => s.name === 'OrderSerializer')!;
    assert.deepEqual([serializer.model, serializer.base], ['shop.Order', 'ModelSerializer']);
    assert.deepEqual(serializer.declaredFields.map((f) => [f.name, f.serializer ?? f.fieldClass, f.many]), [
      ['items', 'shop.serializers.OrderItemSerializer', true],
      ['customer', 'EmailField', false],
    ]);
    const products = project.views.find((v) => v.name === 'ProductViewSet')!;
    assert.deepEqual([products.serializer, products.model, products.modelFrom], ['shop.serializers.ProductSerializer', 'shop.Product', 'serializer']);
    assert.deepEqual(products.permissionClasses, { value: ['rest_framework.permissions.AllowAny'], from: 'settings' });
    assert.deepEqual(products.authenticationClasses, { value: [], from: 'settings' });
    assert.deepEqual(products.actions.map((a) => [a.name, a.detail, a.methods]), [['restock', true, ['post']], ['reviews', true, ['get', 'post']]]);
    const functionViews = project.views.filter((v) => v.kind === 'function' && rel(v.path).startsWith('shop/')).map((v) => v.name);
    assert.equal(functionViews.length, 34, 'with the back office API\'s category_list and category_detail, shipping_rate_list and shipping_rate_detail, coupon_list, the reviews and orders boards, the supplier pages (forms, contact details, a lead time in one flow, directory, lead times, a supplier\'s page) and the CSV exports');
    assert.deepEqual(project.views.find((v) => v.name === 'export_addresses')!.httpMethods, ['GET']);
    assert.ok(functionViews.includes('customer_detail'), 'routed, with no decorator');
    assert.ok(!functionViews.includes('_json_body'));
    assert.deepEqual(project.views.find((v) => v.name === 'checkout')!.httpMethods, ['POST']);
    assert.deepEqual(project.views.find((v) => v.name === 'CartView')!.handlers, ['get', 'post']);
  });

  it('reads its model forms', () => {
    assert.deepEqual(project.modelForms.map((form) => [form.qualifiedName, form.model, form.fileFields]), [
      ['shop.forms.AddressForm', 'shop.Address', []],
      ['shop.forms.ReviewForm', 'shop.Review', []],
      ['shop.forms.SupplierForm', 'shop.Supplier', []],
    ]);
  });

  it('resolves its URLs from ROOT_URLCONF through include() and the router', () => {
    assert.deepEqual(project.urls.roots.map(rel), ['shop_project/urls.py']);
    assert.deepEqual(project.urls.outside.map((o) => [o.route, o.target]), [['admin/', 'django.contrib.admin.site.urls']]);
    assert.deepEqual(project.urls.unknown, []);
    const named = new Map(project.urls.urls.map((u) => [u.fullName, u]));
    assert.equal(named.get('pay-order')!.route, 'orders/<int:order_id>/pay/');
    assert.equal(named.get('product-detail')!.route, 'api/products/(?P<pk>[^/.]+)/');
    const orders = named.get('order-list')!.view;
    assert.deepEqual(orders.kind === 'viewset' && orders.actions, { get: 'list' }, 'a read-only viewset has no create');
  });

  it('reads its migration', () => {
    const migrations = project.migrations.filter((m) => m.app === 'shop');
    assert.deepEqual(migrations.map((m) => [m.app, m.name, m.initial]), [['shop', '0001_initial', true], ['shop', '0002_support', false]]);
    assert.deepEqual(migrations[1].dependencies, [{ app: 'shop', name: '0001_initial' }]);
    const kinds = migrations[0].operations.map((op) => op.kind);
    assert.equal(kinds.filter((kind) => kind === 'CreateModel').length, 22);
    assert.equal(kinds.filter((kind) => kind === 'AddField').length, 3);
  });

  it('agrees with Django on every model table, column, many-to-many table and URL', function () {
    this.timeout(120_000);
    const oracle = djangoOracle(pythonWithDjango(), SHOP, "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop_project.settings')");
    const shopModels = oracle.models.filter((model) => model.label.startsWith('shop.'));
    assert.equal(shopModels.length, project.models.filter((model) => model.appLabel === 'shop').length);
    for (const expected of shopModels) {
      const model = project.models.find((candidate) => candidate.label === expected.label);
      assert.ok(model, expected.label);
      assert.equal(model.dbTable, expected.dbTable, expected.label);
      const columns = model.fields.filter((f) => f.column !== undefined).map((f) => [f.name, f.column, f.djangoClass]);
      assert.deepEqual(columns, expected.columns, `${expected.label} columns`);
      const m2m = model.fields.filter((f) => f.relation?.kind === 'ManyToManyField').map((f) => [f.name, f.relation!.throughTable, f.relation!.to]);
      assert.deepEqual(m2m, expected.m2m, `${expected.label} many-to-many`);
      assert.deepEqual(model.meta.uniqueTogether, expected.uniqueTogether, `${expected.label} unique_together`);
      assert.deepEqual(model.meta.ordering ?? [], expected.ordering, `${expected.label} ordering`);
    }
    // Django's URLs less the admin's (outside the workspace) and DefaultRouter's format-suffix variants (left out).
    const djangoUrls = oracle.urls.filter((u) => !u.route.startsWith('admin/') && !u.route.includes('(?P<format>')).map((u) => [u.route, u.name]);
    const ours = project.urls.urls.map((u) => [u.route, u.fullName ?? null]);
    assert.deepEqual(ours.sort(), djangoUrls.sort());
  });
});
