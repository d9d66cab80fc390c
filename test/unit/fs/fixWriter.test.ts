import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { mock } from 'node:test';
// The module object itself (not a namespace copy), so its functions can be replaced for a test.
import nodeFs = require('fs');
import { writeFixBatch } from '../../../server/src/fs/fixWriter';
import { WriteError } from '../../../server/src/fs/writePreflight';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { fileTree } from '../../helpers/workspace/fileTree';

/** A split's batch: catalog.py becomes the package catalog/, app.py is edited. */
const PROJECT = `
  #- shop/__init__.py
  #- shop/catalog.py
  def order_total():
      return 1
  #- shop/app.py
  from shop.catalog import order_total
`;

describe('writing a batch of fixes', () => {
  let root: string;
  const file = (relative: string) => path.join(root, relative);
  const batch = () =>
    new Map<string, string | undefined>([
      [file('shop/app.py'), 'from shop.catalog.order_catalog import order_total\n'],
      [file('shop/catalog/__init__.py'), 'from .order_catalog import order_total\n'],
      [file('shop/catalog/order_catalog.py'), 'def order_total():\n    return 1\n'],
      [file('shop/catalog.py'), undefined],
    ]);
  const { renameSync, rmSync } = nodeFs;
  beforeEach(() => {
    root = writeWorkspace(PROJECT);
  });
  afterEach(() => {
    mock.restoreAll();
    removeWorkspace(root);
  });

  it('writes new modules, then the new __init__.py, then edits, and deletes the old module last', () => {
    const order: string[] = [];
    mock.method(nodeFs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      if (!String(to).endsWith('.untangle/journal.json')) order.push(`write ${path.relative(root, String(to))}`);
      renameSync(from, to);
    });
    mock.method(nodeFs, 'rmSync', (target: fs.PathLike, options?: fs.RmOptions) => {
      if (fs.existsSync(target)) order.push(`delete ${path.relative(root, String(target))}`);
      rmSync(target, options);
    });
    writeFixBatch([root], batch());
    assert.deepEqual(order, ['write shop/catalog/order_catalog.py', 'write shop/catalog/__init__.py', 'write shop/app.py', 'delete shop/catalog.py', 'delete .untangle/journal.json']);
    assert.equal(fs.existsSync(file('.untangle')), false, 'the journal folder made for the batch goes with it');
  });

  it('puts every file back when a write fails halfway (a full disk, say), and says so', () => {
    const before = fileTree(root);
    let renames = 0;
    mock.method(nodeFs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      // The journal's rename, the new module's; the third fails.
      if (++renames === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      renameSync(from, to);
    });
    assert.throws(() => writeFixBatch([root], batch()), (error: Error) => error instanceof WriteError && /^writing the fixes failed, and every file was put back as it was: ENOSPC/.test(error.message));
    mock.restoreAll();
    assert.deepEqual(fileTree(root), before);
  });

  it('refuses a batch with a file outside the project before writing anything', () => {
    const outside = writeWorkspace('');
    try {
      const before = fileTree(root);
      const files = batch().set(path.join(outside, 'x.py'), 'x = 1\n');
      assert.throws(() => writeFixBatch([root], files), /cannot write .*x\.py: it is outside the project/);
      assert.deepEqual(fileTree(root), before);
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      removeWorkspace(outside);
    }
  });
});
