/**
 * Classes of one kind repeating members in several modules of one package: the mixin goes to its
 * `mixins.py`, a base class (abstract model, base serializer, base admin) to its `base.py` or
 * `common.py`, else a new `base_models.py` (`base.py` of a `models/` package), with the imports
 * they need, and every module imports it (dropping the imports only the moved members used);
 * names the modules bind differently are refused, and modules of several packages, or models of
 * several apps, get no action.
 */
import { strict as assert } from 'node:assert';
import { pullUp, refusalOf, textAfter } from '../../helpers/refactor/pullUpFixture';
import { ROOT } from '../../helpers/refactor/refactorFixture';

const METHODS = `    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(created_at__gte=timezone.now() - timedelta(days=self.window_days))

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
`;

/** A viewset repeating METHODS in `file`, importing what they read as `imports` says. */
const viewSet = (name: string, imports: string, windowDays: number) => `from datetime import timedelta

${imports}
from rest_framework import viewsets

from .models import Ticket


class ${name}(viewsets.ModelViewSet):
    queryset = Ticket.objects.all()
    window_days = ${windowDays}

${METHODS}`;

const TIMEZONE = 'from django.utils import timezone';

describe('hard refactor: repeated methods across modules go to a shared mixins.py', () => {
  it('writes the mixin in the package’s mixins.py with its imports, and each module imports it', async () => {
    const fixture = `#- shop/__init__.py\n#- shop/models.py\n#- shop/support.py\n${viewSet('TicketViewSet', TIMEZONE, 7)}\n#- shop/views.py\n${viewSet('QuestionViewSet', TIMEZONE, 30)}`;
    const pulled = await pullUp(fixture, ['shop/support.py:TicketViewSet', 'shop/views.py:QuestionViewSet']);
    const mixins = textAfter(pulled, 'shop/mixins.py');
    assert.match(mixins, /^from datetime import timedelta\n/m);
    assert.match(mixins, /^from django\.utils import timezone$/m);
    assert.match(mixins, /^class QuerysetCreateMixin:\n {4}"""What TicketViewSet and QuestionViewSet share\."""\n\n {4}window_days = None\n\n {4}def get_queryset\(self\):/m);
    const support = textAfter(pulled, 'shop/support.py');
    assert.match(support, /^from \.mixins import QuerysetCreateMixin$/m);
    assert.match(support, /^class TicketViewSet\(QuerysetCreateMixin, viewsets\.ModelViewSet\):\n {4}queryset = Ticket\.objects\.all\(\)\n {4}window_days = 7\n$/m);
    assert.doesNotMatch(support, /def get_queryset/);
    const views = textAfter(pulled, 'shop/views.py');
    assert.match(views, /^from \.mixins import QuerysetCreateMixin$/m);
    assert.doesNotMatch(views, /timezone|timedelta/, 'the imports only the moved methods used go');
    assert.doesNotMatch(support, /timezone|timedelta/);
    assert.match(views, /^class QuestionViewSet\(QuerysetCreateMixin, viewsets\.ModelViewSet\):$/m);
    assert.match(pulled.pullUp.title, /^Move `get_queryset`, `perform_create` into mixin `QuerysetCreateMixin`$/);
    assert.ok(pulled.pullUp.result.safe && /from mixin `QuerysetCreateMixin` in mixins\.py$/.test(pulled.pullUp.result.summary));
  });

  it('puts the mixin of management commands in management/, where Django takes no module for a command', async () => {
    const command = (help: string) => `from django.core.management.base import BaseCommand\nfrom django.db import DEFAULT_DB_ALIAS\n\n\nclass Command(BaseCommand):\n    help = "${help}"\n\n    def add_arguments(self, parser):\n        super().add_arguments(parser)\n        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to use.")\n`;
    const fixture = `#- shop/__init__.py\n#- shop/management/__init__.py\n#- shop/management/commands/__init__.py\n#- shop/management/commands/purge.py\n${command('Purges.')}\n#- shop/management/commands/report.py\n${command('Reports.')}`;
    const pulled = await pullUp(fixture, ['shop/management/commands/purge.py:Command', 'shop/management/commands/report.py:Command']);
    assert.match(textAfter(pulled, 'shop/management/mixins.py'), /^class AddArgumentsMixin:\n {4}"""What purge\.Command and report\.Command share\."""$/m);
    assert.equal(pulled.after.has(`${ROOT}/shop/management/commands/mixins.py`), false);
    assert.match(textAfter(pulled, 'shop/management/commands/report.py'), /^from \.\.mixins import AddArgumentsMixin$/m);
  });

  it('refuses a name the modules bind differently, and offers nothing for modules of no common package', async () => {
    const own = 'def timezone_now():\n    pass\n\n\ntimezone = None';
    const fixture = `#- shop/__init__.py\n#- shop/models.py\n#- shop/support.py\n${viewSet('TicketViewSet', TIMEZONE, 7)}\n#- shop/views.py\n${viewSet('QuestionViewSet', own, 30)}`;
    const differing = await pullUp(fixture, ['shop/support.py:TicketViewSet', 'shop/views.py:QuestionViewSet']);
    assert.match(refusalOf(differing), /^`get_queryset` reads `timezone`, which the modules bind differently \(support\.py imports django\.utils\.timezone, views\.py defines its own\): one shared class would read one of them$/);
    const method = '    def total(self):\n        value = self.a + self.b\n        return value * 2\n';
    const apart = await pullUp(`#- shop/views.py\nclass A:\n${method}\n#- billing/api.py\nclass B:\n${method}`, ['shop/views.py:A', 'billing/api.py:B']);
    assert.match(refusalOf(apart), /^`B` \(billing\/api\.py\), `A` \(shop\/views\.py\) are in modules of different packages: a mixin goes to `mixins\.py` of the one package holding them; move them into one package first$/);
    // Where the classes live is the team's design, not a failed check: no action is offered (allauth's 35 "refusals").
    assert.equal(apart.pullUp.notOffered, refusalOf(apart));
    assert.equal(differing.pullUp.notOffered, undefined, 'a name bound differently is a refusal: the action exists and fails a check');
  });
  const STAMPS = '    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at = models.DateTimeField(auto_now=True)\n';
  const model = (name: string, own: string, head = '') => `from django.db import models\n${head}\n\nclass ${name}(models.Model):\n${own}${STAMPS}`;

  it('models of one app in a models/ package inherit an abstract model from its base.py; the package imports nothing new', async () => {
    const fixture = `#- desk/__init__.py\n#- desk/models/__init__.py\nfrom .questions import Question\nfrom .tickets import Ticket\n\n__all__ = ["Question", "Ticket"]\n#- desk/models/tickets.py\n${model('Ticket', '    subject = models.CharField(max_length=200)\n')}\n#- desk/models/questions.py\n${model('Question', '    text = models.TextField()\n    ticket = models.ForeignKey(Ticket, null=True, on_delete=models.SET_NULL)\n', '\nfrom .tickets import Ticket\n')}`;
    const pulled = await pullUp(fixture, ['desk/models/tickets.py:Ticket', 'desk/models/questions.py:Question']);
    assert.equal(pulled.pullUp.title, 'Pull `created_at`, `updated_at` up into abstract model `TimestampedModel`');
    assert.equal(pulled.pullUp.notOffered, undefined);
    assert.equal(textAfter(pulled, 'desk/models/base.py'), 'from django.db import models\n\n\nclass TimestampedModel(models.Model):\n    """What Question and Ticket share."""\n\n    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at = models.DateTimeField(auto_now=True)\n\n    class Meta:\n        abstract = True\n');
    assert.match(textAfter(pulled, 'desk/models/tickets.py'), /^from django\.db import models\n\nfrom \.base import TimestampedModel\n\n\nclass Ticket\(TimestampedModel\):\n {4}subject = models\.CharField\(max_length=200\)\n$/);
    assert.match(textAfter(pulled, 'desk/models/questions.py'), /^from \.base import TimestampedModel\nfrom \.tickets import Ticket\n\n\nclass Question\(TimestampedModel\):\n {4}text = models\.TextField\(\)\n/m);
    assert.equal(textAfter(pulled, 'desk/models/__init__.py'), pulled.files.get(`${ROOT}/desk/models/__init__.py`));
    assert.ok(pulled.pullUp.result.safe && /from abstract model `TimestampedModel` in base\.py$/.test(pulled.pullUp.result.summary), pulled.pullUp.result.safe ? pulled.pullUp.result.summary : '');
  });

  it('serializers and admin classes of one package go to its existing common.py, else to base_serializers.py / base_admin.py', async () => {
    const serializer = (name: string) => `from rest_framework import serializers\n\n\nclass ${name}(serializers.Serializer):\n    id = serializers.IntegerField()\n    created_at = serializers.DateTimeField(read_only=True, format="%Y")\n    updated_at = serializers.DateTimeField(read_only=True, format="%Y")\n`;
    const files = `#- desk/__init__.py\n#- desk/ticket_serializers.py\n${serializer('TicketSerializer')}\n#- desk/question_serializers.py\n${serializer('QuestionSerializer')}`;
    const places = ['desk/question_serializers.py:QuestionSerializer', 'desk/ticket_serializers.py:TicketSerializer'];
    const fresh = await pullUp(files, places);
    assert.match(textAfter(fresh, 'desk/base_serializers.py'), /^class IdCreatedAtSerializer\(serializers\.Serializer\):$/m);
    assert.match(textAfter(fresh, 'desk/ticket_serializers.py'), /^from \.base_serializers import IdCreatedAtSerializer$/m);
    const common = await pullUp(`${files}\n#- desk/common.py\nPAGE_SIZE = 20\n`, places);
    assert.match(textAfter(common, 'desk/common.py'), /^PAGE_SIZE = 20\n[\s\S]*^class IdCreatedAtSerializer\(serializers\.Serializer\):$/m);
    assert.equal(common.after.has(`${ROOT}/desk/base_serializers.py`), false);
    const admin = (name: string) => `from django.contrib import admin\n\n\nclass ${name}(admin.ModelAdmin):\n    date_hierarchy = "created_at"\n    readonly_fields = ["created_at", "updated_at"]\n    list_per_page = 50\n`;
    const admins = await pullUp(`#- desk/__init__.py\n#- desk/admin.py\n${admin('TicketAdmin')}\n#- desk/question_admin.py\n${admin('QuestionAdmin')}`, ['desk/admin.py:TicketAdmin', 'desk/question_admin.py:QuestionAdmin']);
    assert.match(textAfter(admins, 'desk/base_admin.py'), /^class \w+Admin\(admin\.ModelAdmin\):$/m);
  });

  it('a base class reading a name the modules bind differently is refused; serializers of several packages get no action', async () => {
    const serializer = (name: string, head: string) => `from rest_framework import serializers\n${head}\n\nclass ${name}(serializers.Serializer):\n    id = serializers.IntegerField()\n    created_at = serializers.DateTimeField(read_only=True, format=FORMAT)\n    updated_at = serializers.DateTimeField(read_only=True, format=FORMAT)\n`;
    const differing = await pullUp(`#- desk/__init__.py\n#- desk/a.py\n${serializer('A', '\nFORMAT = "%Y"\n')}\n#- desk/b.py\n${serializer('B', '\nFORMAT = "%Y"\n')}`, ['desk/a.py:A', 'desk/b.py:B']);
    assert.match(refusalOf(differing), /^`created_at` reads `FORMAT`, which the modules bind differently \(a\.py defines its own, b\.py defines its own\): one shared class would read one of them$/);
    const apart = await pullUp(`#- desk/__init__.py\n#- desk/a.py\n${serializer('A', 'from settings import FORMAT')}\n#- wiki/__init__.py\n#- wiki/b.py\n${serializer('B', 'from settings import FORMAT')}`, ['desk/a.py:A', 'wiki/b.py:B']);
    assert.match(refusalOf(apart), /^`A` \(desk\/a\.py\), `B` \(wiki\/b\.py\) are in modules of different packages: a shared base class goes to a module of the one package holding them; move them into one package first$/);
    assert.equal(apart.pullUp.notOffered, refusalOf(apart));
  });
});
