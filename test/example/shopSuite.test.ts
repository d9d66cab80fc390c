import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyExample, pythonWithDjango, runPython } from '../helpers/django/djangoProject';
import { untangle } from '../helpers/processes/cli';

describe('examples/shop, the Django project refactorings are proven on', function () {
  this.timeout(600_000);
  let python: string;
  let shop: string;
  before(() => {
    python = pythonWithDjango();
    shop = copyExample('shop');
  });
  after(() => fs.rmSync(path.dirname(shop), { recursive: true, force: true }));

  it('passes manage.py check', () => {
    const run = runPython(python, ['manage.py', 'check'], shop);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /System check identified no issues/);
  });

  it('has migrations that match its models', () => {
    const run = runPython(python, ['manage.py', 'makemigrations', '--check', '--dry-run'], shop);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /No changes detected/);
  });

  it('passes its own test suite', () => {
    const run = runPython(python, ['manage.py', 'test', '--noinput'], shop);
    assert.equal(run.status, 0, run.output);
    const ran = /Ran (\d+) tests?/.exec(run.output);
    assert.ok(ran && Number(ran[1]) >= 40, `expected at least 40 tests to run:\n${run.output}`);
    assert.match(run.output, /\nOK\b/);
  });

  it('is what Untangle is for: long models.py and views.py', () => {
    const result = untangle(['check', '.', '--format', 'json'], shop);
    assert.equal(result.code, 0, result.stderr);
    const long = JSON.parse(result.stdout).findings.filter((f: { rule: string }) => f.rule === 'long-file').map((f: { path: string }) => f.path);
    assert.ok(long.includes('shop/models.py') && long.includes('shop/views.py'), `long files: ${long.join(', ')}`);
  });

  it('has the pasted blocks Untangle finds: the same blocks in three views each', () => {
    const result = untangle(['check', 'shop/views.py', '--format', 'json'], shop);
    const places = JSON.parse(result.stdout).findings.filter((f: { rule: string; related: unknown[] }) => f.rule === 'duplicate-block' && f.related.length >= 2);
    assert.ok(places.length >= 9, `expected at least 3 blocks pasted in 3 places:\n${result.stdout}`);
  });
});
