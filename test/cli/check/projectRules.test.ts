/**
 * The project rules through the CLI (the rules that read the Django project as a whole, here the
 * `hand-rolled` catalogue): `check` reports them in every format with their stage, a warm run
 * restores the facts from the cache and reports the same, `# untangle: ignore` silences them,
 * and `fix --rule` applies their refactoring.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';

const PROJECT = `
#- requirements.txt
Django>=3.2
tenacity>=8
#- shop/__init__.py
#- shop/models.py
from django.db import models


class Parcel(models.Model):
    weight = models.IntegerField()
#- shop/carrier.py
import time

from django.conf import settings


def quote(parcel, send):
    for attempt in range(3):
        try:
            return send(settings.CARRIER_URL, parcel)
        except ConnectionError:
            if attempt == 2:
                raise
            time.sleep(2)
`;

describe('project rules from the CLI', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(PROJECT);
  });
  afterEach(() => removeWorkspace(root));

  const handRolled = (args: string[] = []) => {
    const run = untangle(['check', '.', '--format', 'json', ...args], root);
    const report = JSON.parse(run.stdout) as { findings: { rule: string; stage?: string; path: string; line: number }[] };
    return report.findings.filter((finding) => finding.rule === 'hand-rolled');
  };

  it('reports them with their stage, the same from a warm cache as from a cold run', () => {
    const cold = handRolled();
    assert.deepEqual(cold.map((finding) => [finding.path, finding.line, finding.stage]), [['shop/carrier.py', 7, 'hard']]);
    assert.ok(fs.existsSync(path.join(root, '.untangle/cache/analysis.bin')));
    assert.deepEqual(handRolled(), cold, 'the facts come back from the cache');
    assert.deepEqual(handRolled(['--no-cache']), cold);
    const sarif = JSON.parse(untangle(['check', '.', '--format', 'sarif'], root).stdout);
    assert.ok(sarif.runs[0].results.some((result: { ruleId: string }) => result.ruleId === 'hand-rolled'));
  });

  it('follows an edit between two warm runs, and an ignore comment silences the finding', () => {
    handRolled();
    const carrier = path.join(root, 'shop/carrier.py');
    fs.writeFileSync(carrier, fs.readFileSync(carrier, 'utf8').replace('    for attempt in range(3):', '    for attempt in range(3):  # untangle: ignore hand-rolled'));
    assert.deepEqual(handRolled(), []);
  });

  it('applies the rule’s refactoring with fix --rule, and --stage is for duplicate-block only', () => {
    const wrong = untangle(['fix', '.', '--rule', 'hand-rolled', '--stage', 'hard'], root);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--stage chooses between the soft and hard refactorings of --rule duplicate-block/);
    const run = untangle(['fix', '.', '--rule', 'hand-rolled'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /1 applied, 0 refused/);
    assert.match(fs.readFileSync(path.join(root, 'shop/carrier.py'), 'utf8'), /@retry\(stop=stop_after_attempt\(3\), wait=wait_fixed\(2\)/);
    assert.deepEqual(handRolled(), []);
  });
});
