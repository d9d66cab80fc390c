/**
 * The split on code nobody here wrote: Debian's Django source, copied, with the long modules of
 * django/db/models and django/contrib/admin split into feature packages. The copy must still
 * compile, pyflakes must report nothing new on it, and the example shop's own test suite must
 * pass when run on it.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyExample, pythonWithDjango, runPython } from '../helpers/django/djangoProject';
import { untangle } from '../helpers/processes/cli';
import { newMessages, pyflakes } from '../helpers/python/pythonOracle';

const DEBIAN_DJANGO = '/usr/lib/python3/dist-packages/django';

describe('splitting Debian’s Django source', function () {
  this.timeout(600_000);
  let python: string;
  let copy: string;
  let shop: string;
  before(() => {
    python = pythonWithDjango();
    assert.ok(fs.existsSync(DEBIAN_DJANGO), `${DEBIAN_DJANGO} is missing: apt-get install -y python3-django`);
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'untangle-django-'));
    fs.cpSync(DEBIAN_DJANGO, path.join(copy, 'django'), { recursive: true, filter: (source) => !source.endsWith('__pycache__') });
    // Django's own tree has no pyproject.toml; analyse everything (tests and migrations included).
    fs.writeFileSync(path.join(copy, 'pyproject.toml'), '[tool.untangle]\nexclude = []\n');
    shop = copyExample('shop');
  });
  after(() => {
    fs.rmSync(copy, { recursive: true, force: true });
    fs.rmSync(path.dirname(shop), { recursive: true, force: true });
  });

  it('splits the long modules of django/db/models and django/contrib/admin; Django still runs the shop’s tests', () => {
    const folders = ['django/db/models', 'django/contrib/admin'];
    const lintBefore = pyflakes(copy, folders);
    const run = untangle(['fix', '--rule', 'long-file', ...folders], copy);
    assert.equal(run.code, 0, run.stderr);
    const applied = Number(/^(\d+) applied/m.exec(run.stdout)?.[1]);
    assert.ok(applied >= 5, `expected at least 5 splits:\n${run.stdout}`);
    assert.ok(fs.existsSync(path.join(copy, 'django/db/models/query/__init__.py')), 'query.py became a package');

    const compiled = runPython(python, ['-m', 'compileall', '-q', ...folders], copy);
    assert.equal(compiled.status, 0, compiled.output);
    assert.deepEqual(newMessages(lintBefore, pyflakes(copy, folders)), [], 'the split adds no pyflakes message');
    const onCopy = { ...process.env, PYTHONPATH: copy };
    const which = runPython(python, ['-c', 'import django; print(django.__file__)'], shop, undefined, onCopy);
    assert.equal(which.output.trim(), path.join(copy, 'django/__init__.py'));
    const tests = runPython(python, ['manage.py', 'test', '--noinput'], shop, undefined, onCopy);
    assert.equal(tests.status, 0, tests.output);
    assert.match(tests.output, /\nOK\b/);
  });
});
