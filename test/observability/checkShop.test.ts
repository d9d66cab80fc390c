import { strict as assert } from 'node:assert';
import { untangle } from '../helpers/processes/cli';
import { assertDjangoProjectWorks, pythonWithDjango } from '../helpers/django/djangoProject';
import { makeObservableOnDisk, shopCopy } from './observableShop';

interface ReportedFinding {
  readonly rule: string;
  readonly path: string;
  readonly stage?: string;
  readonly message: string;
}

function observabilityFindings(root: string): ReportedFinding[] {
  const { stdout } = untangle(['check', '--format', 'json', '--fail-on', 'never'], root);
  return (JSON.parse(stdout) as { findings: ReportedFinding[] }).findings.filter((finding) => finding.rule === 'observability');
}

describe('untangle check: observability of the example shop', () => {
  it('reports the settings until the action is applied, then nothing; the shop still works', async function () {
    this.timeout(120_000);
    const shop = shopCopy();
    const before = observabilityFindings(shop);
    assert.deepEqual(before.map((finding) => [finding.path, finding.stage]), [['shop_project/settings.py', 'monitoring']]);
    assert.match(before[0].message, /^Observability: logging ✗ · metrics ✗ · profiling ✗\./);
    await makeObservableOnDisk(shop, 'shop_project/settings.py');
    assert.deepEqual(observabilityFindings(shop), []);
    // Checks, migrations (the model mixin changes no table) and the shop's own suite, with the metrics wired.
    assertDjangoProjectWorks(pythonWithDjango(), shop);
  });
});
