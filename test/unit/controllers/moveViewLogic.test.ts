import { strict as assert } from 'node:assert';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { move, moveIn, orderApp, VIEWS } from '../../helpers/refactor/viewLogicFixture';

const SHOP = `
  #- shop/__init__.py
  #- shop/models.py
  class Order:
      pass
  #- shop/views.py
  from django.http import JsonResponse
  from .models import Order


  def checkout(request):
      cart = request.session.get("cart", {})
      order = Order.objects.create(customer=request.user)
      total = 0
      for product_id, quantity in cart.items():
          total += quantity
      order.total = total
      order.save()
      return JsonResponse({"order": order.pk, "total": total})


  class OrderViewSet:
      def perform_create(self, serializer):
          order = serializer.save()
          for item in order.items.all():
              item.save()
          return order
`;

describe('move logic of a view to a controller', () => {
  it('moves what lies between reading the request and returning the response: the controller takes plain values, never the request', async () => {
    const { files, move: result } = await move(SHOP, 'checkout');
    assert.equal(result.title, 'Move logic of `checkout` to `controllers/order_controllers.py`');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.match(
      after.get(VIEWS)!,
      /def checkout\(request\):\n    cart = request\.session\.get\("cart", \{\}\)\n    order = Order\.objects\.create\(customer=request\.user\)\n    total = handle_checkout\(cart, order\)\n    return JsonResponse/,
    );
    assert.match(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /^def handle_checkout\(cart, order\):\n    total = 0\n/);
  });

  it('leaves parsing the body and looking up the URL\'s objects in the view, so the controller gets plain values', async () => {
    const { files, move: result } = await move(
      orderApp(`
      import json
      from django.http import JsonResponse
      from django.shortcuts import get_object_or_404
      from .models import Order


      def _json_body(request):
          return json.loads(request.body or b"{}")


      def reprice(request, order_id):
          order = get_object_or_404(Order, pk=order_id)
          data = _json_body(request) or {}
          raw = json.loads(request.body)
          total = 0
          for line in data.get("lines", []):
              total += line["price"] * line["quantity"]
          order.total = total + raw.get("fee", 0)
          order.save()
          return JsonResponse({"total": total})
      `),
      'reprice',
    );
    assert.equal(result.title, 'Move logic of `reprice` to `controllers/order_controllers.py`');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit).get(VIEWS)!;
    assert.match(after, /    raw = json\.loads\(request\.body\)\n    total = handle_reprice\(data, raw, order\)\n    return JsonResponse/);
  });

  it('knows the request by its parameter, whatever it is called', async () => {
    const { files, move: result } = await move(
      orderApp(`
      from django.http import JsonResponse
      from .models import Order


      def cancel(req, order_id):
          reason = req.POST.get("reason", "")
          order = Order.objects.get(pk=order_id)
          order.status = "cancelled"
          order.note = reason
          order.save()
          return JsonResponse({"order": order.pk})
      `),
      'cancel',
    );
    assert.equal(result.title, 'Move logic of `cancel` to `controllers/order_controllers.py`');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    assert.match(applyEdit(files, result.result.edit).get(VIEWS)!, /    reason = req\.POST\.get\("reason", ""\)\n    order = handle_cancel\(order_id, reason\)\n/);
  });

  it('names the controller after the view class and method', async () => {
    const { move: result } = await move(SHOP, 'perform_create');
    assert.equal(result.title, 'Move logic of `OrderViewSet.perform_create` to `controllers/order_controllers.py`');
    assert.ok(result.result.safe);
    assert.match(result.result.summary, /`handle_order_perform_create\(serializer\)`/);
  });

  it('keeps what reads `self`, the request, messages and responses in a class-based view: the controller never takes `self`', async () => {
    const { files, move: result } = await move(
      orderApp(`
      from django.contrib import messages
      from django.shortcuts import redirect
      from django.views import View
      from .models import Order


      class CheckoutView(View):
          def post(self, request):
              cart = self.get_cart()
              order = Order.objects.create(customer=request.user)
              total = 0
              for line in cart:
                  total += line["price"]
                  if line.get("gift"):
                      total -= 1
              order.total = total
              order.save()
              messages.success(request, "Thanks")
              return redirect("order", pk=order.pk)
      `),
      'post',
    );
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.match(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /^def handle_checkout_post\(cart, order\):\n/m);
    assert.match(after.get(VIEWS)!, /order = Order\.objects\.create\(customer=request\.user\)\n {8}handle_checkout_post\(cart, order\)\n {8}messages\.success/);
  });

  it('extends the app\'s controllers.py module instead of creating a controllers/ package beside it', async () => {
    const files = memoryWorkspace(`${orderApp(`
      from .models import Order


      def report(request):
          rows = []
          for order in Order.objects.all():
              rows.append(order)
          for i in range(3):
              rows.append(i)
          return {"rows": rows}
      `)}#- shop/controllers.py
def helper():
    return 1
`);
    const { move: result } = await moveIn(files, 'report');
    assert.equal(result.title, 'Move logic of `report` to `controllers.py`');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.ok(![...after.keys()].some((file) => file.includes('/controllers/')), 'no package beside controllers.py');
    assert.match(after.get(`${ROOT}/shop/controllers.py`)!, /def helper\(\):[^]*\ndef handle_report\(\):\n/);
    assert.match(after.get(VIEWS)!, /from \.controllers import handle_report/);
  });

  it('moves the views module\'s helpers the logic uses along with it, so the controller never imports from the views', async () => {
    const { files, move: result } = await move(
      orderApp(`
      from django.http import JsonResponse
      from .models import Order

      TAX = 0.2


      def _price(line):
          return line["price"] * (1 + TAX)


      def _line_total(line):
          return _price(line) * line["qty"]


      def checkout(request):
          cart = request.session["cart"]
          total = 0
          for line in cart:
              total += _line_total(line)
          Order.objects.create(total=total)
          return JsonResponse({"total": total, "tax": TAX})
      `),
      'checkout',
    );
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    assert.match(result.result.summary, /moving `TAX`, `_price`, `_line_total` of views\.py/);
    const after = applyEdit(files, result.result.edit);
    const controllers = after.get(`${ROOT}/shop/controllers/order_controllers.py`)!;
    assert.doesNotMatch(controllers, /views/, 'the controller imports nothing from the views');
    assert.match(controllers, /^TAX = 0\.2\n[^]*def _price\(line\):[^]*def _line_total\(line\):[^]*def handle_checkout\(cart\):/m);
    assert.match(after.get(VIEWS)!, /from \.controllers\.order_controllers import (TAX, handle_checkout|handle_checkout, TAX)|import TAX[^]*import handle_checkout/);
    const check = 'import types, sys\nsys.modules["django.http"] = types.SimpleNamespace(JsonResponse=dict)\n' +
      'from shop import models\nmodels.Order.objects = types.SimpleNamespace(create=lambda **kw: kw)\n' +
      'from shop.views import checkout\nprint(checkout(types.SimpleNamespace(session={"cart": [{"price": 10, "qty": 2}]})))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('gives the controllers module its own logger instead of moving the views\' one (its name is the module\'s)', async () => {
    const { files, move: result } = await move(
      orderApp(`
      import logging
      from .models import Order

      logger = logging.getLogger(__name__)


      def audit(request):
          logger.info("audit by %s", request.user)
          rows = []
          for order in Order.objects.all():
              rows.append(order)
              logger.info("row %s", order)
          for i in range(2):
              rows.append(i)
          return {"rows": rows}
      `),
      'audit',
    );
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    assert.match(result.result.summary, /with its own `logger`$/);
    const after = applyEdit(files, result.result.edit);
    assert.match(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /^import logging\n[^]*\nlogger = logging\.getLogger\(__name__\)\n\n\ndef handle_audit\(\):\n/);
    assert.match(after.get(VIEWS)!, /^logger = logging\.getLogger\(__name__\)$/m);
    assert.doesNotMatch(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /views/);
  });

  it('does not move logic using a helper that depends on the views module\'s file (`__file__`): elsewhere it would mean another folder', async () => {
    const { move: result } = await move(
      orderApp(`
      from pathlib import Path

      HERE = Path(__file__).parent


      def export(request):
          names = []
          for child in HERE.iterdir():
              names.append(child.name)
          return names
      `),
      'export',
    );
    assert.equal(result.result.safe, false);
    assert.match(result.result.safe ? '' : result.result.reason, /`HERE` of views\.py, which depends on the file it is in \(`__file__`\)/);
  });

  it('does not offer a move that leaves the view over the limits (the rest of its logic reads the request)', async () => {
    const { move: result } = await move(
      orderApp(`
      from .models import Order


      def sync(request):
          names = ["a", "b"]
          labels = [n.upper() for n in names]
          for row in request.rows:
              Order.objects.filter(pk=row).update(seen=True)
              if row > 3:
                  Order.objects.filter(pk=row).delete()
          for row in request.rows:
              Order.objects.create(pk=row)
              Order.objects.get(pk=row)
          return labels
      `),
      'sync',
    );
    assert.equal(result.result.safe, false);
    assert.match(result.result.safe ? '' : result.result.reason, /would still leave `sync` over the limit \(ORM calls, loops\)/);
  });

  it('moves a second run of the same view to the controller it calls, under the next free name (checked in both modules), and never wraps one statement alone', async () => {
    const files = memoryWorkspace(
      orderApp(`
      from .models import Order


      def checkout(request):
          cart = request["cart"]
          total = 0
          for price, quantity in cart:
              total += price * quantity
          if total == 0:
              return {"error": "empty cart"}
          order = Order()
          order.total = total
          order.lines = len(cart)
          return {"total": order.total, "lines": order.lines}
      `),
    );
    const first = await moveIn(files, 'checkout');
    assert.ok(first.move.result.safe, first.move.result.safe ? '' : first.move.result.reason);
    const once = applyEdit(files, first.move.result.edit);
    const second = await moveIn(once, 'checkout');
    assert.ok(second.move.result.safe, second.move.result.safe ? '' : second.move.result.reason);
    const twice = applyEdit(once, second.move.result.edit);
    assert.equal(
      twice.get(VIEWS),
      dedent(`
        from .controllers.order_controllers import handle_checkout, handle_checkout_2


        def checkout(request):
            cart = request["cart"]
            total = handle_checkout_2(cart)
            if total == 0:
                return {"error": "empty cart"}
            order = handle_checkout(total, cart)
            return {"total": order.total, "lines": order.lines}
      `),
    );
    assert.match(twice.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /\n\n\ndef handle_checkout\(total, cart\):\n[^]*\n\n\ndef handle_checkout_2\(cart\):\n    total = 0\n/);
    const check = 'from shop.views import checkout\nprint(checkout({"cart": [(2, 3), (5, 1)]}), checkout({"cart": []}))';
    assert.equal(runPythonOn(twice, check), runPythonOn(files, check));
    const third = await moveIn(twice, 'checkout');
    assert.match(third.move.result.safe ? '' : third.move.result.reason, /no statements to move [^]*one statement alone stays/, 'the calls left are not wrapped again');
  });

  it('does not move logic reading the call stack: the controller adds a frame, so a `stacklevel=2` warning would blame the view', async () => {
    const { move: result } = await move(
      `
      #- shop/__init__.py
      #- shop/views.py
      import warnings
      from django.http import JsonResponse


      def checkout(request):
          cart = request.session.get("cart", {})
          total = 0
          for product_id, quantity in cart.items():
              if quantity > 99:
                  warnings.warn("Quantities over 99 are deprecated.", DeprecationWarning, stacklevel=2)
              total += quantity
          return JsonResponse({"total": total})
      `,
      'checkout',
    );
    assert.equal(result.result.safe, false);
    assert.equal(result.notOffered, undefined, 'a safety refusal, not hidden as "not offered"');
    assert.match(result.result.safe ? '' : result.result.reason, /the statements read the call stack \(`stacklevel`\), which the new function's frame would shift/);
  });

  it('explains why when no part of the view can move', async () => {
    const { move: result } = await move(
      `
      #- shop/__init__.py
      #- shop/views.py
      def refund(request):
          for row in request.rows:
              yield row
      `,
      'refund',
    );
    assert.equal(result.result.safe, false);
    assert.match(result.result.safe ? '' : result.result.reason, /no statements to move that do not read the request or build the response/);
  });
});
