import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { discoverPythonFiles } from '../../server/src/fs/fileDiscovery';
import { DEFAULT_SETTINGS } from '../../server/src/core/config/settings';
import { removeWorkspace, writeWorkspace } from '../helpers/workspaceFixture';

describe('file discovery', () => {
  const roots: string[] = [];
  const workspace = (fixture: string) => {
    const root = writeWorkspace(fixture);
    roots.push(root);
    return root;
  };
  const relative = (root: string, files: readonly string[]) => files.map((f) => path.relative(root, f));
  after(() => roots.forEach(removeWorkspace));

  it('finds .py files, honouring nested .gitignore files and the default excludes', async () => {
    const root = workspace(`
      #- .gitignore
      generated/
      #- shop/models.py
      x = 1
      #- shop/generated/out.py
      x = 1
      #- shop/migrations/0001_initial.py
      x = 1
      #- shop/legacy/.gitignore
      *_old.py
      #- shop/legacy/views_old.py
      x = 1
      #- shop/legacy/views.py
      x = 1
      #- node_modules/pkg/setup.py
      x = 1
      #- env/pyvenv.cfg
      home = /usr
      #- env/lib/site.py
      x = 1
      #- README.md
      not python
    `);
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.files), ['shop/legacy/views.py', 'shop/models.py']);
  });

  it('applies custom exclude globs and can ignore .gitignore', async () => {
    const root = workspace(`
      #- .gitignore
      scratch.py
      #- scratch.py
      x = 1
      #- app/tests/test_a.py
      x = 1
      #- app/a.py
      x = 1
    `);
    const found = await discoverPythonFiles(root, { exclude: ['**/tests/**'], useGitignore: false });
    assert.deepEqual(relative(root, found.files), ['app/a.py', 'scratch.py']);
  });

  it('survives a symbolic link loop and reports it', async () => {
    const root = workspace(`
      #- pkg/a.py
      x = 1
    `);
    fs.symlinkSync(path.join(root, 'pkg'), path.join(root, 'pkg', 'again'));
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.files), ['pkg/a.py']);
    assert.equal(found.skipped.length, 1);
    assert.match(found.skipped[0].reason, /already analysed \(link loop or alias\)/);
  });

  it('skips a link to a file of the workspace (it would be its own duplicate), keeps one to a file elsewhere', async () => {
    const root = workspace(`
      #- pkg/a.py
      x = 1
    `);
    const elsewhere = workspace(`
      #- shared.py
      y = 2
    `);
    fs.symlinkSync(path.join(root, 'pkg', 'a.py'), path.join(root, 'alias.py'));
    fs.symlinkSync(path.join(elsewhere, 'shared.py'), path.join(root, 'shared.py'));
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.files), ['pkg/a.py', 'shared.py']);
    assert.deepEqual(found.skipped.map((s) => [path.basename(s.path), /analysed as itself/.test(s.reason)]), [['alias.py', true]]);
  });

  it('returns nothing for an empty workspace or one without Python', async () => {
    const empty = workspace('');
    assert.deepEqual(await discoverPythonFiles(empty, DEFAULT_SETTINGS), { files: [], skipped: [] });
    const noPython = workspace(`
      #- index.js
      console.log(1)
    `);
    assert.deepEqual((await discoverPythonFiles(noPython, DEFAULT_SETTINGS)).files, []);
  });

  it('reports a folder it cannot read instead of failing', async () => {
    const missing = path.join(workspace(''), 'gone');
    const found = await discoverPythonFiles(missing, DEFAULT_SETTINGS);
    assert.deepEqual(found.files, []);
    assert.match(found.skipped[0].reason, /^unreadable folder: ENOENT/);
  });
});
