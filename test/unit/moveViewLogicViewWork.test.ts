/** Move logic of a view: what stays in the view because only the view's own code uses it. */
import { strict as assert } from 'node:assert';
import { applyEdit, ROOT, runPythonOn } from '../helpers/refactorFixture';
import { move, orderApp, VIEWS } from '../helpers/viewLogicFixture';

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
    const check = 'import types, sys\nsys.modules["django.http"] = types.SimpleNamespace(JsonResponse=dict)\n' +
      'class Rows(list):\n    def filter(self, **kw):\n        return Rows(self)\n    def prefetch_related(self, *names):\n        return Rows(self)\n' +
      'class Row:\n    def to_dict(self, v):\n        return v\n' +
      'from shop import models\nmodels.Order.objects = Rows([Row(), Row()])\n' +
      'from shop.views import get_checks\nprint(get_checks(types.SimpleNamespace(user="ann", GET=types.SimpleNamespace(getlist=lambda key: ["a"]), v=2)))';
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
    const check = 'import types, sys\nsys.modules["django.shortcuts"] = types.SimpleNamespace(render=lambda request, name, ctx: (name, ctx))\n' +
      'class Rows(list):\n    def filter(self, **kw):\n        return self\n' +
      'from shop import models\nmodels.Order.objects = Rows([types.SimpleNamespace(tags=["b", "a"]), types.SimpleNamespace(tags=["a"])])\n' +
      'from shop.views import badges\nprint(badges(types.SimpleNamespace(profile=types.SimpleNamespace(project="p")), "c"))';
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
    assert.match(runPythonOn(after, check), /^\('front\/badges\.html', \{'have_tags': True, 'page': 'badges', 'badges': \[\{'tag': 'a'/);
  });
});
