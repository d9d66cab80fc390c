import { strict as assert } from 'node:assert';
import { countLines } from '../../../server/src/core/python/moduleOutline';
import { outline } from '../../helpers/python/python';

describe('moduleOutline', () => {
  it('lists top-level classes, functions and assignments with what they reference', async () => {
    const module = await outline(`
      from django.db import models
      from .utils import money as fmt, round_price
      import decimal, os.path as osp

      TAX_RATE, VAT = 0.2, 0.1

      @register
      class Order(models.Model):
          customer = models.ForeignKey("shop.Customer", on_delete=models.CASCADE)

          def total(self):
              return fmt(self.amount * TAX_RATE)

      def helper(order):
          return order.total()
    `);
    assert.deepEqual(
      module.symbols.map((s) => [s.kind, s.names.join(',')]),
      [
        ['variable', 'TAX_RATE,VAT'],
        ['class', 'Order'],
        ['function', 'helper'],
      ],
    );
    const order = module.symbols[1];
    assert.deepEqual(order.decorators, ['register']);
    assert.deepEqual(order.bases, ['models.Model']);
    assert.equal(order.range.start.line, 6, 'the range starts at the decorator');
    assert.ok(order.references.includes('Customer'), 'a lazy model string is a reference');
    assert.ok(order.references.includes('TAX_RATE'));
    assert.ok(order.references.includes('fmt'));
    assert.ok(!order.references.includes('on_delete'), 'keyword names are not references');
    assert.ok(!order.references.includes('ForeignKey'), 'attribute names are not references');
    assert.ok(!order.references.includes('Order'), 'its own name is not a reference');
    assert.deepEqual(
      module.imports.map((i) => [i.localName, i.module, i.importedName ?? null]),
      [
        ['models', 'django.db', 'models'],
        ['fmt', '.utils', 'money'],
        ['round_price', '.utils', 'round_price'],
        ['decimal', 'decimal', null],
        ['osp', 'os.path', null],
      ],
    );
  });

  it('counts the names an f-string’s fields read as references', async () => {
    const module = await outline(`
      def label(payment):
          return f"{payment.amount:{WIDTH}.2f} {CURRENCY!s} {{not_a_field}} {fmt(value=NET)}" + rf'{TAX=}'
    `);
    assert.deepEqual([...module.symbols[0].references].sort(), ['CURRENCY', 'NET', 'TAX', 'WIDTH', 'fmt', 'payment']);
  });

  it('records star imports and imports inside module-level try blocks', async () => {
    const module = await outline(`
      try:
          import ujson as json
      except ImportError:
          import json
      from .models import *
    `);
    assert.deepEqual(
      module.imports.map((i) => i.localName),
      ['json', 'json', '*'],
    );
  });

  it('records each import at its statement, and whether it is in the module, in a block or only for type checkers', async () => {
    const module = await outline(`
      """Shop views."""
      from __future__ import annotations
      import json, os.path as osp
      from typing import TYPE_CHECKING
      if TYPE_CHECKING:
          from .models import Order
      else:
          Order = None
      try:
          import ujson
      except ImportError:
          ujson = None
    `);
    assert.deepEqual(
      module.imports.map((i) => [i.localName, i.placement, i.range.start.line, i.range.start.character, i.range.end.character]),
      [
        ['json', 'module', 2, 0, 27],
        ['osp', 'module', 2, 0, 27],
        ['TYPE_CHECKING', 'module', 3, 0, 32],
        ['Order', 'typeChecking', 5, 4, 29],
        ['ujson', 'block', 9, 4, 16],
      ],
    );
    assert.equal(module.preambleEnd, 2, 'after the docstring and the __future__ import');
  });

  it('tolerates syntax errors and says where the first one is', async () => {
    const module = await outline(`
      class Fine:
          pass

      def broken(:
          return 1

      def after():
          return 2
    `);
    assert.ok(module.firstSyntaxError, 'a syntax error is reported');
    assert.equal(module.firstSyntaxError.start.line, 3);
    assert.ok(module.symbols.some((s) => s.name === 'Fine'));
    assert.ok(module.symbols.some((s) => s.name === 'after'), 'definitions after the error are still found');
  });

  it('counts lines as an editor does', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
    assert.equal(countLines('a\n\n'), 2);
  });
});
