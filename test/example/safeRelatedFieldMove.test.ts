/**
 * The move of a field through a one-to-one (refactor/database/moveField.ts) on a real
 * PostgreSQL: the previous release answers the same while each generated migration is applied;
 * the new release answers exactly what the old one did; and the migrations reverse, a row the
 * new release wrote getting its value back on the old table. A plain field, and a foreign key
 * (its index and constraint built on the new table without locks, `editor_id` kept reachable).
 * Then each contract step, written from what fix prints and applied while a session holds the old
 * table: the rows the previous release wrote meanwhile caught up, the old column gone, and the
 * new table's reads never queued behind a lock kept while the old table's is waited for.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { untangle } from '../helpers/processes/cli';
import { canStartPostgres, startPostgres, type PostgresCluster } from '../helpers/processes/postgresCluster';
import { pythonWithDjango, runPython } from '../helpers/django/djangoProject';
import { removeWorkspace, writeWorkspace } from '../helpers/workspace/workspaceFixture';
import { ISSUE_MODELS, ISSUE_SERIALIZER } from '../helpers/django/issueModels';
import { assertShortWaits, whileHeld } from '../helpers/processes/heldTable';
import { writeContract } from '../helpers/django/databaseContract';

/** The news project on the database `database`, with `models` (and the serializer) and `views`. */
const projectOf = (database: string, models: string, migration: string, views: string) => `
#- manage.py
import os
import sys
from django.core.management import execute_from_command_line
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_settings")
execute_from_command_line(sys.argv)
#- site_settings.py
import os
SECRET_KEY = "test"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "news"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "${database}", "USER": "postgres", "HOST": "127.0.0.1", "PORT": os.environ["NEWS_DB_PORT"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
#- news/__init__.py
#- news/migrations/__init__.py
#- news/migrations/0001_initial.py
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name="Letter", fields=[("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("title", models.CharField(max_length=40))]),
${migration}
    ]
#- news/models.py
${models.trim()}
#- news/views.py
from django.db.models import F
from .models import Issue
from .serializers import IssueSerializer
${views}`;
const ISSUE = `        migrations.CreateModel(name="Issue", fields=[
            ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("footer", models.CharField(default="", max_length=80)),
            ("letter", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, to="news.letter")),%EDITOR%
        ]),`;
const PROJECT = projectOf('news', `${ISSUE_MODELS.trim()}\n${ISSUE_SERIALIZER.trim()}`, ISSUE.replace('%EDITOR%', ''), `

def answers():
    rows = list(Issue.objects.filter(footer__startswith="P").order_by("-footer").values("id", "footer")[:5])
    return rows, IssueSerializer(Issue.objects.order_by("pk")[:3], many=True).data, [str(issue) for issue in Issue.objects.order_by("pk")[:3]]
`);
/** Each issue's editor, a foreign key the move takes to `Letter` with its index and constraint. */
const EDITOR_PROJECT = projectOf(
  'news_editor',
  `${ISSUE_MODELS.trim().replace('class Issue(models.Model):', 'class Editor(models.Model):\n    name = models.CharField(max_length=40)\n\n\nclass Issue(models.Model):\n    editor = models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL, related_name="+")')}
${ISSUE_SERIALIZER.trim().replace(/"footer"\]/g, '"footer", "editor"]')}`,
  `        migrations.CreateModel(name="Editor", fields=[("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("name", models.CharField(max_length=40))]),
${ISSUE.replace('%EDITOR%', '\n            ("editor", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="news.editor")),')}`,
  `

def answers():
    rows = list(Issue.objects.filter(editor__name="e3").order_by("-editor_id", "pk").values("id", "editor")[:5])
    data = IssueSerializer(Issue.objects.order_by("pk")[:6], many=True).data
    return rows, data, [(issue.editor_id, issue.editor.name if issue.editor else None) for issue in Issue.objects.order_by("pk")[:6]]
`,
);
/** The same editor NOT NULL (on_delete=PROTECT): the step forgetting it makes its column nullable, under the table's lock, before its constraint is swapped. */
const REQUIRED_EDITOR_PROJECT = EDITOR_PROJECT.replace('"NAME": "news_editor"', '"NAME": "news_required"')
  .replace('null=True, on_delete=models.SET_NULL', 'on_delete=models.PROTECT')
  .replace('null=True, on_delete=django.db.models.deletion.SET_NULL', 'on_delete=django.db.models.deletion.PROTECT');
