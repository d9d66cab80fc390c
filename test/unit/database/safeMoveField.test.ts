/** Moving a field to the model a one-to-one reaches, keeping the old name reachable (refactor/database/moveField.ts). */
import { strict as assert } from 'node:assert';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { moveFieldKeepingOldName } from '../../../server/src/refactor/database/moveField';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { newsProject } from '../../helpers/django/newsProject';
import { LOCKED_FIRST, Q, RETRIED } from '../../helpers/django/migrationFixFixture';
import { ISSUE_MODELS as MODELS, ISSUE_SERIALIZER as SERIALIZERS } from '../../helpers/django/issueModels';

const VIEWS = `
#- news/views.py
from django.db.models import F
from .models import Issue


def footers():
    return Issue.objects.filter(footer__startswith="P").order_by("-footer").values("id", "footer")
`;

/** The issue models with an `Editor` each issue points to: `EDITOR` stands for the foreign key's declaration. */
const ISSUE_MODELS_WITH_EDITOR = MODELS.replace('class Issue(models.Model):', 'class Editor(models.Model):\n    name = models.CharField(max_length=40)\n\n\nclass Issue(models.Model):\n    editor = EDITOR');

describe('move a field through a one-to-one keeping the old name reachable', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const move = (models: string, extra = '', to = 'news.Letter', field = 'footer') => {
    const files = memoryWorkspace(newsProject(models, extra));
    return { files, plan: moveFieldKeepingOldName(parser, snapshotOf(files), { model: 'news.Issue', field, to }) };
  };
  const reason = (plan: ReturnType<typeof move>['plan']) => (plan.result.safe ? assert.fail('expected a refusal') : plan.result.reason);

  it('writes three migrations, the declaration on the target, the property, the serializer key and the lookups', () => {
    const { files, plan } = move(MODELS, SERIALIZERS + VIEWS);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const step = (name: string) => after.get(`${ROOT}/news/migrations/${name}.py`) ?? assert.fail(`no ${name} in ${[...after.keys()].join(', ')}`);
    assert.match(step('0002_add_letter_footer'), /AddField\(\s*model_name="letter",\s*name="footer",\s*field=models\.CharField\(max_length=80, default="", null=True\)/);
    const copy = step('0003_copy_footer_to_letter');
    assert.match(copy, /atomic = False/);
    assert.match(copy, /update_in_batches\(apps\.get_model\("news", "Letter"\), \{"footer": models\.Subquery\(apps\.get_model\("news", "Issue"\)\._base_manager\.filter\(letter=models\.OuterRef\("pk"\)\)\.values\("footer"\)\[:1\]\)\}\)/);
    assert.match(copy, /update_in_batches\(apps\.get_model\("news", "Issue"\), \{"footer": models\.Subquery\(apps\.get_model\("news", "Letter"\)\._base_manager\.filter\(pk=models\.OuterRef\("letter"\)\)/);
    assert.match(copy, /RunPython\(copy_footer_to_letter, reverse_code=copy_footer_to_issue\)/);
    assert.match(step('0004_letter_footer_replaces_issue_footer'), /database_operations=\[[\s\S]*'ALTER TABLE "news_issue" ALTER COLUMN "footer" DROP NOT NULL',\n\s+reverse_sql='ALTER TABLE "news_issue" ALTER COLUMN "footer" SET NOT NULL'[\s\S]*reverse_code=fill_footer[\s\S]*state_operations=\[[\s\S]*RemoveField[\s\S]*model_name="letter"/);
    // The lock of the table each step changes taken first, retried: the target's for its AddField, the model's for its DROP NOT NULL.
    assert.match(step('0002_add_letter_footer'), new RegExp(LOCKED_FIRST('news_letter', 'migrations\\.AddField')));
    assert.match(step('0004_letter_footer_replaces_issue_footer'), new RegExp(`database_operations=\\[\\n\\s+${LOCKED_FIRST('news_issue', 'migrations\\.RunSQL\\(\\n\\s+\'ALTER TABLE')}`));
    const model = after.get(`${ROOT}/news/models.py`)!;
    assert.match(model, /class Letter\(models\.Model\):\n    title = models\.CharField\(max_length=40\)\n    footer = models\.CharField\(max_length=80, default=""\)\n/);
    assert.match(model, /    letter = models\.OneToOneField\(Letter, on_delete=models\.CASCADE\)\n\n    @property\n    def footer\(self\):\n.*\n        return self\.letter\.footer\n\n    @footer\.setter\n    def footer\(self, value\):\n        self\.letter\.footer = value\n\n    def __str__/);
    assert.match(after.get(`${ROOT}/news/serializers.py`)!, /    footer = serializers\.ReadOnlyField\(source="letter\.footer"\)\n\n    class Meta:/);
    assert.match(after.get(`${ROOT}/news/views.py`)!, /filter\(letter__footer__startswith="P"\)\.order_by\("-letter__footer"\)\.values\("id", footer=F\("letter__footer"\)\)/);
    assert.ok(plan.contract);
    assert.match(plan.contract.migration.text, /UPDATE "news_letter" SET "footer" = "news_issue"\."footer" FROM "news_issue" WHERE "news_issue"\."letter_id" = "news_letter"\."id"/);
    assert.match(plan.contract.migration.text, /atomic = False/, 'the check\'s lock on news_letter not kept while the drop waits for news_issue\'s');
    assert.match(plan.contract.migration.text, new RegExp(RETRIED(`ALTER TABLE ${Q}news_issue${Q} DROP COLUMN IF EXISTS ${Q}footer${Q}`)));
    assert.match(plan.contract.migration.text, new RegExp(RETRIED(`ALTER TABLE ${Q}news_letter${Q} ALTER COLUMN ${Q}footer${Q} SET NOT NULL`, `ALTER TABLE ${Q}news_letter${Q} DROP CONSTRAINT ${Q}news_letter_footer_notnull${Q}`)));
  });

  it('refuses a foreign key: several rows would share the target row', () => {
    const { plan } = move(MODELS.replace('models.OneToOneField(Letter', 'models.ForeignKey(Letter'));
    assert.match(reason(plan), /is a ForeignKey: several `Issue` rows may share one `Letter`/);
  });

  it('refuses moving a foreign key, saying what deleting its target or its reverse accessor would do differently', () => {
    const moveEditor = (declaration: string) => reason(move(ISSUE_MODELS_WITH_EDITOR.replace('EDITOR', declaration), '', 'news.Letter', 'editor').plan);
    assert.match(moveEditor('models.ForeignKey(Editor, on_delete=models.CASCADE)'), /`Issue\.editor` is a ForeignKey with on_delete=CASCADE: declared on `Letter`, deleting a `news\.Editor` would delete the `Letter` rows that point to it \(and their `Issue` through the one-to-one\), where today it deletes only `Issue` rows\. The migrations alone would keep that \(the old release cascades to `Issue`, the new column sets itself NULL\), but no on_delete Django offers deletes the `Issue` and keeps the `Letter`/);
    assert.match(moveEditor('models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL)'), /reverse accessor `issue_set` on a `news\.Editor` returns `Issue` rows, and would return `Letter` rows/);
    assert.match(moveEditor('models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL, related_name="issues")'), /reverse accessor `issues`/);
    assert.match(moveEditor('models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL, related_name="+", to_field="name")'), /`editor` sets to_field=, which the moved key's sequence does not write/);
  });

  it('moves a foreign key: the bare column, the copy, its index concurrently, the constraint NOT VALID then VALIDATE; `editor` and `editor_id` stay properties', () => {
    const models = ISSUE_MODELS_WITH_EDITOR.replace('EDITOR', 'models.ForeignKey(Editor, null=True, on_delete=models.SET_NULL, related_name="+")');
    const serializer = SERIALIZERS.replace('"footer"]\n', '"footer", "editor"]\n').replace('"footer"]\n', '"footer", "editor"]\n');
    const views = '\n#- news/views.py\nfrom .models import Issue\n\n\ndef edited(editor):\n    return [issue.editor_id for issue in Issue.objects.filter(editor_id=editor.pk).order_by("editor")]\n';
    const { files, plan } = move(models, serializer + views, 'news.Letter', 'editor');
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const written = [...after.keys()].filter((file) => /migrations\/000[2-9]/.test(file)).map((file) => file.replace(/^.*\//, '')).sort();
    assert.deepEqual(written, ['0002_add_editor_column.py', '0003_copy_editor_to_letter.py', '0004_editor_index.py', '0005_editor_foreign_key.py', '0006_validate_editor_foreign_key.py', '0007_letter_editor_replaces_issue_editor.py']);
    const step = (name: string) => after.get(`${ROOT}/news/migrations/${name}.py`)!;
    assert.match(step('0002_add_editor_column'), /database_operations=\[[\s\S]*name="editor",\s*field=models\.ForeignKey\([^)]*db_constraint=False, db_index=False[\s\S]*state_operations=\[[\s\S]*name="editor",\s*field=models\.ForeignKey\("news\.editor", null=True, on_delete=models\.SET_NULL, related_name="\+"\)/);
    assert.match(step('0003_copy_editor_to_letter'), /\{"editor": models\.Subquery\(apps\.get_model\("news", "Issue"\)\._base_manager\.filter\(letter=models\.OuterRef\("pk"\)\)\.values\("editor"\)\[:1\]\)\}/);
    assert.match(step('0004_editor_index'), /atomic = False[\s\S]*CREATE INDEX CONCURRENTLY IF NOT EXISTS \\?"news_letter_editor_id_[0-9a-f]{8}\\?" ON \\?"news_letter\\?" \(\\?"editor_id\\?"\)/);
    assert.match(step('0005_editor_foreign_key'), /ALTER TABLE \\?"news_letter\\?" ADD CONSTRAINT [^ ]+ FOREIGN KEY \(\\?"editor_id\\?"\) REFERENCES \\?"news_editor\\?" \(\\?"id\\?"\) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED NOT VALID/, 'the old release, which does not know the key, deletes editors');
    const fk = `${Q}news_issue_editor_id_[0-9a-f]{8}_fk_news_editor_id${Q}`;
    // The constraint dropped and added again as one group under the lock retries, each way: the column is never without it.
    const swap = (onDelete: string) => RETRIED(`ALTER TABLE ${Q}news_issue${Q} DROP CONSTRAINT ${fk}`, `ALTER TABLE ${Q}news_issue${Q} ADD CONSTRAINT ${fk} FOREIGN KEY \\(${Q}editor_id${Q}\\) REFERENCES ${Q}news_editor${Q} \\(${Q}id${Q}\\)${onDelete} DEFERRABLE INITIALLY DEFERRED NOT VALID`);
    assert.match(step('0007_letter_editor_replaces_issue_editor'), new RegExp(`"${swap(' ON DELETE SET NULL')}",\\n\\s*\\],\\n\\s*reverse_sql=\\[\\n\\s*"${swap('')}"`), 'the new release, which forgets the old key, deletes editors');
    assert.match(step('0006_validate_editor_foreign_key'), /VALIDATE CONSTRAINT/);
    const model = after.get(`${ROOT}/news/models.py`)!;
    assert.match(model, /class Letter\(models\.Model\):\n    title = models\.CharField\(max_length=40\)\n    editor = models\.ForeignKey\("Editor", null=True/, '`Editor` is defined after `Letter`: a lazy reference');
    assert.match(model, /        return self\.letter\.editor\n[\s\S]*def editor_id\(self\):\n.*remove it before migration 0008_remove_editor.*\n        return self\.letter\.editor_id\n\n    @editor_id\.setter/);
    assert.match(after.get(`${ROOT}/news/serializers.py`)!, /    editor = serializers\.ReadOnlyField\(source="letter\.editor_id"\)/, 'the key as the primary key it holds, as the related field gave it');
    assert.match(after.get(`${ROOT}/news/views.py`)!, /issue\.editor_id for issue in Issue\.objects\.filter\(letter__editor_id=editor\.pk\)\.order_by\("letter__editor"\)/);
    assert.match(plan.contract!.migration.name, /^0008_remove_editor$/);
  });

  it('refuses a nullable relation, a model it does not reach, and a name the target has', () => {
    assert.match(reason(move(MODELS.replace('on_delete=models.CASCADE)', 'null=True, on_delete=models.CASCADE)')).plan), /may be NULL/);
    assert.match(reason(move(MODELS, '', 'news.Nothing').plan), /no concrete model `news\.Nothing`/);
    assert.match(reason(move(MODELS.replace('    title = models.CharField(max_length=40)', '    title = models.CharField(max_length=40)\n\n    def footer(self):\n        return ""')).plan), /`news\.Letter` has a `footer` already/);
    assert.match(reason(move(`${MODELS}\n\nclass Other(models.Model):\n    pass\n`, '', 'news.Other').plan), /has no relation to `news\.Other`/);
    // Multi-table inheritance: the parent link is a one-to-one too, but the parent's row is the child's own.
    const child = MODELS.replace('class Issue(models.Model):\n    letter = models.OneToOneField(Letter, on_delete=models.CASCADE)', 'class Issue(Letter):');
    assert.match(reason(move(child).plan), /`Issue` has no relation to `news\.Letter`/);
  });

  it('refuses what cannot cross the relation: an update, a write, a writable serializer key', () => {
    const update = `\n#- news/jobs.py\nfrom .models import Issue\n\n\ndef clear():\n    Issue.objects.filter(footer="x").update(footer="")\n`;
    assert.match(reason(move(MODELS, update).plan), /jobs\.py:5: `update\(\)` names fields of one table/);
    const write = `\n#- news/jobs.py\ndef sign(issue):\n    issue.footer = "Bye"\n    issue.save()\n`;
    assert.match(reason(move(MODELS, write).plan), /jobs\.py:2: `issue\.footer = "Bye"` writes "footer", which moves to a related row/);
    const create = `\n#- news/jobs.py\nfrom .models import Issue\n\n\ndef make(letter):\n    return Issue.objects.create(letter=letter, footer="x")\n`;
    assert.match(reason(move(MODELS, create).plan), /jobs\.py:5: .* writes "footer"/);
    const defaults = `\n#- news/jobs.py\nfrom .models import Issue\n\n\ndef make(letter):\n    return Issue.objects.get_or_create(letter=letter, defaults={"footer": "x"})\n`;
    assert.match(reason(move(MODELS, defaults).plan), /jobs\.py:5: .* writes "footer"/);
    assert.match(reason(move(MODELS, SERIALIZERS.replace('        read_only_fields = ["footer"]\n', '')).plan), /`IssueSerializer` writes "footer": a ModelSerializer cannot write a field through a relation/);
  });
});
