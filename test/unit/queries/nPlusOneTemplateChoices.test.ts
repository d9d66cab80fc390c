import { strict as assert } from 'node:assert';
import { findings, ROWS_TEMPLATE } from '../../helpers/django/templateNPlusOne';

describe('n-plus-one in templates: chosen by get_template_names, inherited names, included by variable, tags given the context', () => {
  it('checks each template get_template_names returns, and not the template_name it overrides', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.views.generic import ListView
        from .models import Order

        class OrderList(ListView):
            model = Order
            context_object_name = "orders"
            template_name = "shop/plain.html"

            def get_template_names(self):
                if self.request.GET.get("compact"):
                    return ["shop/compact.html"]
                return ["shop/missing.html", "shop/rows.html"]
      `,
      'shop/templates/shop/plain.html': '{% for order in orders %}{{ order.customer.x }}{% endfor %}',
      'shop/templates/shop/compact.html': '{% for order in orders %}{{ order.total }}{% endfor %}',
      'shop/templates/shop/rows.html': ROWS_TEMPLATE,
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix, one.template]), [
      ['shop/views.py:5', 'queryset = Order.objects.select_related("customer")', ['shop/templates/shop/rows.html:1 order.customer.name']],
    ]);
  });

  it('follows self.template_name to the project base class setting it', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from django.views import View
        from .models import Order

        class ShopPage(View):
            template_name = "shop/rows.html"

        class OrderPage(ShopPage):
            def get(self, request):
                return render(request, self.template_name, {"orders": Order.objects.all()})

        class PlainPage(ShopPage):
            template_name = "shop/plain.html"

            def get(self, request):
                return render(request, self.template_name, {"orders": Order.objects.all()})
      `,
      'shop/templates/shop/rows.html': ROWS_TEMPLATE,
      'shop/templates/shop/plain.html': '{% for order in orders %}{{ order.total }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.message.split(' ')[0]]), [['shop/views.py:10', 'OrderPage']]);
  });

  it('follows {% include var %} to the template the context names, and an include passing the rows under another name', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            context = {"orders": Order.objects.all(), "row_template": "shop/row.html"}
            return render(request, "shop/page.html", context)

        def totals(request):
            return render(request, "shop/table.html", {"orders": Order.objects.filter(total__gt=0)})
      `,
      'shop/templates/shop/page.html': '{% for order in orders %}{% include row_template %}{% endfor %}{% include unknown_template %}',
      'shop/templates/shop/row.html': '{{ order.customer.name }}',
      'shop/templates/shop/table.html': '{% include "shop/lines.html" with rows=orders %}',
      'shop/templates/shop/lines.html': '{% for order in rows %}{% for item in order.items.all %}{{ item.total }}{% endfor %}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.template]), [
      ['shop/views.py:5', ['shop/templates/shop/row.html:1 order.customer.name']],
      ['shop/views.py:9', ['shop/templates/shop/lines.html:1 order.items.all']],
    ]);
  });

  it('reads a takes_context inclusion tag\'s template over the rows of each view whose template uses it (passed on by name, or the whole context)', async () => {
    const result = await findings({
      'shop/templatetags/shop_tags.py': `
        from django import template
        from ..models import Order

        register = template.Library()

        @register.inclusion_tag("shop/recent.html", takes_context=True)
        def recent_orders(context):
            return {"orders": context["orders"], "user": context.get("user")}

        @register.inclusion_tag("shop/recent.html", takes_context=True)
        def same_orders(context):
            return context

        @register.inclusion_tag("shop/recent.html", takes_context=True)
        def all_orders(context):
            return {"orders": Order.objects.all(), "user": context["user"]}
      `,
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.order_by("-pk")})

        def totals(request):
            return render(request, "shop/plain.html", {"orders": Order.objects.all()})

        def receipt(request, pk):
            return render(request, "shop/page.html", {"orders": Order.objects.select_related("customer")})

        def invoice(request, pk):
            return render(request, "shop/whole.html", {"orders": Order.objects.filter(total__gt=0)})
      `,
      'shop/templates/shop/page.html': '{% load shop_tags %}<h1>Orders</h1>{% recent_orders %}',
      'shop/templates/shop/whole.html': '{% load shop_tags %}{% same_orders %}',
      'shop/templates/shop/plain.html': '{% for order in orders %}{{ order.total }}{% endfor %}',
      'shop/templates/shop/recent.html': ROWS_TEMPLATE,
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:5', 'return render(request, "shop/page.html", {"orders": Order.objects.select_related("customer").order_by("-pk")})'],
      ['shop/views.py:14', 'return render(request, "shop/whole.html", {"orders": Order.objects.select_related("customer").filter(total__gt=0)})'],
      ['shop/templatetags/shop_tags.py:16', 'return {"orders": Order.objects.select_related("customer").all(), "user": context["user"]}'],
    ]);
    assert.match(result[0].message, /^inclusion tag recent_orders \(in shop\/page\.html of orders\) renders shop\/recent\.html, which reads order\.customer\.name/);
  });

  it('follows an include whose name is built with add, or set in several branches, to each name it may be, and no other', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            context = {"orders": Order.objects.all(), "kind": "wide" if request.GET.get("wide") else "compact"}
            return render(request, "shop/page.html", context)

        def totals(request, compact=False):
            context = {"orders": Order.objects.filter(total__gt=0)}
            if compact:
                context["row_template"] = "shop/rows/compact.html"
            else:
                context["row_template"] = "shop/rows/wide.html"
            return render(request, "shop/choice.html", context)

        def receipt(request, pk):
            context = {"orders": Order.objects.filter(pk=pk), "row_template": "shop/rows/wide.html"}
            context["row_template"] = "shop/rows/compact.html"
            return render(request, "shop/choice.html", context)

        def invoice(request, pk):
            context = {"orders": Order.objects.filter(pk__gt=pk), "kind": "wide", "names": ["shop/rows/wide.html"]}
            return render(request, "shop/unknown.html", context)
      `,
      'shop/templates/shop/page.html': '{% for order in orders %}{% include "shop/rows/"|add:kind|add:".html" %}{% endfor %}',
      'shop/templates/shop/choice.html': '{% for order in orders %}{% include row_template %}{% endfor %}',
      // Not followed: a filter other than add, a loop's variable, a name that is no template.
      'shop/templates/shop/unknown.html': '{% for order in orders %}{% include "shop/rows/"|add:kind|lower %}{% for name in names %}{% include name %}{% endfor %}{% include kind %}{% endfor %}',
      'shop/templates/shop/rows/wide.html': '{{ order.customer.name }}',
      'shop/templates/shop/rows/compact.html': '{{ order.total }}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.template]), [
      ['shop/views.py:5', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
      ['shop/views.py:9', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
      // The three includes of unknown.html, in its loop over invoice's rows, are noted as not followed.
      ...[1, 2, 3].map(() => ['shop/templates/shop/unknown.html:1', []]),
    ]);
  });
});
