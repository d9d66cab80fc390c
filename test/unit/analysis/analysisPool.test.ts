import { strict as assert } from 'node:assert';
import * as os from 'os';
import * as path from 'path';
import { AnalysisPool } from '../../../server/src/analysis/analysisPool';
import { analyzeModule } from '../../../server/src/analysis/analyzeModule';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';

const MODELS = `from django.db import models


class Order(models.Model):
    customer = models.ForeignKey("Customer", on_delete=models.CASCADE)

    def label(self):
        return self.customer.name
`;

describe('analysis workers', () => {
  it("hand back the analysis the main thread makes, the facts (sent as JSON) less their undefined fields", async function () {
    const pool = AnalysisPool.forFiles(40);
    // One core: no workers to test.
    if (!pool) this.skip();
    try {
      const file = path.join(os.tmpdir(), 'shop', 'models.py');
      const result = await pool.analyze({ file, maxBytes: 1 << 20, settings: DEFAULT_SETTINGS, text: MODELS });
      assert.equal(result.kind, 'analyzed');
      const theirs = result.analyzed.analysis;
      const ours = analyzeModule(await loadPythonParser(), file, MODELS, DEFAULT_SETTINGS).analysis;
      assert.deepEqual(
        theirs.facts?.queries.reads.map((read) => [read.root, read.path, read.scope]),
        [['self', ['customer', 'name'], 'Order.label']],
      );
      assert.deepStrictEqual(theirs.facts, JSON.parse(JSON.stringify(ours.facts)));
      assert.deepStrictEqual(theirs.outline, ours.outline);
      assert.deepStrictEqual(theirs.findings, ours.findings);
    } finally {
      await pool.close();
    }
  });
});
