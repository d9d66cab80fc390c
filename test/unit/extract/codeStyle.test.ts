/** New calls and signatures fit the project's line length, wrapped as black wraps them. */
import { strict as assert } from 'node:assert';
import { wrappedCall } from '../../../server/src/refactor/extract/codeStyle';

describe('code style of new code', () => {
  it('keeps a call on one line when it fits, else the arguments on one indented line, else one a line', () => {
    assert.equal(wrappedCall('    ', 'total = compute', ['a', 'b'], '', 79), '    total = compute(a, b)');
    assert.equal(
      wrappedCall('    ', 'subtotal, tax, shipping = handle_checkout_quote', ['customer', 'cart', 'coupon', 'country'], '', 60),
      '    subtotal, tax, shipping = handle_checkout_quote(\n        customer, cart, coupon, country\n    )',
    );
    assert.equal(
      wrappedCall('', 'def handle_checkout_quote', ['customer_account', 'shopping_cart', 'discount_coupon'], ':', 30),
      'def handle_checkout_quote(\n    customer_account,\n    shopping_cart,\n    discount_coupon,\n):',
    );
  });
});
