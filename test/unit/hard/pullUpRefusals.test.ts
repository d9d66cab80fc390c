import { strict as assert } from 'node:assert';
import { pullUp, refusalOf, textAfter } from '../../helpers/refactor/pullUpFixture';

/** Two plain classes sharing `method` (its body as written in each) and a second method. */
function twoClasses(header: (name: string) => string, body: (name: string) => string, extra = ''): string {
  const cls = (name: string) => `${header(name)}\n    def shared(self):\n        return 1\n\n${body(name)}\n`;
  return `#- shop/things.py\n${extra}${cls('First')}\n\n${cls('Second')}`;
}

const MODELS = (fields: string, extra = '') => `
#- shop/__init__.py
#- shop/models.py
from django.db import models


class Ticket(models.Model):
    subject = models.CharField(max_length=200)
${fields}


class Question(models.Model):
    text = models.TextField()
${fields}
#- shop/admin.py
from django.contrib import admin

from .models import Question, Ticket
${extra}
`;

const STAMPS = '    created_at = models.DateTimeField(auto_now_add=True)\n    updated_at = models.DateTimeField(auto_now=True)';
const EDITABLE = '    opened_on = models.DateField()\n    closed_on = models.DateField(null=True)';
const BOTH = ['shop/models.py:Ticket', 'shop/models.py:Question'];

