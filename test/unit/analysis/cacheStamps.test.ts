import { strict as assert } from 'node:assert';
import { mock } from 'node:test';
import * as fs from 'fs';
import nodeFs = require('fs');
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { fileStamp, RACY_MS } from '../../../server/src/fs/fileStamp';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import type { AnalysisCache } from '../../../server/src/analysis/cache/analysisCache';
import { firstRun, load, openCache, writeCacheProject } from '../../helpers/workspace/cacheFixture';

/** How many times files `cache` holds are opened while `run` runs. */
async function opensDuring(cache: AnalysisCache, run: () => Promise<unknown>): Promise<number> {
  const { openSync } = nodeFs;
  let opens = 0;
  const spy = mock.method(nodeFs, 'openSync', (file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
    if (cache.has(String(file))) opens++;
    return openSync(file, flags, mode);
  });
  try {
    await run();
  } finally {
    spy.mock.restore();
  }
  return opens;
}

/** A whole second an hour ago: file times that utimes sets back exactly (it takes seconds as a double, losing nanoseconds). */
const AN_HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;

/** The cache project, its files' mtimes AN_HOUR_AGO, left alone long enough that their stamps (ctime too) are settled. */
async function settledProject(): Promise<string> {
  const root = writeCacheProject();
  for (const file of ['shop/__init__.py', 'shop/views.py', 'shop/api.py', 'shop/models.py', 'billing/invoices.py']) fs.utimesSync(path.join(root, file), AN_HOUR_AGO, AN_HOUR_AGO);
  await new Promise((resolve) => setTimeout(resolve, RACY_MS + 200));
  return root;
}

describe('analysis cache: file stamps (size, inode, mtime, ctime)', () => {
  let root: string;
  afterEach(() => removeWorkspace(root));

  it('takes files whose stamp is unchanged from the cache without reading them, with the findings of a run without it', async () => {
    root = await settledProject();
    await firstRun(root);
    let warm!: Awaited<ReturnType<typeof load>>;
    const cache = await openCache(root);
    assert.equal(await opensDuring(cache, async () => (warm = await load(root, cache))), 0);
    assert.equal(warm.result.cached, 5);
    assert.equal(warm.report, (await load(root)).report);
  });

  it('reads again a file whose bytes changed though its size and mtime were put back (its ctime moved)', async () => {
    root = await settledProject();
    await firstRun(root);
    const api = path.join(root, 'shop/api.py');
    const before = fs.statSync(api);
    fs.writeFileSync(api, fs.readFileSync(api, 'utf8').replace('update_order', 'update_items'));
    fs.utimesSync(api, AN_HOUR_AGO, AN_HOUR_AGO);
    const after = fs.statSync(api);
    assert.deepEqual([after.size, after.ino, after.mtimeMs], [before.size, before.ino, before.mtimeMs]);
    const warm = await load(root, await openCache(root));
    assert.equal(warm.result.cached, 4);
    assert.equal(warm.report, (await load(root)).report);
  });

  it('keeps no stamp of a file changed just before it was read (racy): the next run reads it', async () => {
    root = writeCacheProject();
    await firstRun(root);
    const cache = await openCache(root);
    assert.equal(await opensDuring(cache, () => load(root, cache)), 5);
  });

  it('skips a file over a lowered size limit even though its stamp is unchanged', async () => {
    root = await settledProject();
    await firstRun(root);
    const settings = { ...DEFAULT_SETTINGS, maxFileSizeKb: 1 };
    const warm = await load(root, await openCache(root), settings);
    const cold = await load(root, undefined, settings);
    assert.equal(warm.report, cold.report);
    assert.ok(warm.index.skipped().some((skipped) => skipped.path.endsWith('models.py')));
  });

  it('says a stamp is settled only when the file last changed more than RACY_MS before it was taken', () => {
    root = writeCacheProject();
    const file = path.join(root, 'shop/api.py');
    assert.equal(fileStamp(file)?.settled, false);
    assert.equal(fileStamp(file, Date.now() + RACY_MS + 10)?.settled, true);
    assert.equal(fileStamp(path.join(root, 'shop')), undefined, 'a folder');
    assert.equal(fileStamp(path.join(root, 'gone.py')), undefined);
  });
});
