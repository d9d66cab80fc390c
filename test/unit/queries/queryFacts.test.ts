import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { isQueryFacts } from '../../../server/src/analysis/cache/storedQueries';
import { queryFactsOf, type QueryFacts } from '../../../server/src/core/queries/queryFacts';
import { dedent } from '../../helpers/workspace/workspaceFixture';

async function factsOf(text: string): Promise<QueryFacts> {
  const parser = await loadPythonParser();
  const tree = parser.parse(dedent(text));
  try {
    return JSON.parse(JSON.stringify(queryFactsOf(tree.rootNode)));
  } finally {
    tree.delete();
  }
}

describe('query facts', () => {
  it('keeps each chain once, with its receiver, steps, lookups and assignment', async () => {
    const facts = await factsOf(`
      def paid(customer):
          orders = Order.objects.filter(customer__email=customer.email, status="paid").order_by("-created_at", "id")
          return orders.exclude(Q(total__gt=0) | ~Q(coupon__code__iexact="X")).first()
    `);
    assert.deepEqual(
      facts.chains.map((chain) => [chain.receiver, chain.steps.map((step) => step.name), chain.scope, chain.assignedTo ?? null, chain.returned]),
      [
        ['Order.objects', ['filter', 'order_by'], 'paid', 'orders', false],
        ['orders', ['exclude', 'first'], 'paid', null, true],
      ],
    );
    assert.deepEqual(facts.chains[0].steps[0].keywords, ['customer__email', 'status']);
    assert.deepEqual(facts.chains[0].steps[1].strings, ['-created_at', 'id']);
    assert.deepEqual(facts.chains[1].steps[0].qLookups, ['total__gt', 'coupon__code__iexact']);
    assert.deepEqual(facts.chains[0].receiverEnd, { line: 1, character: '    orders = Order.objects'.length });
  });

  it('stops the chain at a call that is no queryset method, and reads the shortcut functions', async () => {
    const facts = await factsOf(`
      class OrderList(ListView):
          queryset = Order.objects.select_related("customer")

          def get_queryset(self):
              return super().get_queryset().filter(status="paid")

      def detail(request, pk):
          order = get_object_or_404(Order.objects.prefetch_related(Prefetch("items", queryset=x)), pk=pk)
          helper.compute(pk)
    `);
    assert.deepEqual(
      facts.chains.map((chain) => [chain.receiver, chain.steps.map((step) => step.name), chain.scope, chain.receiverChain ?? null]),
      [
        ['Order.objects', ['select_related'], 'OrderList', null],
        ['super().get_queryset()', ['filter'], 'OrderList.get_queryset', null],
        ['Order.objects', ['prefetch_related'], 'detail', null],
        ['Order.objects.prefetch_related(Prefetch("items", queryset=x))', ['get_object_or_404'], 'detail', 2],
      ],
    );
    assert.deepEqual(facts.chains[2].steps[0].strings, ['items']);
    assert.deepEqual(facts.chains[3].steps[0].keywords, ['pk']);
    assert.deepEqual(facts.functions.map((fn) => [fn.scope, fn.cls ?? null, fn.parameters]), [['OrderList.get_queryset', 'OrderList', ['self']], ['detail', null, ['request', 'pk']]]);
  });

  it('links loops to their iterable and records what the body reads on the loop variable (not what it assigns)', async () => {
    const facts = await factsOf(`
      def report(request):
          orders = Order.objects.all()
          for order in orders:
              print(order.customer.name, order.items.count(), order.total)
              for item in Item.objects.filter(order=order):
                  print(item.product.sku, order.pk)
          names = [o.customer.name for o in Order.objects.all() if o.coupon.active]
          for i, row in enumerate(orders):
              row.customer
          for order in orders:
              order.coupon = None
              order.customer.name, order.total = "x", 1
    `);
    assert.deepEqual(facts.loops.map((loop) => [loop.kind, loop.variable ?? null, loop.iterable, loop.iterableChain ?? null]), [
      ['for', 'order', 'orders', null],
      ['for', 'item', 'Item.objects.filter(order=order)', 2],
      ['comprehension', 'o', 'Order.objects.all()', 3],
      ['for', null, 'enumerate(orders)', null],
      ['for', 'order', 'orders', null],
    ]);
    const reads = facts.reads.filter((read) => read.loop !== undefined).map((read) => [read.root, read.path.join('.'), read.loop]);
    assert.deepEqual(reads, [
      ['order', 'customer.name', 0],
      ['order', 'items.count', 0],
      ['order', 'total', 0],
      ['item', 'product.sku', 1],
      ['order', 'pk', 0],
      ['o', 'customer.name', 2],
      ['o', 'coupon.active', 2],
      ['order', 'customer', 4],
    ]);
  });

  it('records serializers called with many=True and reads on parameters', async () => {
    const facts = await factsOf(`
      class OrderAdmin(admin.ModelAdmin):
          def customer_city(self, obj):
              return obj.customer.city

      def api(request):
          return Response(OrderSerializer(Order.objects.all(), many=True).data)
    `);
    assert.deepEqual(facts.serializerCalls.map((call) => [call.serializer, call.argument, call.argumentChain ?? null, call.scope]), [['OrderSerializer', 'Order.objects.all()', 0, 'api']]);
    assert.deepEqual(facts.reads.map((read) => [read.scope, read.root, read.path.join('.')]), [['OrderAdmin.customer_city', 'obj', 'customer.city']]);
  });

  it('passes the analysis cache check through JSON, and a crafted shape does not', async () => {
    const facts = await factsOf(`
      def report(request, rows):
          for order in Order.objects.filter(status="paid").order_by("-pk"):
              print(order.customer.name, OrderSerializer(rows, many=True).data)
    `);
    assert.ok(isQueryFacts(facts));
    assert.ok(facts.chains.length > 0 && facts.loops.length > 0 && facts.reads.length > 0 && facts.serializerCalls.length > 0 && facts.functions.length > 0);
    const crafted = JSON.parse(JSON.stringify(facts));
    crafted.loops[0].kind = 'while';
    assert.equal(isQueryFacts(crafted), false);
  });
});
