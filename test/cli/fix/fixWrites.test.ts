import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { fileTree } from '../../helpers/workspace/fileTree';
import { runPythonScript } from '../../helpers/refactor/refactorFixture';
import { ORDER_SHOP } from '../../helpers/refactor/orderShop';

/** A view with logic to move into `controllers/order_controllers.py`, and a function to move elsewhere. */
const SHOP = `${ORDER_SHOP}

  def preview(request):
      return {"preview": len(request["lines"])}
  #- shop/helpers_impl.py
  def greet():
      return "hi"
`;

const CALL_VIEWS = `
  from shop.views import checkout, preview
  request = {"customer": "ada", "lines": [{"sku": "a", "qty": 12}, {"sku": "b", "qty": 3}]}
  print(checkout(request), preview(request))
`;

describe('untangle fix writes (CLI)', function () {
  this.timeout(60_000);
  let root: string;
  const file = (relative: string) => path.join(root, relative);
  beforeEach(() => {
    root = writeWorkspace(SHOP);
  });
  afterEach(() => removeWorkspace(root));

  /** Makes a path the fix needs unusable, runs the fix, and expects exit 2 with nothing written. */
  const refusedBeforeWriting = (spoil: () => void, message: RegExp, args = ['fix', '--rule', 'logic-heavy-view']) => {
    spoil();
    const before = fileTree(root);
    const run = untangle(args, root);
    assert.equal(run.code, 2, run.stderr + run.stdout);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /internal error|    at /, 'a clear message, not a stack trace');
    assert.deepEqual(fileTree(root), before, 'nothing was written');
  };

  it('refuses before writing anything when a target is a folder', () => {
    refusedBeforeWriting(() => fs.mkdirSync(file('shop/controllers/order_controllers.py'), { recursive: true }), /^untangle: cannot write .*shop\/controllers\/order_controllers\.py: it is a folder$/m);
  });

  it('refuses before writing anything when a file stands where a folder is needed', () => {
    refusedBeforeWriting(() => fs.writeFileSync(file('shop/controllers'), ''), /^untangle: cannot write .*shop\/controllers\/__init__\.py: .*shop\/controllers is a file where a folder is needed$/m);
  });

  it('refuses before writing anything when a name is too long for the file system', () => {
    const name = `{feature}_${'x'.repeat(260)}.py`;
    refusedBeforeWriting(() => fs.writeFileSync(file('pyproject.toml'), `[tool.untangle.refactor]\ncontroller-module = "controllers/${name}"\n`), /^untangle: cannot write .*: the name order_x+… is longer than 255 bytes$/m);
  });

  it('never writes into a symbolic link to a folder outside the project', () => {
    const outside = writeWorkspace('');
    try {
      refusedBeforeWriting(() => fs.symlinkSync(outside, file('shop/controllers')), /^untangle: cannot write .*shop\/controllers\/__init__\.py: a symbolic link leads it outside the project/m);
      assert.deepEqual(fs.readdirSync(outside), []);
    } finally {
      removeWorkspace(outside);
    }
  });

  it('rejects a controller-module setting leading out of the project before planning (exit 2)', () => {
    for (const pattern of ['../../x/{feature}.py', '/tmp/{feature}.py']) {
      refusedBeforeWriting(() => fs.writeFileSync(file('pyproject.toml'), `[tool.untangle.refactor]\ncontroller-module = "${pattern}"\n`), /refactor\.controllerModule: must stay inside the app folder/);
    }
  });

  it('keeps each edited file’s mode (755 stays 755, 640 stays 640)', () => {
    const expected = runPythonScript(root, CALL_VIEWS);
    for (const mode of [0o755, 0o640]) {
      fs.chmodSync(file('shop/views.py'), mode);
      const run = untangle(['fix', '--rule', 'logic-heavy-view'], root);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^1 applied/m);
      assert.equal(fs.statSync(file('shop/views.py')).mode & 0o777, mode, mode.toString(8));
      assert.equal(runPythonScript(root, CALL_VIEWS), expected);
      removeWorkspace(root);
      root = writeWorkspace(SHOP);
    }
  });

  it('writes through a symbolic link to a module: its target changes and the link stays a link', () => {
    fs.symlinkSync('helpers_impl.py', file('shop/helpers.py'));
    const run = untangle(['fix', '--move', 'shop.views:preview', '--to', 'shop.helpers'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readlinkSync(file('shop/helpers.py')), 'helpers_impl.py');
    assert.match(fs.readFileSync(file('shop/helpers_impl.py'), 'utf8'), /^def greet\(\):[\s\S]*^def preview\(request\):/m);
    // The move rewrote its importers; views.py has no __all__, so it keeps no re-export.
    assert.match(runPythonScript(root, CALL_VIEWS.replace('from shop.views import checkout, preview', 'from shop.views import checkout\n  from shop.helpers import preview')), /\{'preview': 2\}/);
  });
});
