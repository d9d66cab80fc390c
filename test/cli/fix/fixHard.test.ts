/**
 * `untangle fix --rule duplicate-block --stage hard` on a small real Django project: models
 * repeating timestamp fields and Meta options, serializers repeating declared fields, admin
 * classes repeating options, viewsets repeating methods. After the fix Django finds no migration
 * to make (`makemigrations --check`), its system checks pass, and the project behaves the same.
 * The same holds for models and serializers of one app in several modules: their base classes
 * go to a module of the app they share; models of two apps repeating fields get an abstract model
 * within the app holding two of them, and the model alone in its app stays as it is.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { pythonWithDjango, runPython } from '../../helpers/django/djangoProject';
import { removeWorkspace, writeWorkspace } from '../../helpers/workspace/workspaceFixture';
import { untangle } from '../../helpers/processes/cli';
import { PROJ_MANAGE } from '../../helpers/django/deskApp';

/** A ModelSerializer of `model` declaring its timestamps, as the desk fixtures repeat it. */
const timestampSerializer = (model: string, field: string) => `class ${model}Serializer(serializers.ModelSerializer):
    created_at = serializers.DateTimeField(read_only=True, format="%Y")
    updated_at = serializers.DateTimeField(read_only=True, format="%Y")

    class Meta:
        model = ${model}
        fields = ["id", "${field}", "created_at", "updated_at"]
`;

/** The project around the `desk` app: settings and an empty URLconf. */
const PROJECT = `${PROJ_MANAGE}#- proj/settings.py
SECRET_KEY = "test"
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions", "django.contrib.messages", "rest_framework", "desk"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware", "django.contrib.messages.middleware.MessageMiddleware"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {"context_processors": ["django.template.context_processors.request", "django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages"]}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
ROOT_URLCONF = "proj.urls"
#- proj/urls.py
urlpatterns = []
`;

const DESK = `${PROJECT}#- desk/__init__.py
#- desk/migrations/__init__.py
#- desk/models.py
from django.db import models


class Ticket(models.Model):
    subject = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "support ticket"

    def stamp(self):
        return f"{self.created_at:%Y}-{self.pk}"


class Question(models.Model):
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def stamp(self):
        return f"{self.created_at:%Y}-{self.pk}"
#- desk/serializers.py
from rest_framework import serializers

from .models import Question, Ticket


${timestampSerializer('Ticket', 'subject')}

${timestampSerializer('Question', 'text')}#- desk/admin.py
from django.contrib import admin

from .models import Question, Ticket


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
#- desk/views.py
from rest_framework import viewsets

from .models import Question, Ticket
from .serializers import QuestionSerializer, TicketSerializer


class TicketViewSet(viewsets.ModelViewSet):
    queryset = Ticket.objects.all()
    serializer_class = TicketSerializer
    search_field = "subject"

    def get_queryset(self):
        words = self.request.query_params.get("q", "")
        return super().get_queryset().filter(**{f"{self.search_field}__icontains": words})


class QuestionViewSet(viewsets.ModelViewSet):
    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    search_field = "text"

    def get_queryset(self):
        words = self.request.query_params.get("q", "")
        return super().get_queryset().filter(**{f"{self.search_field}__icontains": words})
`;

/** What the project does, printed: models' order and methods, serializers' output, the views' filtering. */
const BEHAVIOUR = `
from django.core.management import call_command
call_command("migrate", verbosity=0)
from rest_framework.test import APIRequestFactory
from desk.models import Question, Ticket
from desk.serializers import QuestionSerializer, TicketSerializer
from desk.views import QuestionViewSet, TicketViewSet
Ticket.objects.create(subject="printer"); Ticket.objects.create(subject="badge")
Question.objects.create(text="why?")
print([t.subject for t in Ticket.objects.all()], Ticket._meta.verbose_name, Question._meta.ordering, Ticket.objects.first().stamp()[-2:])
print(sorted(TicketSerializer(Ticket.objects.last()).data), QuestionSerializer(Question.objects.get()).data["text"])
view = TicketViewSet.as_view({"get": "list"})
print([row["subject"] for row in view(APIRequestFactory().get("/", {"q": "print"})).data])
print(QuestionViewSet.as_view({"get": "list"})(APIRequestFactory().get("/", {"q": "zzz"})).data)
`;

