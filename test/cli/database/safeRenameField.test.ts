/** `untangle fix --rename-field APP.MODEL.FIELD --to NAME`: the safe field move from the command line. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../../helpers/processes/cli';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { newsProject } from '../../helpers/django/newsProject';

describe('untangle fix --rename-field', function () {
  this.timeout(30_000);
  let root: string;
  beforeEach(() => {
    root = writeWorkspace(newsProject(`
from django.db import models


class Letter(models.Model):
    frequency = models.CharField(max_length=10, null=True)

    def is_daily(self):
        return self.frequency == "daily"
`));
  });
  afterEach(() => removeWorkspace(root));

  it('previews the migrations and the property with --dry-run, and prints the contract step for later', () => {
    const run = untangle(['fix', '--rename-field', 'news.Letter.frequency', '--to', 'cadence', '--dry-run'], root);
    assert.equal(run.code, 0, run.stderr);
    // The diff goes to stdout, what would apply to stderr.
    assert.match(run.stderr, /would apply: Rename `news\.Letter\.frequency` to `cadence`/);
    assert.match(run.stdout, /\+\+\+ b\/news\/migrations\/0002_add_cadence\.py/);
    assert.match(run.stdout, /\+    def frequency\(self\):/);
    assert.match(run.stderr, /still reading the old name:\n  news\/models\.py:8: return self\.frequency == "daily"/);
    assert.match(run.stderr, /news\/migrations\/0005_remove_frequency\.py \(not written\):[\s\S]*DROP COLUMN IF EXISTS \\?"frequency\\?"/);
    assert.doesNotMatch(run.stderr, /SET NOT NULL/, 'a nullable field stays nullable');
    assert.ok(!fs.existsSync(path.join(root, 'news/migrations/0002_add_cadence.py')));
  });

  it('writes the change, and refuses an unknown field with the reason', () => {
    assert.equal(untangle(['fix', '--rename-field', 'news.Letter.frequency', '--to', 'cadence'], root).code, 0);
    assert.deepEqual(fs.readdirSync(path.join(root, 'news/migrations')).filter((f) => f.startsWith('000')).sort(), ['0001_initial.py', '0002_add_cadence.py', '0003_copy_frequency_to_cadence.py', '0004_cadence_replaces_frequency.py']);
    const refused = untangle(['fix', '--rename-field', 'news.Letter.nope', '--to', 'other'], root);
    assert.match(refused.stdout, /refused: .*`news\.Letter` has no field `nope`/);
  });

  it('retries the locks of the steps and the contract step as pyproject.toml says', () => {
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.untangle.unsafe-migration]\nlock-timeout = "3s"\nlock-attempts = 4\n');
    const run = untangle(['fix', '--rename-field', 'news.Letter.frequency', '--to', 'cadence'], root);
    assert.equal(run.code, 0, run.stderr);
    const added = fs.readFileSync(path.join(root, 'news', 'migrations', '0002_add_cadence.py'), 'utf8');
    for (const text of [added, run.stdout]) assert.match(text, /set_config\('lock_timeout', '3s', true\)[^\n]*IF attempt = 4 THEN/);
  });

  it('names the flag when --rename-field is malformed or lacks --to', () => {
    const malformed = untangle(['fix', '--rename-field', 'Letter.frequency', '--to', 'cadence'], root);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--rename-field: expected APP\.MODEL\.FIELD/);
    const noName = untangle(['fix', '--rename-field', 'news.Letter.frequency'], root);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /--to: --rename-field needs --to NAME/);
  });
});
