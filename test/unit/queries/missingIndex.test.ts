import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { missingIndex } from '../../../server/src/detectors/missingIndex';
import { QuerysetResolver } from '../../../server/src/core/queries/querysets';
import { ROOT } from '../../helpers/refactor/refactorFixture';
import { sourcesOf } from '../../helpers/django/querySources';

const SETTINGS = `INSTALLED_APPS = ["shop"]`;

const MODELS = `
  from django.db import models

  class Customer(models.Model):
      email = models.EmailField(unique=True)
      city = models.CharField(max_length=80)
      is_vip = models.BooleanField(default=False)

  class Order(models.Model):
      customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.CASCADE)
      status = models.CharField(max_length=20)
      reference = models.CharField(max_length=20, db_index=True)
      placed = models.DateTimeField()
      total = models.DecimalField(max_digits=9, decimal_places=2)
      note = models.TextField()

      class Meta:
          indexes = [models.Index(fields=["-placed", "status"], name="order_placed_idx")]
          unique_together = [("total", "note")]
`;

async function findings(files: Record<string, string>, settings: Partial<Settings['missingIndex']> = {}) {
  const sources = await sourcesOf({ 'proj/settings.py': SETTINGS, 'shop/models.py': MODELS, ...files });
  const all = missingIndex(sources, { ...DEFAULT_SETTINGS, missingIndex: { ...DEFAULT_SETTINGS.missingIndex, ...settings } });
  return all.map((finding) => ({
    at: `${path.relative(ROOT, finding.path)}:${finding.range.start.line + 1}`,
    message: finding.message,
    related: finding.related.map((place) => `${path.relative(ROOT, place.path)}:${place.range.start.line + 1} ${place.message}`),
  }));
}

