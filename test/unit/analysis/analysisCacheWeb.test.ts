import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { loadFile } from '../../../server/src/analysis/loadWorkspace';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { cacheFile, firstRun, load, openCache, save, writeCacheProject } from '../../helpers/workspace/cacheFixture';
import { copyWebFiles, webDuplicates } from '../../helpers/workspace/webFixture';
import { withDuplicateBlock } from '../../helpers/workspace/workspaceIndexFixture';
import { decodeCache, encodeCache } from '../../../server/src/analysis/cache/cacheFormat';
import { buildFingerprint } from '../../../server/src/analysis/cache/cacheKeys';
import { tokenizeWebSource } from '../../../server/src/core/webClones/webTokens';

/** The cache project's 5 modules beside the web fixture's templates and static files. */
const PYTHON_FILES = 5;
const WEB_FILES = 7;
const CHECKOUT = 'shop/templates/shop/checkout.html';

describe('analysis cache: templates and static files', function () {
  this.timeout(30_000);
  let root: string;
  let cold: string;
  beforeEach(async () => {
    root = writeCacheProject();
    copyWebFiles(root);
    cold = (await load(root)).report;
  });
  afterEach(() => removeWorkspace(root));

  it('takes their jscpd tokens from the cache (none tokenized again) and restores the findings, templates present', async () => {
    await firstRun(root);
    const cache = await openCache(root);
    const warm = await load(root, cache);
    assert.deepEqual(warm.result, { files: PYTHON_FILES + WEB_FILES, cached: PYTHON_FILES + WEB_FILES, cancelled: false });
    assert.equal(warm.report, cold);
    assert.ok(webDuplicates(warm.index, root).some((line) => line.startsWith(CHECKOUT)));
    const restored = warm.index.resultsSnapshot();
    assert.equal(warm.index.resultsSnapshot(), restored, 'the findings handed out by the cache, not made again');
    const before = fs.statSync(cacheFile(root)).ino;
    assert.equal(await save(cache, warm), true);
    assert.equal(fs.statSync(cacheFile(root)).ino, before, 'nothing changed, so the file is not rewritten');
  });

  it('follows a template edited after a restore as a fresh scan sees it', async () => {
    await firstRun(root);
    const warm = await load(root, await openCache(root));
    const coldIndex = (await load(root)).index;
    const checkout = path.join(root, CHECKOUT);
    for (const index of [warm.index, coldIndex]) await loadFile(index, checkout, '<p>nothing copied here</p>\n');
    assert.equal(JSON.stringify(warm.index.findings()), JSON.stringify(coldIndex.findings()));
    assert.ok(!webDuplicates(warm.index, root).some((line) => line.startsWith(CHECKOUT)));
  });

  it('tokenizes a changed template again and takes the others from the cache', async () => {
    await firstRun(root);
    const checkout = path.join(root, CHECKOUT);
    fs.writeFileSync(checkout, `${fs.readFileSync(checkout, 'utf8')}\n<footer>changed</footer>\n`);
    const cache = await openCache(root);
    const warm = await load(root, cache);
    assert.equal(warm.result.cached, PYTHON_FILES + WEB_FILES - 1);
    assert.equal(warm.report, (await load(root)).report);
    await save(cache, warm);
    assert.equal((await load(root, await openCache(root))).result.cached, PYTHON_FILES + WEB_FILES, 'the new tokens were saved');
  });

  it('tokenizes again under another clone size, whose frames differ', async () => {
    await firstRun(root);
    const settings = withDuplicateBlock({ minTokens: 200 });
    const warm = await load(root, await openCache(root), settings);
    assert.equal(warm.result.cached, PYTHON_FILES);
    assert.equal(warm.report, (await load(root, undefined, settings)).report);
    assert.notEqual(warm.report, cold);
  });

  it('drops the entry of a template no longer read', async () => {
    await firstRun(root);
    const cache = await openCache(root);
    const warm = await load(root, cache, { ...DEFAULT_SETTINGS, exclude: [...DEFAULT_SETTINGS.exclude, `**/${path.basename(CHECKOUT)}`] });
    await save(cache, warm);
    const reopened = await openCache(root);
    assert.equal(reopened.has(path.join(root, CHECKOUT)), false);
    assert.equal(reopened.has(path.join(root, 'shop/static/shop/cart.js')), true);
  });

  it('reads back the tokens it wrote, and refuses token maps whose frames do not fit their tokens', async () => {
    await firstRun(root);
    const decoded = decodeCache(fs.readFileSync(cacheFile(root)), buildFingerprint());
    assert.ok(decoded.ok);
    assert.equal(decoded.web.length, WEB_FILES);
    const cart = decoded.web.find((entry) => entry.path === 'shop/static/shop/cart.js')!;
    const text = fs.readFileSync(path.join(root, cart.path), 'utf8');
    assert.deepEqual(cart.source, tokenizeWebSource(text, 'javascript', DEFAULT_SETTINGS.duplicateBlock.minTokens));
    const spoilt = decoded.web.map((entry) => (entry === cart ? { ...entry, source: { maps: entry.source.maps.map((map) => ({ ...map, frames: map.frames.subarray(1) })) } } : entry));
    fs.writeFileSync(cacheFile(root), Buffer.concat(encodeCache(decoded.entries, decoded.folder, buildFingerprint(), 1 << 30, spoilt).buffers));
    const logged: string[] = [];
    const warm = await load(root, await openCache(root, logged));
    assert.deepEqual(logged, [`Ignored the analysis cache ${cacheFile(root)}: token maps do not match their frames. It is rebuilt.`]);
    assert.equal(warm.result.cached, 0);
    assert.equal(warm.report, cold);
  });
});
