import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { offerForFinding, refactoringForFinding } from '../../../server/src/refactor/findingRefactoring';
import { findings, found, workspace } from '../../helpers/django/templateNPlusOne';
import { ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

/** Each finding as `file:line severity message`, with its related places as `file:line message`. */
async function notes(files: Record<string, string>, settings: Settings = DEFAULT_SETTINGS) {
  return (await found(workspace(files), settings)).map(({ finding }) => ({
    at: `${path.relative(ROOT, finding.path)}:${finding.range.start.line + 1} ${finding.severity}`,
    message: finding.message,
    related: finding.related.map((place) => `${path.relative(ROOT, place.path)}:${place.range.start.line + 1} ${place.message}`),
  }));
}

const WIDE_ROW = '{{ order.customer.name }}';

describe('n-plus-one in templates: include names bound by {% with %} and by an include\'s with, and includes not followed', () => {
  it('follows {% include tpl %} to what an enclosing {% with %} (either form) or the including template\'s with binds tpl to', async () => {
    const result = await findings({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all(), "kind": "wide"})

        def totals(request):
            return render(request, "shop/outer.html", {"orders": Order.objects.filter(total__gt=0)})

        def receipt(request, pk):
            return render(request, "shop/old.html", {"orders": Order.objects.filter(pk=pk), "row_template": "shop/rows/wide.html"})

        def invoice(request, pk):
            return render(request, "shop/rows/wide_list.html", {"orders": Order.objects.filter(pk__gt=pk)})
      `,
      'shop/templates/shop/page.html': '{% with tpl="shop/rows/"|add:kind|add:".html" %}{% for order in orders %}{% include tpl %}{% endfor %}{% endwith %}',
      'shop/templates/shop/outer.html': '{% include "shop/loop.html" with tpl="shop/rows/wide.html" %}',
      'shop/templates/shop/loop.html': '{% for order in orders %}{% include tpl with o=order %}{% endfor %}',
      'shop/templates/shop/old.html': '{% with row_template as tpl %}{% for order in orders %}{% include tpl %}{% endfor %}{% endwith %}',
      // Through a block of the parent the child fills, inside the parent's {% with %}.
      'shop/templates/shop/rows/base.html': '{% with tpl="shop/rows/wide.html" %}{% for order in orders %}{% block row %}{% endblock %}{% endfor %}{% endwith %}',
      'shop/templates/shop/rows/wide_list.html': '{% extends "shop/rows/base.html" %}{% block row %}{% include tpl %}{% endblock %}',
      'shop/templates/shop/rows/wide.html': WIDE_ROW,
    });
    assert.deepEqual(result.map((one) => [one.at, one.template]), [
      ['shop/views.py:5', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
      ['shop/views.py:8', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
      ['shop/views.py:11', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
      ['shop/views.py:14', ['shop/templates/shop/rows/wide.html:1 order.customer.name']],
    ]);
  });

  it('does not follow a {% with %} name past its endwith, one a loop variable shadows, nor one only hides', async () => {
    const result = await notes({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all(), "names": ["shop/rows/wide.html"]})
      `,
      'shop/templates/shop/page.html': [
        '{% with tpl="shop/rows/wide.html" %}{% endwith %}{% for order in orders %}{% include tpl %}{% endfor %}',
        '{% with tpl="shop/rows/wide.html" %}{% for order in orders %}{% for tpl in names %}{% include tpl %}{% endfor %}{% endfor %}{% endwith %}',
        '{% with tpl="shop/rows/wide.html" %}{% include "shop/loop.html" with rows=orders only %}{% endwith %}',
      ].join('\n'),
      'shop/templates/shop/loop.html': '{% for order in rows %}{% include tpl with order=order only %}{% endfor %}',
      'shop/templates/shop/rows/wide.html': WIDE_ROW,
    });
    // Not followed, so not reported as an N+1: noted as unchecked instead.
    assert.deepEqual(result.map((one) => one.at), ['shop/templates/shop/page.html:1 information', 'shop/templates/shop/page.html:2 information', 'shop/templates/shop/loop.html:1 information']);
  });

  it('notes an include not followed inside a loop over a view\'s rows (or a relation of them), once per place, naming every view', async () => {
    const result = await notes({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all()})

        def totals(request):
            return render(request, "shop/page.html", {"orders": Order.objects.filter(total__gt=0), "row_template": "shop/rows/wide.html"})

        def receipt(request, pk):
            return render(request, "shop/items.html", {"orders": Order.objects.filter(pk=pk), "names": ["a.html"]})
      `,
      'shop/templates/shop/page.html': '<ul>\n{% for order in orders %}{% include row_template %}{% endfor %}\n</ul>',
      'shop/templates/shop/items.html': [
        '{% for order in orders %}{% for item in order.items.all %}{% include "shop/missing.html" %}{% endfor %}{% endfor %}',
        // Not noted: outside a loop, in a loop over no rows, hidden from the rows by only, a template found.
        '{% include row_template %}{% for name in names %}{% include name %}{% endfor %}',
        '{% for order in orders %}{% include item_template with total=order.total only %}{% include other_template with title="x" only %}{% include "shop/rows/wide.html" %}{% endfor %}',
      ].join('\n'),
      'shop/templates/shop/rows/wide.html': WIDE_ROW,
    });
    assert.deepEqual(result, [
      {
        at: 'shop/views.py:8 warning',
        message: 'totals renders shop/page.html, which reads order.customer.name in a {% for %} over orders: one query per row. Add select_related("customer") to the queryset.',
        related: ['shop/templates/shop/rows/wide.html:1 order.customer.name', 'shop/views.py:8 the Order queryset is built here'],
      },
      {
        at: 'shop/views.py:11 warning',
        message: 'receipt renders shop/items.html, which reads order.items.all, order.customer.name in a {% for %} over orders: one query per row. Add select_related("customer").prefetch_related("items") to the queryset.',
        related: ['shop/templates/shop/items.html:1 order.items.all', 'shop/templates/shop/rows/wide.html:1 order.customer.name', 'shop/views.py:11 the Order queryset is built here'],
      },
      {
        at: 'shop/templates/shop/page.html:2 information',
        message: '{% include row_template %} inside {% for order in orders %} is not followed: its name is known only when rendering, so what it reads of each Order row is not checked for N+1 queries. Name it with a literal (or a string the view\'s context sets) to have it checked, or count the queries with assertNumQueries.',
        related: ['shop/views.py:5 orders renders it over orders, built here'],
      },
      {
        at: 'shop/templates/shop/items.html:1 information',
        message: '{% include "shop/missing.html" %} inside {% for item in order.items.all %} is not followed: "shop/missing.html" is not found among the workspace\'s templates, so what it reads of each Item row is not checked for N+1 queries. Count the queries with assertNumQueries.',
        related: ['shop/views.py:11 receipt renders it over orders, built here'],
      },
      {
        at: 'shop/templates/shop/items.html:3 information',
        message: '{% include item_template %} inside {% for order in orders %} is not followed: its name is known only when rendering, so what it reads of each Order row is not checked for N+1 queries. Name it with a literal (or a string the view\'s context sets) to have it checked, or count the queries with assertNumQueries.',
        related: ['shop/views.py:11 receipt renders it over orders, built here'],
      },
    ]);
  });

  it('merges the views whose rows reach one include, and is never more severe than the rule', async () => {
    const files = {
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all()})

        def totals(request):
            return render(request, "shop/page.html", {"orders": Order.objects.filter(total__gt=0)})
      `,
      'shop/templates/shop/page.html': '{% for order in orders %}{% include row_template %}{% endfor %}',
    };
    assert.deepEqual((await notes(files)).map((one) => [one.at, one.related]), [
      ['shop/templates/shop/page.html:1 information', ['shop/views.py:5 orders renders it over orders, built here', 'shop/views.py:8 totals renders it over orders, built here']],
    ]);
    const hints = { ...DEFAULT_SETTINGS, nPlusOne: { ...DEFAULT_SETTINGS.nPlusOne, severity: 'hint' as const } };
    assert.deepEqual((await notes(files, hints)).map((one) => one.at), ['shop/templates/shop/page.html:1 hint']);
  });

  it('names the loop as written, and a view once however often its rows reach the include', async () => {
    const result = await notes({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all()})
      `,
      'shop/templates/shop/page.html': '{% include "shop/loop.html" %}{% include "shop/loop.html" %}',
      'shop/templates/shop/loop.html': '{% with rows=orders %}{% for o in rows %}{% include row_template %}{% endfor %}{% endwith %}',
    });
    assert.deepEqual(result.map((one) => [one.at, one.message.split(' is not followed')[0], one.related]), [
      ['shop/templates/shop/loop.html:1 information', '{% include row_template %} inside {% for o in rows %}', ['shop/views.py:5 orders renders it over orders, built here']],
    ]);
  });

  it('offers no code action on the note: there is nothing known to load', async () => {
    const all = workspace({
      'shop/views.py': `
        from django.shortcuts import render
        from .models import Order

        def orders(request):
            return render(request, "shop/page.html", {"orders": Order.objects.all()})
      `,
      'shop/templates/shop/page.html': '{% for order in orders %}{% include row_template %}{% endfor %}',
    });
    const [note] = await found(all);
    const parser = await loadPythonParser();
    assert.match(offerForFinding(parser, snapshotOf(all), note.finding, DEFAULT_SETTINGS).notOffered ?? '', /^the included template is not read/);
    const planned = refactoringForFinding(parser, snapshotOf(all), note.finding, DEFAULT_SETTINGS);
    assert.equal(planned.notOffered, note.noFix);
    assert.equal(planned.result.safe, false);
  });
});
