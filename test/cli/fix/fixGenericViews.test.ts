/**
 * `untangle fix --rule hand-written-crud-view` on a copy of the example shop: every convertible
 * view becomes its generic view (the supplier pages Django's edit, list and detail views), the shipping rates' and the coupons' (a function and a class) hand-written pairs one viewset each in one step, the suppliers' pair of generic views one viewset (its URL conf
 * rewritten too), the one answering an empty 404 with a `handle_exception` keeping it, and
 * `check` afterwards reports none. (The behaviour oracle, test/example/
 * genericViewsOracle.test.ts, proves the converted shop answers as before.)
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyExample } from '../../helpers/django/djangoProject';
import { untangle } from '../../helpers/processes/cli';

describe('untangle fix --rule hand-written-crud-view', function () {
  this.timeout(120_000);
  let shop: string;
  before(() => {
    shop = copyExample('shop');
  });
  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('converts the hand-written CRUD views (of the hard stage) and leaves none', () => {
    const run = untangle(['fix', '--rule', 'hand-written-crud-view', '--no-cache'], shop);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^19 applied, 0 refused, 0 not offered, 4 files changed$/m, run.stdout);
    assert.match(run.stdout, /^applied: Convert to generic view: `ReviewDetail` is now a `RetrieveUpdateDestroyAPIView` in backoffice_views\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `supplier_edit` is now an `UpdateView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `supplier_contact` is now an `UpdateView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `supplier_lead_time` is now an `UpdateView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `supplier_directory` is now a `ListView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `SupplierQuickAdd` is now a `CreateView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `supplier_page` is now a `DetailView` in supplier_pages\.py$/m);
    assert.match(run.stdout, /^applied: Join into a ModelViewSet: `shipping_rate_list` and `shipping_rate_detail` converted to generic views; `ShippingRateList` and `ShippingRateDetail` are now `ShippingRateViewSet` \(ModelViewSet\) in backoffice_views\.py$/m);
    assert.match(run.stdout, /^applied: Join into a ModelViewSet: `coupon_list` and `CouponDetail` converted to generic views; `CouponList` and `CouponDetail` are now `CouponViewSet` \(ModelViewSet\) in backoffice_views\.py$/m);
    assert.match(run.stdout, /^applied: Join into a ModelViewSet: `SupplierList` and `SupplierDetail` are now `SupplierViewSet` \(ModelViewSet\) in backoffice_views\.py$/m);
    assert.match(run.stdout, /^applied: Convert to generic view: `CustomerDetail` is now a `RetrieveAPIView` in backoffice_views\.py$/m);
    const again = untangle(['check', '.', '--format', 'json', '--no-cache'], shop);
    const left = JSON.parse(again.stdout).findings.filter((f: { rule: string }) => f.rule === 'hand-written-crud-view');
    assert.deepEqual(left, []);
  });

  it('has one stage', () => {
    const run = untangle(['fix', '--rule', 'hand-written-crud-view', '--stage', 'soft'], shop);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /every other rule has one stage/);
  });
});
