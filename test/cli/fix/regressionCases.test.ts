/**
 * The reduced real-world breaks (test/fixtures/refactor-regressions, from shared/cases): each
 * tiny project is fixed with the command that once broke it, then its own check runs. Each must
 * end fixed (the check still passes, pyflakes reports nothing new) or refused with a reason.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { untangle } from '../../helpers/processes/cli';
import { DEBIAN_PYTHON, newMessages, pyflakes } from '../../helpers/python/pythonOracle';

const CASES = path.join(__dirname, '../../../../test/fixtures/refactor-regressions');

const cases: readonly { name: string; fix: string[]; check: string[] }[] = [
  { name: 'patched-at-views-path', fix: ['--rule', 'logic-heavy-view'], check: ['-m', 'unittest', '-q', 'shop.test_views'] },
  { name: 'if-else-binding', fix: ['--rule', 'logic-heavy-view'], check: ['-m', 'pyflakes', 'shop'] },
  { name: 'try-except-binding', fix: ['--rule', 'logic-heavy-view'], check: ['-m', 'pyflakes', 'shop'] },
  { name: 'if-else-binding-duplicate', fix: ['--rule', 'duplicate-block'], check: ['-m', 'pyflakes', 'shop'] },
  { name: 'split-test-module', fix: ['--rule', 'long-file'], check: ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'shop'] },
  { name: 'move-reads-patched-global', fix: ['--move', 'pkg.utils:banner', '--to', 'pkg.banners'], check: ['-m', 'unittest', '-q', 'pkg.test_utils'] },
  { name: 'utils-package-shadows-module', fix: ['--rule', 'duplicate-block'], check: ['-c', 'import shop.orders'] },
  { name: 'controllers-package-shadows-module', fix: ['--rule', 'logic-heavy-view'], check: ['-c', 'import shop.urls'] },
  // Found by the fuzz on the stdlib (multiprocessing/connection.py's `try: import _winapi`): the extracted module imported it unconditionally.
  { name: 'optional-import-duplicate', fix: ['--rule', 'duplicate-block'], check: ['-c', 'import shop.orders'] },
];

describe('reduced real-world breaks stay fixed or refused', function () {
  this.timeout(60_000);
  for (const { name, fix, check } of cases) {
    it(name, () => {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-case-')), name);
      try {
        fs.cpSync(path.join(CASES, name), dir, { recursive: true });
        const runCheck = () => spawnSync(DEBIAN_PYTHON, check, { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
        const before = runCheck();
        assert.equal(before.status, 0, `the check fails before the fix:\n${before.stdout}${before.stderr}`);
        const lintBefore = pyflakes(dir);
        const run = untangle(['fix', '.', ...fix], dir);
        assert.equal(run.code, 0, run.stderr);
        const counts = /^(\d+) applied, (\d+) refused/m.exec(run.stdout);
        assert.ok(counts, run.stdout);
        if (Number(counts[2]) > 0) assert.match(run.stdout, /^refused: .+: \S/m, 'a refusal says why');
        const after = runCheck();
        assert.equal(after.status, 0, `the check fails after \`untangle fix ${fix.join(' ')}\`:\n${after.stdout}${after.stderr}\n${run.stdout}`);
        assert.deepEqual(newMessages(lintBefore, pyflakes(dir)), [], run.stdout);
      } finally {
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }
    });
  }
});
