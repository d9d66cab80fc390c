import { strict as assert } from 'node:assert';
import { bothOutlines } from '../../helpers/python/tokenOracle';
import { dedent } from '../../helpers/workspace/workspaceFixture';

/** Asserts the token path answers for `source` and gives exactly the tree's outline and tokens. */
async function sameAsTree(source: string, text = dedent(source)): Promise<void> {
  const { fromTokens, fromTree } = await bothOutlines(text);
  assert.ok(fromTokens, `the tokens should suffice for:\n${text}`);
  assert.deepStrictEqual(fromTokens, fromTree);
}

async function leftToTree(source: string, isUrlConf = false): Promise<void> {
  const { fromTokens } = await bothOutlines(dedent(source), isUrlConf);
  assert.equal(fromTokens, undefined, `the tree should be asked for:\n${dedent(source)}`);
}

describe('tokenOutline', () => {
  it('ends compound statements where tree-sitter does: comment lines as deep as the last body count in', async () => {
    await sameAsTree(`
      def f():
          if x:
              pass  # same line
          # in f's body
        # shallower: the module's
          # the module's too, after a shallower one
      class A: pass  # one-line body
          # not in A
      if a: pass
      elif b:
          pass
      # between clauses
      else: b = 1
      x = 1  # a simple statement's comment is not its own
    `);
  });

  it('reads decorators as the tree does, a comment on their line included', async () => {
    await sameAsTree(`
      @register  # why
      # between
      @other.deco(
          a,  # inside
      )
      class Order(models.Model, Mixin, *extra, metaclass=Meta, **options):
          pass
      class Empty():
          pass
    `);
  });

  it('finds imports with their placement, and leaves __future__ imports out', async () => {
    await sameAsTree(`
      """Docstring."""
      from __future__ import annotations
      import os.path as osp, decimal, a.b.c
      from . import (views as v, models,)
      from ..pkg.mod import *
      from typing import TYPE_CHECKING
      if TYPE_CHECKING:
          from .models import Order
      elif typing.TYPE_CHECKING:
          import elsewhere
      else:
          if flag:
              import nested
      try:
          import json
      except ImportError:
          json = None
      finally:
          pass
      for x in y:
          import not_collected
    `);
  });

  it('binds the names of every assignment form and skips what binds none', async () => {
    await sameAsTree(`
      a, (b, [c, *d]), e.f = values
      (g) = 1
      h = i = compute(j)
      k: int = 3
      l: str
      m += 1
      obj.attr = 2
      items[0] = 3
      n = lambda o, p=1: o if p else (q := p)
      r = [s for s in t if s]; u = {v: w for v, w in x.items()}; y = {*z}
      sliced = seq[1:2, ::3][:]
    `);
  });

  it('places the first import as the tree does, after head comments, docstrings and continuations', async () => {
    await sameAsTree(`
      #!/usr/bin/env python
      # -*- coding: utf-8 -*-
      # Licence

      "doc", 1
      value = first + \\
          second
    `);
    await sameAsTree('# only a comment\n\n\nimport os\n');
    await sameAsTree('import os\r\n@d  # why\r\nclass A:\r\n    x = 1\r\n    # comment\r\n');
  });

  it('measures view candidates as collectFunctionFacts does', async () => {
    await sameAsTree(`
      from django.shortcuts import get_object_or_404
      from rest_framework.decorators import action

      def checkout(request, *args: int, key=None, **kwargs):
          order = get_object_or_404(Order, pk=key)
          for line in order.lines.filter(active=True).order_by("x"):
              if line.qty > 1 if line else 0:
                  line.save()
              elif line.qty:
                  send_mail("s", f"{line.qty:>{width}} left", "a", ["b"])
          while False:
              break
          try:
              with transaction.atomic():
                  Order.objects.filter(pk=1).update(paid=True)
          except (ValueError, KeyError) as error:
              requests.post(URL, data={"e": str(error)})
          def inner(): return tasks.notify.delay(order.pk)
          return render(request, "t.html", {"o": order})

      def no_parameters():
          return 1

      class OrderViewSet(viewsets.ModelViewSet):
          async def get(self, request, /, pk, *, flag):
              async with lock:
                  async for item in stream:
                      await item.delete()
          @action(detail=True)
          def refund(self, request, pk=None):
              return Response(status=200)
          def helper(self):
              return 2
    `);
    await sameAsTree(`
      def handler(request):
          return request.GET.get("q")

      @login_required
      def dashboard():
          return None
    `);
  });

  it('leaves to the parser what only the tree can tell', async () => {
    await leftToTree('def broken(:\n    pass\n');
    await leftToTree('match command:\n    case "go":\n        pass\n');
    await leftToTree('try:\n    pass\nexcept* ValueError:\n    pass\n');
    await leftToTree('x = 1  # untangle: ignore duplicate-block\n');
    await leftToTree('urlpatterns = [path("", views.index)]\n', true);
    await leftToTree('if x:\n\tpass\n');
    await leftToTree('print "python 2"\n');
    await leftToTree('x = f"{}"\n');
    await leftToTree('x = "unterminated\n');
    await leftToTree('x = (1,\n');
    await leftToTree('from django import http\ndef view(  # why\n    request):\n    pass\n');
    await leftToTree('from django import http\ndef view(request):\n    return f"{request.user.get_username()}"\n');
  });

  it('keeps a file-scoped silencing comment', async () => {
    await sameAsTree(`
      # untangle: ignore-file duplicate-block
      def f():
          return 1
    `);
  });
});