describe('missing-index', () => {
  it('reports a field looked up in several places without an index, with each call site', async () => {
    const found = await findings({
      'shop/views.py': `
        from django.db.models import Q
        from django.shortcuts import get_object_or_404
        from .models import Customer, Order

        def open_orders(request):
            return Order.objects.filter(status="new").order_by("placed")

        def by_city(request, city):
            return Order.objects.filter(Q(customer__city__iexact=city) | Q(status="x"))

        def one(request, ref):
            orders = Order.objects.exclude(note="")
            return get_object_or_404(Customer, city=ref), orders.order_by("-status")

        def customers(request):
            return Customer.objects.filter(orders__status="paid", city__startswith="a")
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.related]), [
      ['shop/models.py:10', ['shop/views.py:6 filter(status…)', 'shop/views.py:9 filter(status…)', 'shop/views.py:13 order_by(status…)', 'shop/views.py:16 filter(orders__status…)']],
      ['shop/models.py:5', ['shop/views.py:9 filter(customer__city__iexact…)', 'shop/views.py:13 get_object_or_404(city…)', 'shop/views.py:16 filter(city__startswith…)']],
    ]);
    assert.match(found[0].message, /^Order\.status is looked up in 4 places \(filter, order_by\) without an index/);
    assert.match(found[1].message, /\(filter, get_object_or_404\)/);
  });

  it('counts a field as indexed when it is a key, unique, db_index, a foreign key or leads a Meta index, and a query an equality on one serves', async () => {
    const found = await findings({
      'shop/views.py': `
        from .models import Customer, Order

        def a(request, c):
            Order.objects.filter(pk=1, id=2, customer=c, customer_id=3, reference="r", placed__year=2024).order_by("-placed", "?")
            Order.objects.filter(pk=1, id=2, customer=c, customer_id=3, reference="r", placed__year=2024).order_by("-placed", "?")
            Customer.objects.filter(email="x", orders__reference="y", orders=None)
            Customer.objects.filter(email="x", orders__reference="y", orders=None)
            Order.objects.filter(customer=c, status="a").order_by("note")
            Order.objects.filter(customer_id__in=[1], status="a").order_by("note")
            Order.objects.get(pk=1, status="b")
            mine = Order.objects.filter(customer_id=c.pk)
            mine.filter(status="c").exclude(status="d")
            return Order.objects.filter(total=1), Order.objects.filter(total=2)
      `,
    });
    assert.deepEqual(found, []);
  });

  it('leaves out booleans, one-off lookups, tests, migrations and what it cannot resolve', async () => {
    const found = await findings({
      'shop/views.py': `
        from django.contrib.auth.models import User
        from .models import Customer, Order

        def a(request, queryset):
            Customer.objects.filter(is_vip=True)
            Customer.objects.filter(is_vip=False)
            Order.objects.filter(note="once")
            queryset.filter(status="a")
            queryset.filter(status="b")
            User.objects.filter(first_name="x")
            User.objects.filter(first_name="y")
            Order.objects.annotate(n=Count("x")).filter(n=1, unknown__thing=2)
            Order.objects.filter(n=1)
      `,
      'shop/tests/test_orders.py': `
        from shop.models import Order
        Order.objects.filter(status="a")
        Order.objects.filter(status="b")
      `,
      'shop/migrations/0002_data.py': `
        def forwards(apps, schema_editor):
            Order = apps.get_model("shop", "Order")
            Order.objects.filter(status="a")
            Order.objects.filter(status="b")
      `,
    });
    assert.deepEqual(found, []);
  });

  it('honours minCallSites', async () => {
    const views = { 'shop/views.py': 'from .models import Order\nOrder.objects.filter(note="x")\n' };
    assert.equal((await findings(views)).length, 0);
    assert.deepEqual((await findings(views, { minCallSites: 1 })).map((f) => f.at), ['shop/models.py:14']);
  });

  it('resolves managers, view querysets and local variables; a related manager is found through its foreign key', async () => {
    const found = await findings({
      // Appended to Order's body (six spaces, as in MODELS).
      'shop/models.py': `${MODELS}
      objects = models.Manager()
      recent = models.Manager()

      def similar(self):
          return self.customer.orders.filter(note="a")

  class VipCustomer(Customer):
      def orders_of(self):
          return self.orders.filter(note="d")
      `,
      'shop/views.py': `
        from django.views.generic import ListView
        from .models import Customer, Order

        class OrderList(ListView):
            model = Order

            def get_queryset(self):
                return super().get_queryset().filter(note="b")

        def mine(request):
            orders = Order.recent.all()
            orders = orders.filter(note="c")
            return orders
      `,
      'shop/more.py': `
        from .models import Customer

        class CustomerMixin:
            def orders_of(self):
                return self.orders.filter(note="e")
      `,
    }, { minCallSites: 1 });
    assert.deepEqual(found.map((f) => [f.at, f.related.map((r) => r.split(' ')[0])]), [['shop/models.py:14', ['shop/views.py:8', 'shop/views.py:12']]]);
  });

  it('reports an index whose columns begin another index, never a unique one', async () => {
    const found = await findings({
      'shop/models.py': `
        from django.db import models

        class Customer(models.Model):
            email = models.EmailField(unique=True)

        class Visit(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            day = models.DateField(db_index=True)
            page = models.CharField(max_length=80, unique=True)
            kind = models.CharField(max_length=8)

            class Meta:
                indexes = [
                    models.Index(fields=["customer", "-day"], name="visit_customer_day"),
                    models.Index(fields=["day", "kind"], name="visit_day_kind"),
                    models.Index(fields=["day", "kind"], name="visit_day_kind_again"),
                    models.Index(fields=["page", "kind"], name="visit_page_kind"),
                ]
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.related]), [
      ['shop/models.py:7', ['shop/models.py:6 Meta.indexes ["customer","-day"]']],
      ['shop/models.py:8', ['shop/models.py:6 Meta.indexes ["day","kind"]']],
      ['shop/models.py:6', ['shop/models.py:6 Meta.indexes ["day","kind"]']],
    ]);
    assert.match(found[0].message, /the index of the foreign key on customer is redundant/);
    assert.match(found[2].message, /the index of Meta\.indexes \["day","kind"\] is redundant/);
  });
});

describe('QuerysetResolver.of', () => {
  it('makes one resolver for the rules of one detection, and another for other facts or another project', async () => {
    const sources = await sourcesOf({ 'proj/settings.py': SETTINGS, 'shop/models.py': MODELS });
    const resolver = QuerysetResolver.of(sources.project, sources.modules);
    assert.equal(QuerysetResolver.of(sources.project, sources.modules), resolver);
    const edited = await sourcesOf({ 'proj/settings.py': SETTINGS, 'shop/models.py': MODELS });
    assert.notEqual(QuerysetResolver.of(edited.project, sources.modules), resolver);
    assert.notEqual(QuerysetResolver.of(edited.project, edited.modules), resolver);
  });
});
