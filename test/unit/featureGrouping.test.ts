import { strict as assert } from 'node:assert';
import { COMMON_GROUP, groupFeatures } from '../../server/src/core/features/featureGrouping';
import { nameTokens, singular } from '../../server/src/core/features/nameTokens';
import { outline } from '../helpers/python';

describe('feature grouping', () => {
  it('splits names into singular words', () => {
    assert.deepEqual(nameTokens('OrderItemSerializer'), ['order', 'item', 'serializer']);
    assert.deepEqual(nameTokens('_send_orders_mail'), ['send', 'order', 'mail']);
    assert.deepEqual(nameTokens('HTTPResponseView'), ['http', 'response', 'view']);
    assert.equal(singular('categories'), 'category');
    assert.equal(singular('address'), 'address');
    assert.equal(singular('status'), 'status');
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

  it('has no groups for an empty module', async () => {
    assert.deepEqual(groupFeatures(await outline('')), []);
  });
});
