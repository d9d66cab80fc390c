import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { nPlusOnes } from '../../../server/src/detectors/nPlusOne';
import { ROOT } from '../../helpers/refactor/refactorFixture';
import { sourcesOf, workspaceOf } from '../../helpers/django/querySources';

const SETTINGS = `INSTALLED_APPS = ["shop"]`;

const MODELS = `
  from django.db import models

  class Customer(models.Model):
      name = models.CharField(max_length=80)
      referrer = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

      def __str__(self):
          return self.name

  class Tag(models.Model):
      label = models.CharField(max_length=20)

  class Order(models.Model):
      customer = models.ForeignKey(Customer, related_name="orders", on_delete=models.CASCADE)
      coupon = models.ForeignKey("Coupon", null=True, on_delete=models.SET_NULL)
      tags = models.ManyToManyField(Tag)
      total = models.IntegerField()

      def customer_name(self):
          return self.customer.name

  class Coupon(models.Model):
      code = models.CharField(max_length=20)

  class Item(models.Model):
      order = models.ForeignKey(Order, related_name="items", on_delete=models.CASCADE)
      sku = models.CharField(max_length=20)
`;

/** Each finding as `file:line`, its message, and its fix as the line it changes reads after it. */
async function findings(files: Record<string, string>) {
  const workspace = workspaceOf({ 'proj/settings.py': SETTINGS, 'shop/models.py': MODELS, ...files });
  return nPlusOnes(await sourcesOf(workspace), DEFAULT_SETTINGS).map(({ finding, fix }) => {
    const line = fix && workspace.get(fix.path)!.split('\n')[fix.at.line];
    return {
      at: `${path.relative(ROOT, finding.path)}:${finding.range.start.line + 1}`,
      message: finding.message,
      fix: fix && line !== undefined && `${path.relative(ROOT, fix.path)}:${fix.at.line + 1} ${(line.slice(0, fix.at.character) + fix.text + line.slice(fix.at.character)).trim()}`,
    };
  });
}

