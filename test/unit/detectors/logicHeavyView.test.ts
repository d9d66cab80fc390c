import { strict as assert } from 'node:assert';
import { indexOf, FIXTURE_ROOT } from '../../helpers/workspace/workspaceIndexFixture';
import type { WorkspaceIndex } from '../../../server/src/analysis/workspaceIndex';

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

/** `def signature:` over HEAVY_BODY reading the request as `param`, for a fixture line indented by `indent`. */
const heavy = (signature: string, indent: string, param = 'request') =>
  `def ${signature}:${HEAVY_BODY.replaceAll('request.', `${param}.`).replace(/\n/g, `\n${indent}`)}`;

/** The views reported, as `file: name`. */
async function flagged(fixture: string): Promise<string[]> {
  return views(await indexOf(fixture)).map((v) => `${v.file}: ${v.message.split('`')[1]}`);
}

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

  it('resolves class bases through imports: aliases, modules imported whole, dotted names, re-exports', async () => {
    const m = '          ';
    const fixture = `
      #- shop/__init__.py
      #- shop/base.py
      from rest_framework import viewsets

      class ShopViewSet(viewsets.ModelViewSet):
          pass
      #- shop/common/__init__.py
      from .bases import Listing
      #- shop/common/bases.py
      from rest_framework.generics import ListAPIView as Generic

      class Listing(Generic):
          pass
      #- shop/widgets.py
      class View:
          pass
      #- shop/catalog.py
      import rest_framework.viewsets as vs
      from django.contrib.auth import views as auth_views
      from rest_framework import generics
      from rest_framework.decorators import action
      from rest_framework.viewsets import ModelViewSet as MVS
      from .base import ShopViewSet as Base
      from .common import Listing
      from .widgets import View

      class Aliased(MVS):
          ${heavy('get_queryset(self)', m, 'self.request')}

      class WholeModule(vs.ModelViewSet):
          ${heavy('list(self, request)', m)}

      class Dotted(generics.ListAPIView):
          ${heavy('get(self, request)', m)}

      class OwnBase(Base):
          @action(detail=True, methods=["post"])
          ${heavy('cancel(self, request, pk=None)', m)}

      class ReExported(Listing):
          ${heavy('get_queryset(self)', m, 'self.request')}

      class Login(auth_views.LoginView):
          ${heavy('form_valid(self, form)', m, 'self.request')}

      class Widget(View):
          ${heavy('get(self, request)', m)}
      #- shop/flaskish.py
      from flask.views import View

      class Page(View):
          ${heavy('get(self, request)', m)}
    `;
    assert.deepEqual(await flagged(fixture), [
      'shop/catalog.py: Aliased.get_queryset',
      'shop/catalog.py: WholeModule.list',
      'shop/catalog.py: Dotted.get',
      'shop/catalog.py: OwnBase.cancel',
      'shop/catalog.py: ReExported.get_queryset',
      'shop/catalog.py: Login.form_valid',
    ]);
  });

  it('knows Django views defined in the workspace itself (Django vendored, or analysed on its own)', async () => {
    const fixture = `
      #- django/__init__.py
      #- django/views/__init__.py
      from django.views.generic.base import View
      #- django/views/generic/__init__.py
      #- django/views/generic/base.py
      class View:
          pass
      #- shop/pages.py
      from django.views import View

      class Orders(View):
          ${heavy('post(self, request)', '          ')}
    `;
    assert.deepEqual(await flagged(fixture), ['shop/pages.py: Orders.post']);
  });

  it('takes a function urls.py routes to for a view whatever its first parameter is called, and no namesake elsewhere', async () => {
    const fixture = `
      #- shop/__init__.py
      #- shop/views.py
      from django.http import JsonResponse

      ${heavy('helper_view(req, pk)', '      ', 'req')}

      ${heavy('summarize(orders)', '      ', 'orders')}
      #- shop/pages.py
      from django.shortcuts import render

      ${heavy('landing(req)', '      ', 'req')}

      ${heavy('old_style(req)', '      ', 'req')}
      #- shop/services.py
      from django.db import transaction

      ${heavy('helper_view(order, pk)', '      ', 'order')}
      #- shop/urls.py
      from django.urls import path, re_path
      from . import views
      from .pages import landing as home

      urlpatterns = [
          path("x/<int:pk>/", views.helper_view),
          path("", home),
          re_path(r"^old/$", "shop.pages.old_style"),
      ]
    `;
    assert.deepEqual(await flagged(fixture), ['shop/pages.py: landing', 'shop/pages.py: old_style', 'shop/views.py: helper_view']);
  });

  it('follows edits: a base class or a route that changes makes other modules\' functions views or not', async () => {
    const base = (parent: string, indent = '') => `from rest_framework import viewsets\n\n\nclass ShopViewSet(${parent}):\n    pass\n`.replace(/\n(?=.)/g, `\n${indent}`);
    const index = await indexOf(`
      #- shop/__init__.py
      #- shop/base.py
      ${base('viewsets.ModelViewSet', '      ')}
      #- shop/api.py
      from .base import ShopViewSet

      class OrderViewSet(ShopViewSet):
          ${heavy('create(self, request)', '          ')}
      #- shop/pages.py
      from django.shortcuts import render

      ${heavy('landing(req)', '      ', 'req')}
      #- shop/urls.py
      from django.urls import path
    `);
    const names = () => views(index).map((v) => v.message.split('`')[1]);
    assert.deepEqual(names(), ['OrderViewSet.create']);
    index.update(`${FIXTURE_ROOT}/shop/base.py`, base('object'));
    assert.deepEqual(names(), []);
    index.update(`${FIXTURE_ROOT}/shop/base.py`, base('viewsets.ModelViewSet'));
    index.update(`${FIXTURE_ROOT}/shop/urls.py`, 'from django.urls import path\nfrom .pages import landing\n\nurlpatterns = [path("", landing)]\n');
    assert.deepEqual(names(), ['OrderViewSet.create', 'landing']);
    // An edit inside a view that keeps every name, base and import: only that view is measured again.
    index.update(`${FIXTURE_ROOT}/shop/pages.py`, 'from django.shortcuts import render\n\n\ndef landing(req):\n    return render(req, "home.html")\n');
    assert.deepEqual(names(), ['OrderViewSet.create']);
    // A helper no base, route or import spells leaves the views as they are; renaming the routed function does not.
    const pages = (name: string) => `from django.shortcuts import render\n\n\n${heavy(`${name}(req)`, '', 'req')}\n\n\n${heavy('helper(req)', '', 'req')}\n`;
    index.update(`${FIXTURE_ROOT}/shop/pages.py`, pages('landing'));
    assert.deepEqual(names(), ['OrderViewSet.create', 'landing']);
    index.update(`${FIXTURE_ROOT}/shop/pages.py`, pages('home'));
    assert.deepEqual(names(), ['OrderViewSet.create']);
    index.update(`${FIXTURE_ROOT}/shop/pages.py`, pages('landing'));
    assert.deepEqual(names(), ['OrderViewSet.create', 'landing']);
    index.remove(`${FIXTURE_ROOT}/shop/base.py`);
    assert.deepEqual(names(), ['landing']);
  });

  it('takes a function with a view decorator for a view in any module, and not a helper that takes the request', async () => {
    const fixture = `
      #- shop/pages.py
      from django.contrib.auth.decorators import login_required
      from rest_framework.decorators import api_view
      from .caching import cached

      @api_view(["POST"])
      ${heavy('quote(request)', '      ')}

      @login_required
      ${heavy('dashboard(request)', '      ')}

      @login_required
      ${heavy('account(req)', '      ', 'req')}

      @cached
      ${heavy('report(request)', '      ')}

      ${heavy('build_invoice(request, order)', '      ')}
    `;
    assert.deepEqual(await flagged(fixture), ['pages.py: quote', 'pages.py: dashboard', 'pages.py: account'].map((v) => `shop/${v}`));
  });

  it('takes request-first functions for views in modules named views, api or viewsets as whole words', async () => {
    const files = ['api_views.py', 'views/orders.py', 'viewsets.py', 'api.py', 'views_admin.py', 'reviews.py', 'capital.py', 'overview.py', 'test_views.py', 'views/tests.py'];
    const fixture = files.map((file) => `#- shop/${file}\n${heavy('handle(request)', '')}\n`).join('');
    assert.deepEqual((await flagged(fixture)).sort(), ['api.py', 'api_views.py', 'views/orders.py', 'views_admin.py', 'viewsets.py'].map((file) => `shop/${file}: handle`));
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
