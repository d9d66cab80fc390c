import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { craftFacts, writeCacheProject } from '../../helpers/workspace/cacheFixture';

describe('untangle check and fix with the analysis cache (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  const cacheFolder = () => path.join(root, '.untangle/cache');
  beforeEach(() => {
    root = writeCacheProject();
  });
  afterEach(() => removeWorkspace(root));

  it('a second run prints exactly what the first and a run without the cache print, in every format', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const uncached = untangle(['check', '--format', format, '--no-cache'], root);
      assert.equal(fs.existsSync(path.join(root, '.untangle')), false, '--no-cache writes nothing');
      const first = untangle(['check', '--format', format], root);
      const second = untangle(['check', '--format', format], root);
      for (const run of [first, second]) {
        assert.deepEqual([run.code, run.stdout, run.stderr], [uncached.code, uncached.stdout, uncached.stderr], format);
      }
      fs.rmSync(path.join(root, '.untangle'), { recursive: true });
    }
  });

  it('makes .untangle/cache with a .gitignore of its own, so git never sees it but a baseline beside it can be committed', () => {
    const run = untangle(['check', '--write-baseline', '.untangle/baseline.json'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(cacheFolder()).sort(), ['.gitignore', 'analysis.bin']);
    assert.match(fs.readFileSync(path.join(cacheFolder(), '.gitignore'), 'utf8'), /^\*$/m);
    assert.deepEqual(fs.readdirSync(path.join(root, '.untangle')).sort(), ['baseline.json', 'cache']);
  });

  it('ignores a corrupt cache with one line on stderr, reports as without it, and rebuilds it', () => {
    const expected = untangle(['check', '--format', 'json', '--no-cache'], root).stdout;
    untangle(['check'], root);
    const file = path.join(cacheFolder(), 'analysis.bin');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] ^= 0x5a;
    fs.writeFileSync(file, bytes);
    const corrupt = untangle(['check', '--format', 'json'], root);
    assert.equal(corrupt.stdout, expected);
    assert.equal(corrupt.stderr, `untangle: Ignored the analysis cache ${file}: checksum mismatch (corrupt). It is rebuilt.\n`);
    const rebuilt = untangle(['check', '--format', 'json'], root);
    assert.deepEqual([rebuilt.stdout, rebuilt.stderr], [expected, '']);
  });

  it('analyses a module again when the cache holds its facts in the wrong shape (crafted), with one line on stderr, and reports as without it', () => {
    const uncached = untangle(['check', '--format', 'json', '--no-cache'], root);
    const expected = uncached.stdout;
    assert.match(expected, /n-plus-one/, 'a finding read from models.py’s facts');
    untangle(['check'], root);
    craftFacts(path.join(cacheFolder(), 'analysis.bin'), 'shop/models.py', false);
    const crafted = untangle(['check', '--format', 'json'], root);
    assert.deepEqual([crafted.code, crafted.stdout], [uncached.code, expected]);
    assert.equal(crafted.stderr, `untangle: Ignored the analysis cache's entry for ${path.join(root, 'shop/models.py')}: its project facts do not match the format (a crafted file?). The module is analysed again.\n`);
    const rebuilt = untangle(['check', '--format', 'json'], root);
    assert.deepEqual([rebuilt.stdout, rebuilt.stderr], [expected, '']);
  });

  it('keeps the cache in --cache-dir when given, and nothing in the project', () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-cache-dir-'));
    try {
      const expected = untangle(['check', '--no-cache'], root).stdout;
      for (let run = 0; run < 2; run++) assert.equal(untangle(['check', '--cache-dir', elsewhere], root).stdout, expected);
      assert.equal(fs.existsSync(path.join(root, '.untangle')), false);
      // Beside the cache, a run record once the project's files are over 2 s old (runRecord.test.ts).
      const kept = fs.readdirSync(elsewhere).map((name) => name.replace(/[0-9a-f]{16}/, 'HASH'));
      assert.deepEqual(kept.filter((name) => name !== 'run-HASH.record'), ['analysis-HASH.bin']);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses --cache-dir with --no-cache', () => {
    const run = untangle(['check', '--no-cache', '--cache-dir', 'x'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^untangle: --cache-dir: not with --no-cache/);
  });

  it('fix refactors from fresh analyses of what it edits: a check after it reports as one without the cache', () => {
    untangle(['check'], root);
    const fix = untangle(['fix', '--rule', 'long-file'], root);
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(fix.stdout, /^1 applied/m);
    const after = untangle(['check', '--format', 'json'], root);
    assert.equal(after.stdout, untangle(['check', '--format', 'json', '--no-cache'], root).stdout);
    assert.doesNotMatch(after.stdout, /long-file/);
  });
});
