/**
 * Classes of one kind repeating methods in several modules of one package: the mixin goes to its
 * `mixins.py`, with the imports its methods need, and every module imports it (dropping
 * the imports only those methods used); names
 * the modules bind differently, and modules of several packages, are refused.
 */
import { strict as assert } from 'node:assert';
import { pullUp, refusalOf, textAfter } from '../helpers/pullUpFixture';
import { ROOT } from '../helpers/refactorFixture';

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
    assert.match(refusalOf(differing), /^`get_queryset` reads `timezone`, which the modules bind differently \(support\.py imports django\.utils\.timezone, views\.py defines its own\): one mixin would read one of them$/);
    const method = '    def total(self):\n        value = self.a + self.b\n        return value * 2\n';
    const apart = await pullUp(`#- shop/views.py\nclass A:\n${method}\n#- billing/api.py\nclass B:\n${method}`, ['shop/views.py:A', 'billing/api.py:B']);
    assert.match(refusalOf(apart), /^`B` \(billing\/api\.py\), `A` \(shop\/views\.py\) are in modules of different packages: a mixin goes to `mixins\.py` of the one package holding them; move them into one package first$/);
    // Where the classes live is the team's design, not a failed check: no action is offered (allauth's 35 "refusals").
    assert.equal(apart.pullUp.notOffered, refusalOf(apart));
    assert.equal(differing.pullUp.notOffered, undefined, 'a name bound differently is a refusal: the action exists and fails a check');
  });
});