describe('untangle fix --rule duplicate-block --stage hard, on a Django project', function () {
  this.timeout(300_000);
  const project = djangoProject(DESK);

  it('pulls every group up, and Django finds no migration to make, its checks pass, the project behaves the same', () => {
    const run = fixHardKeepingBehaviour(project, BEHAVIOUR);
    // The serializers' and viewsets' class bodies are near-copies too, whose extraction into a function is not offered (the members are pulled up instead).
    assert.match(run.stdout, /^4 applied, 0 refused, 2 not offered, 4 files changed$/m, run.stdout);
    assert.match(run.stdout, /^not offered: Extract duplicated block into utils \(desk\/serializers\.py:\d+\): the copies are declarations of class attributes/m);
    for (const title of [
      'Pull `created_at`, `updated_at`, `Meta.ordering`, `stamp` up into abstract model `TimestampedModel`',
      'Pull `created_at`, `updated_at` up into base serializer `TimestampedSerializer`',
      'Pull `date_hierarchy`, `readonly_fields` up into base admin `TimestampedAdmin`',
      'Move `get_queryset` into mixin `QuerysetMixin`',
    ]) {
      assert.ok(run.stdout.includes(`applied: ${title}: `), `${title}\n${run.stdout}`);
    }
    assert.equal(untangle(['check', '.'], project.root).stdout.match(/repeated in/g), null, 'no class repeats members any more');
  });

  it('takes --stage only with --rule duplicate-block, and not for check', () => {
    const { root } = project;
    const other = untangle(['fix', '--rule', 'long-file', '--stage', 'hard'], root);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /^untangle: --stage: --stage chooses between the soft and hard refactorings of --rule duplicate-block/);
    assert.match(untangle(['fix', '--rule', 'duplicate-block', '--stage', 'firm'], root).stderr, /^untangle: --stage: /);
    assert.match(untangle(['check', '--stage', 'hard'], root).stderr, /^untangle: --stage: not an option of untangle check/);
  });
});

/** Models of the `desk` app in a `models/` package, and serializers in two modules, repeating their timestamps. */
const DESK_MODULES = `${PROJECT}#- desk/__init__.py
#- desk/migrations/__init__.py
#- desk/models/__init__.py
from .questions import Question
from .tickets import Ticket

__all__ = ["Question", "Ticket"]
#- desk/models/tickets.py
from django.db import models


class Ticket(models.Model):
    subject = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
#- desk/models/questions.py
from django.db import models

from .tickets import Ticket


class Question(models.Model):
    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.SET_NULL)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
#- desk/ticket_serializers.py
from rest_framework import serializers

from .models import Ticket


${timestampSerializer('Ticket', 'subject')}#- desk/question_serializers.py
from rest_framework import serializers

from .models import Question


${timestampSerializer('Question', 'text')}`;

const MODULES_BEHAVIOUR = `
from django.core.management import call_command
call_command("migrate", verbosity=0)
from desk.models import Question, Ticket
from desk.question_serializers import QuestionSerializer
from desk.ticket_serializers import TicketSerializer
ticket = Ticket.objects.create(subject="printer"); Ticket.objects.create(subject="badge")
Question.objects.create(text="why?", ticket=ticket)
print([t.subject for t in Ticket.objects.all()], Question._meta.ordering, sorted(f.name for f in Question._meta.fields))
print(sorted(TicketSerializer(ticket).data), QuestionSerializer(Question.objects.get()).data["text"])
`;

describe('untangle fix --stage hard, on models and serializers of one app in several modules', function () {
  this.timeout(300_000);
  const project = djangoProject(DESK_MODULES);

  it('puts the abstract model in models/base.py and the base serializer in base_serializers.py, and Django finds no migration to make', () => {
    const run = fixHardKeepingBehaviour(project, MODULES_BEHAVIOUR);
    const { root } = project;
    assert.match(run.stdout, /^applied: Pull `created_at`, `updated_at`, `Meta\.ordering` up into abstract model `TimestampedModel`: .* in base\.py$/m, run.stdout);
    assert.match(run.stdout, /^applied: Pull `created_at`, `updated_at` up into base serializer `TimestampedSerializer`: .* in base_serializers\.py$/m, run.stdout);
    assert.match(fs.readFileSync(path.join(root, 'desk/models/base.py'), 'utf8'), /^class TimestampedModel\(models\.Model\):$/m);
    assert.match(fs.readFileSync(path.join(root, 'desk/models/questions.py'), 'utf8'), /^from \.base import TimestampedModel$/m);
    assert.match(fs.readFileSync(path.join(root, 'desk/question_serializers.py'), 'utf8'), /^from \.base_serializers import TimestampedSerializer$/m);
  });
});

