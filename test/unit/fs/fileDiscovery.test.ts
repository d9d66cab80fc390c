import { strict as assert } from 'node:assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { discoverPythonFiles, isDiscoverable } from '../../../server/src/fs/fileDiscovery';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

/** A workspace with nested .gitignore files, a virtualenv, migrations and node_modules. */
const LAYOUT = `
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
`;

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
    const root = workspace(LAYOUT);
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.files), ['shop/legacy/views.py', 'shop/models.py']);
  });

  it('names files as path.join would below a root written with a trailing separator or a dot', async () => {
    const root = workspace(LAYOUT);
    const expected = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    for (const written of [`${root}${path.sep}`, `${root}${path.sep}.${path.sep}`, path.join(root, 'shop', '..') + path.sep]) {
      const found = await discoverPythonFiles(written, DEFAULT_SETTINGS, [written, path.join(written, 'shop', '.')]);
      assert.deepEqual([found.files, found.migrations], [expected.files, expected.migrations], written);
    }
  });

  it('lists the migrations the default excludes leave out, which refactorings must still rewrite, unless another rule leaves them out', async () => {
    const root = workspace(`${LAYOUT}\n  #- env/lib/migrations/0001_initial.py\n  x = 1\n  #- shop/generated/migrations/0001_initial.py\n  x = 1\n`);
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.migrations), ['shop/migrations/0001_initial.py'], 'a virtualenv and a .gitignore still rule out theirs');
    const tests = await discoverPythonFiles(root, { ...DEFAULT_SETTINGS, exclude: [...DEFAULT_SETTINGS.exclude, 'shop/**'] });
    assert.deepEqual(tests.migrations, [], 'an exclude glob about more than migrations still applies');
  });

  it('rules out a single file (an open document) exactly as the walk does', async () => {
    const root = workspace(LAYOUT);
    const verdicts = async (files: string[]) => Promise.all(files.map(async (f) => [f, await isDiscoverable(root, path.join(root, f), DEFAULT_SETTINGS)]));
    assert.deepEqual(
      await verdicts(['shop/models.py', 'shop/unsaved.py', 'shop/generated/out.py', 'shop/migrations/0002_more.py', 'shop/legacy/views_old.py', 'shop/legacy/views.py', 'env/lib/site.py', 'node_modules/pkg/setup.py']),
      [
        ['shop/models.py', true],
        ['shop/unsaved.py', true],
        ['shop/generated/out.py', false],
        ['shop/migrations/0002_more.py', false],
        ['shop/legacy/views_old.py', false],
        ['shop/legacy/views.py', true],
        ['env/lib/site.py', false],
        ['node_modules/pkg/setup.py', false],
      ],
    );
    assert.equal(await isDiscoverable(root, path.join(root, 'shop/generated/out.py'), { exclude: [], useGitignore: false }), true);
  });

  it('within given folders and files, applies the rules from the root down', async () => {
    const root = workspace(`
      #- .gitignore
      generated/
      #- shop/models.py
      x = 1
      #- shop/generated/out.py
      x = 1
      #- shop/legacy/views.py
      x = 1
      #- other/a.py
      x = 1
      #- bin/tool
      x = 1
      #- bin/generated/tool.py
      x = 1
      #- env/pyvenv.cfg
      home = /usr
      #- env/lib/site.py
      x = 1
    `);
    const within = ['shop', 'shop/legacy', 'shop/models.py', 'shop/generated', 'bin/tool', 'bin/generated', 'env/lib'].map((f) => path.join(root, f));
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS, within);
    assert.deepEqual(relative(root, found.files), ['bin/tool', 'shop/legacy/views.py', 'shop/models.py'], 'a file named is taken whatever its extension');
    assert.deepEqual(
      found.skipped.map((s) => [path.relative(root, s.path), s.reason]),
      [
        ['bin/generated', 'left out by an exclude glob, a .gitignore or a virtualenv (pyvenv.cfg)'],
        ['env/lib', 'left out by an exclude glob, a .gitignore or a virtualenv (pyvenv.cfg)'],
      ],
      'what is named but left out is said; a folder given inside another is not reported as walked twice',
    );
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

  it('skips a link to a file of the workspace (it would be its own duplicate), and links out of the workspace (to a file, to a folder, to /)', async () => {
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
    fs.symlinkSync(elsewhere, path.join(root, 'vendored'));
    fs.symlinkSync('/', path.join(root, 'pkg', 'everything'));
    const found = await discoverPythonFiles(root, DEFAULT_SETTINGS);
    assert.deepEqual(relative(root, found.files), ['pkg/a.py']);
    assert.deepEqual(
      found.skipped.map((s) => [relative(root, [s.path])[0], s.reason.replace(elsewhere, '<elsewhere>')]),
      [
        ['alias.py', `symbolic link to ${path.join(root, 'pkg', 'a.py')}, which is analysed as itself`],
        ['pkg/everything', 'symbolic link to /, outside the workspace (not followed)'],
        ['shared.py', 'symbolic link to <elsewhere>/shared.py, outside the workspace (not followed)'],
        ['vendored', 'symbolic link to <elsewhere>, outside the workspace (not followed)'],
      ],
    );
  });

  it('does not wait on a FIFO named .gitignore (in the root or below)', async function () {
    if (process.platform === 'win32') this.skip();
    const root = workspace(`
      #- pkg/a.py
      x = 1
    `);
    execFileSync('mkfifo', [path.join(root, '.gitignore'), path.join(root, 'pkg', '.gitignore')]);
    assert.deepEqual(relative(root, (await discoverPythonFiles(root, DEFAULT_SETTINGS)).files), ['pkg/a.py']);
    assert.equal(await isDiscoverable(root, path.join(root, 'pkg', 'a.py'), DEFAULT_SETTINGS), true);
  });

  it('returns nothing for an empty workspace or one without Python', async () => {
    const empty = workspace('');
    assert.deepEqual(await discoverPythonFiles(empty, DEFAULT_SETTINGS), { files: [], migrations: [], skipped: [] });
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
