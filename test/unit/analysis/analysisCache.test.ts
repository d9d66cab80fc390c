import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { writeCopies } from '../../helpers/python/discountBlock';
import { cacheFile, firstRun, load, openCache, save, writeCacheProject } from '../../helpers/workspace/cacheFixture';

describe('analysis cache: hits and misses', () => {
  let root: string;
  let cold: string;
  beforeEach(async () => {
    root = writeCacheProject();
    cold = (await load(root)).report;
  });
  afterEach(() => removeWorkspace(root));

  it('a second run takes every file from the cache and reports exactly what a run without it does', async () => {
    const first = await firstRun(root);
    assert.equal(first.result.cached, 0);
    assert.equal(first.report, cold);
    const logged: string[] = [];
    const cache = await openCache(root, logged);
    const second = await load(root, cache);
    assert.deepEqual(logged, []);
    assert.deepEqual(second.result, { files: 5, cached: 5, cancelled: false });
    assert.equal(second.report, cold);
    assert.match(cold, /duplicate-block/);
    assert.match(cold, /long-file/);
    const before = fs.statSync(cacheFile(root)).ino;
    assert.equal(await save(cache, second), true);
    assert.equal(fs.statSync(cacheFile(root)).ino, before, 'nothing changed, so the file is not rewritten');
  });

  it('restores the clone index it saved, which then follows edits like one built by comparing', async () => {
    await firstRun(root);
    const cache = await openCache(root);
    const warm = await load(root, cache);
    const restored = warm.index.cloneSnapshot();
    assert.equal(restored.files.length, 5);
    assert.ok(restored.pairs.length > 0);
    // The same object the cache handed out: nothing was compared again.
    assert.equal(warm.index.cloneSnapshot(), restored);
    const views = path.join(root, 'shop/views.py');
    const coldIndex = (await load(root)).index;
    for (const index of [warm.index, coldIndex]) index.update(views, 'def checkout(request, order):\n    return order\n');
    assert.deepEqual(JSON.stringify(warm.index.findings()), JSON.stringify(coldIndex.findings()));
    assert.notEqual(warm.index.cloneSnapshot(), restored);
  });

  it('restores the findings it saved, and runs every detector again after the first change', async () => {
    await firstRun(root);
    const warm = await load(root, await openCache(root));
    const restored = warm.index.resultsSnapshot();
    assert.equal(warm.index.resultsSnapshot(), restored, 'the findings handed out by the cache, not made again');
    assert.equal(warm.report, cold);
    const coldIndex = (await load(root)).index;
    const api = path.join(root, 'shop/api.py');
    for (const index of [warm.index, coldIndex]) index.update(api, 'def update_order(request, order):\n    return None\n');
    assert.deepEqual(JSON.stringify(warm.index.findings()), JSON.stringify(coldIndex.findings()));
    assert.notEqual(warm.index.resultsSnapshot(), restored);
    assert.deepEqual(warm.index.duplication(), coldIndex.duplication());
  });

  it("restores the project rules' findings it saved while their modules' facts are the cached ones", async () => {
    await firstRun(root);
    const warm = await load(root, await openCache(root));
    const restored = warm.index.project.snapshot();
    assert.ok(restored && restored.modules.length > 0);
    assert.equal(warm.report, cold);
    const again = await load(root, await openCache(root));
    assert.notEqual(again.index.project.snapshot(), restored, 'each open hands out its own');
    fs.writeFileSync(path.join(root, 'shop/models.py'), 'from django.db import models\n');
    const changed = await load(root, await openCache(root));
    assert.equal(changed.report, (await load(root)).report);
    assert.ok(!changed.index.project.snapshot()?.modules.some((module) => module.path.endsWith('models.py') && module.facts === restored.modules.find((m) => m.path === module.path)?.facts));
  });

  it('analyses a changed file again and takes the others from the cache', async () => {
    await firstRun(root);
    fs.writeFileSync(path.join(root, 'shop/models.py'), 'from django.db import models\n');
    const expected = (await load(root)).report;
    const cache = await openCache(root);
    const warm = await load(root, cache);
    assert.equal(warm.result.cached, 4);
    assert.equal(warm.report, expected);
    assert.doesNotMatch(warm.report, /long-file/);
    await save(cache, warm);
    const again = await load(root, await openCache(root));
    assert.equal(again.result.cached, 5, 'the new analysis was saved');
  });

  // Per-file findings are made again from the cached outline; clones are compared again under other thresholds.
  for (const [what, settings, gone] of [
    ['long-file limit', { ...DEFAULT_SETTINGS, longFile: { ...DEFAULT_SETTINGS.longFile, maxCodeLines: 10_000, severity: 'error' as const } }, /long-file/],
    ['clone size', { ...DEFAULT_SETTINGS, duplicateBlock: { ...DEFAULT_SETTINGS.duplicateBlock, minTokens: 200 } }, /duplicate-block/],
  ] as const) {
    it(`serves another ${what}: every file from the cache, the findings those settings give`, async () => {
      await firstRun(root);
      const warm = await load(root, await openCache(root), settings);
      assert.equal(warm.result.cached, 5);
      assert.equal(warm.report, (await load(root, undefined, settings)).report);
      assert.doesNotMatch(warm.report, gone);
    });
  }

  it('finds unsaved editor text equal to the file in the cache, and analyses other text', async () => {
    await firstRun(root);
    const models = path.join(root, 'shop/models.py');
    const same = await load(root, await openCache(root), DEFAULT_SETTINGS, { overlay: (file) => (file === models ? fs.readFileSync(models, 'utf8') : undefined) });
    assert.equal(same.result.cached, 5);
    const edited = await load(root, await openCache(root), DEFAULT_SETTINGS, { overlay: (file) => (file === models ? 'x = 1\n' : undefined) });
    assert.equal(edited.result.cached, 4);
    assert.doesNotMatch(edited.report, /long-file/);
  });

  it('keeps only the entries of files still there', async () => {
    await firstRun(root);
    fs.rmSync(path.join(root, 'billing/invoices.py'));
    const cache = await openCache(root);
    const warm = await load(root, cache);
    await save(cache, warm);
    const reopened = await openCache(root);
    assert.equal(reopened.has(path.join(root, 'billing/invoices.py')), false);
    assert.equal(reopened.has(path.join(root, 'shop/views.py')), true);
  });

  it('names files relative to the folder, so a moved project keeps its cache', async () => {
    await firstRun(root);
    const moved = `${root}-moved`;
    fs.renameSync(root, moved);
    try {
      const warm = await load(moved, await openCache(moved));
      assert.equal(warm.result.cached, 5);
      assert.equal(warm.report, (await load(moved)).report);
    } finally {
      fs.renameSync(moved, root);
    }
  });

  it('keeps itself out of version control with a .gitignore of its own', async () => {
    await firstRun(root);
    assert.equal(fs.readFileSync(path.join(root, '.untangle/cache/.gitignore'), 'utf8').split('\n').filter((line) => line && !line.startsWith('#')).join(), '*');
    assert.deepEqual(fs.readdirSync(path.join(root, '.untangle')), ['cache'], 'nothing else in .untangle/, which a baseline may share');
  });

  it('stores each copy of a duplicate once, however many findings list it: the file grows with the copies, not their square', async () => {
    const sizes: number[] = [];
    for (const copies of [30, 60]) {
      const many = writeWorkspace('#- shop/__init__.py\n');
      try {
        writeCopies(many, copies);
        const first = await firstRun(many);
        assert.equal(first.index.findings().filter((finding) => finding.rule === 'duplicate-block').length, copies);
        const warm = await load(many, await openCache(many));
        assert.equal(warm.result.cached, copies + 1);
        assert.equal(warm.report, first.report);
        sizes.push(fs.statSync(cacheFile(many)).size);
      } finally {
        removeWorkspace(many);
      }
    }
    // Twice the copies: twice the entries, four times the related places each finding lists (3.3× the file when each was stored whole).
    assert.ok(sizes[1] / sizes[0] < 2.6, `${sizes[1]} / ${sizes[0]} bytes`);
  });
});
