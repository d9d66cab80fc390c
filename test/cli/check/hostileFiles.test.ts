import { strict as assert } from 'node:assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { fileTree } from '../../helpers/workspace/fileTree';

/** A module over the 40-code-line limit the pyproject.toml sets: `fix --rule long-file` splits it. */
function longCatalog(): string {
  const lines: string[] = [];
  for (const feature of ['order', 'product', 'customer']) {
    for (let i = 0; i < 6; i++) lines.push(`def ${feature}_step${i}(value):`, `    result = value + ${i}`, '    if result > 10:', '        result -= 1', '    return result', '', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

describe('untangle check and fix beside special files (CLI)', function () {
  this.timeout(120_000);
  let root: string;
  let project: string;
  beforeEach(function () {
    if (process.platform === 'win32') this.skip();
    root = writeWorkspace(`
      #- project/pyproject.toml
      [tool.untangle.long-file]
      max-code-lines = 40
      #- project/shop/__init__.py
    `);
    project = path.join(root, 'project');
    fs.writeFileSync(path.join(project, 'shop', 'catalog.py'), longCatalog());
    // Named like modules: a read would wait for a writer (FIFO) or never end (/dev/zero).
    execFileSync('mkfifo', [path.join(project, 'shop', 'pipe.py')]);
    fs.symlinkSync('/dev/zero', path.join(project, 'shop', 'zero.py'));
  });
  afterEach(() => removeWorkspace(root));

  it('check skips a FIFO and a link to /dev/zero, each with its reason, and does not wait on a FIFO .gitignore', () => {
    execFileSync('mkfifo', [path.join(root, '.gitignore'), path.join(project, '.gitignore')]);
    const run = untangle(['check', 'project'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^project\/shop\/pipe\.py: skipped: not a regular file \(a named pipe\)$/m);
    assert.match(run.stdout, /^project\/shop\/zero\.py: skipped: symbolic link to \/dev\/zero, outside the workspace \(not followed\)$/m);
    assert.match(run.stdout, /\[long-file\] catalog\.py/);
  });

  it('fix splits the long module, reading no special file (the split reads every analysed module, and the linters’ settings up to the project)', () => {
    execFileSync('mkfifo', [path.join(project, 'setup.cfg'), path.join(project, 'shop', 'ruff.toml')]);
    const run = untangle(['fix', '--rule', 'long-file', 'project'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^1 applied, 0 refused, 0 not offered, 5 files changed$/m);
    assert.ok(fs.statSync(path.join(project, 'shop', 'catalog', '__init__.py')).isFile());
  });

  it('a FIFO named pyproject.toml in a folder above is a clear configuration error (exit 2), not a hang', () => {
    fs.rmSync(path.join(project, 'pyproject.toml'));
    execFileSync('mkfifo', [path.join(root, 'pyproject.toml')]);
    for (const args of [['check', 'project'], ['fix', '--rule', 'long-file', 'project']]) {
      const run = untangle(args, root);
      assert.equal(run.code, 2, `${args[0]}: ${run.stderr}`);
      assert.match(run.stderr, /pyproject\.toml: could not be read: not a regular file \(a named pipe\)/);
    }
  });

  it('does not follow a link to / (or any folder outside the project) while discovering', () => {
    fs.symlinkSync('/', path.join(project, 'shop', 'everything'));
    const before = fileTree(project);
    const run = untangle(['check', 'project'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^project\/shop\/everything: skipped: symbolic link to \/, outside the workspace \(not followed\)$/m);
    assert.match(run.stdout, /\(2 Python files analysed, 3 skipped\)$/m);
    assert.deepEqual(fileTree(project), before);
  });
});
