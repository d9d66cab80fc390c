/** Move logic of a view: what stays in the view because only the view's own code uses it. */
import { strict as assert } from 'node:assert';
import { applyEdit, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';
import { move, orderApp, VIEWS } from '../../helpers/refactor/viewLogicFixture';

/** `render` stubbed to hand back the template and its context. */
const RENDER = '"django.shortcuts"] = types.SimpleNamespace(render=lambda request, name, ctx: (name, ctx))';

/**
 * A script printing what the view answers with Django's module stubbed (`django`: the module
 * key and its stand-in) and `Order.objects` a list of `rows` whose queryset methods return it.
 */
function viewCheck({ django, row = '', rows, call }: { django: string; row?: string; rows: string; call: string }): string {
  return `import types, sys\nsys.modules[${django}\n` +
    'class Rows(list):\n    def filter(self, **kw):\n        return self\n    def prefetch_related(self, *names):\n        return self\n' +
    `${row}from shop import models\nmodels.Order.objects = Rows([${rows}])\nfrom shop.views import ${call.split('(')[0]}\nprint(${call})`;
}

describe('move logic of a view to a controller: what the view keeps', () => {
  it('leaves in the view an initialisation ending the run, which only the view’s code after it uses (healthchecks’ get_checks handed `checks = []` back)', async () => {
    const { files, move: result } = await move(orderApp(`
      from django.http import JsonResponse
      from .models import Order


      def get_checks(request):
          q = Order.objects.filter(owner=request.user)
          tags = set(request.GET.getlist("tag"))
          q = q.prefetch_related("channel_set")
          for tag in tags:
              q = q.filter(tags__contains=tag)
          checks = []
          for check in q:
              checks.append(check.to_dict(v=request.v))
          return JsonResponse({"checks": checks})
    `), 'get_checks');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.match(after.get(VIEWS)!, /    q = handle_get_checks\(q, tags\)\n    checks = \[\]\n    for check in q:/);
    assert.doesNotMatch(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /checks = \[\]/);
    const check = viewCheck({
      django: '"django.http"] = types.SimpleNamespace(JsonResponse=dict)',
      row: 'class Row:\n    def to_dict(self, v):\n        return v\n',
      rows: 'Row(), Row()',
      call: 'get_checks(types.SimpleNamespace(user="ann", GET=types.SimpleNamespace(getlist=lambda key: ["a"]), v=2))',
    });
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.equal(runPythonOn(after, check), "{'checks': [2, 2]}\n");
  });

  it('leaves the template context the response is built from in the view (healthchecks’ badges controller returned its `ctx`)', async () => {
    const { files, move: result } = await move(orderApp(`
      from django.shortcuts import render
      from .models import Order


      def badges(request, code):
          project = request.profile.project
          tags = set()
          for order in Order.objects.filter(project=project):
              tags.update(order.tags)
          urls = []
          for tag in sorted(tags):
              urls.append({"tag": tag, "svg": f"/badge/{tag}.svg"})
          ctx = {
              "have_tags": len(urls) > 1,
              "page": "badges",
              "badges": urls,
          }
          return render(request, "front/badges.html", ctx)
    `), 'badges');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.match(after.get(VIEWS)!, /    urls = handle_badges\(project\)\n    ctx = \{\n        "have_tags"/);
    assert.doesNotMatch(after.get(`${ROOT}/shop/controllers/order_controllers.py`)!, /"page"/);
    const check = viewCheck({
      django: RENDER,
      rows: 'types.SimpleNamespace(tags=["b", "a"]), types.SimpleNamespace(tags=["a"])',
      call: 'badges(types.SimpleNamespace(profile=types.SimpleNamespace(project="p")), "c")',
    });
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.match(runPythonOn(after, check), /^\('front\/badges\.html', \{'have_tags': True, 'page': 'badges', 'badges': \[\{'tag': 'a'/);
  });

  it('hands back at most three values and never changes in place a list the view made (healthchecks’ my_checks returned four, one sorted in the controller)', async () => {
    const { files, move: result } = await move(orderApp(`
      from django.shortcuts import render
      from .models import Order


      def my_checks(request, code):
          checks = list(Order.objects.filter(project=code))
          pairs = list(request.session["pairs"].items())
          pairs.sort(key=lambda pair: pair[0].lower())
          hidden = set()
          if code:
              for order in checks:
                  if code not in order.tags:
                      hidden.add(order)
          show_total = False
          for order in checks:
              if order.total:
                  show_total = True
                  break
          ctx = {"pairs": pairs, "hidden": hidden, "show_total": show_total}
          return render(request, "front/my_checks.html", ctx)
    `), 'my_checks');
    assert.ok(result.result.safe, result.result.safe ? '' : result.result.reason);
    const after = applyEdit(files, result.result.edit);
    assert.match(after.get(VIEWS)!, /    pairs = list\(request\.session\["pairs"\]\.items\(\)\)\n    pairs\.sort\(key=lambda pair: pair\[0\]\.lower\(\)\)\n    hidden, show_total = handle_my_checks\(code, checks\)\n/);
    const check = viewCheck({
      django: RENDER,
      row: 'class Row:\n    def __init__(self, tags, total):\n        self.tags, self.total = tags, total\n    def __repr__(self):\n        return "Row%r" % (self.tags,)\n',
      rows: 'Row(["x"], 0), Row(["c"], 3)',
      call: 'my_checks(types.SimpleNamespace(session={"pairs": {"b": 1, "A": 2}}), "c")',
    });
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('offers no move whose controller would hand back more than three values, and says so', async () => {
    const { move: result } = await move(orderApp(`
      from django.shortcuts import render
      from .models import Order


      def summary(request):
          orders = Order.objects.filter(owner=request.user)
          count = 0
          total = 0
          paid = 0
          late = 0
          for order in orders:
              count += 1
              if order.refunded:
                  continue
              elif order.paid:
                  paid += 1
              elif order.late:
                  late += 1
              elif order.total:
                  total += order.total
              else:
                  total += 1
          return render(request, "summary.html", {"count": count, "total": total, "paid": paid, "late": late})
    `), 'summary');
    assert.equal(result.result.safe, false);
    assert.match(result.notOffered ?? '', /would hand back 4 values \(`count`, `total`, `paid`, `late`\)/);
  });
});
