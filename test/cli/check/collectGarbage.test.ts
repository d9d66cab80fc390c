import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { BIN } from '../../helpers/processes/cli';
import { main } from '../../../server/src/cli/main';

/** Collected where a phase leaves much garbage, for a lower peak (collectGarbage.ts). */
describe('untangle check collects garbage between its phases (CLI)', function () {
  this.timeout(30_000);
  let root: string;
  before(() => {
    root = writeWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      def index(request):
          return None
    `);
  });
  after(() => removeWorkspace(root));

  it('collects before the cache is written (the facts read) and before the report is made', async () => {
    const global = globalThis as { gc?: () => void };
    const [gc, write] = [global.gc, process.stdout.write];
    const cacheDir = path.join(root, 'cache');
    const events: string[] = [];
    global.gc = () => void events.push(`gc, ${fs.existsSync(cacheDir) ? 'cache written' : 'no cache yet'}`);
    process.stdout.write = ((chunk: string) => (events.push(`printed ${chunk.length > 0}`), true)) as typeof process.stdout.write;
    try {
      assert.equal(await main(['check', '--cache-dir', cacheDir, '--format', 'json'], root), 0);
    } finally {
      global.gc = gc;
      process.stdout.write = write;
    }
    assert.deepEqual(events, ['gc, no cache yet', 'gc, cache written', 'printed true']);
  });

  it('is run by bin/untangle.js with gc exposed', () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-gc-')), 'probe.js');
    fs.writeFileSync(probe, 'process.on("exit", () => process.stderr.write(typeof gc));');
    try {
      // As a command, as users run it: the shebang's flags are node's.
      const run = spawnSync(BIN, ['check', '--no-cache', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require=${probe}` } });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, 'function');
    } finally {
      fs.rmSync(path.dirname(probe), { recursive: true, force: true });
    }
  });
});
