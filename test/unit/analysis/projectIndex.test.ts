/**
 * The project rules' plumbing: module facts in, the Django project model assembled, detector
 * findings out per file, silenced by `# untangle: ignore`, changed files reported once; and the
 * facts survive the analysis cache's checks (a crafted entry is refused).
 */
import { strict as assert } from 'node:assert';
import { ProjectIndex, type ProjectLookup } from '../../../server/src/analysis/projectIndex';
import type { ProjectFiles } from '../../../server/src/core/model/projectFiles';
import { isModuleFacts, factsAt } from '../../../server/src/analysis/cache/storedFacts';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import type { Finding } from '../../../server/src/core/model/finding';
import type { ModuleFacts, ProjectDetector } from '../../../server/src/detectors/projectDetector';
import type { DjangoModuleFacts } from '../../../server/src/core/django/moduleFacts';
import { factsOf } from '../../helpers/django/djangoModel';
import { dedent } from '../../helpers/workspace/workspaceFixture';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { sourcesOf } from '../../helpers/workspace/projectSources';

/** A module's facts with those of the other stages empty: these tests are about the Django part. */
const withDjango = (django: DjangoModuleFacts): ModuleFacts => ({
  django,
  handRolled: { occurrences: [], classes: [] },
  observability: { swallowed: [], prints: [] },
  queries: { chains: [], loops: [], reads: [], serializerCalls: [], functions: [], renders: [] },
  database: { fieldReads: [], modelImports: [] },
  crudHandlers: { candidates: [] },
  formViews: [],
  readViews: [],
});

const MODELS = `
  from django.db import models

  class Order(models.Model):
      total = models.IntegerField()

  class Coupon(models.Model):
      code = models.CharField(max_length=20)
`;

/** Reports every concrete model, as a rule would: on its class name, under the long-file code (any code will do). */
const everyModel: ProjectDetector = ({ project }) =>
  project.models.map(
    (model): Finding => ({ rule: 'long-file', severity: 'warning', path: model.path, range: model.range, message: `model ${model.label}`, related: [], stage: 'database' }),
  );

async function indexOf(files: Record<string, string>, detectors = [everyModel]): Promise<ProjectIndex> {
  const index = new ProjectIndex('/project', DEFAULT_SETTINGS, detectors);
  for (const [file, django] of await factsOf(files)) index.set(file, withDjango(django));
  return index;
}

