import { strict as assert } from 'node:assert';
import * as path from 'path';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import { detectMixedResponsibilities } from '../../../server/src/detectors/mixedResponsibilities';
import { EXAMPLES } from '../../helpers/django/djangoProject';
import { detectIn, sourcesOfFolder } from './projectSources';

const MODELS = `
  #- shop/models.py
  from django.db import models

  class Order(models.Model):
      total = models.DecimalField(max_digits=9, decimal_places=2)

  class Payment(models.Model):
      order = models.ForeignKey(Order, on_delete=models.CASCADE)

  class Shipment(models.Model):
      order = models.ForeignKey(Order, on_delete=models.CASCADE)

  class Coupon(models.Model):
      code = models.CharField(max_length=20)
`;

/** An order service doing payments, shipments and coupons; `link` makes shipping call payments. */
function service(link = false): string {
  return `${MODELS}
  #- shop/services.py
  from .models import Coupon, Order, Payment, Shipment

  class OrderService:
      def order_total(self, order):
          return Order.objects.get(pk=order).total

      def charge_payment(self, order):
          return Payment.objects.create(order=order)

      def refund_payment(self, payment):
          Payment.objects.filter(pk=payment.pk).delete()

      def create_shipment(self, order):
          ${link ? 'self.charge_payment(order)\n          ' : ''}return Shipment.objects.create(order=order)

      def track_shipment(self, shipment):
          return Shipment.objects.get(pk=shipment).order

      def apply_coupon(self, order, code):
          return Coupon.objects.get(code=code)

      def expire_coupon(self, code):
          Coupon.objects.filter(code=code).delete()
  `;
}

const findingsOf = (fixture: string, settings = DEFAULT_SETTINGS): Promise<Finding[]> => detectIn(detectMixedResponsibilities, fixture, settings);

describe('mixed-responsibilities', () => {
  it('names the unrelated groups of a class and their methods, as a hard-stage hint', async () => {
    const findings = await findingsOf(service());
    assert.deepEqual(
      findings.map((f) => [path.basename(f.path), f.range.start.line, f.severity, f.stage, f.message]),
      [
        [
          'services.py',
          2,
          'hint',
          'hard',
          '`OrderService` mixes payment, shipment and coupon: 3 groups of methods that do not call each other: payment (`charge_payment`, `refund_payment`); shipment (`create_shipment`, `track_shipment`); coupon (`apply_coupon`, `expire_coupon`). One class per group keeps each change in one place.',
        ],
      ],
    );
  });

  it('groups whose methods call each other are one responsibility', async () => {
    assert.deepEqual(await findingsOf(service(true)), []);
  });

  it('asks for the configured number of groups and of methods per group', async () => {
    assert.equal((await findingsOf(service(), settingsSchema.parse({ mixedResponsibilities: { minGroups: 4 } }))).length, 0);
    assert.equal((await findingsOf(service(), settingsSchema.parse({ mixedResponsibilities: { minMethods: 3 } }))).length, 0);
    assert.equal((await findingsOf(service(), settingsSchema.parse({ mixedResponsibilities: { enabled: false } }))).length, 0);
  });

  it('groups a class whose methods use the models under the names it imports them as', async () => {
    // The rule skips the grouping of classes using no imported model: an alias is the name the methods use.
    const aliases: Record<string, string> = { Coupon: 'Voucher', Order: 'Purchase', Payment: 'Charge', Shipment: 'Parcel' };
    const aliased = service()
      .replace('from .models import Coupon, Order, Payment, Shipment', 'from .models import Coupon as Voucher, Order as Purchase, Payment as Charge, Shipment as Parcel')
      .replace(/(Coupon|Order|Payment|Shipment)\.objects/g, (_, model: string) => `${aliases[model]}.objects`);
    const findings = await findingsOf(aliased);
    assert.deepEqual(findings.map((f) => f.message.slice(0, f.message.indexOf(':'))), ['`OrderService` mixes charge, parcel and voucher']);
  });

  it('words alone are aspects of a class, not features; test classes are left out', async () => {
    const fixture = `${MODELS}
      #- geo/shapes.py
      class Shape:
          def _get_srid(self): return self._srid
          def _set_srid(self, value): self._srid = value
          def get_extent(self): return self._extent
          def set_extent(self, value): self._extent = value
          def get_label(self): return self._label
          def set_label(self, value): self._label = value
      #- shop/tests.py
      from django.test import TestCase
      from .models import Coupon, Payment, Shipment

      class ShopTests(TestCase):
          def test_payment(self): Payment.objects.create()
          def test_payment_refund(self): Payment.objects.all()
          def test_shipment(self): Shipment.objects.create()
          def test_shipment_tracking(self): Shipment.objects.all()
          def test_coupon(self): Coupon.objects.create()
          def test_coupon_expiry(self): Coupon.objects.all()
    `;
    assert.deepEqual(await findingsOf(fixture), []);
  });

  it("no hint on the example shop's classes", async () => {
    const sources = await sourcesOfFolder(path.join(EXAMPLES, 'shop'));
    const classes = [...sources.modules.values()].flatMap((facts) => facts.handRolled.classes);
    // Enough to mix something: classes with six methods or more, several of them about models.
    assert.ok(classes.filter((cls) => cls.methods.length >= 6).length >= 5, `only ${classes.length} classes`);
    assert.deepEqual(detectMixedResponsibilities(sources, DEFAULT_SETTINGS).map((f) => f.message), []);
  });
});