const EDITOR_SEED = `from news.models import Editor, Issue, Letter
editors = Editor.objects.bulk_create([Editor(name=f"e{i}") for i in range(20)])
letters = Letter.objects.bulk_create([Letter(title=f"t{i}") for i in range(2500)])
Issue.objects.bulk_create([Issue(letter=letter, footer=f"F{i}", editor=None if i % 5 == 0 else editors[i % 20]) for i, letter in enumerate(letters)])
`;
/** How long another session holds the old key's table while its constraint is swapped. */
const HOLD_SECONDS = 8;
const EDITOR_STEPS = ['0002_add_editor_column', '0003_copy_editor_to_letter', '0004_editor_index', '0005_editor_foreign_key', '0006_validate_editor_foreign_key', '0007_letter_editor_replaces_issue_editor'];
const SEED = `from news.models import Issue, Letter
letters = Letter.objects.bulk_create([Letter(title=f"t{i}") for i in range(2500)])
Issue.objects.bulk_create([Issue(letter=letter, footer=f"P{i:05d}" if i % 2 else f"Q{i}") for i, letter in enumerate(letters)])
`;
const RECORD = `import json
from news.views import answers
print(json.dumps(answers()))
`;
const NEW_ROW = `from news.models import Issue, Letter
Issue.objects.create(letter=Letter.objects.create(title="late", footer="Written late"))
`;
const STEPS = ['0002_add_letter_footer', '0003_copy_footer_to_letter', '0004_letter_footer_replaces_issue_footer'];

