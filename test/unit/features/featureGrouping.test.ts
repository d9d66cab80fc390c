import { strict as assert } from 'node:assert';
import { COMMON_GROUP, groupFeatures } from '../../../server/src/core/features/featureGrouping';
import { nameTokens, singular } from '../../../server/src/core/features/nameTokens';
import { routedViews } from '../../../server/src/core/features/urlEvidence';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { outline } from '../../helpers/python/python';
import { memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

describe('feature grouping', () => {
  it('splits names into singular words', () => {
    assert.deepEqual(nameTokens('OrderItemSerializer'), ['order', 'item', 'serializer']);
    assert.deepEqual(nameTokens('_send_orders_mail'), ['send', 'order', 'mail']);
    assert.deepEqual(nameTokens('HTTPResponseView'), ['http', 'response', 'view']);
    assert.equal(singular('categories'), 'category');
    assert.equal(singular('address'), 'address');
    assert.equal(singular('status'), 'status');
    assert.equal(singular('series'), 'series');
  });

  it('groups a models module by feature, joining satellites to the model they serve', async () => {
    const module = await outline(`
      from django.db import models

      ORDER_STATUSES = [("new", "New"), ("paid", "Paid")]

      class TimeStamped(models.Model):
          created = models.DateTimeField(auto_now_add=True)

      class Category(models.Model):
          name = models.CharField(max_length=50)

      class Product(TimeStamped):
          category = models.ForeignKey(Category, on_delete=models.CASCADE)

      class ProductImage(models.Model):
          product = models.ForeignKey(Product, on_delete=models.CASCADE)

      class Customer(TimeStamped):
          email = models.EmailField()

      class Address(models.Model):
          customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

      class Order(TimeStamped):
          customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
          address = models.ForeignKey(Address, on_delete=models.CASCADE)
          status = models.CharField(choices=ORDER_STATUSES, max_length=10)

      class OrderItem(models.Model):
          order = models.ForeignKey("shop.Order", on_delete=models.CASCADE)
          product = models.ForeignKey(Product, on_delete=models.CASCADE)

      def calculate_order_total(order):
          return sum(item.price for item in order.items.all())

      class Payment(models.Model):
          order = models.ForeignKey(Order, on_delete=models.CASCADE)

      class Refund(models.Model):
          payment = models.ForeignKey(Payment, on_delete=models.CASCADE)
    `);
    const groups = Object.fromEntries(groupFeatures(module).map((g) => [g.name, g.symbols]));
    assert.deepEqual(groups.order, ['ORDER_STATUSES', 'Order', 'OrderItem', 'calculate_order_total']);
    assert.deepEqual(groups.product, ['Category', 'Product', 'ProductImage']);
    assert.deepEqual(groups.payment, ['Payment', 'Refund']);
    assert.deepEqual(groups.customer, ['Customer', 'Address'], 'a satellite joins the feature it depends on, though orders use it too');
    assert.deepEqual(groups[COMMON_GROUP], ['TimeStamped'], 'a base used by several features is common');
  });

  it('puts constants and helpers several features use in _common, unless they need a feature', async () => {
    const module = await outline(`
      from decimal import Decimal
      from django.db import models

      CURRENCY = "EUR"
      CENTS = Decimal("0.01")
      LOW_STOCK = 5

      def money(value):
          return Decimal(value).quantize(CENTS)

      def normalise(postcode):
          return postcode.replace(" ", "").upper()

      def describe(thing):
          return f"{thing} of {Order.objects.count()} orders"

      class Order(models.Model):
          customer = models.ForeignKey("Customer", on_delete=models.CASCADE)

          def total(self):
              return money(self.amount)

          def label(self):
              return f"{self.total()} {CURRENCY}"

      class Customer(models.Model):
          def credit(self):
              return money(self.balance)

          def __str__(self):
              return describe(self)

          def save(self):
              self.postcode = normalise(self.postcode)

      class Address(models.Model):
          customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

          def save(self):
              self.postcode = normalise(self.postcode)

      class Product(models.Model):
          def in_stock(self):
              return self.stock > LOW_STOCK

          def __str__(self):
              return describe(self)

      class ProductImage(models.Model):
          product = models.ForeignKey(Product, on_delete=models.CASCADE)

      class GiftCard(models.Model):
          customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

          def __str__(self):
              return f"{money(self.balance)} {CURRENCY} left"
    `);
    const groups = Object.fromEntries(groupFeatures(module).map((g) => [g.name, g.symbols]));
    assert.equal(COMMON_GROUP, '_common');
    assert.deepEqual(groups[COMMON_GROUP], ['CURRENCY', 'CENTS', 'money'], 'a shared helper takes the constant only it uses along');
    assert.deepEqual(groups.order, ['describe', 'Order'], 'a shared helper that needs a feature’s class stays with it: _common imports from no feature');
    assert.deepEqual(groups.product, ['LOW_STOCK', 'Product', 'ProductImage'], 'a constant one feature uses stays with it');
    assert.deepEqual(groups.customer, ['normalise', 'Customer', 'Address', 'GiftCard'], 'what only one feature uses once its satellites joined it stays there; a class that shares only helpers with other features is a satellite');
  });

  it('keeps _common free of features: a base class several use that points at features joins one', async () => {
    const module = await outline(`
      from django.db import models

      class Customer(models.Model):
          name = models.CharField(max_length=50)

      class CustomerNote(models.Model):
          text = models.TextField()

      class Store(models.Model):
          city = models.CharField(max_length=50)

      class StoreHours(models.Model):
          opens = models.TimeField()

      class Audited(models.Model):
          changed_by = models.ForeignKey(Customer, on_delete=models.CASCADE)
          changed_in = models.ForeignKey(Store, on_delete=models.CASCADE)

      ORDER_STATES = ["new", "paid"]

      class Order(Audited):
          state = models.CharField(choices=ORDER_STATES, max_length=10)

      class OrderItem(models.Model):
          order = models.ForeignKey(Order, on_delete=models.CASCADE)

      class Product(Audited):
          price = models.IntegerField()

      class ProductImage(models.Model):
          url = models.URLField()
    `);
    const groups = Object.fromEntries(groupFeatures(module).map((g) => [g.name, g.symbols]));
    assert.equal(groups[COMMON_GROUP], undefined);
    assert.deepEqual(groups.customer, ['Customer', 'CustomerNote', 'Audited'], 'it joins the first feature it uses');
  });

  it('groups views by the models they use when their names say nothing', async () => {
    const module = await outline(`
      from django.shortcuts import render
      from .models import Order, Product

      def checkout(request):
          order = Order.objects.create()
          return render(request, "checkout.html", {"order": order})

      def order_list(request):
          return render(request, "orders.html", {"orders": Order.objects.all()})

      def catalogue(request):
          return render(request, "products.html", {"products": Product.objects.all()})

      def product_detail(request, pk):
          return render(request, "product.html", {"product": Product.objects.get(pk=pk)})
    `);
    const groups = Object.fromEntries(groupFeatures(module).map((g) => [g.name, g.symbols]));
    assert.deepEqual(groups, {
      order: ['checkout', 'order_list'],
      product: ['catalogue', 'product_detail'],
    });
  });

  it('takes features from the project’s models, not from library classes a view uses', async () => {
    const groups = groupFeatures(
      await outline(`
        from decimal import Decimal
        from django.http import JsonResponse
        from shop.models import Order


        def checkout(request):
            return JsonResponse({"total": str(Decimal(Order.objects.count()))})


        def refund(request):
            return JsonResponse({"order": Order.objects.first().pk})
      `),
    );
    assert.deepEqual(groups.map((g) => [g.name, g.symbols]), [['order', ['checkout', 'refund']]]);
  });

  it('names views from the URLs routed to them (their names, else their paths, less the words all share) when the workspace is known, and from their own names without it', async () => {
    const files = memoryWorkspace(`
      #- accounts/__init__.py
      #- accounts/views.py
      from django.contrib import auth
      from django.shortcuts import redirect, render
      from django.views import View


      def enter(request):
          user = auth.authenticate(request, username=request.POST["username"], password=request.POST["password"])
          if user is None:
              return render(request, "accounts/login.html", {"failed": True})
          auth.login(request, user)
          return redirect("hc-checks")


      def leave(request):
          auth.logout(request)
          return redirect("hc-index")


      class Welcome(View):
          def get(self, request):
              return render(request, "accounts/signup.html")
      #- accounts/urls.py
      from django.urls import path, re_path

      from . import views
      from .views import Welcome

      urlpatterns = [
          path("accounts/login/", views.enter, name="hc-login"),
          re_path(r"^accounts/logout/$", views.leave, name="hc-logout"),
          path("accounts/signup/", Welcome.as_view()),
      ]
    `);
    const views = `${ROOT}/accounts/views.py`;
    const module = await outline(files.get(views)!);
    const routes = routedViews(await loadPythonParser(), snapshotOf(files), views);
    assert.deepEqual(routes, [
      { view: 'enter', path: 'accounts/login/', name: 'hc-login' },
      { view: 'leave', path: '^accounts/logout/$', name: 'hc-logout' },
      { view: 'Welcome', path: 'accounts/signup/', name: undefined },
    ]);
    const names = (groups: ReturnType<typeof groupFeatures>) => groups.map((g) => [g.name, g.evidence, g.symbols]);
    assert.deepEqual(names(groupFeatures(module, { routes })), [
      ['login', 'url', ['enter']],
      ['logout', 'url', ['leave']],
      ['signup', 'url', ['Welcome']],
    ]);
    assert.deepEqual(names(groupFeatures(module)), [
      ['enter', 'view-name', ['enter']],
      ['leave', 'view-name', ['leave']],
      ['welcome', 'view-name', ['Welcome']],
    ]);
  });

  it('is deterministic and lists the largest group first', async () => {
    const source = `
      class Alpha:
          a = 1

      class Beta:
          b = 1
          c = 2
          d = 3
    `;
    const first = groupFeatures(await outline(source));
    const second = groupFeatures(await outline(source));
    assert.deepEqual(first, second);
    assert.deepEqual(first.map((g) => [g.name, g.codeLines]), [
      ['beta', 4],
      ['alpha', 2],
    ]);
  });

  it('joins a group of a few lines to the group whose definitions are named after its word (no four-line module)', async () => {
    const body = (n: number) => Array.from({ length: n }, (_, k) => `          x${k} = ${k}`).join('\n');
    const groups = groupFeatures(await outline(`
      from shop.models import Project

      def add_slack(request, code):
          project = Project.objects.get(code=code)
${body(12)}
          return project

      def add_slack_complete(request, code):
          project = Project.objects.get(code=code)
${body(12)}
          return project

      def slack_help(request):
          return 1

      def ping_details(request):
${body(25)}
          return 2
    `));
    assert.deepEqual(groups.map((g) => [g.name, g.symbols]), [
      ['project', ['add_slack', 'add_slack_complete', 'slack_help']],
      ['ping', ['ping_details']],
    ]);
  });

  it('has no groups for an empty module', async () => {
    assert.deepEqual(groupFeatures(await outline('')), []);
  });
});
