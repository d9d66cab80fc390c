import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { DjangoProject, readModuleFacts } from '../../../server/src/core/django/project';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { factsOf } from '../../helpers/django/djangoModel';

const MODELS = `
  from django.db import models

  class Shelf(models.Model):
      name = models.CharField(max_length=20)
`;

describe('Django project model: module facts and incremental assembly', () => {
  it('keeps a module as plain data: expressions, statements in order, conditional ones marked', async () => {
    const facts = (await factsOf({
      'proj/settings.py': `
        NAME = "a\\tb" r"\\d+" 'c'
        NEGATIVE = -3
        FORMATTED = f"{NAME}!"
        RAW = b"bytes"
        ITEMS = (1, 2.5, None, True)
        if DEBUG:
            EXTRA = {"k": [1]}
        try:
            from .local import *
        except ImportError:
            pass
        register(x, key=1, **rest)
        def helper(request, *args, **kwargs):
            pass
        class Config(Base, metaclass=Meta):
            label: str = "x"
            class Meta:
                ordering = ["-id"]
            @property
            def name(self):
                pass
      `,
    })).get('proj/settings.py')!;
    const value = (name: string) => facts.statements.find((s) => s.kind === 'assign' && s.targets.includes(name));
    assert.deepEqual((value('NAME') as { value: unknown }).value, { kind: 'literal', value: 'a\tb\\d+c' }, 'escapes read, raw parts kept, parts joined');
    assert.deepEqual((value('NEGATIVE') as { value: unknown }).value, { kind: 'literal', value: -3 });
    assert.equal((value('FORMATTED') as { value: { kind: string } }).value.kind, 'other', 'an f-string is no literal');
    assert.equal((value('RAW') as { value: { kind: string } }).value.kind, 'other', 'bytes are no string');
    assert.deepEqual((value('ITEMS') as { value: unknown }).value, {
      kind: 'list',
      items: [1, 2.5, null, true].map((v) => ({ kind: 'literal', value: v })),
    });
    assert.equal(value('EXTRA')?.conditional, true);
    const star = facts.statements.find((s) => s.kind === 'starImport');
    assert.deepEqual(star && [star.kind === 'starImport' && star.module, star.conditional], ['.local', true]);
    const call = facts.statements.find((s) => s.kind === 'call');
    assert.ok(call?.kind === 'call');
    assert.deepEqual(call.call.keywords.map((k) => k.name), ['key', undefined]);
    assert.deepEqual(facts.functions.map((f) => [f.name, f.parameters]), [['helper', ['request', 'args', 'kwargs']]]);
    const config = facts.classes[0];
    assert.deepEqual(config.bases, [{ kind: 'name', name: 'Base' }], 'metaclass= is no base');
    assert.deepEqual(config.attributes.map((a) => a.name), ['label']);
    assert.deepEqual(config.classes.map((c) => [c.name, c.attributes.map((a) => a.name)]), [['Meta', ['ordering']]]);
    assert.deepEqual(config.methods.map((m) => [m.name, m.decorators]), [['name', [{ kind: 'name', name: 'property' }]]]);
    assert.deepEqual(structuredClone(facts), facts, 'facts cross worker threads as they are');
    assert.doesNotThrow(() => JSON.stringify(facts), 'and can be cached as JSON');
  });

  it('finds DJANGO_SETTINGS_MODULE set by assignment too', async () => {
    const facts = (await factsOf({ 'proj/wsgi.py': 'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"\n' })).get('proj/wsgi.py')!;
    assert.deepEqual(facts.settingsModules, ['proj.settings']);
  });

  it('re-assembles from the kept facts when one module changes, and forgets removed ones', async () => {
    const parser = await loadPythonParser();
    const project = new DjangoProject();
    const files: Record<string, string> = {
      'library/__init__.py': '',
      'library/models.py': dedent(MODELS),
      'library/serializers.py': dedent(`
        from rest_framework import serializers
        from .models import Shelf
        class ShelfSerializer(serializers.ModelSerializer):
            class Meta:
                model = Shelf
                fields = "__all__"
      `),
    };
    for (const [file, text] of Object.entries(files)) project.update(readModuleFacts(parser, file, text));
    const first = project.model;
    assert.equal(project.model, first, 'read again without a change: the same model');
    assert.deepEqual(first.models.map((m) => m.fields.map((f) => f.name)), [['id', 'name']]);

    project.update(readModuleFacts(parser, 'library/models.py', `${dedent(MODELS)}    size = models.IntegerField(db_index=True)\n`));
    const second = project.model;
    assert.notEqual(second, first);
    assert.deepEqual(second.models.map((m) => m.fields.map((f) => f.name)), [['id', 'name', 'size']]);
    assert.equal(second.serializers[0].model, 'library.Shelf', 'the serializer module was not read again, still resolved');
    assert.equal(project.findModel('LIBRARY.shelf')?.name, 'Shelf');
    assert.deepEqual(structuredClone(second), second, 'the model is plain data too');

    project.remove('library/models.py');
    assert.deepEqual(project.model.models, []);
    assert.equal(project.findModel('library.Shelf'), undefined);
    assert.equal(project.model.serializers[0].model, 'library.Shelf', 'a model class from a module outside the workspace keeps its label');
  });
});