describe('ProjectIndex: project rules over the Django project model', () => {
  it('assembles the project from module facts and files each finding under its path', async () => {
    const index = await indexOf({ 'shop/models.py': MODELS, 'shop/apps.py': 'from django.apps import AppConfig\nclass ShopConfig(AppConfig):\n    name = "shop"\n' });
    assert.deepEqual(
      index.findingsFor('shop/models.py').map((finding) => finding.message),
      ['model shop.Order', 'model shop.Coupon'],
    );
  });

  it('silences findings on lines an ignore comment covers', async () => {
    const facts = await factsOf({ 'shop/models.py': MODELS });
    const index = new ProjectIndex('/project', DEFAULT_SETTINGS, [everyModel]);
    const orderLine = facts.get('shop/models.py')!.classes.find((c) => c.name === 'Order')!.range.start.line;
    for (const [file, django] of facts) index.set(file, withDjango(django), file === 'shop/models.py' ? [{ rules: ['long-file'], scope: 'statement', firstLine: orderLine, lastLine: orderLine }] : []);
    assert.deepEqual(index.findingsFor('shop/models.py').map((finding) => finding.message), ['model shop.Coupon']);
  });

  it('reports the files whose findings changed, once, and forgets a removed module', async () => {
    const index = await indexOf({ 'shop/models.py': MODELS });
    assert.deepEqual(index.takeChanged(), ['shop/models.py']);
    assert.deepEqual(index.takeChanged(), []);
    index.set('shop/models.py', undefined);
    assert.deepEqual(index.takeChanged(), ['shop/models.py']);
    assert.deepEqual(index.findingsFor('shop/models.py'), []);
    assert.equal(index.has('shop/models.py'), false);
  });

  it('takes an edit’s facts in only when flushed: the project is not re-read at every keystroke', async () => {
    const index = await indexOf({ 'shop/models.py': MODELS });
    index.takeChanged();
    const text = dedent(MODELS.replace('class Coupon', 'class Voucher'));
    const tree = (await loadPythonParser()).parse(text);
    let reads = 0;
    index.setLater('shop/models.py', () => (reads++, { text, tree }), []);
    assert.equal(index.pending, true);
    assert.deepEqual(index.findingsFor('shop/models.py').map((finding) => finding.message), ['model shop.Order', 'model shop.Coupon'], 'as before the edit');
    assert.equal(reads, 0, 'the edited module\'s facts are not read before the flush');
    index.flush();
    assert.deepEqual(index.findingsFor('shop/models.py').map((finding) => finding.message), ['model shop.Order', 'model shop.Voucher']);
    assert.equal(index.pending, false);
    assert.deepEqual(index.takeChanged(), ['shop/models.py']);
    tree.delete();
  });

  it('assembles nothing without detectors', async () => {
    let assembled = 0;
    const counting: ProjectDetector = () => (assembled++, []);
    const index = await indexOf({ 'shop/models.py': MODELS }, [counting]);
    index.findingsFor('shop/models.py');
    index.findingsFor('shop/models.py');
    assert.equal(assembled, 1, 'assembled once until facts change');
    assert.deepEqual((await indexOf({ 'shop/models.py': MODELS }, [])).paths(), []);
  });

  it('restores what a snapshot found from the very same facts, unless a file the rules read reads otherwise now', async () => {
    const disk = new Map([['/project/requirements.txt', 'django\n']]);
    const files: ProjectFiles = { read: (file) => disk.get(file), list: () => ['requirements.txt'] };
    let runs = 0;
    const reading: ProjectDetector = ({ files: read, project }) => {
      runs++;
      read.list('/project', '.txt');
      return project.models.map((model): Finding => ({ rule: 'long-file', severity: 'warning', path: model.path, range: model.range, message: `${model.label} ${read.read('/project/requirements.txt')?.trim()}`, related: [] }));
    };
    const facts = (await factsOf({ 'shop/models.py': MODELS })).get('shop/models.py')!;
    const modules = withDjango(facts);
    const fresh = () => {
      const index = new ProjectIndex('/project', DEFAULT_SETTINGS, [reading], files);
      index.set('shop/models.py', modules);
      return index;
    };
    const first = fresh();
    const snapshot = first.snapshot()!;
    assert.deepEqual(snapshot.reads.map((read) => read.kind), ['list', 'read', 'read']);
    assert.equal(runs, 1);
    const lookups: unknown[] = [];
    const lookup: ProjectLookup = (key) => (lookups.push(key), key.modules[0].facts === modules && key.settings === snapshot.settings ? snapshot : undefined);
    const restored = fresh();
    restored.restore(lookup);
    assert.deepEqual(restored.findingsFor('shop/models.py').map((finding) => finding.message), ['models.Order django', 'models.Coupon django']);
    assert.equal(runs, 1, 'restored, not run again');
    assert.equal(restored.snapshot(), snapshot);
    disk.set('/project/requirements.txt', 'django==5.0\n');
    const changed = fresh();
    changed.restore(lookup);
    assert.deepEqual(changed.findingsFor('shop/models.py').map((finding) => finding.message), ['models.Order django==5.0', 'models.Coupon django==5.0']);
    assert.equal(runs, 2, 'a file the rules read changed: they run again');
    assert.equal(lookups.length, 2);
  });
});

describe('stored module facts: checked before use', () => {
  it('accepts facts as analysis made them, through JSON, with the path put back', async () => {
    const facts = (await sourcesOf({ 'shop/models.py': MODELS })).modules.get('/project/shop/models.py')!;
    const stored: unknown = JSON.parse(JSON.stringify(facts));
    assert.ok(isModuleFacts(stored));
    assert.equal(factsAt(stored, '/moved/shop/models.py').django.path, '/moved/shop/models.py');
    assert.deepEqual(stored, facts, 'every stage\'s facts, as analysis made them');
  });

  it('refuses facts a crafted cache changed in shape', async () => {
    const django = (await factsOf({ 'shop/models.py': MODELS })).get('shop/models.py')!;
    const broken = JSON.parse(JSON.stringify(withDjango(django)));
    broken.django.classes[0].bases[0] = { kind: 'call', callee: { kind: 'name', name: 'f' }, args: 'not a list', keywords: [], line: 1 };
    assert.equal(isModuleFacts(broken), false);
    const settings = (await factsOf({ 'shop/settings.py': 'DEBUG = True\n' })).get('shop/settings.py')!;
    const noKind = JSON.parse(JSON.stringify(withDjango(settings)));
    noKind.django.statements[0].kind = 'exec';
    assert.equal(isModuleFacts(noKind), false);
    assert.equal(isModuleFacts(JSON.parse(JSON.stringify({ django: settings, observability: { swallowed: [], prints: [1] } }))), false);
    const read = { name: 'total', kind: 'guess', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.equal(isModuleFacts({ ...withDjango(settings), database: { fieldReads: [read], modelImports: [] } }), false);
  });
});
