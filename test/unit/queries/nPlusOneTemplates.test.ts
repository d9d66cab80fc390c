import { strict as assert } from 'node:assert';
import { scanTemplate } from '../../../server/src/core/queries/templateSyntax';
import { afterAction, findings, found, ORDERS_TEMPLATE, workspace } from '../../helpers/django/templateNPlusOne';
import { ROOT } from '../../helpers/refactor/refactorFixture';

describe('n-plus-one in templates', () => {
  it('scans loops and the variable paths their bodies read, skipping strings, filter names and comments', () => {
    const scan = scanTemplate({ path: 'orders.html', text: '{# {{ x.a.b }} #}{% for o in orders reversed %}{{ o.customer.name|date:"y.m" }}{% if o.coupon.code == "x.y" %}{% endif %}\n{% with n=o.items.count %}{% endwith %}{% comment %}{{ o.shop.x }}{% endcomment %}{% endfor %}{{ o.other.x }}' });
    assert.deepEqual(scan.loops.map((loop) => [loop.variable, loop.iterable.root, loop.iterableLoop ?? null]), [['o', 'orders', null]]);
    assert.deepEqual(scan.reads.map((read) => [[read.root, ...read.path].join('.'), read.loop ?? null, read.range.start.line]), [
      ['o.customer.name', 0, 0],
      ['o.coupon.code', 0, 0],
      ['o.items.count', 0, 1],
      ['o.other.x', null, 1],
    ]);
  });

  it('reports a function view whose render context loops over a queryset (sliced or not) reading relations of each row, at the queryset', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            orders = Order.objects.filter(total__gt=0)[:20]
            return render(request, "shop/orders.html", {"orders": orders, "title": "Orders"})

        def totals(request):
            return render(request, "shop/totals.html", {"orders": Order.objects.order_by("-total")[:10]})
      `,
      'shop/templates/shop/orders.html': ORDERS_TEMPLATE,
      'shop/templates/shop/totals.html': '{% for order in orders %}{{ order.customer.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:5', 'orders = Order.objects.select_related("customer").prefetch_related("items__product").filter(total__gt=0)[:20]'],
      ['shop/views.py:9', 'return render(request, "shop/totals.html", {"orders": Order.objects.select_related("customer").order_by("-total")[:10]})'],
    ]);
    assert.equal(result[0].message, 'orders renders shop/orders.html, which reads order.customer.name, order.items.all, item.product.name in a {% for %} over orders: one query per row. Add select_related("customer").prefetch_related("items__product") to the queryset.');
    assert.deepEqual(result[0].template, ['shop/templates/shop/orders.html:2 order.customer.name', 'shop/templates/shop/orders.html:3 order.items.all', 'shop/templates/shop/orders.html:3 item.product.name']);
  });

  it('says nothing when the queryset loads what the template reads, or the template reads no relation', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            context = {"orders": Order.objects.select_related("customer").prefetch_related("items__product")}
            return render(request, "shop/orders.html", context)

        def totals(request):
            return render(request, "shop/totals.html", {"orders": Order.objects.all()})
      `,
      'shop/templates/shop/orders.html': ORDERS_TEMPLATE,
      'shop/templates/shop/totals.html': '{% for order in orders %}{{ order.total }}{{ order.customer_id }}{% endfor %}{{ orders.first.customer.name }}',
    });
    assert.deepEqual(result, []);
  });

  it('finds the rows of a ListView (queryset, model, get_queryset) or an archive under object_list, <model>_list or latest, in its default template', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.views.generic import ArchiveIndexView, ListView
        from .models import Order

        class OrderList(ListView):
            queryset = Order.objects.all()

        class CustomerOrders(ListView):
            model = Order
            template_name = "shop/customer_orders.html"

        class RecentOrders(ListView):
            context_object_name = "recent"
            template_name = "shop/recent.html"

            def get_queryset(self):
                return Order.objects.order_by("-pk")

        class OrderArchive(ArchiveIndexView):
            queryset = Order.objects.filter(total__gt=0)
            date_field = "created"
      `,
      'shop/templates/shop/order_archive.html': '{% for order in latest %}{{ order.customer.name }}{% endfor %}',
      'shop/templates/shop/order_list.html': '{% for order in object_list %}{{ order.customer.name }}{% endfor %}',
      'shop/templates/shop/customer_orders.html': '{% for order in order_list %}{{ order.customer }}{% endfor %}',
      'shop/templates/shop/recent.html': '{% for order in recent %}{{ order.customer.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:5', 'queryset = Order.objects.select_related("customer").all()'],
      ['shop/views.py:8', 'queryset = Order.objects.select_related("customer")'],
      ['shop/views.py:16', 'return Order.objects.select_related("customer").order_by("-pk")'],
      ['shop/views.py:19', 'queryset = Order.objects.select_related("customer").filter(total__gt=0)'],
    ]);
  });

  it('follows loops over a relation of one object (get_object_or_404, a DetailView) to prefetch what they read', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import get_object_or_404, render
        from django.views.generic import DetailView
        from .models import Order

        def receipt(request, pk):
            order = get_object_or_404(Order.objects.filter(total__gt=0), pk=pk)
            return render(request, "shop/receipt.html", {"order": order})

        def invoice(request, pk):
            return render(request, "shop/receipt.html", {"order": get_object_or_404(Order, pk=pk)})

        class OrderDetail(DetailView):
            model = Order
            context_object_name = "order"
            template_name = "shop/receipt.html"
      `,
      'shop/templates/shop/receipt.html': '{{ order.customer.name }}{% for item in order.items.all %}{{ item.product.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.fix]), [
      ['shop/views.py:13', 'queryset = Order.objects.prefetch_related("items__product")'],
      ['shop/views.py:6', 'order = get_object_or_404(Order.objects.prefetch_related("items__product").filter(total__gt=0), pk=pk)'],
      ['shop/views.py:10', 'return render(request, "shop/receipt.html", {"order": get_object_or_404(Order.objects.prefetch_related("items__product"), pk=pk)})'],
    ]);
  });

  it('looks templates up in the settings DIRS before the apps', async () => {
    const result = await findings({
      'proj/settings.py': `
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        INSTALLED_APPS = ["shop"]
        TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"], "APP_DIRS": True}]
      `,
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "orders.html", {"orders": Order.objects.all()})
      `,
      'templates/orders.html': '{% for order in orders %}{{ order.customer.name }}{% endfor %}',
      'shop/templates/orders.html': '{% for order in orders %}{{ order.total }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => one.template), [['templates/orders.html:1 order.customer.name']]);
  });

  it('follows a DIRS folder joined to another folder setting (APP_DIR = join(ROOT_DIR, "web"))', async () => {
    const result = await findings({
      'proj/settings.py': `
        from os.path import dirname, join
        ROOT_DIR = dirname(dirname(__file__))
        APP_DIR = join(ROOT_DIR, "web")
        INSTALLED_APPS = ["shop"]
        TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [join(APP_DIR, "templates")]}]
      `,
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "orders.html", {"orders": Order.objects.all()})
      `,
      'web/templates/orders.html': '{% for order in orders %}{{ order.customer.name }}{% endfor %}',
    });
    assert.deepEqual(result.map((one) => one.template), [['web/templates/orders.html:1 order.customer.name']]);
  });

  /** `views.orders` rendering `template` over all orders, with the other templates. */
  function ordersRendering(template: string, templates: Record<string, string>): Record<string, string> {
    return {
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "${template}", {"orders": Order.objects.all()})
      `,
      ...Object.fromEntries(Object.entries(templates).map(([name, text]) => [`shop/templates/${name}`, text])),
    };
  }

  it('follows {% extends %}: the child\'s blocks inside the parent\'s loop, {{ block.super }}, and not the text outside its blocks', async () => {
    const result = await findings(ordersRendering('shop/orders.html', {
      'shop/base.html': '<ul>{% for order in orders %}<li>{% block row %}{{ order.items.count }}{% endblock %}</li>{% endfor %}</ul>',
      'shop/layout.html': '{% extends "shop/base.html" %}{% block row %}{{ block.super }}{% endblock %}',
      'shop/orders.html': ['{% extends "shop/layout.html" %}', '{% for order in orders %}{{ order.customer.x }}{% endfor %}', '{% block row %}{{ block.super }} {{ order.customer.name }}{% endblock %}'].join('\n'),
    }));
    assert.deepEqual(result.map((one) => [one.fix, one.template]), [[
      'return render(request, "shop/orders.html", {"orders": Order.objects.select_related("customer").prefetch_related("items").all()})',
      ['shop/templates/shop/base.html:1 order.items.count', 'shop/templates/shop/orders.html:3 order.customer.name'],
    ]]);
  });

  it('follows {% include %} in a loop: the loop variable, its with names (aliases followed), and nothing hidden by only', async () => {
    const result = await findings(ordersRendering('shop/orders.html', {
      'shop/orders.html': [
        '{% for order in orders %}',
        '{% include "shop/row.html" with o=order %}{% include "shop/customer.html" %}{% include "shop/customer.html" only %}',
        '{% include "shop/hidden.html" with order=order.total only %}{% include "shop/orders.html" %}{% include missing %}',
        '{% endfor %}',
      ].join('\n'),
      'shop/row.html': '{% with lines=o.items %}{% for item in lines.all %}{{ item.product.name }}{% endfor %}{% endwith %}',
      'shop/customer.html': '{{ order.customer.name }}',
      'shop/hidden.html': '{{ order.coupon.code }}{{ item.product.name }}',
    }));
    assert.deepEqual(result.map((one) => [one.fix, one.template]), [[
      'return render(request, "shop/orders.html", {"orders": Order.objects.select_related("customer").prefetch_related("items__product").all()})',
      ['shop/templates/shop/row.html:1 lines.all', 'shop/templates/shop/row.html:1 item.product.name', 'shop/templates/shop/customer.html:1 order.customer.name'],
    ], [undefined, []]]);
    // The last is the note on {% include missing %}, not followed.
    assert.match(result[1].message, /^\{% include missing %\} inside \{% for order in orders %\} is not followed/);
  });

  it('follows an include outside a loop to the loops over the context it sees', async () => {
    const result = await findings(ordersRendering('shop/page.html', {
      'shop/page.html': '<h1>Orders</h1>{% include "shop/table.html" %}{% include "shop/table.html" with orders=orders.none only %}',
      'shop/table.html': '{% for order in orders %}{{ order.customer.name }}{% endfor %}',
    }));
    assert.deepEqual(result.map((one) => one.template), [['shop/templates/shop/table.html:1 order.customer.name']]);
  });

  it('counts what a Prefetch queryset loads, and gives no fix Django would refuse before that Prefetch', async () => {
    const all = workspace({
      'shop/views.py': `
        from django.db.models import Prefetch
        from django.shortcuts import render
        from .models import Item, Order

        def orders(request):
            lines = Prefetch("items", Item.objects.select_related("product").order_by("pk"))
            return render(request, "shop/orders.html", {"orders": Order.objects.select_related("customer").prefetch_related(lines)})

        def totals(request):
            orders = Order.objects.select_related("customer").prefetch_related(Prefetch("items", queryset=Item.objects.prefetch_related(Prefetch("product")).order_by("pk")))
            return render(request, "shop/orders.html", {"orders": orders})

        def receipt(request, pk):
            orders = Order.objects.select_related("customer").prefetch_related(Prefetch("items", queryset=Item.objects.filter(pk__gt=0)))
            return render(request, "shop/orders.html", {"orders": orders})

        def invoice(request, pk):
            orders = Order.objects.select_related("customer").prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product"), to_attr="lines"))
            return render(request, "shop/orders.html", {"orders": orders})
      `,
      'shop/templates/shop/orders.html': ORDERS_TEMPLATE,
    });
    const result = (await found(all)).map(({ finding, fix, noFix }) => [finding.range.start.line + 1, /Add (.*) to the queryset/.exec(finding.message)?.[1], fix?.text ?? noFix]);
    assert.deepEqual(result, [
      [14, 'prefetch_related("items__product")', 'items is prefetched with its own queryset (Prefetch("items", queryset=…)): load product in that queryset'],
      [18, 'prefetch_related("items__product")', '.prefetch_related("items__product")'],
    ]);
  });

  it('the code action adds the lookups where the queryset is built, and the finding is gone', async () => {
    const after = await afterAction({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            orders = Order.objects.filter(total__gt=0)
            return render(request, "shop/orders.html", {"orders": orders})
      `,
      'shop/templates/shop/orders.html': ORDERS_TEMPLATE,
    });
    assert.match(after.get(`${ROOT}/shop/views.py`)!, /orders = Order\.objects\.select_related\("customer"\)\.prefetch_related\("items__product"\)\.filter\(total__gt=0\)/);
    assert.deepEqual(await found(after), []);
  });
});
