import { strict as assert } from 'node:assert';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { runPythonOn } from '../../helpers/refactor/refactorFixture';
import { pullUp, textAfter } from '../../helpers/refactor/pullUpFixture';

const VIEWS = `
#- shop/__init__.py
#- shop/views.py
"""Views over a stand-in for DRF's GenericAPIView."""


class GenericView:
    def get_queryset(self):
        return [1, 2, 3, 4]


class OrderView(GenericView):
    """Orders of the customer."""

    limit = 2

    def get_queryset(self):
        rows = super(OrderView, self).get_queryset()
        return rows[: self.limit]

    def describe(self):
        return OrderView.__name__ + f": {self.get_queryset()}"

    def render(self):
        return self.describe().upper()


class ReviewView(GenericView):
    limit = 3

    def get_queryset(self):
        rows = super(ReviewView, self).get_queryset()
        return rows[: self.limit]

    def describe(self):
        return ReviewView.__name__ + f": {self.get_queryset()}"
`;

describe('hard refactor: pull repeated members up', () => {
  it('views: one mixin first in the bases, `super()` reaching the same base, the class’s own name read from `type(self)`, the attributes its methods read declared', async () => {
    const pulled = await pullUp(VIEWS, ['shop/views.py:OrderView', 'shop/views.py:ReviewView']);
    assert.equal(pulled.pullUp.title, 'Move `get_queryset`, `describe` into mixin `QuerysetDescribeMixin`');
    assert.equal(pulled.offered, pulled.pullUp.title, 'the list names the same mixin without planning');
    assert.equal(textAfter(pulled, 'shop/views.py'), dedent(`
      """Views over a stand-in for DRF's GenericAPIView."""


      class GenericView:
          def get_queryset(self):
              return [1, 2, 3, 4]


      class QuerysetDescribeMixin:
          """What OrderView and ReviewView share."""

          limit = None

          def get_queryset(self):
              rows = super().get_queryset()
              return rows[: self.limit]

          def describe(self):
              return type(self).__name__ + f": {self.get_queryset()}"


      class OrderView(QuerysetDescribeMixin, GenericView):
          """Orders of the customer."""

          limit = 2

          def render(self):
              return self.describe().upper()


      class ReviewView(QuerysetDescribeMixin, GenericView):
          limit = 3
    `));
    const script = 'from shop.views import OrderView, ReviewView\nprint(OrderView().render(), ReviewView().describe())';
    assert.equal(runPythonOn(pulled.after, script), runPythonOn(pulled.files, script));
    assert.match(pulled.pullUp.result.safe ? pulled.pullUp.result.summary : '', /^OrderView and ReviewView inherit `get_queryset`, `describe` from mixin `QuerysetDescribeMixin` in views\.py$/);
  });

  it('models: an abstract model between them and models.Model, with the shared Meta options; a Meta left empty goes, one keeping options inherits', async () => {
    const pulled = await pullUp(
      `
      #- shop/models.py
      from django.db import models


      class Ticket(models.Model):
          subject = models.CharField(max_length=200)
          created_at = models.DateTimeField(auto_now_add=True)
          updated_at = models.DateTimeField(auto_now=True)

          class Meta:
              ordering = ["-created_at"]

          def age(self, now):
              return now - self.created_at


      class Question(models.Model):
          created_at = models.DateTimeField(auto_now_add=True)
          updated_at = models.DateTimeField(auto_now=True)

          class Meta:
              verbose_name = "question"
              ordering = ["-created_at"]

          def age(self, now):
              return now - self.created_at
      `,
      ['shop/models.py:Ticket', 'shop/models.py:Question'],
    );
    assert.equal(pulled.pullUp.title, 'Pull `created_at`, `updated_at`, `Meta.ordering`, `age` up into abstract model `TimestampedModel`');
    assert.equal(textAfter(pulled, 'shop/models.py'), dedent(`
      from django.db import models


      class TimestampedModel(models.Model):
          """What Ticket and Question share."""

          created_at = models.DateTimeField(auto_now_add=True)
          updated_at = models.DateTimeField(auto_now=True)

          class Meta:
              abstract = True
              ordering = ["-created_at"]

          def age(self, now):
              return now - self.created_at


      class Ticket(TimestampedModel):
          subject = models.CharField(max_length=200)


      class Question(TimestampedModel):
          class Meta(TimestampedModel.Meta):
              verbose_name = "question"
    `));
  });

  it('leaves a member silenced in one class where it is, in every class', async () => {
    const model = (name: string, silence: string) => `class ${name}(models.Model):\n    created_at = models.DateTimeField(auto_now_add=True)\n${silence}    updated_at = models.DateTimeField(auto_now=True)\n    is_open = models.BooleanField(default=True)\n`;
    const pulled = await pullUp(`#- shop/models.py\nfrom django.db import models\n\n\n${model('A', '')}\n\n${model('B', '    # untangle: ignore duplicate-block\n')}`, ['shop/models.py:A', 'shop/models.py:B']);
    assert.equal(pulled.pullUp.title, 'Pull `created_at`, `is_open` up into abstract model `CreatedAtModel`');
    assert.match(textAfter(pulled, 'shop/models.py'), /^class B\(CreatedAtModel\):\n {4}# untangle: ignore duplicate-block\n {4}updated_at = models\.DateTimeField\(auto_now=True\)\n$/m);
  });

  it('serializers: a base serializer holding the declared fields and the shared Meta options, each Meta inheriting its Meta', async () => {
    const serializer = (name: string, model: string) => dedent(`
      class ${name}(serializers.ModelSerializer):
          created_at = serializers.DateTimeField(read_only=True)
          updated_at = serializers.DateTimeField(read_only=True)

          class Meta:
              model = ${model}
              read_only_fields = ["id"]
              fields = ["id", "created_at", "updated_at"]
    `);
    const pulled = await pullUp(`#- api/serializers.py\nfrom rest_framework import serializers\n\nfrom .models import Alpha, Beta\n\n\n${serializer('AlphaSerializer', 'Alpha')}\n\n${serializer('BetaSerializer', 'Beta')}`, [
      'api/serializers.py:AlphaSerializer',
      'api/serializers.py:BetaSerializer',
    ]);
    assert.equal(pulled.pullUp.title, 'Pull `created_at`, `updated_at`, `Meta.read_only_fields`, `Meta.fields` up into base serializer `TimestampedSerializer`');
    assert.equal(textAfter(pulled, 'api/serializers.py'), dedent(`
      from rest_framework import serializers

      from .models import Alpha, Beta


      class TimestampedSerializer(serializers.ModelSerializer):
          """What AlphaSerializer and BetaSerializer share."""

          created_at = serializers.DateTimeField(read_only=True)
          updated_at = serializers.DateTimeField(read_only=True)

          class Meta:
              read_only_fields = ["id"]
              fields = ["id", "created_at", "updated_at"]


      class AlphaSerializer(TimestampedSerializer):
          class Meta(TimestampedSerializer.Meta):
              model = Alpha


      class BetaSerializer(TimestampedSerializer):
          class Meta(TimestampedSerializer.Meta):
              model = Beta
    `));
  });

  it('admin classes: a base ModelAdmin with the shared options and methods, registrations kept; a class left empty gets `pass`', async () => {
    const admin = (model: string, extra: string) => dedent(`
      @admin.register(${model})
      class ${model}Admin(admin.ModelAdmin):
          list_per_page = 50
          readonly_fields = ["created_at"]

          def has_delete_permission(self, request, obj=None):
              return False
      ${extra}
    `);
    const pulled = await pullUp(`#- shop/admin.py\nfrom django.contrib import admin\n\nfrom .models import Ticket, Question\n\n\n${admin('Ticket', '    search_fields = ["subject"]')}\n\n${admin('Question', '')}`, [
      'shop/admin.py:TicketAdmin',
      'shop/admin.py:QuestionAdmin',
    ]);
    const reversed = await pullUp(pulled.files.get('/ws/shop/admin.py')!.replace(/^/, '#- shop/admin.py\n'), ['shop/admin.py:QuestionAdmin', 'shop/admin.py:TicketAdmin']);
    assert.equal(textAfter(reversed, 'shop/admin.py'), textAfter(pulled, 'shop/admin.py'), 'asked on the second class, the base still goes before the first');
    assert.equal(textAfter(pulled, 'shop/admin.py'), dedent(`
      from django.contrib import admin

      from .models import Ticket, Question


      class ListPerPageAdmin(admin.ModelAdmin):
          """What TicketAdmin and QuestionAdmin share."""

          list_per_page = 50
          readonly_fields = ["created_at"]

          def has_delete_permission(self, request, obj=None):
              return False


      @admin.register(Ticket)
      class TicketAdmin(ListPerPageAdmin):
          search_fields = ["subject"]


      @admin.register(Question)
      class QuestionAdmin(ListPerPageAdmin):
          pass
    `));
  });

  it('a class method names its class through `cls`; a mixin goes into `class A:` without bases as its only base', async () => {
    const cls = (name: string) => `class ${name}:\n    @classmethod\n    def build(cls, value):\n        made = ${name}()\n        made.value = value\n        return made\n\n    def twice(self):\n        return self.value * 2\n\n\n`;
    const pulled = await pullUp(`#- things.py\n${cls('Apple')}${cls('Pear')}print(Apple.build(2).twice(), type(Pear.build(3)).__name__)\n`, ['things.py:Apple', 'things.py:Pear']);
    const after = textAfter(pulled, 'things.py');
    assert.match(after, /^class BuildTwiceMixin:\n {4}"""What Apple and Pear share\."""\n\n {4}@classmethod\n {4}def build\(cls, value\):\n {8}made = cls\(\)\n/);
    assert.match(after, /\nclass Apple\(BuildTwiceMixin\):\n {4}pass\n\n\nclass Pear\(BuildTwiceMixin\):\n {4}pass\n/);
    assert.equal(runPythonOn(pulled.after, 'import things'), runPythonOn(pulled.files, 'import things'));
  });
});
