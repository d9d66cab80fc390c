import { strict as assert } from 'node:assert';
import { afterAction, findings, found, ORDERS_TEMPLATE, ROWS_TEMPLATE } from '../../helpers/django/templateNPlusOne';

/** Class views whose get_context_data adds querysets, and their templates. */
const CONTEXT_VIEWS: Record<string, string> = {
  'shop/views.py': `
    from django.views.generic import ListView, TemplateView
    from .models import Customer, Order

    class Dashboard(TemplateView):
        template_name = "shop/dashboard.html"

        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            context["orders"] = Order.objects.filter(total__gt=0)
            context["loaded"] = Order.objects.select_related("customer")
            return context

    class OrderList(ListView):
        model = Order

        def get_context_data(self, **kwargs):
            kwargs["customers"] = Customer.objects.order_by("name")
            return super().get_context_data(**kwargs)

    class Empty(TemplateView):
        def get_context_data(self, **kwargs):
            return {**super().get_context_data(**kwargs), "orders": Order.objects.all()}
  `,
  'shop/templates/shop/dashboard.html': `${ROWS_TEMPLATE}{% for order in loaded %}{{ order.customer.name }}{% endfor %}`,
  'shop/templates/shop/order_list.html': '{% for order in object_list %}{{ order.total }}{% endfor %}{% for c in customers %}{% for o in c.orders.all %}{{ o.total }}{% endfor %}{% endfor %}',
};

describe('n-plus-one in templates: names held in variables, get_context_data, inclusion tags', () => {
  it('follows a template name held in a local or in self.template_name, and a context filled after it is made', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from django.views import View
        from .models import Order

        def orders(request):
            template = "shop/orders.html"
            context = {"title": "Orders"}
            context["orders"] = Order.objects.filter(total__gt=0)
            return render(request, template, context)

        def totals(request):
            template = "shop/orders.html"
            template = "shop/plain.html"
            return render(request, template, {"orders": Order.objects.all()})

        class OrderPage(View):
            template_name = "shop/rows.html"

            def get(self, request):
                context = {"title": "Orders"}
                context.update(orders=Order.objects.order_by("-pk"))
                return render(request, self.template_name, context)
      `,
      'shop/templates/shop/orders.html': ORDERS_TEMPLATE,
      'shop/templates/shop/plain.html': '{% for order in orders %}{{ order.total }}{% endfor %}',
      'shop/templates/shop/rows.html': ROWS_TEMPLATE,
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:21', 'context.update(orders=Order.objects.select_related("customer").order_by("-pk"))'],
      ['shop/views.py:8', 'context["orders"] = Order.objects.select_related("customer").prefetch_related("items__product").filter(total__gt=0)'],
    ]);
    assert.match(result[0].message, /^OrderPage renders shop\/rows\.html, which reads order\.customer\.name in a \{% for %\} over orders/);
  });

  it('reads what get_context_data adds (context[…], kwargs[…] before super(), a returned dict) in the view\'s template', async () => {
    const result = await findings(CONTEXT_VIEWS);
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:9', 'context["orders"] = Order.objects.select_related("customer").filter(total__gt=0)'],
      ['shop/views.py:17', 'kwargs["customers"] = Customer.objects.prefetch_related("orders").order_by("name")'],
    ]);
    assert.deepEqual(result[1].template, ['shop/templates/shop/order_list.html:1 c.orders.all']);
  });

  it('reads the get_context_data of a view\'s project bases, and the template_name it inherits', async () => {
    const result = await findings({
      'shop/pages.py': `
        from django.views.generic import TemplateView
        from .models import Order

        class RecentOrdersMixin:
            def get_context_data(self, **kwargs):
                context = super().get_context_data(**kwargs)
                context["orders"] = Order.objects.order_by("-pk")[:5]
                return context

        class ShopPage(TemplateView):
            template_name = "shop/page.html"

        class Home(RecentOrdersMixin, ShopPage):
            pass
      `,
      'shop/templates/shop/page.html': ROWS_TEMPLATE,
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix, one.message.split(' ')[0]]), [
      ['shop/pages.py:7', 'context["orders"] = Order.objects.select_related("customer").order_by("-pk")[:5]', 'Home'],
    ]);
  });

  it('reads an inclusion tag\'s template over the dict its function returns, and not a queryset it is given', async () => {
    const result = await findings({
      'shop/templatetags/shop_tags.py': `
        from django import template
        from ..models import Order

        register = template.Library()

        @register.inclusion_tag("shop/recent.html")
        def recent_orders(count=5):
            orders = Order.objects.order_by("-pk")[:count]
            return {"orders": orders}

        @register.inclusion_tag(filename="shop/recent.html", takes_context=True)
        def paid_orders(context):
            return {"orders": Order.objects.select_related("customer").prefetch_related("items__product")}

        @register.inclusion_tag("shop/recent.html")
        def customer_orders(customer):
            return {"orders": customer.orders.all()}
      `,
      'shop/templates/shop/recent.html': ORDERS_TEMPLATE,
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/templatetags/shop_tags.py:8', 'orders = Order.objects.select_related("customer").prefetch_related("items__product").order_by("-pk")[:count]'],
    ]);
    assert.match(result[0].message, /^inclusion tag recent_orders renders shop\/recent\.html, which reads order\.customer\.name, order\.items\.all, item\.product\.name/);
  });

  it('the code action on a get_context_data context adds the lookups there, and that finding is gone', async () => {
    const after = await afterAction(CONTEXT_VIEWS);
    assert.match(after.get('/ws/shop/views.py')!, /context\["orders"\] = Order\.objects\.select_related\("customer"\)\.filter\(total__gt=0\)/);
    assert.deepEqual((await found(after)).map(({ finding }) => finding.message.split(' ')[0]), ['OrderList']);
  });
});
