/** The test oracle's own reading of pyflakes: new messages are counted by text, wherever they moved. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compileErrors, importErrors, moduleOfFile, newMessages, parsePyflakes, pyflakes } from '../../helpers/python/pythonOracle';

describe('python oracle', () => {
  it('counts a message as new only beyond as many as there were, wherever it stands', () => {
    const before = parsePyflakes("shop/views.py:3:1: 'os' imported but unused\nshop/views.py:9:5: undefined name 'rate'\n");
    const after = parsePyflakes("shop/views/a.py:1:1: 'os' imported but unused\nshop/utils.py:4: undefined name 'rate'\nshop/utils.py:7:3: undefined name 'rate'\n");
    assert.deepEqual(newMessages(before, after), [{ file: 'shop/utils.py', line: 7, text: "undefined name 'rate'" }]);
    const shifted = parsePyflakes("a.py:9:1: redefinition of unused 'warn' from line 4\n");
    assert.deepEqual(newMessages(parsePyflakes("a.py:7:1: redefinition of unused 'warn' from line 2\n"), shifted), [], 'a quoted line number that moved is no new message');
    const rewritten = parsePyflakes("geos/__init__.py:12:1: '.relocated.WKBReader' imported but unused\n");
    assert.deepEqual(newMessages(parsePyflakes("geos/__init__.py:11:1: '.io.WKBReader' imported but unused\n"), rewritten), [], 'an unused import whose module a move rewrote is no new message');
    assert.equal(newMessages(parsePyflakes("a.py:1:1: 'os.path' imported but unused\n"), parsePyflakes("a.py:1:1: 'posixpath' imported but unused\n")).length, 1, 'another name is');
    const stars = (file: string, module: string) => `${file}:1:1: 'from ${module} import *' used; unable to detect undefined names\n${file}:1:1: '${module}.*' imported but unused\n`;
    const parts = parsePyflakes(stars('tests/__init__.py', '.test_a') + stars('tests/__init__.py', '.test_b'));
    assert.deepEqual(newMessages(parsePyflakes(stars('tests/__init__.py', '.test_ab')), parts), [], 'a file that star-imported may star-import the parts');
    assert.equal(newMessages(parsePyflakes(stars('tests/__init__.py', '.test_ab')), parsePyflakes(stars('other.py', '.test_a'))).length, 2, 'a file that did not is new');
  });

  it('runs pyflakes, compiles and imports a real folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-oracle-'));
    try {
      fs.mkdirSync(path.join(dir, 'pkg'));
      fs.writeFileSync(path.join(dir, 'pkg/__init__.py'), '');
      fs.writeFileSync(path.join(dir, 'pkg/good.py'), 'import os\n\nVALUE = 1\n');
      fs.writeFileSync(path.join(dir, 'pkg/bad.py'), 'def f(:\n');
      fs.writeFileSync(path.join(dir, 'pkg/broken.py'), 'print(missing)\n');
      assert.deepEqual(pyflakes(dir, ['pkg/good.py', 'pkg/broken.py']).map((m) => m.text), ["'os' imported but unused", "undefined name 'missing'"]);
      assert.equal(compileErrors(dir, ['pkg/good.py', 'pkg/bad.py']).length, 1);
      assert.deepEqual(importErrors(dir, [moduleOfFile('pkg/good.py'), moduleOfFile('pkg/broken.py')]), ["pkg.broken: NameError: name 'missing' is not defined"]);
      assert.equal(moduleOfFile('pkg/models/__init__.py'), 'pkg.models');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
