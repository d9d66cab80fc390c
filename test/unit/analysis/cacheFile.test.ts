import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { AnalysisCache } from '../../../server/src/analysis/cache/analysisCache';
import { decodeCache, encodeCache, type StoredEntry } from '../../../server/src/analysis/cache/cacheFormat';
import { buildFingerprint, FORMAT_VERSION } from '../../../server/src/analysis/cache/cacheKeys';
import { IDENTIFIER_SHAPE, narrowPositions, TokenStreamBuilder } from '../../../server/src/core/python/tokenStream';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { forgetParsedFacts, lazyFacts, packedFacts, readableFacts } from '../../../server/src/analysis/cache/lazyFacts';
import { asciiJson } from '../../../server/src/analysis/cache/valueChecks';
import { cacheFile, craftFacts, load, openCache, save, unreadableFactsIn, writeCacheProject } from '../../helpers/workspace/cacheFixture';

describe('analysis cache file: nothing wrong is trusted, nothing half-written', () => {
  let root: string;
  let cold: string;
  beforeEach(async () => {
    root = writeCacheProject();
    cold = (await load(root)).report;
    const cache = await openCache(root);
    await save(cache, await load(root, cache));
  });
  afterEach(() => removeWorkspace(root));

  /** Opens the cache as it now is on disk, loads with it and says what was logged. */
  const reopen = async () => {
    const logged: string[] = [];
    const cache = await openCache(root, logged);
    const warm = await load(root, cache);
    assert.equal(warm.report, cold, 'the findings are right whatever the cache held');
    return { logged, cached: warm.result.cached, cache, warm };
  };

  /** The cache file's entries as decoded, to write altered copies. */
  const decoded = (): StoredEntry[] => {
    const result = decodeCache(fs.readFileSync(cacheFile(root)), buildFingerprint());
    assert.ok(result.ok);
    return result.entries;
  };
  const writeEntries = (entries: StoredEntry[]) => fs.writeFileSync(cacheFile(root), Buffer.concat(encodeCache(entries, {}, buildFingerprint(), 1 << 30).buffers));

  it('ignores a corrupt file (a byte flipped), says so once, and rebuilds it', async () => {
    const bytes = fs.readFileSync(cacheFile(root));
    bytes[Math.floor(bytes.length * 0.7)] ^= 0xff;
    fs.writeFileSync(cacheFile(root), bytes);
    const { logged, cached, cache, warm } = await reopen();
    assert.equal(cached, 0);
    assert.deepEqual(logged, [`Ignored the analysis cache ${cacheFile(root)}: checksum mismatch (corrupt). It is rebuilt.`]);
    await save(cache, warm);
    assert.equal((await reopen()).cached, 5);
  });

  for (const [what, spoil, reason] of [
    ['a truncated file', (bytes: Buffer) => bytes.subarray(0, bytes.length - 100), /truncated or extended/],
    ['a file from another build', (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(/"fingerprint":"./, '"fingerprint":"#'), 'latin1'), /written by another version of Untangle\. It is rebuilt\.$/],
    ['a file of another format', (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(`"format":${FORMAT_VERSION}`, `"format":${FORMAT_VERSION + 1}`), 'latin1'), /another version of Untangle \(unknown format\)/],
    // Format 7 stored every position in 32 bits: its arrays would be read at the wrong offsets.
    ['a file of the format before 16-bit positions', (bytes: Buffer) => Buffer.from(bytes.toString('latin1').replace(`"format":${FORMAT_VERSION}`, '"format":7'), 'latin1'), /another version of Untangle \(unknown format\)/],
    ['a file that is not a cache', () => Buffer.from('print("hello")\n'), /not an Untangle cache file/],
    ['an empty file', () => Buffer.alloc(0), /not an Untangle cache file/],
  ] as const) {
    it(`ignores ${what}`, async () => {
      fs.writeFileSync(cacheFile(root), spoil(fs.readFileSync(cacheFile(root))));
      const { logged, cached } = await reopen();
      assert.equal(cached, 0);
      assert.equal(logged.length, 1);
      assert.match(logged[0], reason);
    });
  }

  it('refuses a well-formed file whose outlines are not outlines (copied or crafted), rather than break the detectors', async () => {
    const entries = decoded();
    writeEntries(entries.map((entry, i) => (i === 2 ? { ...entry, outline: { ...entry.outline, symbols: [{ name: 7 }] } } : entry)) as StoredEntry[]);
    const { logged, cached } = await reopen();
    assert.equal(cached, 0);
    assert.match(logged[0], /entries do not match the format/);
  });

  it('reads a module’s facts when first used, and writes them back unchanged as read', () => {
    const entries = decoded();
    const withFacts = entries.filter((entry) => entry.facts);
    assert.ok(withFacts.length > 0, 'the project has modules with facts');
    const asRead = JSON.stringify(withFacts.map((entry) => entry.facts));
    writeEntries(entries);
    assert.equal(JSON.stringify(decoded().filter((entry) => entry.facts).map((entry) => entry.facts)), asRead);
  });

  it('unpacks forgotten facts again when next read, the same facts; forgetting facts made here or unreadable ones changes nothing', () => {
    const facts = decoded().find((entry) => entry.path === 'shop/models.py')!.facts!;
    const first = facts.django;
    assert.equal(facts.django, first, 'kept once read');
    forgetParsedFacts(facts);
    assert.notEqual(facts.django, first, 'unpacked again');
    assert.deepEqual(facts.django, first);
    const made = JSON.parse(JSON.stringify(facts)) as typeof facts;
    const django = made.django;
    forgetParsedFacts(made);
    assert.equal(made.django, django);
    const unreadable = lazyFacts(asciiJson(facts));
    assert.equal(readableFacts(unreadable), false);
    forgetParsedFacts(unreadable);
    assert.equal(readableFacts(unreadable), false);
  });

  it('keeps facts packed (deflated JSON, a fraction of its size); facts stored unpacked, as a crafted file might, are unreadable', () => {
    const facts = decoded().find((entry) => entry.path === 'shop/models.py')!.facts!;
    const json = asciiJson(facts);
    const packed = packedFacts(facts);
    assert.ok(packed.length * 4 < json.length, `${packed.length} bytes packed, ${json.length} as JSON`);
    assert.deepEqual(zlib.inflateRawSync(packed), json);
    assert.equal(readableFacts(lazyFacts(packed)), true);
    assert.equal(readableFacts(lazyFacts(json)), false);
  });

  const ignored = () => `Ignored the analysis cache's entry for ${path.join(root, 'shop/models.py')}: its project facts do not match the format (a crafted file?). The module is analysed again.`;

  it('analyses a module again when its facts are of the wrong shape (a crafted file: the checksum and the build matched), and drops them', async () => {
    assert.match(cold, /n-plus-one/, 'a finding read from models.py’s facts');
    craftFacts(cacheFile(root), 'shop/models.py', false);
    const { logged, cached, cache, warm } = await reopen();
    assert.equal(cached, 5, 'the module is taken from the cache, then analysed again');
    assert.deepEqual(logged, [ignored()]);
    await save(cache, warm);
    assert.deepEqual(unreadableFactsIn(cacheFile(root)), []);
    const again = await reopen();
    assert.deepEqual(again.logged, [], 'the saved cache holds the facts of the new analysis');
  });

  it('reads stored facts only when the rules run: restored findings leave a crafted module’s facts unread, a later run of the rules analyses it again', async () => {
    craftFacts(cacheFile(root), 'shop/models.py', true);
    const { logged, warm } = await reopen();
    assert.deepEqual(logged, [], 'the project findings are restored: no facts were read');
    // A template the project rules may read changed: they run again, reading every module's facts.
    warm.index.otherFileChanged(path.join(root, 'shop/templates/shop/page.html'), false);
    assert.equal(JSON.stringify({ findings: warm.index.findings(), duplication: warm.index.duplication() }), cold);
    assert.deepEqual(logged, [ignored()]);
    warm.index.otherFileChanged(path.join(root, 'shop/templates/shop/page.html'), false);
    warm.index.findings();
    assert.deepEqual(logged, [ignored()], 'said once');
  });

  it('reads back every character outside ASCII as written (the file holds them escaped)', () => {
    const entries = decoded();
    const names = ['prix_€', 'größe', 'receipt_🧾'];
    writeEntries(entries.map((entry, i) => (i === 0 ? { ...entry, outline: { ...entry.outline, symbols: names.map((name) => ({ ...entry.outline.symbols[0], name })) } } : entry)));
    const bytes = fs.readFileSync(cacheFile(root));
    assert.ok(!bytes.includes(Buffer.from('größe')) && bytes.includes(Buffer.from('gr\\u00f6\\u00dfe')), 'escaped, not UTF-8');
    const [first] = decoded();
    assert.deepEqual(first.outline.symbols.map((symbol) => symbol.name), names);
  });

  it('reads back an entry with no lines or tokens, whose arrays have no memory behind them', () => {
    const none = { length: 0, shapes: new Int32Array(0), exact: new Int32Array(0), startLines: new Int32Array(0), startColumns: new Int32Array(0), endLines: new Int32Array(0), endColumns: new Int32Array(0), boundaries: new Uint8Array(0) };
    const entries = decoded();
    writeEntries(entries.map((entry, i) => (i === 0 ? { ...entry, codeLineMask: new Uint8Array(0), tokens: none } : entry)));
    const read = decoded();
    assert.deepEqual(read.map((entry) => entry.tokens.length), [0, ...entries.slice(1).map((entry) => entry.tokens.length)]);
  });

  it('writes 16-bit positions as they are and reads back, value for value, a module whose columns need 32 bits', () => {
    const entries = decoded();
    assert.ok(entries.every((entry) => narrowPositions(entry.tokens)), 'the project’s positions fit in 16 bits');
    const builder = new TokenStreamBuilder();
    builder.push(IDENTIFIER_SHAPE, 11, 0, 0, 0, 5, true);
    builder.push(IDENTIFIER_SHAPE, 12, 0, 70_000, 1, 3, false);
    const wide = builder.build();
    writeEntries(entries.map((entry, i) => (i === 1 ? { ...entry, codeLineMask: new Uint8Array(2), tokens: wide } : entry)));
    const read = decoded();
    assert.ok(!narrowPositions(read[1].tokens) && read[1].tokens.startColumns instanceof Int32Array);
    assert.deepEqual([...read[1].tokens.startColumns], [0, 70_000]);
    assert.deepEqual([...read[1].tokens.endLines], [0, 1]);
    for (const i of [0, 2]) {
      assert.ok(narrowPositions(read[i].tokens));
      assert.deepEqual([...read[i].tokens.endColumns], [...entries[i].tokens.endColumns]);
    }
  });

  it('refuses clones that point outside the files they name', async () => {
    const result = decodeCache(fs.readFileSync(cacheFile(root)), buildFingerprint());
    assert.ok(result.ok && result.folder.clones && result.folder.clones.pairs.length > 0);
    const clones = { ...result.folder.clones, pairs: result.folder.clones.pairs.map((value, i) => (i === 2 ? 1_000_000 : value)) };
    fs.writeFileSync(cacheFile(root), Buffer.concat(encodeCache(result.entries, { ...result.folder, clones }, buildFingerprint(), 1 << 30).buffers));
    const { logged, cached } = await reopen();
    assert.equal(cached, 0);
    assert.match(logged[0], /clones do not match the entries/);
  });

  it('does not read a FIFO or a link to /dev/zero named like the cache', async () => {
    fs.rmSync(cacheFile(root));
    fs.symlinkSync('/dev/zero', cacheFile(root));
    const { logged, cached, cache, warm } = await reopen();
    assert.equal(cached, 0);
    assert.match(logged[0], /not a regular file/);
    await save(cache, warm);
    assert.ok(fs.lstatSync(cacheFile(root)).isFile(), 'the link is replaced, not written through');
  });

  it('writes through a temporary file renamed over the old one, never through a link planted under its name', async () => {
    const outside = path.join(os.tmpdir(), `untangle-outside-${process.pid}`);
    fs.writeFileSync(outside, 'keep me');
    try {
      const temporary = `${cacheFile(root)}.${process.pid}.tmp`;
      fs.symlinkSync(outside, temporary);
      fs.rmSync(cacheFile(root));
      const { cache, warm } = await reopen();
      assert.equal(await save(cache, warm), true);
      assert.equal(fs.readFileSync(outside, 'utf8'), 'keep me');
      assert.equal(fs.existsSync(temporary), false);
      assert.deepEqual(fs.readdirSync(path.dirname(cacheFile(root))).sort(), ['.gitignore', 'analysis.bin']);
      assert.equal((await reopen()).cached, 5);
    } finally {
      fs.rmSync(outside, { force: true });
    }
  });

  it('runs on without a cache when its folder cannot be written: one log line, no failure', async () => {
    fs.rmSync(path.join(root, '.untangle'), { recursive: true });
    fs.writeFileSync(path.join(root, '.untangle'), 'a file where the folder should be');
    const { logged, cache, warm } = await reopen();
    assert.equal(await save(cache, warm), false);
    assert.equal(await save(cache, warm), false);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^Analysis cache disabled: cannot write .*analysis\.bin: E\w+ .*Running without a cache\.$/);
  });

  it('does not follow a .untangle that links out of the project', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-elsewhere-'));
    try {
      fs.rmSync(path.join(root, '.untangle'), { recursive: true });
      fs.symlinkSync(outside, path.join(root, '.untangle'));
      const { logged, cache, warm } = await reopen();
      assert.equal(await save(cache, warm), false);
      assert.match(logged[0], /leads outside the project/);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing written there');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('caps its size: the files that fit are cached (by path), the others analysed each run', async () => {
    const full = fs.statSync(cacheFile(root)).size;
    const logged: string[] = [];
    const small = await AnalysisCache.open({ file: cacheFile(root), folder: path.dirname(cacheFile(root)), prepare: () => undefined }, root, (message) => logged.push(message), Math.floor(full / 2));
    assert.match(logged[0], /is over the .* limit \(the analysis cache size cap\)/, 'a file over the cap is not read');
    const warm = await load(root, small);
    assert.equal(warm.report, cold);
    await save(small, warm);
    assert.ok(fs.statSync(cacheFile(root)).size <= full / 2);
    const capped = await AnalysisCache.open({ file: cacheFile(root), folder: path.dirname(cacheFile(root)), prepare: () => undefined }, root, () => undefined, Math.floor(full / 2));
    const again = await load(root, capped);
    assert.ok(again.result.cached > 0 && again.result.cached < 5, `${again.result.cached} of 5 files fit`);
    assert.equal(again.report, cold);
  });
});
