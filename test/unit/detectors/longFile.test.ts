import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { analyzeModule } from '../../../server/src/analysis/analyzeModule';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/core/config/settings';
import { modelsModule } from '../../helpers/workspace/longModule';

describe('long-file detector', () => {
  const settings = (longFile: Partial<Settings['longFile']>): Settings => ({
    ...DEFAULT_SETTINGS,
    longFile: { ...DEFAULT_SETTINGS.longFile, ...longFile },
  });

  it('reports a module over the limit with its size and feature groups', async () => {
    const parser = await loadPythonParser();
    const text = modelsModule(['order', 'product', 'customer'], 3);
    const analysis = analyzeModule(parser, '/shop/models.py', text, settings({ maxCodeLines: 50 })).analysis;
    assert.equal(analysis.findings.length, 1);
    const [finding] = analysis.findings;
    assert.equal(finding.rule, 'long-file');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      `models.py has ${analysis.outline.codeLines} code lines in 3 feature groups: order, product, customer (limit 50)`,
    );
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 'from django.db import models'.length } });
  });

  it('is silent at or under the limit, and when disabled', async () => {
    const parser = await loadPythonParser();
    const text = modelsModule(['order'], 2);
    const lines = analyzeModule(parser, '/m.py', text, DEFAULT_SETTINGS).analysis.outline.codeLines;
    assert.deepEqual(analyzeModule(parser, '/m.py', text, settings({ maxCodeLines: lines })).analysis.findings, []);
    assert.equal(analyzeModule(parser, '/m.py', text, settings({ maxCodeLines: lines - 1 })).analysis.findings.length, 1);
    assert.deepEqual(analyzeModule(parser, '/m.py', text, settings({ maxCodeLines: 1, enabled: false })).analysis.findings, []);
  });

  it('uses the configured severity and formats large counts', async () => {
    const parser = await loadPythonParser();
    const text = modelsModule(['invoice'], 250);
    const [finding] = analyzeModule(parser, '/billing.py', text, settings({ maxCodeLines: 10, severity: 'error' })).analysis.findings;
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /^billing\.py has 1,\d{3} code lines in 1 feature group: invoice \(limit 10\)$/);
  });

  it('still analyses a file with syntax errors', async () => {
    const parser = await loadPythonParser();
    const text = `${modelsModule(['order'], 10)}\ndef broken(:\n    pass\n`;
    const { analysis } = analyzeModule(parser, '/m.py', text, settings({ maxCodeLines: 20 }));
    assert.ok(analysis.outline.firstSyntaxError);
    assert.equal(analysis.findings.length, 1);
  });
});
