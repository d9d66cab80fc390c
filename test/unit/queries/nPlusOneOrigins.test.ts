import { strict as assert } from 'node:assert';
import { afterAction, findings, found, modelsWithManagers, ROWS_TEMPLATE, workspace } from '../../helpers/django/templateNPlusOne';
import { ROOT } from '../../helpers/refactor/refactorFixture';

/** The shop's models, orders with a custom manager and a queryset class used as another. */
const MODELS = modelsWithManagers(
  '',
  `
      def latest_paid(self):
          return self.recent().filter(total__gt=0)
`,
);

const MANAGER_VIEWS: Record<string, string> = {
  'shop/models.py': MODELS,
  'shop/views.py': `
    from django.shortcuts import render
    from .models import Order

    def orders(request):
        return render(request, "shop/orders.html", {"orders": Order.objects.recent()})

    def totals(request):
        names = [order.customer.name for order in Order.shop.paid().filter(pk__gt=1)]
        return render(request, "shop/orders.html", {"orders": Order.shop.loaded(), "names": names})

    def receipt(request, pk):
        return render(request, "shop/orders.html", {"orders": Order.objects.latest_paid()})
  `,
  'shop/templates/shop/orders.html': ROWS_TEMPLATE,
};

describe('n-plus-one: querysets built by project manager methods and a detail view\'s object', () => {
  it('follows Model.objects.<method>() to the chains the manager or queryset method returns (through its other methods), and fixes it there', async () => {
    const result = await findings(MANAGER_VIEWS);
    assert.deepEqual(result.map((one) => [one.at, one.fix, one.message.split(' ')[0]]), [
      ['shop/views.py:8', 'return self.select_related("customer").filter(total__gt=0)', 'This'],
      ['shop/models.py:12', 'return self.get_queryset().select_related("customer").order_by("-pk")', 'orders'],
      ['shop/models.py:12', 'return self.get_queryset().select_related("customer").order_by("-pk")', 'receipt'],
    ]);
    assert.match(result[1].message, /^orders renders shop\/orders\.html, which reads order\.customer\.name/);
    const titles = (await found(workspace(MANAGER_VIEWS))).map(({ fix }) => fix?.title);
    assert.deepEqual(titles, [
      'Add select_related("customer") to the queryset the manager method OrderQuerySet.paid returns (every caller of it loads them too)',
      'Add select_related("customer") to the queryset the manager method OrderManager.recent returns (every caller of it loads them too)',
      'Add select_related("customer") to the queryset the manager method OrderManager.recent returns (every caller of it loads them too)',
    ]);
  });

  it('says nothing of a manager method whose rows do not come from the manager itself', async () => {
    const result = await findings({
      ...MANAGER_VIEWS,
      'shop/models.py': MODELS.replace('return self.get_queryset().order_by("-pk")', 'return Order.objects.none() if self.model else self.none()'),
    });
    assert.deepEqual(result.map((one) => one.at), ['shop/views.py:8']);
    const looping = await findings({ ...MANAGER_VIEWS, 'shop/models.py': MODELS.replace('return self.get_queryset().order_by("-pk")', 'return self.latest_paid()') });
    assert.deepEqual(looping.map((one) => one.at), ['shop/views.py:8']);
  });

  it('the code action adds the lookup in the manager method, and the finding is gone', async () => {
    const after = await afterAction(MANAGER_VIEWS);
    assert.match(after.get(`${ROOT}/shop/models.py`)!, /return self\.select_related\("customer"\)\.filter\(total__gt=0\)/);
    assert.deepEqual((await found(after)).map(({ finding }) => finding.path), [`${ROOT}/shop/models.py`, `${ROOT}/shop/models.py`]);
  });

  it('follows a class view\'s queryset attribute that is a manager method\'s result', async () => {
    const result = await findings({
      'shop/models.py': MODELS,
      'shop/views.py': `
        from django.views.generic import ListView
        from .models import Order

        class OrderList(ListView):
            queryset = Order.objects.recent()

        class LoadedOrders(ListView):
            queryset = Order.shop.loaded()
            template_name = "shop/order_list.html"
      `,
      'shop/templates/shop/order_list.html': '{% for order in object_list %}{{ order.customer.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix, one.message.split(' ')[0]]), [
      ['shop/models.py:12', 'return self.get_queryset().select_related("customer").order_by("-pk")', 'OrderList'],
    ]);
  });

  it('follows a manager method\'s result held in a local or returned by get_queryset, and not another call', async () => {
    const result = await findings({
      'shop/models.py': MODELS,
      'shop/views.py': `
        from django.shortcuts import render
        from django.views.generic import ListView
        from .models import Order

        def orders(request):
            entries = Order.objects.recent()[:5]
            return render(request, "shop/orders.html", {"orders": entries})

        class RecentOrders(ListView):
            template_name = "shop/list.html"

            def get_queryset(self):
                return Order.objects.recent()

        class UserOrders(ListView):
            template_name = "shop/list.html"

            def get_queryset(self):
                return self.request.user.get_orders()
      `,
      'shop/templates/shop/orders.html': ROWS_TEMPLATE,
      'shop/templates/shop/list.html': '{% for order in object_list %}{{ order.customer.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.message.split(' ')[0]]), [['shop/models.py:12', 'RecentOrders'], ['shop/models.py:12', 'orders']]);
  });

  it('resolves self.object.<relation> in a detail view, and object.<relation>.all in an UpdateView\'s template', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.views.generic import DetailView, UpdateView
        from .models import Order

        class OrderDetail(DetailView):
            model = Order
            template_name = "shop/detail.html"

            def get_context_data(self, **kwargs):
                context = super().get_context_data(**kwargs)
                context["lines"] = self.object.items.all()
                context["names"] = [item.product.name for item in self.object.items.filter(pk__gt=0)]
                return context

        class OrderEdit(UpdateView):
            model = Order
            fields = ["total"]
      `,
      'shop/templates/shop/detail.html': '{% for item in lines %}{{ item.product.name }}{% endfor %}',
      'shop/templates/shop/order_form.html': '{{ form }}{% for item in object.items.all %}{{ item.product.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:11', 'context["names"] = [item.product.name for item in self.object.items.select_related("product").filter(pk__gt=0)]'],
      ['shop/views.py:10', 'context["lines"] = self.object.items.select_related("product").all()'],
      ['shop/views.py:15', 'queryset = Order.objects.prefetch_related("items__product")'],
    ]);
  });
});
