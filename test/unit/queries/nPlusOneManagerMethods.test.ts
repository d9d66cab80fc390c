/**
 * n-plus-one through the project's queryset methods in more shapes: one called after another
 * queryset method (`Order.shop.filter(…).paid()`), and one with several `return`s (each way
 * through it must load the relation, and the fix goes into each return lacking it).
 */
import { strict as assert } from 'node:assert';
import { afterAction, findings, found, modelsWithManagers, ROWS_TEMPLATE, workspace } from '../../helpers/django/templateNPlusOne';
import { ROOT } from '../../helpers/refactor/refactorFixture';

/** Orders with a plain manager (`objects`) and a queryset class used as one (`shop`). */
const MODELS = modelsWithManagers(`
      def since(self, pk=None):
          if pk is None:
              return self.order_by("-pk")
          return self.filter(pk__gt=pk).order_by("-pk")

      def maybe_loaded(self, full=False):
          if full:
              return self.select_related("customer")
          return self.all()

      def always_loaded(self, full=False):
          if full:
              return self.select_related("customer", "customer__user")
          return self.select_related("customer")

      def paid_since(self, pk=None):
          return self.since(pk).filter(total__gt=0)
`);

/** A view rendering the orders `expression` builds. */
function view(expression: string): Record<string, string> {
  return {
    'shop/models.py': MODELS,
    'shop/views.py': `
      from django.shortcuts import render
      from .models import Order

      def orders(request):
          return render(request, "shop/orders.html", {"orders": ${expression}})
    `,
    'shop/templates/shop/orders.html': ROWS_TEMPLATE,
  };
}

describe('n-plus-one: queryset methods after other queryset methods, and with several returns', () => {
  it('follows Model.manager.filter(…).<queryset method>() and puts the fix where the rows start', async () => {
    const result = await findings(view('Order.shop.filter(pk__gt=1).paid()'));
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [['shop/views.py:5', 'return render(request, "shop/orders.html", {"orders": Order.shop.select_related("customer").filter(pk__gt=1).paid()})']]);
    const after = await afterAction(view('Order.shop.filter(pk__gt=1).paid().order_by("pk")'));
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /Order\.shop\.select_related\("customer"\)\.filter\(pk__gt=1\)\.paid\(\)\.order_by\("pk"\)/);
    assert.deepEqual(await found(after), []);
  });

  it('sees what the queryset method loads after a filter, and says nothing of a manager-only method (querysets have no such attribute)', async () => {
    assert.deepEqual(await findings(view('Order.shop.filter(pk__gt=1).loaded()')), []);
    assert.deepEqual(await findings(view('Order.shop.paid().filter(pk__gt=1).loaded().order_by("pk")')), []);
    assert.deepEqual(await findings(view('Order.objects.filter(pk__gt=1).recent()')), []);
    // One order, not rows: `first()` in the chain before the call.
    assert.deepEqual(await findings(view('Order.shop.filter(pk__gt=1).first().paid()')), []);
  });

  it('adds the lookup to each return of a method with several, or to the ones lacking it, and the finding is gone', async () => {
    // Arguments with calls in them, and a queryset method on the method's rows.
    for (const expression of ['Order.shop.since(int(request.GET.get("pk", 0)))', 'Order.shop.since(3).paid()']) {
      assert.deepEqual((await findings(view(expression))).map((one) => one.fix), ['return self.select_related("customer").order_by("-pk")'], expression);
    }
    const titles = (await found(workspace(view('Order.shop.since(3)')))).map(({ fix }) => fix?.title);
    assert.deepEqual(titles, ['Add select_related("customer") to each of the 2 querysets the manager method OrderQuerySet.since returns (every caller of it loads them too)']);
    const after = await afterAction(view('Order.shop.since(3)'));
    const models = after.get(`${ROOT}/shop/models.py`)!;
    assert.match(models, /return self\.select_related\("customer"\)\.order_by\("-pk"\)\n/);
    assert.match(models, /return self\.select_related\("customer"\)\.filter\(pk__gt=pk\)\.order_by\("-pk"\)\n/);
    assert.deepEqual(await found(after), []);

    const partly = await afterAction(view('Order.shop.maybe_loaded()'));
    assert.match(partly.get(`${ROOT}/shop/models.py`)!, /return self\.select_related\("customer"\)\n {8}return self\.select_related\("customer"\)\.all\(\)\n/);
    assert.deepEqual(await found(partly), []);
  });

  it('counts a relation as loaded only when every return loads it, through methods built on such a method too', async () => {
    assert.deepEqual(await findings(view('Order.shop.always_loaded()')), []);
    const built = await findings(view('Order.shop.paid_since(2)'));
    assert.deepEqual(built.map((one) => [one.at, one.fix]), [['shop/models.py:12', 'return self.select_related("customer").order_by("-pk")']]);
    const after = await afterAction(view('Order.shop.paid_since(2)'));
    assert.match(after.get(`${ROOT}/shop/models.py`)!, /return self\.select_related\("customer"\)\.filter\(pk__gt=pk\)/);
    assert.deepEqual(await found(after), []);
  });
});
