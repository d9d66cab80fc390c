/**
 * Classes repeating members in several packages (or models of several apps) share no one class;
 * the classes within each package still get theirs, in one action, and a class alone in its
 * package stays as it is, with the reason in the summary.
 */
import { strict as assert } from 'node:assert';
import { pullUp, refusalOf, textAfter } from '../../helpers/refactor/pullUpFixture';
import { ROOT } from '../../helpers/refactor/refactorFixture';

const METHOD = '    def total(self):\n        value = self.price * self.quantity\n        return value - self.discount\n';
const view = (name: string, extra = '') => `${extra}class ${name}:\n    discount = 0\n\n${METHOD}`;
const STAMPS = '    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at = models.DateTimeField(auto_now=True)\n';
const model = (name: string, field: string) => `class ${name}(models.Model):\n    ${field}\n${STAMPS}`;
const models = (a: string, b: string) => `from django.db import models\n\n\n${model(a, 'name = models.CharField(max_length=80)')}\n\n${model(b, 'note = models.TextField()')}`;

describe('hard refactor: a group across packages is pulled up within each package', () => {
  it('gives the classes of one package their mixin and leaves the class alone in its package as it is', async () => {
    const fixture = `#- shop/__init__.py\n#- shop/cart.py\n${view('CartTotal')}\n#- shop/checkout.py\n${view('CartLine')}\n#- billing/__init__.py\n#- billing/invoices.py\n${view('InvoiceLine')}`;
    const pulled = await pullUp(fixture, ['billing/invoices.py:InvoiceLine', 'shop/checkout.py:CartLine', 'shop/cart.py:CartTotal']);
    assert.match(textAfter(pulled, 'shop/mixins.py'), /^class CartMixin:\n {4}"""What CartTotal and CartLine share\."""\n\n {4}discount = None\n\n {4}def total\(self\):/m);
    assert.match(textAfter(pulled, 'shop/cart.py'), /^from shop\.mixins import CartMixin\n\n\nclass CartTotal\(CartMixin\):\n {4}discount = 0\n$/m);
    assert.match(textAfter(pulled, 'shop/checkout.py'), /^class CartLine\(CartMixin\):$/m);
    assert.equal(textAfter(pulled, 'billing/invoices.py'), pulled.files.get(`${ROOT}/billing/invoices.py`), 'the class alone in billing/ keeps its method');
    assert.equal(pulled.after.has(`${ROOT}/billing/mixins.py`), false);
    assert.equal(pulled.pullUp.title, 'Move `total` into mixin `CartMixin` in shop/');
    assert.equal(pulled.offered, pulled.pullUp.title, 'the list shows the title the plan has');
    assert.ok(pulled.pullUp.result.safe);
    assert.match(pulled.pullUp.result.summary, /^CartTotal and CartLine inherit `total` from mixin `CartMixin` in mixins\.py; `InvoiceLine` \(billing\/invoices\.py\) stays as it is: no other class of its package repeats the members, and sharing a class across packages is the team's design$/);
  });

  it('gives the models of each app their own abstract model, in one edit', async () => {
    const fixture = `#- shop/__init__.py\n#- shop/models.py\n${models('Ticket', 'Question')}\n#- billing/__init__.py\n#- billing/models.py\n${models('Invoice', 'Payment')}`;
    const pulled = await pullUp(fixture, ['shop/models.py:Ticket', 'shop/models.py:Question', 'billing/models.py:Invoice', 'billing/models.py:Payment']);
    for (const [file, names] of [['billing/models.py', ['Invoice', 'Payment']], ['shop/models.py', ['Ticket', 'Question']]] as const) {
      const text = textAfter(pulled, file);
      assert.match(text, /^class TimestampedModel\(models\.Model\):\n[\s\S]*^ {8}abstract = True$/m, file);
      for (const name of names) assert.match(text, new RegExp(`^class ${name}\\(TimestampedModel\\):\\n {4}\\w+ = models\\.\\w+\\([^)]*\\)\\n(\\n|$)`, 'm'), `${file}: ${name}`);
      assert.doesNotMatch(text, /^class \w+\(models\.Model\):\n {4}\w+ = [^\n]*\n {4}created_at/m, `${file}: the fields moved out of the models`);
    }
    assert.equal(pulled.pullUp.title, 'Pull `created_at`, `updated_at` up into abstract model `TimestampedModel` in billing/; Pull `created_at`, `updated_at` up into abstract model `TimestampedModel` in shop/');
    assert.equal(pulled.offered, pulled.pullUp.title);
  });

  it('keeps a package whose part is refused as it is, with the reason, and refuses when no part can take a class', async () => {
    const decorated = view('CartLine', '@cache_totals\n');
    const fixture = `#- shop/__init__.py\n#- shop/cart.py\n${view('CartTotal')}\n#- shop/checkout.py\nfrom .caching import cache_totals\n\n\n${decorated}\n#- billing/__init__.py\n#- billing/payments.py\n${view('InvoiceTotal')}\n#- billing/invoices.py\n${view('InvoiceLine')}`;
    const pulled = await pullUp(fixture, ['shop/cart.py:CartTotal', 'shop/checkout.py:CartLine', 'billing/payments.py:InvoiceTotal', 'billing/invoices.py:InvoiceLine']);
    assert.match(textAfter(pulled, 'billing/mixins.py'), /^class InvoiceMixin:$/m);
    assert.equal(textAfter(pulled, 'shop/checkout.py'), pulled.files.get(`${ROOT}/shop/checkout.py`));
    assert.ok(pulled.pullUp.result.safe);
    assert.match(pulled.pullUp.result.summary, /; the classes in shop\/ stay as they are: `CartLine` is decorated with `@cache_totals`, which may read the members the class defines itself$/);
    const none = await pullUp(fixture.replace(`${view('InvoiceLine')}`, `from .caching import cache_totals\n\n\n${view('InvoiceLine', '@cache_totals\n')}`), ['shop/cart.py:CartTotal', 'shop/checkout.py:CartLine', 'billing/payments.py:InvoiceTotal', 'billing/invoices.py:InvoiceLine']);
    assert.match(refusalOf(none), /^`InvoiceLine` \(billing\/invoices\.py\), .* are in modules of different packages: .*; within each package: the classes in billing\/ stay as they are: `InvoiceLine` is decorated .*; the classes in shop\/ stay as they are: `CartLine` is decorated/);
    assert.equal(none.pullUp.notOffered, undefined, 'a part failing a check is a refusal, not a missing action');
  });
});
