/**
 * The hard refactor on examples/shop, headless: `untangle fix --rule duplicate-block --stage
 * hard` pulls up what the support classes repeat (timestamp fields, Meta options and a method of
 * three models, two serializers' declared fields, two admin classes' options, three viewsets'
 * methods), generalises the near-copies (the CSV exports differing in `Customer`/`Address`, which
 * the shop's suite downloads) into one function each, refuses the groups whose field order an
 * admin form shows, and leaves the project working: its suite passes, `makemigrations --check`
 * finds nothing, pyflakes nothing new, and the duplicated lines go down.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadPythonParser } from '../../server/src/core/parse/pythonParser';
import { loadProjects } from '../../server/src/cli/project';
import { assertDjangoProjectWorks, copyExample, pythonWithDjango } from '../helpers/django/djangoProject';
import { untangle } from '../helpers/processes/cli';
import { newMessages, pyflakes } from '../helpers/python/pythonOracle';

describe('the hard refactor on examples/shop', function () {
  this.timeout(600_000);
  let shop: string;
  before(() => {
    shop = copyExample('shop');
  });
  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('pulls the repeated members up, generalises the near-copies, refuses what a form would show reordered, and the shop keeps working with fewer duplicated lines', async () => {
    const python = pythonWithDjango();
    const lintBefore = pyflakes(shop);
    const duplicatedBefore = await duplicatedLines(shop);
    const run = untangle(['fix', '--rule', 'duplicate-block', '--stage', 'hard'], shop);
    assert.equal(run.code, 0, run.stderr);
    // Near-copies not offered are class bodies and field declarations (pulled up instead) and blocks using a views helper.
    assert.match(run.stdout, /^7 applied, 2 refused, 16 not offered, 9 files changed$/m, run.stdout);
    for (const expected of [
      /^applied: Pull `created_at`, `updated_at`, `Meta\.ordering`, `Meta\.get_latest_by`, `is_recent` up into abstract model `TimestampedModel`: /m,
      /^applied: Pull `created_at`, `updated_at` up into base serializer `TimestampedSerializer`: /m,
      /^applied: Pull `list_filter`, `date_hierarchy`, `readonly_fields`, `list_per_page` up into base admin `TimestampedAdmin`: /m,
      /^applied: Move `get_queryset`, `perform_create` into mixin `QuerysetCreateMixin`: /m,
      /^applied: Extract duplicated block into `build_response\(\)` in `utils\/customer\.py`: replaces 2 copies with calls to `build_response\(content_disposition, model\)`/m,
      /^applied: Extract duplicated block into `build_errors\(\)` in `utils\/order\.py`: replaces 3 copies/m,
      // Refund's and Order's editable fields would move to the top of their admin forms.
      /^refused: .*: inherited, `reason`, `created_at` would come before the other fields of `Refund`, which `admin\.site\.register\(Refund\)` in admin\.py \(the admin's default form\) shows$/m,
      /^refused: .*: inherited, `notes`, `created_at` would come before the other fields of `Order`, which `OrderAdmin` \(an admin form without `fields` or `fieldsets`\) in admin\.py shows$/m,
    ]) {
      assert.match(run.stdout, expected);
    }
    const support = fs.readFileSync(path.join(shop, 'shop/support.py'), 'utf8');
    assert.match(support, /^class QuerysetCreateMixin:\n {4}"""What ReturnRequestViewSet, SupportTicketViewSet and ProductQuestionViewSet share\."""\n\n {4}customer_lookup = None\n/m);
    assert.match(support, /^class SupportTicketViewSet\(QuerysetCreateMixin, viewsets\.ModelViewSet\):$/m);
    const exports = fs.readFileSync(path.join(shop, 'shop/exports.py'), 'utf8');
    assert.match(exports, /^ {4}response = build_response\('attachment; filename="customers\.csv"', Customer\)$/m);
    assert.match(exports, /^ {4}response = build_response\('attachment; filename="addresses\.csv"', Address\)$/m);

    assertDjangoProjectWorks(python, shop);
    assert.deepEqual(newMessages(lintBefore, pyflakes(shop)), [], 'pyflakes reports nothing new');
    const duplicatedAfter = await duplicatedLines(shop);
    assert.ok(duplicatedAfter < duplicatedBefore, `duplicated lines ${duplicatedBefore} → ${duplicatedAfter}`);
    const again = untangle(['check', '.', '--format', 'json'], shop);
    const left = JSON.parse(again.stdout).findings.filter((f: { rule: string; stage?: string; message: string }) => f.rule === 'duplicate-block' && f.stage === 'hard' && /repeated in/.test(f.message));
    assert.deepEqual([...new Set(left.map((f: { message: string }) => f.message))], ['`reason`, `created_at` repeated in 3 models (2 lines each)', '`notes`, `created_at` repeated in 2 models (2 lines each)'], 'what is left is what was refused');
  });
});

/** The shop's duplicated code lines, as the Health view counts them. */
async function duplicatedLines(root: string): Promise<number> {
  const [index] = await loadProjects([root], root, { parser: await loadPythonParser() });
  return index.duplication().duplicatedLines;
}
