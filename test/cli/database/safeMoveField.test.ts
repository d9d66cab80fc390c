/** `untangle fix --move-field APP.MODEL.FIELD --to APP.MODEL`: a field moved through a one-to-one from the command line. */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../../helpers/processes/cli';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { newsProject } from '../../helpers/django/newsProject';

const MODELS = `
from django.db import models


class Letter(models.Model):
    title = models.CharField(max_length=40)


class Issue(models.Model):
    letter = models.OneToOneField(Letter, on_delete=models.CASCADE)
    footer = models.CharField(max_length=80, null=True)

    def signed(self):
        return self.footer is not None
`;

describe('untangle fix --move-field', function () {
  this.timeout(30_000);
  let root: string;
  afterEach(() => removeWorkspace(root));

  it('previews the move with --dry-run, with the contract step for later, and writes nothing', () => {
    root = writeWorkspace(newsProject(MODELS));
    const run = untangle(['fix', '--move-field', 'news.Issue.footer', '--to', 'news.Letter', '--dry-run'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /would apply: Move `news\.Issue\.footer` to `news\.Letter`/);
    assert.match(run.stdout, /\+\+\+ b\/news\/migrations\/0002_add_letter_footer\.py/);
    assert.match(run.stdout, /\+        return self\.letter\.footer/);
    assert.match(run.stderr, /still reading the old name:\n  news\/models\.py:13: return self\.footer is not None/);
    assert.match(run.stderr, /news\/migrations\/0005_remove_footer\.py \(not written\):[\s\S]*ALTER TABLE \\?"news_issue\\?" DROP COLUMN IF EXISTS \\?"footer\\?"/);
    assert.ok(!fs.existsSync(path.join(root, 'news/migrations/0002_add_letter_footer.py')));
  });

  it('writes the migrations, and refuses a foreign key with the reason', () => {
    root = writeWorkspace(newsProject(MODELS));
    assert.equal(untangle(['fix', '--move-field', 'news.Issue.footer', '--to', 'news.Letter'], root).code, 0);
    assert.deepEqual(fs.readdirSync(path.join(root, 'news/migrations')).filter((f) => f.startsWith('000')).sort(), ['0001_initial.py', '0002_add_letter_footer.py', '0003_copy_footer_to_letter.py', '0004_letter_footer_replaces_issue_footer.py']);
    removeWorkspace(root);
    root = writeWorkspace(newsProject(MODELS.replace('OneToOneField', 'ForeignKey')));
    const refused = untangle(['fix', '--move-field', 'news.Issue.footer', '--to', 'news.Letter'], root);
    assert.match(refused.stdout, /refused: .*`Issue\.letter` is a ForeignKey: several `Issue` rows may share one `Letter`/);
    assert.ok(!fs.existsSync(path.join(root, 'news/migrations/0002_add_letter_footer.py')));
  });

  it('names the flag when --to is not a model', () => {
    root = writeWorkspace(newsProject(MODELS));
    const run = untangle(['fix', '--move-field', 'news.Issue.footer', '--to', 'Letter'], root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--to: --move-field needs --to APP\.MODEL/);
  });
});
