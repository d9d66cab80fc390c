import { strict as assert } from 'node:assert';
import { indexOf, FIXTURE_ROOT } from '../helpers/workspaceIndexFixture';
import type { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';

function views(index: WorkspaceIndex) {
  return index
    .findings()
    .filter((f) => f.rule === 'logic-heavy-view')
    .map((f) => ({ file: f.path.slice(FIXTURE_ROOT.length + 1), line: f.range.start.line + 1, message: f.message }));
}

const HEAVY_BODY = `
    cart = request.session.get("cart", {})
    order = Order.objects.create(customer=request.user.customer)
    total = 0
    for product_id, quantity in cart.items():
        product = Product.objects.get(pk=product_id)
        if product.stock < quantity:
            return JsonResponse({"error": "out of stock"}, status=400)
        product.stock -= quantity
        product.save()
        OrderItem.objects.create(order=order, product=product, quantity=quantity)
        total += product.price * quantity
    if total > 100:
        total = total * 0.9
    order.total = total
    order.save()
    send_mail("Thanks", "Your order", "shop@example.com", [request.user.email])
    return JsonResponse({"order": order.pk, "total": total})`;

describe('logic-heavy-view detector', () => {
  it('reports a function view that does the work itself, saying what it found', async () => {
    const index = await indexOf(`
      #- shop/views.py
      from django.core.mail import send_mail
      from django.http import JsonResponse
      from .models import Order, OrderItem, Product

      def checkout(request):${HEAVY_BODY.replace(/\n/g, '\n      ')}
    `);
    assert.deepEqual(views(index), [
      {
        file: 'shop/views.py',
        line: 5,
        message:
          'view `checkout` holds business logic: 5 ORM calls, 1 loop, 2 branches, 1 side effect (send_mail) in 17 statements ' +
          '(over the limit: ORM calls); move it to a controller so the view only reads the request and returns the response',
      },
    ]);
  });

  it('never reports a thin view: read input, call one function, render', async () => {
    const index = await indexOf(`
      #- shop/views.py
      from django.contrib.auth.decorators import login_required
      from django.shortcuts import get_object_or_404, redirect, render
      from .controllers.order_controllers import place_order
      from .forms import CheckoutForm
      from .models import Order

      @login_required
      def checkout(request):
          form = CheckoutForm(request.POST or None)
          if request.method == "POST" and form.is_valid():
              order = place_order(request.user, form.cleaned_data)
              return redirect("order-detail", pk=order.pk)
          return render(request, "shop/checkout.html", {"form": form})

      def order_detail(request, pk):
          order = get_object_or_404(Order, pk=pk, customer__user=request.user)
          return render(request, "shop/order.html", {"order": order})
    `);
    assert.deepEqual(views(index), []);
  });

  it('recognises class-based views through the workspace own base classes, and their handler methods', async () => {
    const index = await indexOf(`
      #- shop/base.py
      from rest_framework import viewsets

      class ShopViewSet(viewsets.ModelViewSet):
          pass
      #- shop/api.py
      from rest_framework.decorators import action
      from .base import ShopViewSet

      class OrderViewSet(ShopViewSet):
          def perform_create(self, serializer):
              order = serializer.save()
              for item in order.items.all():
                  item.product.stock -= item.quantity
                  item.product.save()
              for line in order.lines.all():
                  line.save()

          @action(detail=True, methods=["post"])
          def cancel(self, request, pk=None):
              return Response({"ok": True})

      class Helper:
          def get(self, key):
              for a in range(3):
                  for b in range(3):
                      pass
    `);
    assert.deepEqual(views(index).map((v) => [v.file, v.line, v.message.split(':')[0]]), [
      ['shop/api.py', 5, 'view `OrderViewSet.perform_create` holds business logic'],
    ]);
  });

  it('is silenced by a comment on the view and honours its settings', async () => {
    const fixture = `
      #- views.py
      # untangle: ignore logic-heavy-view
      def checkout(request):${HEAVY_BODY.replace(/\n/g, '\n      ')}

      def refund(request):${HEAVY_BODY.replace(/\n/g, '\n      ')}
    `;
    assert.deepEqual(views(await indexOf(fixture)).map((v) => v.message.split(' holds')[0]), ['view `refund`']);
  });
});
