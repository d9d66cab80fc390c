/** The field rename keeping the old name reachable (refactor/database/renameField.ts), on inline projects. */
import { strict as assert } from 'node:assert';
import { loadPythonParser, type PythonParser } from '../../../server/src/core/parse/pythonParser';
import { renameFieldKeepingOldName } from '../../../server/src/refactor/database/renameField';
import { applyEdit, memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { newsProject } from '../../helpers/django/newsProject';
import { LOCKED_FIRST, Q, RETRIED } from '../../helpers/django/migrationFixFixture';

const PROJECT = newsProject(`
from django.db import models
from django.utils import timezone


class Letter(models.Model):
    title = models.CharField(max_length=40)
    frequency = models.CharField(max_length=10, default="weekly")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.frequency
`, `
#- news/migrations/0002_more.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = []
#- news/serializers.py
from rest_framework import serializers
from .models import Letter


class LetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["id", "title", "frequency"]
        extra_kwargs = {"title": {"required": False}}
#- news/views.py
from django.db.models import Count
from .models import Letter


def digest():
    rows = Letter.objects.filter(frequency__in=["daily"]).order_by("-frequency").values("title", "frequency")
    Letter.objects.exclude(frequency="x").update(frequency="never")
    return rows, Letter.objects.values_list("frequency", flat=True), Letter.objects.annotate(n=Count("frequency"))
`);

describe('rename a field keeping the old name reachable', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await loadPythonParser();
  });

  const rename = (fixture: string, extra = '') => {
    const files = memoryWorkspace(fixture + extra);
    return { files, plan: renameFieldKeepingOldName(parser, snapshotOf(files), { model: 'news.Letter', field: 'frequency', newName: 'cadence' }) };
  };

  it('writes three migrations after the latest, the property, the serializer key and the lookups', () => {
    const { files, plan } = rename(PROJECT);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    const names = [...after.keys()].filter((f) => /migrations\/000[3-9]/.test(f)).map((f) => f.slice(f.lastIndexOf('/') + 1));
    assert.deepEqual(names, ['0003_add_cadence.py', '0004_copy_frequency_to_cadence.py', '0005_cadence_replaces_frequency.py']);
    const step = (name: string) => after.get(`${ROOT}/news/migrations/${name}.py`)!;
    assert.match(step('0003_add_cadence'), /\("news", "0002_more"\)[\s\S]*AddField\([\s\S]*name="cadence",\n\s+field=models\.CharField\(max_length=10, default="weekly", null=True\)/);
    assert.match(step('0004_copy_frequency_to_cadence'), /atomic = False[\s\S]*RunPython\(copy_frequency_to_cadence, reverse_code=copy_cadence_to_frequency\)/);
    assert.match(step('0004_copy_frequency_to_cadence'), /apps\.get_model\("news", "Letter"\)/);
    assert.match(step('0005_cadence_replaces_frequency'), /database_operations=\[[\s\S]*ALTER COLUMN "frequency" DROP NOT NULL[\s\S]*reverse_code=fill_frequency[\s\S]*state_operations=\[[\s\S]*RemoveField[\s\S]*AlterField/);
    // Django's AddField and the old column's DROP NOT NULL: the table's lock taken first, retried (each way).
    assert.match(step('0003_add_cadence'), new RegExp(`operations = \\[\\n\\s+${LOCKED_FIRST('news_letter', 'migrations\\.AddField')}`));
    assert.match(step('0005_cadence_replaces_frequency'), new RegExp(`database_operations=\\[\\n\\s+${LOCKED_FIRST('news_letter', 'migrations\\.RunSQL\\(\\n\\s+\'ALTER TABLE')}[\\s\\S]*state_operations`));
    const model = after.get(`${ROOT}/news/models.py`)!;
    assert.match(model, /    cadence = models\.CharField\(max_length=10, default="weekly"\)/);
    assert.match(model, /    @property\n    def frequency\(self\):\n.*\n        return self\.cadence\n\n    @frequency\.setter\n    def frequency\(self, value\):\n        self\.cadence = value\n\n    def __str__/);
    assert.match(after.get(`${ROOT}/news/serializers.py`)!, /extra_kwargs = \{"frequency": \{"source": "cadence"\}, "title": \{"required": False\}\}/);
    const views = after.get(`${ROOT}/news/views.py`)!;
    assert.match(views, /^from django\.db\.models import Count, F$/m);
    assert.match(views, /filter\(cadence__in=\["daily"\]\)\.order_by\("-cadence"\)\.values\("title", frequency=F\("cadence"\)\)/);
    assert.match(views, /exclude\(cadence="x"\)\.update\(cadence="never"\)/);
    assert.match(views, /values_list\("cadence", flat=True\), Letter\.objects\.annotate\(n=Count\("cadence"\)\)/);
  });

  it('describes the contract step without writing it, with who still reads the old name', () => {
    const { files, plan } = rename(PROJECT);
    assert.ok(plan.result.safe && plan.contract);
    assert.equal(plan.contract.migration.name, '0006_remove_frequency');
    assert.ok(!applyEdit(files, plan.result.edit).has(plan.contract.migration.path));
    // Each brief ACCESS EXCLUSIVE change under the lock retries: the check, SET NOT NULL with the check's drop, the drop (irreversible).
    // Not atomic, so no lock is kept through VALIDATE's scan; each statement can run again (the check replaced, the drop IF EXISTS).
    const alter = `ALTER TABLE ${Q}news_letter${Q}`;
    const check = `${Q}news_letter_cadence_notnull${Q}`;
    const steps = [
      'atomic = False',
      '\\("news", "0005_cadence_replaces_frequency"\\)',
      'SET "cadence" = "frequency" WHERE "cadence" IS NULL',
      RETRIED(`${alter} DROP CONSTRAINT IF EXISTS ${check}`, `${alter} ADD CONSTRAINT ${check} CHECK \\(${Q}cadence${Q} IS NOT NULL\\) NOT VALID`),
      `${alter} VALIDATE CONSTRAINT ${check}`,
      RETRIED(`${alter} ALTER COLUMN ${Q}cadence${Q} SET NOT NULL`, `${alter} DROP CONSTRAINT ${check}`),
      `migrations\\.RunSQL\\("${RETRIED(`${alter} DROP COLUMN IF EXISTS ${Q}frequency${Q}`)}"\\)`,
    ];
    assert.match(plan.contract.migration.text, new RegExp(steps.join('[\\s\\S]*')));
    assert.deepEqual(plan.contract.readers.map((place) => place.code), ['return self.frequency']);
  });

  it('refuses a ModelForm listing the old name, with the reason', () => {
    const { plan } = rename(PROJECT, `
#- news/forms.py
from django import forms
from .models import Letter


class LetterForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = ["title", "frequency"]
`);
    assert.ok(!plan.result.safe);
    assert.match(plan.result.reason, /news\/forms\.py:8: `LetterForm\.Meta\.fields` lists "frequency": a form field needs a model field/);
  });

  it('tells its lookups from another model\'s with a field of the same name by the manager they start from', () => {
    const plan = `
#- news/other.py
from django import forms
from django.db import models
from .models import Letter


class PlanQuerySet(models.QuerySet):
    def weekly(self):
        return self.filter(frequency=7)


class Plan(models.Model):
    frequency = models.IntegerField()
    letter = models.ForeignKey(Letter, related_name="plans", on_delete=models.CASCADE)
    objects = PlanQuerySet.as_manager()

    def touch(self):
        self.save(update_fields=["frequency"])
        return self.letter.plans.filter(frequency=1), Plan.objects.filter(letter__frequency="daily")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["frequency"]


def plans():
    return Plan.objects.filter(frequency=1).order_by("frequency"), Letter.objects.filter(plans__frequency=2)
`;
    const told = rename(PROJECT, plan);
    assert.ok(told.plan.result.safe, told.plan.result.safe ? '' : told.plan.result.reason);
    const after = applyEdit(told.files, told.plan.result.edit);
    const other = after.get(`${ROOT}/news/other.py`)!;
    assert.match(other, /Plan\.objects\.filter\(frequency=1\)\.order_by\("frequency"\), Letter\.objects\.filter\(plans__frequency=2\)/, 'Plan\'s own field, also through the reverse relation');
    assert.match(other, /self\.filter\(frequency=7\)[\s\S]*update_fields=\["frequency"\][\s\S]*self\.letter\.plans\.filter\(frequency=1\), Plan\.objects\.filter\(letter__cadence="daily"\)/);
    assert.match(after.get(`${ROOT}/news/views.py`)!, /Letter\.objects\.filter\(cadence__in=/);
    const unknown = rename(PROJECT, `${plan}

def daily(queryset):
    return queryset.filter(frequency="daily")
`);
    assert.ok(!unknown.plan.result.safe);
    assert.match(unknown.plan.result.reason, /other\.py:32: `frequency` may be a lookup on another model with a field "frequency"/);
    assert.doesNotMatch(unknown.plan.result.reason, /other\.py:28:/);
  });

  it('refuses a serializer of all fields, and values() keys it cannot keep', () => {
    const all = rename(PROJECT.replace('fields = ["id", "title", "frequency"]', 'fields = "__all__"'));
    assert.ok(!all.plan.result.safe);
    assert.match(all.plan.result.reason, /`LetterSerializer` takes its fields from the model/);
    const values = rename(PROJECT.replace('.values("title", "frequency")', '.values("frequency", "title")'));
    assert.ok(!values.plan.result.safe);
    assert.match(values.plan.result.reason, /gives rows the key "frequency"/);
  });

  it('writes out the choices and lengths the project defines as constants: a migration must not import the app', () => {
    const { files, plan } = rename(PROJECT.replace('from django.utils import timezone', 'from django.utils import timezone\n\nLENGTH = 10\nFREQUENCIES = [("daily", "Daily"), ("weekly", "Weekly")]')
      .replace('max_length=10, default="weekly"', 'max_length=LENGTH, choices=FREQUENCIES, default="weekly"'));
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const added = applyEdit(files, plan.result.edit).get(`${ROOT}/news/migrations/0003_add_cadence.py`)!;
    assert.match(added, /field=models\.CharField\(max_length=10, choices=\[\("daily", "Daily"\), \("weekly", "Weekly"\)\], default="weekly", null=True\)/);
    const unknown = rename(PROJECT.replace('default="weekly")', 'default=pick_default())').replace('from django.utils import timezone', 'from django.utils import timezone\nfrom news.defaults import pick_default'));
    assert.ok(!unknown.plan.result.safe);
    assert.match(unknown.plan.result.reason, /uses `pick_default`, defined in the project/);
  });

  it('refuses what this sequence does not move: indexed fields, relations, names taken', () => {
    const indexed = rename(PROJECT.replace('default="weekly")', 'default="weekly", db_index=True)'));
    assert.ok(!indexed.plan.result.safe && /is indexed/.test(indexed.plan.result.reason));
    const files = memoryWorkspace(PROJECT);
    const taken = renameFieldKeepingOldName(parser, snapshotOf(files), { model: 'news.Letter', field: 'frequency', newName: 'title' });
    assert.ok(!taken.result.safe && /has a field `title` already/.test(taken.result.reason));
    const missing = renameFieldKeepingOldName(parser, snapshotOf(files), { model: 'news.Letter', field: 'nope', newName: 'other' });
    assert.ok(!missing.result.safe && /has no field `nope`/.test(missing.result.reason));
  });
});