describe('moving a field through a one-to-one on PostgreSQL, step by step', function () {
  this.timeout(300_000);
  let cluster: PostgresCluster | undefined;
  const projects: string[] = [];
  let python: string;

  before(async function () {
    if (!canStartPostgres()) this.skip();
    python = pythonWithDjango();
    cluster = await startPostgres();
    await cluster.psql('CREATE DATABASE news');
    await cluster.psql('CREATE DATABASE news_editor');
    await cluster.psql('CREATE DATABASE news_required');
  });
  after(async () => {
    await cluster?.stop();
    projects.forEach(removeWorkspace);
  });

  const attempt = (project: string, args: string[]) => runPython(python, args, project, 120_000, { ...process.env, NEWS_DB_PORT: String(cluster!.port) });
  const run = (project: string, args: string[]) => {
    const result = attempt(project, args);
    assert.equal(result.status, 0, `${args.join(' ')} in ${project}:\n${result.output}`);
    return result.output;
  };
  const manage = (project: string, ...args: string[]) => run(project, ['manage.py', ...args]);
  const script = (project: string, source: string) => {
    fs.writeFileSync(path.join(project, 'step_script.py'), `import os\nimport django\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_settings")\ndjango.setup()\n${source}`);
    return run(project, ['step_script.py']);
  };
  const sql = async (query: string, database = 'news') => (await cluster!.psql(query, database)).trim();

  /**
   * The old release seeded and recorded; the fix moving `field` in a copy (the new release), its
   * `steps` and a clean makemigrations; each step applied under the old release, which answers
   * the same after each one; `migrating` applies a step (`migrate`) its own way.
   */
  const moveStepByStep = async (project: string, seed: string, field: string, steps: readonly string[], migrating = async (_step: string, migrate: () => void) => migrate()) => {
    const [oldRelease, newRelease] = [writeWorkspace(project), writeWorkspace(project)];
    projects.push(oldRelease, newRelease);
    manage(oldRelease, 'migrate', '--noinput');
    script(oldRelease, seed);
    const recorded = script(oldRelease, RECORD);
    const fix = untangle(['fix', '.', '--move-field', `news.Issue.${field}`, '--to', 'news.Letter'], newRelease);
    assert.equal(fix.code, 0, fix.stderr + fix.stdout);
    const migrations = path.join(newRelease, 'news', 'migrations');
    assert.deepEqual(fs.readdirSync(migrations).filter((f) => /^000[2-9]/.test(f)).sort(), steps.map((step) => `${step}.py`));
    assert.match(manage(newRelease, 'makemigrations', '--check', '--dry-run'), /No changes detected/);
    for (const step of steps) {
      fs.copyFileSync(path.join(migrations, `${step}.py`), path.join(oldRelease, 'news', 'migrations', `${step}.py`));
      await migrating(step, () => manage(oldRelease, 'migrate', 'news', step, '--noinput'));
      assert.equal(script(oldRelease, RECORD), recorded, `the old release answers differently after ${step}`);
    }
    return { oldRelease, newRelease, recorded, fixOutput: fix.stdout };
  };

  /** Reversed to 0001: the steps removed from the old release, which answers as recorded. */
  const reversed = (releases: Awaited<ReturnType<typeof moveStepByStep>>, steps: readonly string[]) => {
    manage(releases.newRelease, 'migrate', 'news', '0001', '--noinput');
    for (const step of steps) fs.rmSync(path.join(releases.oldRelease, 'news', 'migrations', `${step}.py`));
    assert.equal(script(releases.oldRelease, RECORD), releases.recorded);
  };

  /**
   * Forwards again, the previous release writing a row (`row`) meanwhile; then the contract step
   * while a session holds the old table: its DROP COLUMN waits that out, the reads of either table
   * queued behind a lock wait about the lock_timeout. The new release then answers as the
   * previous one did before it. `interrupted` runs first, given a run of the contract step that may fail.
   */
  const contracted = async (releases: Awaited<ReturnType<typeof moveStepByStep>>, row: string, database: string, name: string, interrupted?: (contract: () => ReturnType<typeof attempt>) => Promise<void>) => {
    manage(releases.newRelease, 'migrate', '--noinput');
    script(releases.oldRelease, row);
    const before = script(releases.oldRelease, RECORD);
    assert.equal(writeContract(releases.fixOutput, releases.newRelease), name);
    await interrupted?.(() => attempt(releases.newRelease, ['manage.py', 'migrate', 'news', '--noinput']));
    const contract = () => manage(releases.newRelease, 'migrate', 'news', '--noinput');
    assertShortWaits(await whileHeld(cluster!.port, 'news_issue', HOLD_SECONDS, contract, { database, alsoRead: ['news_letter'] }), HOLD_SECONDS);
    assert.match(manage(releases.newRelease, 'makemigrations', '--check', '--dry-run'), /No changes detected/);
    assert.equal(script(releases.newRelease, RECORD), before, 'the new release answers as the previous one did before the contract step');
  };

  it('keeps the old release answering through each step, answers the same after, and reverses', async () => {
    const releases = await moveStepByStep(PROJECT, SEED, 'footer', STEPS);
    assert.match(releases.recorded, /P02499/);
    assert.equal(await sql('SELECT count(*) FROM news_issue i JOIN news_letter l ON l.id = i.letter_id WHERE l.footer IS DISTINCT FROM i.footer'), '0');
    assert.equal(await sql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'news_issue' AND column_name = 'footer'"), 'YES');

    assert.equal(script(releases.newRelease, RECORD), releases.recorded);
    script(releases.newRelease, NEW_ROW);
    assert.equal(await sql("SELECT coalesce(i.footer, 'NULL') FROM news_issue i JOIN news_letter l ON l.id = i.letter_id WHERE l.title = 'late'"), 'NULL');

    // Reversed, the old column is whole again (the new release's row too) and the old release reads it.
    reversed(releases, STEPS);
    assert.equal(await sql("SELECT i.footer FROM news_issue i JOIN news_letter l ON l.id = i.letter_id WHERE l.title = 'late'"), 'Written late');
    assert.equal(await sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'news_letter' AND column_name = 'footer'"), '0');

    // An issue the previous release writes before the contract step: first of its answers (the footers in descending order).
    // A row no release filled: VALIDATE fails the contract step half-way, its check left NOT VALID; once the row is filled, the step runs again whole.
    const unfilled = "(SELECT id FROM news_letter WHERE title = 't7')";
    await contracted(releases, 'from news.models import Issue, Letter\nIssue.objects.create(letter=Letter.objects.create(title="older"), footer="P99999 older")\n', 'news', '0005_remove_footer', async (contract) => {
      await sql(`UPDATE news_letter SET footer = NULL WHERE id = ${unfilled}; UPDATE news_issue SET footer = NULL WHERE letter_id = ${unfilled}`);
      const failed = contract();
      assert.notEqual(failed.status, 0, failed.output);
      assert.match(failed.output, /check constraint "news_letter_footer_notnull" of relation "news_letter" is violated by some row/);
      assert.equal(await sql("SELECT convalidated FROM pg_constraint WHERE conname = 'news_letter_footer_notnull'"), 'f', 'the check left NOT VALID');
      assert.equal(await sql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'news_issue' AND column_name = 'footer'"), '1', 'the old column still there');
      await sql(`UPDATE news_issue SET footer = 'P00007' WHERE letter_id = ${unfilled}`);
    });
    const columns = "SELECT string_agg(table_name || '.' || column_name || ':' || is_nullable, ',') FROM information_schema.columns WHERE column_name = 'footer'";
    assert.equal(await sql(columns), 'news_letter.footer:NO', 'the old column dropped, the new one NOT NULL');
    assert.equal(await sql("SELECT count(*) FROM pg_constraint WHERE conrelid = 'news_letter'::regclass AND contype = 'c'"), '0', 'no check left behind');
    assert.equal(await sql("SELECT footer FROM news_letter WHERE title = 'older'"), 'P99999 older', 'the previous release\'s row caught up');
  });

  it('moves a foreign key the same way: the old release answers through each step, the key\'s index and constraint on the new table, and reverses', async () => {
    // The old key's constraint swap (one retried group) while a session holds its table: the reads queued behind it wait about the lock_timeout, not 8 s.
    const releases = await moveStepByStep(EDITOR_PROJECT, EDITOR_SEED, 'editor', EDITOR_STEPS, async (step, migrate) =>
      step === '0007_letter_editor_replaces_issue_editor' ? assertShortWaits(await whileHeld(cluster!.port, 'news_issue', HOLD_SECONDS, migrate, { database: 'news_editor' }), HOLD_SECONDS) : migrate());
    assert.match(releases.recorded, /"e3"/);
    const editorSql = (query: string) => sql(query, 'news_editor');
    assert.equal(await editorSql('SELECT count(*) FROM news_issue i JOIN news_letter l ON l.id = i.letter_id WHERE l.editor_id IS DISTINCT FROM i.editor_id'), '0');
    assert.equal(await editorSql('SELECT count(*) FROM news_letter WHERE editor_id IS NOT NULL'), '2000');
    assert.equal(await editorSql("SELECT string_agg(contype::text || ':' || convalidated::text || ':' || confrelid::regclass::text, ',') FROM pg_constraint WHERE conrelid = 'news_letter'::regclass AND contype = 'f'"), 'f:true:news_editor', 'the key\'s constraint, validated');
    assert.equal(await editorSql("SELECT count(*) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = 'news_letter'::regclass AND a.attname = 'editor_id' AND i.indisvalid"), '1');

    assert.equal(script(releases.newRelease, RECORD), releases.recorded, 'the new release answers the same, through the properties and the rewritten lookups');
    script(releases.newRelease, 'from news.models import Editor, Issue, Letter\nIssue.objects.create(letter=Letter.objects.create(title="late", editor=Editor.objects.get(name="e7")), footer="late")\n');
    assert.equal(await editorSql("SELECT coalesce(i.editor_id::text, 'NULL') FROM news_issue i JOIN news_letter l ON l.id = i.letter_id WHERE l.title = 'late'"), 'NULL');
    const refused = script(releases.newRelease, 'from django.db import IntegrityError, transaction\nfrom news.models import Letter\ntry:\n    with transaction.atomic():\n        Letter.objects.filter(title="t1").update(editor_id=999999)\nexcept IntegrityError:\n    print("refused")\n');
    assert.match(refused, /refused/, 'the constraint holds on the new column');
    // Deleting an editor with issues, as the old release (Issue.editor SET_NULL) and the new one (Letter.editor) both may until the contract step.
    const deleted = (release: string, name: string) => script(release, `from news.models import Editor\nEditor.objects.get(name="${name}").delete()\nprint("deleted")\n`);
    assert.match(deleted(releases.oldRelease, 'e19'), /deleted/);
    assert.match(deleted(releases.newRelease, 'e18'), /deleted/);
    const dangling = (table: string) => editorSql(`SELECT count(*) FROM ${table} t WHERE editor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM news_editor e WHERE e.id = t.editor_id)`);
    assert.deepEqual([await dangling('news_issue'), await dangling('news_letter')], ['0', '0'], 'no key left pointing at a deleted editor');

    // Reversed, the old column is whole again (the new release's row too) and the old release reads it.
    reversed(releases, EDITOR_STEPS);
    assert.equal(await editorSql("SELECT e.name FROM news_issue i JOIN news_letter l ON l.id = i.letter_id JOIN news_editor e ON e.id = i.editor_id WHERE l.title = 'late'"), 'e7');
    assert.equal(await editorSql("SELECT count(*) FROM information_schema.columns WHERE table_name = 'news_letter' AND column_name = 'editor_id'"), '0');

    await contracted(releases, 'from news.models import Editor, Issue, Letter\nIssue.objects.create(letter=Letter.objects.create(title="older"), editor=Editor.objects.get(name="e5"))\n', 'news_editor', '0008_remove_editor');
    assert.equal(await editorSql("SELECT string_agg(table_name, ',') FROM information_schema.columns WHERE column_name = 'editor_id'"), 'news_letter', 'the old column dropped');
    assert.equal(await editorSql("SELECT e.name FROM news_letter l JOIN news_editor e ON e.id = l.editor_id WHERE l.title = 'older'"), 'e5', 'the previous release\'s row caught up');
  });

  it('moves a NOT NULL foreign key without keeping its table locked while the constraint swap waits for the key\'s target', async () => {
    // Dropping the old constraint locks the editors too: while a session holds them, the issues the step locked first are not kept locked meanwhile.
    const seed = EDITOR_SEED.replace('None if i % 5 == 0 else ', '');
    const releases = await moveStepByStep(REQUIRED_EDITOR_PROJECT, seed, 'editor', EDITOR_STEPS, async (step, migrate) =>
      step === '0007_letter_editor_replaces_issue_editor' ? assertShortWaits(await whileHeld(cluster!.port, 'news_editor', HOLD_SECONDS, migrate, { database: 'news_required', alsoRead: ['news_issue'] }), HOLD_SECONDS) : migrate());
    assert.equal(await sql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'news_issue' AND column_name = 'editor_id'", 'news_required'), 'YES');
    assert.equal(script(releases.newRelease, RECORD), releases.recorded);
    reversed(releases, EDITOR_STEPS);
    assert.equal(await sql("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'news_issue' AND column_name = 'editor_id'", 'news_required'), 'NO');
  });
});