describe('n-plus-one', () => {
  it('reports loops and comprehensions reading a relation of each row, with the fix at the queryset', async () => {
    const found = await findings({
      'shop/views.py': `
        from django.http import HttpResponse
        from .models import Order

        def report(request):
            orders = Order.objects.filter(total__gt=0)
            for order in orders:
                print(order.customer.name, order.customer.referrer.name, order.total, order.customer_id)
            codes = [o.coupon.code for o in Order.objects.all()]
            counts = {o.pk: o.items.count() for o in Order.objects.order_by("pk")}
            tags = [list(o.tags.all()) for o in orders]
            return HttpResponse("")
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.fix]), [
      ['shop/views.py:7', 'shop/views.py:5 orders = Order.objects.select_related("customer").filter(total__gt=0)'],
      ['shop/views.py:7', 'shop/views.py:5 orders = Order.objects.select_related("customer__referrer").filter(total__gt=0)'],
      ['shop/views.py:8', 'shop/views.py:8 codes = [o.coupon.code for o in Order.objects.select_related("coupon").all()]'],
      ['shop/views.py:9', 'shop/views.py:9 counts = {o.pk: o.items.count() for o in Order.objects.prefetch_related("items").order_by("pk")}'],
      ['shop/views.py:10', 'shop/views.py:5 orders = Order.objects.prefetch_related("tags").filter(total__gt=0)'],
    ]);
    assert.match(found[0].message, /^This loop reads order\.customer\.name of each Order row: one query per row\. Add select_related\("customer"\)/);
    assert.match(found[2].message, /^This comprehension reads o\.coupon\.code/);
  });

  it('says nothing when the queryset loads the relation, or yields no instances, or is not known', async () => {
    const found = await findings({
      'shop/views.py': `
        from django.db.models import Prefetch
        from .models import Item, Order

        def report(request, queryset):
            orders = Order.objects.filter(total__gt=0)
            orders = orders.select_related("customer__referrer", "coupon").prefetch_related(Prefetch("items"), "tags")
            for order in orders:
                print(order.customer.name, order.customer.referrer.name, order.coupon.code, order.items.count(), list(order.tags.all()))
            for order in Order.objects.select_related():
                print(order.customer.name)
            for row in Order.objects.values("customer__name"):
                print(row.customer)
            for order in queryset:
                print(order.customer.name)
            for order in Order.objects.all():
                order.items.filter(sku="x").first()
                order.customer_id
            order = Order.objects.first()
            print(order.customer.name)
            return [i.order.total for i in Item.objects.select_related("order")]
      `,
      'shop/tests.py': `
        from .models import Order
        for order in Order.objects.all():
            order.customer.name
      `,
    });
    assert.deepEqual(found, []);
  });

  it('follows loops over a relation of an enclosing loop\'s row to the queryset of the outermost one', async () => {
    const found = await findings({
      'shop/reports.py': `
        from .models import Customer

        def coupons():
            for customer in Customer.objects.filter(name__startswith="a"):
                for order in customer.orders.all():
                    print(order.coupon.code, order.total)
                    for item in order.items.all():
                        print(item.sku)
            for customer in Customer.objects.prefetch_related("orders__coupon", "orders__items"):
                for order in customer.orders.all():
                    print(order.coupon.code, order.items.count())
            return [[o.coupon.code for o in c.orders.all()] for c in Customer.objects.prefetch_related("orders")]
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.fix]), [
      ['shop/reports.py:5', 'shop/reports.py:4 for customer in Customer.objects.prefetch_related("orders").filter(name__startswith="a"):'],
      ['shop/reports.py:6', 'shop/reports.py:4 for customer in Customer.objects.prefetch_related("orders__coupon").filter(name__startswith="a"):'],
      ['shop/reports.py:7', 'shop/reports.py:4 for customer in Customer.objects.prefetch_related("orders__items").filter(name__startswith="a"):'],
      ['shop/reports.py:12', 'shop/reports.py:12 return [[o.coupon.code for o in c.orders.all()] for c in Customer.objects.prefetch_related("orders__coupon").prefetch_related("orders")]'],
    ]);
    assert.match(found[1].message, /^This loop reads order\.coupon\.code of each Order row: one query per row\. Add prefetch_related\("orders__coupon"\) to the queryset\./);
  });

  it('follows serializers called with many=True into nested serializers, dotted sources and method fields', async () => {
    const found = await findings({
      'shop/serializers.py': `
        from rest_framework import serializers
        from .models import Item, Order

        class ItemSerializer(serializers.ModelSerializer):
            class Meta:
                model = Item
                fields = ["sku"]

        class OrderSerializer(serializers.ModelSerializer):
            items = ItemSerializer(many=True)
            customer_name = serializers.CharField(source="customer.name")
            coupon = serializers.SlugRelatedField(slug_field="code", read_only=True)
            referrer = serializers.SerializerMethodField()

            class Meta:
                model = Order
                fields = ["items", "customer_name", "coupon", "referrer", "tags", "customer"]

            def get_referrer(self, order):
                return order.customer.referrer_id
      `,
      'shop/views.py': `
        from rest_framework.decorators import api_view
        from rest_framework.response import Response
        from .models import Order
        from .serializers import OrderSerializer

        @api_view(["GET"])
        def orders(request):
            return Response(OrderSerializer(Order.objects.all(), many=True).data)

        @api_view(["GET"])
        def loaded(request):
            queryset = Order.objects.select_related("customer", "coupon").prefetch_related("items", "tags")
            return Response(OrderSerializer(queryset, many=True).data)
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.fix]), [['shop/views.py:8', 'shop/views.py:8 return Response(OrderSerializer(Order.objects.select_related("customer", "coupon").prefetch_related("items", "tags").all(), many=True).data)']]);
    assert.match(found[0].message, /^OrderSerializer\(…, many=True\) reads items, customer, coupon, tags of each Order: one query per row/);
  });

  it('checks the queryset of DRF list views, not of detail-only views', async () => {
    const found = await findings({
      'shop/serializers.py': `
        from rest_framework import serializers
        from .models import Order

        class OrderSerializer(serializers.ModelSerializer):
            customer_name = serializers.CharField(source="customer.name")

            class Meta:
                model = Order
                fields = ["customer_name"]
      `,
      'shop/views.py': `
        from rest_framework import generics, viewsets
        from .models import Order
        from .serializers import OrderSerializer

        class OrderList(generics.ListAPIView):
            serializer_class = OrderSerializer
            queryset = Order.objects.all()

        class OrderViewSet(viewsets.ReadOnlyModelViewSet):
            serializer_class = OrderSerializer

            def get_queryset(self):
                return Order.objects.filter(total__gt=0)

        class LoadedViewSet(viewsets.ReadOnlyModelViewSet):
            serializer_class = OrderSerializer
            queryset = Order.objects.select_related("customer")

        class OrderDetail(generics.RetrieveAPIView):
            serializer_class = OrderSerializer
            queryset = Order.objects.all()
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.fix]), [
      ['shop/views.py:5', 'shop/views.py:7 queryset = Order.objects.select_related("customer").all()'],
      ['shop/views.py:9', 'shop/views.py:13 return Order.objects.select_related("customer").filter(total__gt=0)'],
    ]);
  });

  it("reads admin list_display as Django's change list runs it", async () => {
    const found = await findings({
      'shop/admin.py': `
        from django.contrib import admin
        from .models import Coupon, Customer, Item, Order, Tag

        @admin.register(Order)
        class OrderAdmin(admin.ModelAdmin):
            list_display = ["total", "referrer_name", "customer_name"]

            def referrer_name(self, obj):
                return obj.customer.referrer.name

        class ItemAdmin(admin.ModelAdmin):
            list_display = ["sku", "order", "order_total"]

            def order_total(self, item):
                return item.order.total

        class CustomerAdmin(admin.ModelAdmin):
            list_display = ["name", "referrer", "order_count"]
            list_select_related = ["referrer"]

            def order_count(self, customer):
                return customer.orders.count()

        class TagAdmin(admin.ModelAdmin):
            list_display = ["label"]

        admin.site.register(Item, ItemAdmin)
        admin.site.register(Customer, CustomerAdmin)
        admin.site.register(Tag, TagAdmin)
        admin.site.register(Coupon)
      `,
    });
    assert.deepEqual(found.map((f) => [f.at, f.fix]), [
      ['shop/admin.py:6', 'shop/admin.py:6 list_select_related = ["customer__referrer"]\n    list_display = ["total", "referrer_name", "customer_name"]'],
      ['shop/admin.py:18', undefined],
    ]);
    assert.match(found[0].message, /shows referrer_name \(customer\.referrer\), customer_name \(customer\)/);
    assert.match(found[1].message, /prefetch_related\("orders"\) in get_queryset/);
  });

  it("reads __str__ for admins without list_display, and nullable foreign keys Django's select_related() skips", async () => {
    const found = await findings({
      'shop/models.py': `${MODELS}
  class Visit(models.Model):
      customer = models.ForeignKey(Customer, null=True, on_delete=models.SET_NULL)

      def __str__(self):
          return f"visit of {self.customer.name}"
      `,
      'shop/admin.py': `
        from django.contrib import admin
        from .models import Customer, Order, Visit

        admin.site.register(Visit)

        @admin.register(Order)
        class OrderAdmin(admin.ModelAdmin):
            list_display = ["total", "coupon"]
      `,
    });
    assert.deepEqual(found.map((f) => f.at), ['shop/admin.py:4', 'shop/admin.py:8']);
    assert.match(found[0].message, /^admin\.site\.register\(Visit\) shows __str__ \(customer\)/);
    assert.match(found[1].message, /shows coupon \(coupon\)/);
  });
});
