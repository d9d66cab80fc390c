import { strict as assert } from 'node:assert';
import type { Finding } from '../../../server/src/core/model/finding';
import { isRepeatedMembers } from '../../../server/src/detectors/duplicateBlock';
import { indexOf, withDuplicateBlock } from '../../helpers/workspace/workspaceIndexFixture';

/** The findings of classes repeating members of a fixture (near-copies, the other hard-stage duplicates, have tests of their own). */
async function hardFindings(fixture: string): Promise<Finding[]> {
  return (await indexOf(fixture)).findings().filter(isRepeatedMembers);
}

const VIEWS = `
#- shop/views.py
from rest_framework import viewsets


class OrderViewSet(viewsets.ModelViewSet):
    lookup = "customer_id"

    def get_queryset(self):
        # only the customer's own
        queryset = super().get_queryset()
        return queryset.filter(**{self.lookup: self.request.user.pk})

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class ReviewViewSet(viewsets.ModelViewSet):
    lookup = "author_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(
            **{self.lookup: self.request.user.pk}
        )

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)
`;

describe('duplicate-block, hard stage: classes repeating members', () => {
  it('finds methods repeated across views, comments and line breaks inside brackets aside, one finding per class linked to the others', async () => {
    const findings = await hardFindings(VIEWS);
    assert.deepEqual(
      findings.map((f) => [f.path, f.range.start.line + 1, f.range.end.line + 1, f.message]),
      [
        ['/ws/shop/views.py', 7, 13, '`get_queryset`, `perform_create` repeated in 2 views (5 lines each)'],
        ['/ws/shop/views.py', 19, 26, '`get_queryset`, `perform_create` repeated in 2 views (5 lines each)'],
      ],
    );
    assert.deepEqual(findings[0].related.map((r) => [r.range.start.line + 1, r.message]), [[19, 'the same members in `ReviewViewSet`']]);
    assert.equal(findings[0].rule, 'duplicate-block');
  });

  it('folds the class’s own name, so `Order.objects` in Order and `Invoice.objects` in Invoice are the same method', async () => {
    const cls = (name: string, named: string) => `class ${name}:\n    def recent(self):\n        return ${named}.objects.filter(pk__gt=self.pk)[:10]\n\n    def label(self):\n        return f"{self.pk}"\n\n\n`;
    const findings = await hardFindings(`#- shop/models.py\n${cls('Order', 'Order')}${cls('Invoice', 'Invoice')}${cls('Other', 'Order')}`);
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.message]),
      [2, 10].map((line) => [line, '`recent`, `label` repeated in 2 classes (4 lines each)']),
      'Other reads Order, not itself',
    );
  });

  it('finds model fields and Meta options only between models with the same bases, not abstract ones nor ones others derive from', async () => {
    const model = (name: string, base: string, extra = '') => [
      `class ${name}(${base}):`,
      '    title = models.CharField(max_length=80)',
      '    created_at = models.DateTimeField(auto_now_add=True)',
      '    updated_at = models.DateTimeField(auto_now=True)',
      '',
      '    class Meta:',
      '        ordering = ["-created_at"]',
      extra,
      '',
      '',
    ].join('\n');
    const findings = await hardFindings(`
#- shop/models.py
from django.db import models


${model('Ticket', 'models.Model')}${model('Question', 'models.Model')}${model('Answer', 'BaseModel')}${model('Draft', 'models.Model', '        abstract = True')}
`);
    const based = await hardFindings(`#- shop/models.py\nfrom django.db import models\n\n\n${model('Ticket', 'models.Model')}${model('Question', 'models.Model')}${model('Answer', 'Question')}`);
    assert.deepEqual(based, [], 'Question is a base already, and Answer derives from it');
    assert.deepEqual([...new Set(findings.map((f) => f.message))], ['`title`, `created_at`, `updated_at`, `Meta.ordering` repeated in 2 models (4 lines each)']);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [5, 14]);
  });

  it('needs two members besides Meta options, or one method of three lines: a shared `__str__` or one field is no base', async () => {
    const findings = await hardFindings(`
      #- shop/models.py
      from django.db import models


      class Tag(models.Model):
          name = models.CharField(max_length=40)

          class Meta:
              ordering = ["name"]

          def __str__(self):
              return self.name


      class Label(models.Model):
          name = models.CharField(max_length=40)

          class Meta:
              ordering = ["name"]

          def __str__(self):
              return self.name
    `);
    assert.deepEqual(findings.map((f) => f.message), Array(2).fill('`name`, `Meta.ordering`, `__str__` repeated in 2 models (4 lines each)'));
    const single = await hardFindings(`
      #- shop/models.py
      from django.db import models


      class Tag(models.Model):
          name = models.CharField(max_length=40)


      class Label(models.Model):
          name = models.CharField(max_length=40)
    `);
    assert.deepEqual(single, []);
  });

  it('compares what each kind of class shares: serializer fields and Meta, admin options, but not a view’s attributes', async () => {
    const findings = await hardFindings(`
      #- shop/api.py
      from rest_framework import serializers, generics


      class A(serializers.ModelSerializer):
          stamp = serializers.DateTimeField(read_only=True)
          edited = serializers.DateTimeField(read_only=True)

          class Meta:
              fields = ["id", "stamp"]
              model = Alpha


      class B(serializers.ModelSerializer):
          stamp = serializers.DateTimeField(read_only=True)
          edited = serializers.DateTimeField(read_only=True)

          class Meta:
              fields = ["id", "stamp"]
              model = Beta


      class ListA(generics.ListAPIView):
          pagination_class = None
          ordering = ["-id"]


      class ListB(generics.ListAPIView):
          pagination_class = None
          ordering = ["-id"]
      #- shop/admin.py
      from django.contrib import admin


      class AlphaAdmin(admin.ModelAdmin):
          list_per_page = 20
          save_on_top = True


      class BetaAdmin(admin.ModelAdmin):
          list_per_page = 20
          save_on_top = True
    `);
    assert.deepEqual([...new Set(findings.map((f) => f.message))].sort(), [
      '`list_per_page`, `save_on_top` repeated in 2 admin classes (2 lines each)',
      '`stamp`, `edited`, `Meta.fields` repeated in 2 serializers (3 lines each)',
    ]);
  });

  it('leaves out silenced classes, excluded files and a disabled rule', async () => {
    const plain = (name: string) => `class ${name}:\n    def a(self):\n        x = 1\n        return x\n\n    def b(self):\n        return 2\n\n\n`;
    const silenced = await hardFindings(`#- shop/things.py\n${plain('One')}# untangle: ignore duplicate-block\n${plain('Two')}${plain('Three')}`);
    assert.deepEqual(silenced.map((f) => [f.range.start.line + 1, f.message]), [
      [2, '`a`, `b` repeated in 2 classes (5 lines each)'],
      [21, '`a`, `b` repeated in 2 classes (5 lines each)'],
    ]);
    assert.deepEqual(await hardFindings(`#- shop/tests/test_things.py\n${plain('One')}${plain('Two')}`), []);
    const off = await indexOf(`#- shop/things.py\n${plain('One')}${plain('Two')}`, withDuplicateBlock({ enabled: false }));
    assert.deepEqual(off.findings(), []);
  });

  it('puts each class in one group, the one moving most lines', async () => {
    const withB = 'class %:\n    def a(self):\n        x = 1\n        return x\n\n    def b(self):\n        return 2\n\n    def c(self):\n        return 3\n\n\n';
    const withoutB = 'class %:\n    def a(self):\n        x = 1\n        return x\n\n    def c(self):\n        return 3\n\n\n';
    const findings = await hardFindings(`#- shop/things.py\n${withB.replace('%', 'One')}${withoutB.replace('%', 'Two')}${withB.replace('%', 'Three')}`);
    // a and c in three classes move 2 × 5 lines; a, b and c in One and Three only 7.
    assert.deepEqual(findings.map((f) => f.message), Array(3).fill('`a`, `c` repeated in 3 classes (5 lines each)'));
  });
});
