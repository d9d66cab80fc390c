/**
 * Re-outlining after an edit keeps the symbols (a class with its members) and the facts of the
 * view candidates the edit left alone: moved by the lines inserted above them, and equal to what a
 * fresh outline reads; in a class the edit touched, only the members it left alone keep their
 * code; nothing of a text that does not parse is kept.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { outlineModule, type ModuleOutline } from '../../../server/src/core/python/moduleOutline';
import { keptOutline } from '../../../server/src/core/python/keptOutline';
import { dedent } from '../../helpers/workspace/workspaceFixture';

const MODULE = dedent(`
  """Orders — in € and ¥."""
  from django.db import models


  class Order(models.Model):
      total = models.DecimalField(max_digits=8, decimal_places=2)

      class Meta:
          ordering = ["-id"]

      def paid(self):
          return self.total > 0


  @admin.register(Order)
  class OrderAdmin(admin.ModelAdmin):
      list_display = ("id", "total")


  @login_required
  def order_list(request):
      orders = Order.objects.filter(total__gt=0)
      return render(request, "orders.html", {"orders": orders})


  class OrderView(View):
      def get(self, request, pk):
          return render(request, "order.html", {"order": Order.objects.get(pk=pk)})
`);

describe('outline parts kept across an edit', () => {
  let parser: PythonParser;
  before(async () => (parser = await loadPythonParser()));

  function outline(text: string, earlier?: { text: string; outline: ModuleOutline }): ModuleOutline {
    const tree = parser.parse(text);
    try {
      return outlineModule(tree, text, false, undefined, earlier).outline;
    } finally {
      tree.delete();
    }
  }

  function classStatement(text: string, name: string) {
    const tree = parser.parse(text);
    const statement = tree.rootNode.namedChildren.find((node) => node.text.includes(`class ${name}(`))!;
    return { statement, done: () => tree.delete() };
  }

  it('moves the members of classes and the facts of functions below an edit, as a fresh outline reads them', () => {
    const before = outline(MODULE);
    const text = MODULE.replace('"""Orders — in € and ¥."""', '"""Orders — in € and ¥.\n\nWith 🧾 receipts.\n"""');
    const kept = keptOutline({ text: MODULE, outline: before });
    for (const name of ['Order', 'OrderAdmin']) {
      const { statement, done } = classStatement(text, name);
      try {
        const symbol = kept.ofSymbol(statement);
        assert.ok(symbol, `${name} is kept`);
        assert.deepEqual(symbol, outline(text).symbols.find((s) => s.name === name));
        assert.equal(symbol.members[0].range.start.line, before.symbols.find((s) => s.name === name)!.members[0].range.start.line + 3);
      } finally {
        done();
      }
    }
    const fresh = outline(text);
    assert.deepEqual(outline(text, { text: MODULE, outline: before }), fresh);
    // View candidates below the edit keep their facts, moved: a function with its decorator, a handler method.
    const tree = parser.parse(text);
    try {
      const view = tree.rootNode.namedChildren.find((node) => node.text.startsWith('@login_required'))!;
      assert.deepEqual(kept.ofSymbol(view), fresh.symbols.find((symbol) => symbol.name === 'order_list'));
      assert.deepEqual(kept.ofFunction(view, undefined), fresh.functions.find((facts) => facts.name === 'order_list'));
      const orderView = tree.rootNode.namedChildren.find((node) => node.text.startsWith('class OrderView'))!;
      assert.deepEqual(kept.ofMethods(orderView), fresh.functions.filter((facts) => facts.className === 'OrderView'));
      assert.equal(kept.ofMethods(view), undefined, 'a function is no class');
      const handler = orderView.childForFieldName('body')!.namedChildren[0];
      assert.deepEqual(kept.ofFunction(handler, 'OrderView'), fresh.functions.find((facts) => facts.name === 'get'));
      assert.equal(kept.ofFunction(handler, 'OrderAdmin'), undefined);
    } finally {
      tree.delete();
    }
  });

  it('keeps, in an edited class, the code of the members the edit left alone, and nothing of a text that did not parse', () => {
    const before = outline(MODULE);
    const edited = MODULE.replace('return self.total > 0', 'return self.total >= 0');
    const order = classStatement(edited, 'Order');
    try {
      const kept = keptOutline({ text: MODULE, outline: before });
      assert.equal(kept.ofSymbol(order.statement), undefined);
      // Its members the edit left alone keep their code; the edited one is read anew.
      const body = order.statement.childForFieldName('body')!.namedChildren;
      const total = body.find((node) => node.text.startsWith('total ='))!;
      const paid = body.find((node) => node.text.startsWith('def paid'))!;
      const fresh = outline(edited).symbols.find((symbol) => symbol.name === 'Order')!.members;
      assert.deepEqual(kept.ofMember('Order', total), { fingerprint: fresh[0].fingerprint, lines: fresh[0].lines });
      assert.equal(kept.ofMember('OrderAdmin', total), undefined);
      assert.equal(kept.ofMember('Order', paid), undefined);
    } finally {
      order.done();
    }
    assert.deepEqual(outline(edited, { text: MODULE, outline: before }), outline(edited));

    const broken = `${MODULE}\ndef unfinished(:\n`;
    const brokenOutline = outline(broken);
    assert.ok(brokenOutline.firstSyntaxError);
    const admin = classStatement(MODULE, 'OrderAdmin');
    try {
      assert.equal(keptOutline({ text: broken, outline: brokenOutline }).ofSymbol(admin.statement), undefined);
    } finally {
      admin.done();
    }
  });
});
