import { strict as assert } from 'node:assert';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, runPythonOn } from '../../helpers/refactor/refactorFixture';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { moveIn, VIEWS } from '../../helpers/refactor/viewLogicFixture';
const CONTROLLERS = `${ROOT}/shop/controllers/order_controllers.py`;

/** The shop app: a fake Order manager (so the code runs without Django) and `views` as its views module. */
function orderApp(views: string): Map<string, string> {
  return memoryWorkspace(`
#- shop/__init__.py
#- shop/models.py
class _Manager:
    def filter(self, **kw):
        return [Order(k) for k in sorted(kw)]

    def create(self, **kw):
        return Order(kw)


class Order:
    objects = _Manager()

    def __init__(self, value):
        self.value = value
        self.saved = 0

    def save(self):
        self.saved += 1
#- shop/views.py
${dedent(views)}`);
}

async function moveView(files: Map<string, string>, name: string) {
  return (await moveIn(files, name)).move;
}

/** A request as Django builds it, enough for the views here. */
const REQUEST = `
class Request:
    method = "POST"
    GET = {"q": "a", "page": "2"}
    user = "ann"
`;

describe('move logic of a view to a controller, the view reading the request first', () => {
  it('moves a block that reads query parameters in passing: the view reads them before the call and the controller takes plain values', async () => {
    const files = orderApp(`
      from .models import Order


      def search(request):
          found = []
          for order in Order.objects.filter(q=1, page=2):
              if request.GET.get("q") in ("a", "b"):
                  order.save()
                  found.append(order.value)
              elif request.GET.get("page", "1") == "2":
                  found.append(request.method)
          while len(found) > 3:
              found.pop()
          if not found:
              Order.objects.create(q=request.GET.get("q"))
          return found
    `);
    const move = await moveView(files, 'search');
    assert.ok(move.result.safe, move.result.safe ? '' : move.result.reason);
    assert.equal(move.notOffered, undefined);
    const after = applyEdit(files, move.result.edit);
    assert.match(
      after.get(VIEWS)!,
      /def search\(request\):\n    q = request\.GET\.get\("q"\)\n    page = request\.GET\.get\("page", "1"\)\n    method = request\.method\n    found = handle_search\(q, page, method\)\n    return found\n/,
    );
    assert.match(after.get(CONTROLLERS)!, /def handle_search\(q, page, method\):\n    found = \[\]\n/);
    assert.doesNotMatch(after.get(CONTROLLERS)!, /request/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
    const check = `${REQUEST}\nfrom shop.views import search\nprint(search(Request()))`;
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('passes `self.kwargs` and the user of a class-based view as values, never `self`', async () => {
    const files = orderApp(`
      from django.views import View
      from .models import Order


      class OrdersView(View):
          def get(self, request):
              totals = {}
              for order in Order.objects.filter(owner=self.request.user, slug=self.kwargs.get("slug")):
                  if order.value in totals:
                      totals[order.value] += 1
                  else:
                      totals[order.value] = 1
                  order.save()
              return totals
    `);
    const move = await moveView(files, 'get');
    assert.ok(move.result.safe, move.result.safe ? '' : move.result.reason);
    const after = applyEdit(files, move.result.edit);
    assert.match(after.get(VIEWS)!, /        user = self\.request\.user\n        slug = self\.kwargs\.get\("slug"\)\n        totals = handle_order_get\(user, slug\)\n/);
    assert.match(after.get(CONTROLLERS)!, /def handle_order_get\(user, slug\):\n/);
    assert.doesNotMatch(after.get(CONTROLLERS)!, /self/);
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('makes the statements that only name a request value amid the logic before it, so the logic moves whole', async () => {
    const files = orderApp(`
      from .models import Order


      def listing(request):
          hidden = set()
          tags = set(request.GET.getlist("tag", []))
          for order in Order.objects.filter(a=1, b=2):
              if tags and order.value not in tags:
                  hidden.add(order.value)
          search = request.GET.get("q", "")
          for order in Order.objects.filter(a=1, b=2):
              if search and search not in order.value:
                  hidden.add(order.value)
          return sorted(hidden)
    `);
    const move = await moveView(files, 'listing');
    assert.ok(move.result.safe, move.result.safe ? '' : move.result.reason);
    const after = applyEdit(files, move.result.edit);
    assert.match(
      after.get(VIEWS)!,
      /def listing\(request\):\n    tags = set\(request\.GET\.getlist\("tag", \[\]\)\)\n    search = request\.GET\.get\("q", ""\)\n    hidden = handle_listing\(tags, search\)\n    return sorted\(hidden\)\n/,
    );
    assert.deepEqual(newPyflakesMessages(files, after), []);
    const check = `${REQUEST}\nclass Query(dict):\n    def getlist(self, key, default=None):\n        return [self[key]] if key in self else default\n\nRequest.GET = Query(Request.GET)\nfrom shop.views import listing\nprint(listing(Request()))`;
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('does not make such a statement earlier than lines that use its name', async () => {
    const files = orderApp(`
      from .models import Order


      def listing(request):
          hidden = set()
          for order in Order.objects.filter(a=1, b=2):
              search = order.value
              hidden.add(search)
          search = request.GET.get("q", "")
          for order in Order.objects.filter(a=1, b=2):
              if search and search not in order.value:
                  hidden.add(order.value)
          return sorted(hidden)
    `);
    const move = await moveView(files, 'listing');
    assert.ok(move.result.safe, move.result.safe ? '' : move.result.reason);
    const after = applyEdit(files, move.result.edit).get(VIEWS)!;
    // The first block moves alone: the statement reading `q` stays after it, where `search` is its own.
    assert.match(after, /    hidden = handle_listing\(\)\n    search = request\.GET\.get\("q", ""\)\n    for order/, after);
  });

  it('keeps a block in the view when it reads the user only on some paths (reading it first could load what the view never loaded), and offers nothing', async () => {
    const files = orderApp(`
      from .models import Order


      def audit(request):
          seen = []
          for order in Order.objects.filter(a=1):
              for part in order.value:
                  if part == "a":
                      seen.append(request.user)
          return seen
    `);
    const move = await moveView(files, 'audit');
    assert.equal(move.result.safe, false);
    assert.match(move.notOffered ?? '', /no statements to move that do not read the request/);
    // A query parameter gives the same value wherever it is read: the same block moves.
    const parameter = new Map(files).set(VIEWS, files.get(VIEWS)!.replace('request.user', 'request.GET.get("user")'));
    const moved = await moveView(parameter, 'audit');
    assert.ok(moved.result.safe, moved.result.safe ? '' : moved.result.reason);
    assert.match(applyEdit(parameter, moved.result.edit).get(VIEWS)!, /    user = request\.GET\.get\("user"\)\n    seen = handle_audit\(user\)\n/);
  });

  it('reads the request after the lines that rebind it, never before them: the moved lines see the same request', async () => {
    const files = orderApp(`
      from .models import Order


      def proxy(request, upstream):
          found = []
          for order in Order.objects.filter(a=1, b=2):
              if order.value == request.GET.get("q"):
                  found.append(order.value)
          request = upstream
          for order in Order.objects.filter(a=1, b=2):
              for part in order.value:
                  if part == request.GET.get("q"):
                      found.append(part)
          return found
    `);
    const move = await moveView(files, 'proxy');
    assert.ok(move.result.safe, move.result.safe ? '' : move.result.reason);
    const after = applyEdit(files, move.result.edit);
    assert.match(after.get(VIEWS)!, /    request = upstream\n    q = request\.GET\.get\("q"\)\n    handle_proxy\(q, found\)\n/);
    const check = `
class Request:
    def __init__(self, q):
        self.GET = {"q": q}

from shop.views import proxy
print(proxy(Request("a"), Request("b")))`;
    assert.equal(runPythonOn(after, check), runPythonOn(files, check));
  });

  it('offers nothing for a view that is form and response plumbing (the request is passed on, a class is defined in it)', async () => {
    const files = orderApp(`
      from django.views import View


      def listing(request, extra=None):
          class Listing(View):
              def get(self, request):
                  for key in sorted(extra or {}):
                      if key:
                          for part in key:
                              if part:
                                  print(part)
          kwargs = dict(extra=extra)
          view = Listing.as_view(**kwargs)
          return view(request)
    `);
    const move = await moveView(files, 'listing');
    assert.equal(move.result.safe, false);
    assert.match(move.notOffered ?? '', /over the limit \(loops, nesting\): the rest of its logic is view work/);
  });

  it('still refuses, and says why, a move that fits the limits but fails a safety check: that is not hidden as "not offered"', async () => {
    const files = orderApp(`
      from .models import Order

      COUNT = 0


      def bump(request):
          global COUNT
          for order in Order.objects.filter(q=request.GET.get("q")):
              COUNT += 1
              order.save()
              if COUNT > 3:
                  order.save()
          return COUNT
    `);
    const move = await moveView(files, 'bump');
    assert.equal(move.result.safe, false);
    assert.equal(move.notOffered, undefined);
    assert.match(move.result.safe ? '' : move.result.reason, /global/);
  });
});
