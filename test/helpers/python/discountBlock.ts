import * as fs from 'fs';
import * as path from 'path';

/**
 * An 11-line function between 80 and 100 tokens: a clone by the defaults (50 tokens, 5 lines) when pasted twice.
 * `saveArguments` lets a test put a non-ASCII string into it.
 */
export function discountBlock(saveArguments = 'update_fields=["total"]'): string {
  return `def apply_discount(order):
    subtotal = 0
    for item in order.items.all():
        if item.quantity <= 0:
            continue
        subtotal += item.unit_price * item.quantity
    if order.coupon and order.coupon.active:
        subtotal -= subtotal * order.coupon.percent / 100
    order.total = subtotal
    order.save(${saveArguments})
    return order
`;
}

/** `count` modules `shop/copyNN.py` under `root`, each `prefix` and then the block; their paths relative to `root`, in order. */
export function writeCopies(root: string, count: number, prefix = ''): string[] {
  const files = Array.from({ length: count }, (_, i) => `shop/copy${String(i + 1).padStart(2, '0')}.py`);
  for (const file of files) fs.writeFileSync(path.join(root, file), prefix + discountBlock());
  return files;
}
