import { strict as assert } from 'node:assert';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AnalysisPool, posted, workerLimits } from '../../../server/src/analysis/analysisPool';
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
  it("hand back the analysis the main thread makes, the facts (sent packed) less their undefined fields", async function () {
    const pool = AnalysisPool.forFiles(40, 1 << 20);
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

  it('post the facts packed (deflated JSON, as the cache stores them), in a buffer of their own rather than a view on a larger one', async () => {
    const file = path.join(os.tmpdir(), 'shop', 'models.py');
    const analyzed = analyzeModule(await loadPythonParser(), file, MODELS, DEFAULT_SETTINGS);
    const sent = posted({ id: 0, kind: 'analyzed', analyzed, hash: '' });
    assert.ok(sent.factsPacked && sent.kind === 'analyzed' && !('facts' in sent.analyzed.analysis));
    assert.equal(sent.factsPacked.buffer.byteLength, sent.factsPacked.byteLength);
    assert.deepStrictEqual(JSON.parse(zlib.inflateRawSync(sent.factsPacked).toString('latin1')), JSON.parse(JSON.stringify(analyzed.analysis.facts)));
  });

  it('keep their heaps small, with room for the largest module allowed', () => {
    assert.deepEqual(workerLimits(1024 * 1024), { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 });
    assert.deepEqual(workerLimits(100 * 1024), { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 512 });
    assert.deepEqual(workerLimits(10 * 1024 * 1024).maxOldGenerationSizeMb, 5120);
  });

  it('analyse a module as large as the size limit allows, of the densest code tried, within those limits', async function () {
    const maxBytes = DEFAULT_SETTINGS.maxFileSizeKb * 1024;
    const pool = AnalysisPool.forFiles(40, maxBytes);
    if (!pool) this.skip();
    try {
      const text = denseViews(maxBytes);
      const result = await pool.analyze({ file: path.join(os.tmpdir(), 'shop', 'views.py'), maxBytes, settings: DEFAULT_SETTINGS, text });
      assert.equal(result.kind, 'analyzed');
      assert.equal(result.analyzed.analysis.outline.symbols.length, text.split('\ndef ').length - 1);
    } finally {
      await pool.close();
    }
  });
});

/** View functions back to back, up to `bytes`: 1 MB of them took a worker 128–256 MB of old generation. */
function denseViews(bytes: number): string {
  const view = (n: number) => `
def view_${n}(request, pk):
    obj = Order.objects.filter(pk=pk).select_related("customer").first()
    if request.method == "POST":
        form = OrderForm(request.POST, instance=obj)
        if form.is_valid():
            form.save()
            return redirect("orders:detail", pk=obj.pk)
    return render(request, "orders/detail.html", {"obj": obj, "items": [i.name for i in obj.items.all()]})
`;
  let text = 'from django.shortcuts import redirect, render\n';
  for (let n = 0; text.length + view(n).length <= bytes; n++) text += view(n);
  return text;
}
