import { strict as assert } from 'node:assert';
import { buildPlan } from '../../../extension/src/panel/planModel';
import { buildHealth } from '../../../extension/src/panel/healthModel';
import type { PlanRequest } from '../../../server/src/protocol';
import type { Baseline } from '../../../server/src/core/baseline/baseline';
import type { Figures } from '../../../server/src/core/model/figures';

function finding(rule: PlanRequest.Finding['rule'], path: string, line: number, lines: number, fingerprint = `${path}:${line}`, stage: PlanRequest.Finding['stage'] = 'soft'): PlanRequest.Finding {
  return {
    rule,
    stage,
    severity: 'warning',
    uri: `file:///ws/${path}`,
    path,
    range: { start: { line, character: 0 }, end: { line, character: 1 } },
    message: `${rule} at ${line}`,
    fingerprint,
    lines,
  };
}

const FIGURES: Figures = { pythonFiles: 4, codeLines: 2000, longFiles: 1, logicHeavyViews: 2, duplicatedLines: 100, duplicatedPercentage: 5, nearDuplicateLines: 40, largestFiles: [{ path: 'shop/views.py', codeLines: 1240 }] };

const FOLDER: PlanRequest.Folder = {
  uri: 'file:///ws',
  name: 'ws',
  findings: [
    finding('logic-heavy-view', 'shop/views.py', 10, 40),
    finding('long-file', 'shop/views.py', 0, 1240),
    finding('duplicate-block', 'billing/api.py', 5, 30),
    finding('logic-heavy-view', 'shop/api.py', 3, 60),
    finding('duplicate-block', 'manage.py', 1, 10),
    finding('duplicate-block', 'shop/models.py', 40, 12, 'shop/models.py:40', 'hard'),
  ],
  files: [
    { path: 'shop/views.py', codeLines: 1240, groups: 4 },
    { path: 'shop/api.py', codeLines: 200, groups: 1 },
  ],
  figures: FIGURES,
};

describe('the panel’s view models', () => {
  it('groups findings by stage, app and file, largest impact first; empty stages say what they look for', () => {
    const [soft, hard, database, monitoring] = buildPlan([FOLDER], new Map());
    assert.deepEqual([soft, hard, database, monitoring].map((s) => [s.label, s.findings]), [['Soft refactor', 5], ['Hard refactor', 1], ['Database', 0], ['Monitoring', 0]]);
    assert.deepEqual(hard.apps.map((a) => [a.name, a.files.map((f) => f.path)]), [['shop', ['shop/models.py']]], 'the stage the server names, whatever the rule');
    assert.match(database.placeholder, /^Nothing found: unsafe migrations/);
    assert.deepEqual(soft.apps.map((a) => [a.name, a.impact]), [['shop', 1340], ['billing', 30], ['ws', 10]], 'a file at the folder root belongs to the folder');
    const shop = soft.apps[0];
    assert.deepEqual(shop.files.map((f) => f.label), ['views.py · 1,240 lines · 4 groups', 'api.py · 200 lines · 1 group']);
    assert.deepEqual(shop.files[0].findings.map((f) => f.finding.rule), ['long-file', 'logic-heavy-view']);
    assert.ok(soft.apps.every((a) => a.files.every((f) => f.findings.every((x) => x.isNew))), 'without a baseline everything is new');
  });

  it('marks what the baseline accepts, counting identical findings', () => {
    const twice = { ...FOLDER, findings: [...FOLDER.findings, finding('duplicate-block', 'billing/api.py', 50, 30, 'billing/api.py:5')] };
    const baseline: Baseline = {
      version: 1,
      savedAt: '2026-11-01T00:00:00.000Z',
      findings: [{ rule: 'duplicate-block', path: 'billing/api.py', fingerprint: 'billing/api.py:5' }, { rule: 'long-file', path: 'shop/views.py', fingerprint: 'shop/views.py:0' }],
    };
    const [soft] = buildPlan([twice], new Map([[FOLDER.uri, baseline]]));
    const all = soft.apps.flatMap((a) => a.files.flatMap((f) => f.findings));
    assert.deepEqual(all.filter((f) => !f.isNew).map((f) => `${f.finding.path}:${f.finding.range.start.line}`).sort(), ['billing/api.py:5', 'shop/views.py:0']);
    assert.equal(all.filter((f) => f.isNew).length, 4, 'the second copy of the accepted duplicate is new');
  });

  it('adds up the figures and gives the trend against the baseline’s', () => {
    assert.equal(buildHealth([FOLDER], new Map()).trend, undefined);
    const baseline: Baseline = { version: 1, savedAt: '2026-11-01T00:00:00.000Z', findings: [], figures: { ...FIGURES, codeLines: 2500, longFiles: 2, duplicatedPercentage: 7.5 } };
    const health = buildHealth([FOLDER, { ...FOLDER, uri: 'file:///other', figures: { ...FIGURES, duplicatedLines: 0 } }], new Map([[FOLDER.uri, baseline]]));
    assert.equal(health.figures.codeLines, 4000);
    assert.equal(health.figures.duplicatedPercentage, 2.5);
    assert.deepEqual(health.trend, { codeLines: -500, longFiles: -1, logicHeavyViews: 0, duplicatedPercentage: 1 }, 'only the folder with a baseline is compared');
    assert.equal(health.baselineSavedAt, '2026-11-01T00:00:00.000Z');
  });
});