describe('hard refactor: what a pull-up refuses, and why', () => {
  it('models in different apps (models of one app in several modules share a module: pullUpAcrossModules.test.ts)', async () => {
    const apps = await pullUp(`#- shop/models.py\nfrom django.db import models\n\n\nclass A(models.Model):\n${STAMPS}\n#- billing/models.py\nfrom django.db import models\n\n\nclass B(models.Model):\n${STAMPS}`, ['shop/models.py:A', 'billing/models.py:B']);
    assert.match(refusalOf(apps), /^`B` \(billing\/models\.py\), `A` \(shop\/models\.py\) are in different apps \(billing, shop\): one app's models would derive from another's; move them into one app first$/);
    assert.equal(apps.pullUp.notOffered, refusalOf(apps), 'no action is offered: where the models live is the team\'s design');
  });

  it('a class deriving from another of the group (its MRO would hold the mixin twice), a class decorator, differing bases', async () => {
    const derived = await pullUp(twoClasses((n) => (n === 'First' ? 'class First:' : 'class Second(First):'), () => '    def other(self):\n        return 2'), ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(refusalOf(derived), /^`Second` derives from `First`/);
    const decorated = await pullUp(twoClasses((n) => `@dataclass\nclass ${n}:`, () => '    def other(self):\n        return 2', 'from dataclasses import dataclass\n\n\n'), ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(refusalOf(decorated), /^`First` is decorated with `@dataclass`, which may read the members the class defines itself$/);
    const bases = await pullUp(`#- shop/models.py\nfrom django.db import models\n\n\nclass Base(models.Model):\n    pass\n\n\nclass A(models.Model):\n${STAMPS}\n\n\nclass B(Base):\n${STAMPS}\n`, ['shop/models.py:A', 'shop/models.py:B']);
    assert.match(refusalOf(bases), /^`B` derives from `Base` and `A` from `models\.Model`: one base class cannot stand between both and their bases$/);
  });

  it('a class deriving from two classes of the group when a moved method calls `super()` (the chain through both copies would lose one)', async () => {
    const diamond = (call: string) =>
      `#- shop/things.py\nclass Base:\n    def shared(self):\n        return ["base"]\n\n\n${['First', 'Second'].map((n) => `class ${n}(Base):\n    def shared(self):\n        return ["copy"] + ${call}\n\n    def other(self):\n        return 2\n`).join('\n\n')}\n\nclass Both(First, Second):\n    pass\n`;
    const chained = await pullUp(diamond('super().shared()'), ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(refusalOf(chained), /^`Both` derives from both `First` and `Second`: the shared class would come after both in its MRO, so `super\(\)` in `shared` would no longer reach the second copy$/);
    const indirect = await pullUp(diamond('super().shared()').replace('class Both(First, Second):', 'class Special(First):\n    pass\n\n\nclass Both(Special, Second):'), ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(refusalOf(indirect), /^`Both` derives from both `First` and `Second`/);
    const plain = await pullUp(diamond('[]'), ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(textAfter(plain, 'shop/things.py'), /^class First\(\w+Mixin, Base\):$/m, 'without super() every name resolves to the same code');
  });

  it('names Python ties to the class: private names, `__class__`, the class’s own name in a static method or with a subclass', async () => {
    const method = (line: string) => (n: string) => `    def moved(self):\n        ${line.replace('%', n)}\n        return 1`;
    const cases: [string, (n: string) => string, RegExp][] = [
      ['private', method('self.__cache = {}'), /^`First\.moved` uses `__cache`, which Python renames after the class it is written in$/],
      ['cell', method('print(__class__)'), /^`First\.moved` reads `__class__`, the class it is written in$/],
      ['static', (n) => `    @staticmethod\n    def moved():\n        print(${n})\n        return 1`, /^`First\.moved` names `First` with nothing to stand for it/],
    ];
    for (const [label, body, reason] of cases) {
      const pulled = await pullUp(twoClasses((n) => `class ${n}:`, body), ['shop/things.py:First', 'shop/things.py:Second']);
      assert.match(refusalOf(pulled), reason, label);
    }
    const subclassed = await pullUp(twoClasses((n) => `class ${n}:`, method('print(%.__name__)'), '') + '\n\nclass Special(Second):\n    pass\n', ['shop/things.py:First', 'shop/things.py:Second']);
    assert.match(refusalOf(subclassed), /^`Second\.moved` names `Second`, which the shared method would read as `type\(self\)`; that is `Special` for its subclass$/);
  });

  it('a declaration reading the class body’s names, or the class body reading a moved one', async () => {
    const choices = await pullUp(MODELS(`    STATES = [("o", "open")]\n    state = models.CharField(max_length=1, choices=STATES)\n${STAMPS}`), BOTH);
    assert.match(refusalOf(choices), /^`Ticket\.state` reads `STATES` of the class body, which the shared class would not see$/);
    const reader = await pullUp(MODELS(`${STAMPS}\n    stamps = [created_at, updated_at]`), BOTH);
    assert.match(refusalOf(reader), /^`Ticket` reads `created_at` in its own body after it would move$/);
  });

  it('editable model fields moving ahead of the others while an admin form, a ModelForm or a positional call shows their order', async () => {
    const registered = await pullUp(MODELS(EDITABLE, 'admin.site.register(Ticket)'), BOTH);
    assert.match(refusalOf(registered), /^inherited, `opened_on`, `closed_on` would come before the other fields of `Ticket`, which `admin\.site\.register\(Ticket\)` in admin\.py \(the admin's default form\) shows$/);
    const adminClass = await pullUp(MODELS(EDITABLE, '\n\n@admin.register(Question)\nclass QuestionAdmin(admin.ModelAdmin):\n    list_display = ["text"]'), BOTH);
    assert.match(refusalOf(adminClass), /`Question`, which `QuestionAdmin` \(an admin form without `fields` or `fieldsets`\) in admin\.py shows$/);
    const withFields = await pullUp(MODELS(EDITABLE, '\n\n@admin.register(Question)\nclass QuestionAdmin(admin.ModelAdmin):\n    fields = ["text", "opened_on"]'), BOTH);
    assert.ok(withFields.pullUp.result.safe, 'an admin listing its fields shows no order');
    const form = await pullUp(`${MODELS(EDITABLE)}#- shop/forms.py\nfrom django import forms\n\nfrom .models import Ticket\n\n\nclass TicketForm(forms.ModelForm):\n    class Meta:\n        model = Ticket\n        fields = "__all__"\n`, BOTH);
    assert.match(refusalOf(form), /which `TicketForm` \(`fields = "__all__"`\) in forms\.py shows$/);
    const positional = await pullUp(`${MODELS(EDITABLE)}#- shop/tasks.py\nfrom .models import Question\n\n\ndef make():\n    return Question(None, "why?")\n`, BOTH);
    assert.match(refusalOf(positional), /which `Question\(…\)` with positional arguments at tasks\.py:5 shows$/);
  });

  it('but not fields no form shows (auto_now), nor fields already first in every model', async () => {
    const stamps = await pullUp(MODELS(STAMPS, 'admin.site.register(Ticket)'), BOTH);
    assert.ok(stamps.pullUp.result.safe, stamps.pullUp.result.safe ? '' : stamps.pullUp.result.reason);
    const leading = await pullUp(
      `#- shop/models.py\nfrom django.db import models\n\n\nclass A(models.Model):\n${EDITABLE}\n    a = models.IntegerField()\n\n\nclass B(models.Model):\n${EDITABLE}\n    b = models.IntegerField()\n#- shop/admin.py\nfrom django.contrib import admin\n\nfrom .models import A, B\n\nadmin.site.register(A)\nadmin.site.register(B)\n`,
      ['shop/models.py:A', 'shop/models.py:B'],
    );
    assert.match(textAfter(leading, 'shop/models.py'), /^class A\(OpenedOnModel\):\n {4}a = models\.IntegerField\(\)$/m);
  });

  it('serializer fields moving ahead of the others when `Meta.fields` is not an explicit list', async () => {
    const serializer = (name: string, fields: string) =>
      `class ${name}(serializers.ModelSerializer):\n    total = serializers.IntegerField()\n    stamp = serializers.DateTimeField()\n    opened = serializers.DateTimeField()\n\n    class Meta:\n        model = ${name[0]}\n        fields = ${fields}\n`;
    const all = await pullUp(`#- shop/api.py\nfrom rest_framework import serializers\n\n\n${serializer('AS', '"__all__"')}\n\n${serializer('BS', '["id"]').replace('    total = serializers.IntegerField()\n', '    count = serializers.IntegerField()\n')}`, ['shop/api.py:AS', 'shop/api.py:BS']);
    assert.match(refusalOf(all), /^inherited, `stamp`, `opened` would come before the other fields of `AS`, which its output follows \(its `Meta\.fields` is not an explicit list\)$/);
  });

  it('nothing to offer when the classes share one field only, or the place is no longer a class', async () => {
    const one = await pullUp(`#- shop/models.py\nfrom django.db import models\n\n\nclass A(models.Model):\n    a = models.IntegerField()\n\n\nclass B(models.Model):\n    a = models.IntegerField()\n`, ['shop/models.py:A', 'shop/models.py:B']);
    assert.equal(one.pullUp.notOffered, '`A`, `B` share only `a`, not worth a class of their own');
    const gone = await pullUp('#- shop/models.py\nclass A:\n    pass\n\n\nclass B:\n    pass\n', ['shop/models.py:A', 'shop/models.py:A']);
    assert.equal(refusalOf(gone), 'the members are no longer repeated in two classes');
  });
});