/** A model with one field of its own and the timestamps the fixtures repeat. */
const timestampedModel = (name: string, field: string) => `class ${name}(models.Model):
    ${field}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
`;

/** Models of two apps repeating their timestamps: two in `desk`, one alone in `billing`. */
const TWO_APPS = `${PROJECT.replace('"desk"]', '"desk", "billing"]')}#- desk/__init__.py
#- desk/migrations/__init__.py
#- desk/models.py
from django.db import models


${timestampedModel('Ticket', 'subject = models.CharField(max_length=200)')}

${timestampedModel('Question', 'text = models.TextField()')}#- billing/__init__.py
#- billing/migrations/__init__.py
#- billing/models.py
from django.db import models


${timestampedModel('Invoice', 'number = models.CharField(max_length=20)')}`;

const TWO_APPS_BEHAVIOUR = `
from django.core.management import call_command
call_command("migrate", verbosity=0)
from billing.models import Invoice
from desk.models import Question, Ticket
Ticket.objects.create(subject="printer"); Question.objects.create(text="why?"); Invoice.objects.create(number="F-1")
for model in (Ticket, Question, Invoice):
    print(model.__name__, sorted(f.name for f in model._meta.fields), model.objects.get().created_at is not None)
`;

describe('untangle fix --stage hard, on models of two apps repeating their fields', function () {
  this.timeout(300_000);
  const project = djangoProject(TWO_APPS, ['desk', 'billing']);

  it('gives the two models of one app an abstract model, leaves the other app’s model as it is, and Django finds no migration to make', () => {
    const run = fixHardKeepingBehaviour(project, TWO_APPS_BEHAVIOUR);
    const { root } = project;
    assert.match(run.stdout, /^applied: Pull `created_at`, `updated_at` up into abstract model `TimestampedModel` in desk\/: .*; `Invoice` \(billing\/models\.py\) stays as it is: no other class of its package repeats the members/m, run.stdout);
    assert.match(fs.readFileSync(path.join(root, 'desk/models.py'), 'utf8'), /^class TimestampedModel\(models\.Model\):$[\s\S]*^class Ticket\(TimestampedModel\):$[\s\S]*^class Question\(TimestampedModel\):$/m);
    assert.doesNotMatch(fs.readFileSync(path.join(root, 'billing/models.py'), 'utf8'), /TimestampedModel/);
  });
});

/** A project written from `fixture`, with its apps' first migrations, for the tests of one describe block. */
function djangoProject(fixture: string, apps: readonly string[] = ['desk']): { python: string; root: string } {
  const project = { python: '', root: '' };
  before(() => {
    project.python = pythonWithDjango();
    project.root = writeWorkspace(fixture);
    const made = runPython(project.python, ['manage.py', 'makemigrations', ...apps], project.root);
    assert.equal(made.status, 0, made.output);
  });
  after(() => removeWorkspace(project.root));
  return project;
}

/**
 * Runs the hard stage on the project, then holds it to Django's verdict: no migration to make,
 * the system checks pass, and the script `behaviour` prints what it printed before. Returns the fix's run.
 */
function fixHardKeepingBehaviour({ python, root }: { python: string; root: string }, behaviour: string): { stdout: string } {
  const before = runPython(python, ['manage.py', 'shell', '-c', behaviour], root);
  assert.equal(before.status, 0, before.output);
  const run = untangle(['fix', '--rule', 'duplicate-block', '--stage', 'hard'], root);
  assert.equal(run.code, 0, run.stderr);
  const migrations = runPython(python, ['manage.py', 'makemigrations', '--check', '--dry-run'], root);
  assert.equal(migrations.status, 0, migrations.output);
  assert.match(migrations.output, /No changes detected/);
  const check = runPython(python, ['manage.py', 'check'], root);
  assert.equal(check.status, 0, check.output);
  assert.equal(runPython(python, ['manage.py', 'shell', '-c', behaviour], root).output, before.output);
  return run;
}
