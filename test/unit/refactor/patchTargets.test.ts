import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { patchesOf } from '../../../server/src/refactor/analysis/patchTargets';
import { extractToModule } from '../../../server/src/refactor/extract/extractToModule';
import { moveViewLogic } from '../../../server/src/refactor/controllers/moveViewLogic';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import { applyEdit, memoryWorkspace, ROOT, runPythonOn, snapshotOf } from '../../helpers/refactor/refactorFixture';

const VIEWS = `${ROOT}/shop/views.py`;
const CONTROLLERS = `${ROOT}/shop/controllers/hook_controllers.py`;

const APP = `
  #- shop/__init__.py
  #- shop/client.py
  def post(url):
      return "network " + url
  #- shop/views.py
  from .client import post


  def helper(code):
      return "real " + code


  def add_hook(request):
      code = request["code"]
      result = post(code)
      name = result.upper()
      label = helper(name)
      label = label.strip()
      return {"label": label}
`;

/** The names of shop.views the workspace's files patch, as `file: name`. */
async function patchedIn(fixture: string, module = 'shop.views'): Promise<string[]> {
  const files = memoryWorkspace(fixture);
  return patchesOf(await loadPythonParser(), snapshotOf(files), module).map((p) => `${p.file.slice(ROOT.length + 1)}: ${p.name}`);
}

describe('the patches of a module', () => {
  it('are found in every form, by path', async () => {
    const found = await patchedIn(`
      #- shop/__init__.py
      #- shop/views.py
      #- shop/test_paths.py
      from unittest import mock
      from unittest.mock import patch
      import unittest.mock


      @patch("shop.views.decorated")
      def test_a(m):
          with mock.patch('shop.views.managed'), unittest.mock.patch(target="shop.views.keyword"):
              patcher = patch("shop.views.started", return_value=1)
          patch.multiple("shop.views", one=mock.DEFAULT, two=3, create=True)


      def test_b(monkeypatch, mocker):
          monkeypatch.setattr("shop.views.monkeyed", 1)
          monkeypatch.delattr("shop.views.deleted")
          mocker.patch("shop.views.mocked")
    `);
    assert.deepEqual(found, ['decorated', 'managed', 'keyword', 'started', 'one', 'two', 'monkeyed', 'deleted', 'mocked'].map((n) => `shop/test_paths.py: ${n}`));
  });

  it('are found through the module, by whatever name the file imports it', async () => {
    const found = await patchedIn(`
      #- shop/__init__.py
      #- shop/views.py
      #- shop/tests/__init__.py
      #- shop/tests/test_objects.py
      import shop.views
      import shop.views as sv
      from unittest import mock
      from .. import views


      def test_a(monkeypatch, mocker):
          mock.patch.object(sv, "aliased")
          monkeypatch.setattr(shop.views, "dotted", 1)
          mocker.patch.object(views, "relative")
          mock.patch.multiple(views, several=1)
          setattr(views, "builtin", 2)


      def test_b():
          from shop import views as local
          stub(local, "helped", "value")
    `);
    assert.deepEqual(found.sort(), ['aliased', 'builtin', 'dotted', 'helped', 'relative', 'several'].map((n) => `shop/tests/test_objects.py: ${n}`));
  });

  it('are not strings that only name the module, other objects, or reads', async () => {
    const found = await patchedIn(`
      #- shop/__init__.py
      #- shop/views.py
      #- shop/other.py
      #- shop/test_not.py
      from unittest import mock
      from shop import other, views
      import requests

      ROUTES = {"hook": "shop.views.add_hook"}
      log = print


      def test_a(views_name, client):
          log("shop.views.logged")
          client.patch("/shop/views/")
          requests.patch("shop.views.remote")
          mock.patch("shop.views.requests.post")
          mock.patch.dict("shop.views.SETTINGS", {"debug": True})
          mock.patch.object(views.requests, "post")
          mock.patch.object(other, "elsewhere")
          getattr(views, "looked_up")
          mock.patch(f"shop.models.{views_name}")
          client.patch(views_name)
          setattr(client, views_name, 1)


      def test_b(views):
          mock.patch.object(views, "parameter")
    `);
    // `requests.patch(…)` sends an HTTP PATCH; a dotted path in it is read as a patch, on the safe side.
    assert.deepEqual(found, ['shop/test_not.py: remote']);
  });

  it('are found over several lines, in parts, and in the globals dict (patch.dict)', async () => {
    const found = await patchedIn(`
      #- shop/__init__.py
      #- shop/views.py
      #- shop/test_parts.py
      from unittest import mock
      from shop import views


      @mock.patch(
          "shop.views"
          ".wrapped",
      )
      def test_a(m):
          mock.patch("shop.views." + "joined")
          mock.patch.dict("shop.views.__dict__", {"flag": 1})
          mock.patch.dict(views.__dict__, values={"other": 2})
          mock.patch.dict(vars(views), extra=1)
    `);
    assert.deepEqual(found, ['wrapped', 'joined', 'flag', 'other', 'extra'].map((n) => `shop/test_parts.py: ${n}`));
  });

  it('a target that cannot be read (f-string, variable, cleared dict) may patch any name of the module it may name', async () => {
    for (const call of ['mock.patch(f"shop.views.{name}")', 'mock.patch(f"{PACKAGE}.views.requests")', 'mock.patch("shop.views." + name)', 'mock.patch(TARGET)', 'mock.patch.object(views, name)', 'mock.patch.dict(views.__dict__, clear=True)', 'mock.patch.dict("shop.views.__dict__", NEW)']) {
      const found = await patchedIn(`
        #- shop/__init__.py
        #- shop/views.py
        #- shop/test_any.py
        from unittest import mock
        from shop import views
        def test(name, PACKAGE, TARGET, NEW):
            ${call}
      `);
      assert.deepEqual(found, ['shop/test_any.py: *'], call);
    }
  });

  it('name the patch in their description', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/views.py
      #- shop/tests.py
      from unittest import mock
      from shop import views
      A = mock.patch("shop.views.requests")
      B = mock.patch.object(views, "requests")
    `);
    const found = patchesOf(await loadPythonParser(), snapshotOf(files), 'shop.views').map((p) => p.description);
    assert.deepEqual(found, ['tests.py patches `shop.views.requests`', 'tests.py patches `requests` through the module (`mock.patch.object(views, "requests")`)']);
  });
});

describe('engines keep code where a test patches what it reads', () => {
  // Indented as APP, which it follows in one fixture.
  const TEST = `
  #- shop/test_views.py
  from unittest import mock
  from shop.views import add_hook
  with mock.patch("shop.views.post", return_value="mocked"):
      print(add_hook({"code": "1"}))
`;
  const RUN = 'import shop.test_views';

  /** Extracts the lines of add_hook from the one holding `first` to the one holding `last`. */
  async function extract(fixture: string, first: string, last: string) {
    const files = memoryWorkspace(fixture);
    const lines = files.get(VIEWS)!.split('\n');
    const [startLine, endLine] = [first, last].map((part) => lines.findIndex((l) => l.includes(part)));
    return { files, result: extractToModule(await loadPythonParser(), snapshotOf(files), { file: VIEWS, startLine, endLine, targetFile: CONTROLLERS, functionName: 'handle_add_hook' }) };
  }

  it('extraction refuses statements reading an import a test patches', async () => {
    const { result } = await extract(`${APP}${TEST}`, 'result = post', 'label = helper');
    assert.equal(
      result.safe ? '' : result.reason,
      'test_views.py patches `shop.views.post`, which the statements read; in hook_controllers.py they would not see the patch (patch it where it is used)',
    );
  });

  it('extraction refuses statements reading an import when a test may patch any name of the module (an f-string target)', async () => {
    const { result } = await extract(`${APP}${TEST.replace('"shop.views.post"', 'f"shop.views.{\'post\'}"')}`, 'result = post', 'label = helper');
    assert.match(result.safe ? '' : result.reason, /^test_views\.py may patch any name of `shop\.views` \(`mock\.patch\(f"shop\.views\.\{'post'\}"/);
  });

  it('extraction moves statements reading a patched name of the module itself: the function imports it when it runs', async () => {
    const { files, result } = await extract(`${APP}${TEST.replace('shop.views.post', 'shop.views.helper')}`, 'name = result', 'label = label');
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(CONTROLLERS)!, /def handle_add_hook\(result\):\n    from \.\.views import helper\n/);
    assert.equal(runPythonOn(after, RUN), "{'label': 'mocked'}\n");
  });

  it('the view logic move takes a shorter run that reads no patched name', async () => {
    const files = memoryWorkspace(`${APP}${TEST}`);
    const line = files.get(VIEWS)!.split('\n').findIndex((l) => l.startsWith('def add_hook'));
    const { result } = moveViewLogic(await loadPythonParser(), snapshotOf(files), { file: VIEWS, line });
    assert.ok(result.safe, result.safe ? '' : result.reason);
    const after = applyEdit(files, result.edit);
    assert.match(after.get(VIEWS)!, /    result = post\(code\)\n    label = handle_add_hook\(result\)\n/);
    assert.equal(runPythonOn(after, RUN), runPythonOn(files, RUN));
  });

  /** A module of two features, the first reading `json`, and a test patching it by path. */
  const TWO_FEATURES = (orderReads: string, productReads: string) => `
      #- shop/__init__.py
      #- shop/models.py
      import json


      class Order:
          def dump(self):
              return ${orderReads}


      class Product:
          def dump(self):
              return ${productReads}
      #- shop/tests.py
      from unittest import mock
      from shop.models import Order, Product
      with mock.patch("shop.models.json") as fake:
          fake.dumps.return_value = "mocked"
          print(Order().dump(), Product().dump())
    `;
  const GROUPS = [{ name: 'orders', symbols: ['Order'], codeLines: 0 }, { name: 'products', symbols: ['Product'], codeLines: 0 }];

  it('the split makes a patch follow the name to the one feature module that reads it, and the test still patches it', async () => {
    const files = memoryWorkspace(TWO_FEATURES('json.dumps({})', '"plain"'));
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/shop/models.py`, groups: GROUPS });
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.match(plan.result.summary, /; 1 patch follows its name to the feature module that reads it$/);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/tests.py`)!, /with mock\.patch\("shop\.models\.orders_models\.json"\) as fake:/);
    assert.equal(runPythonOn(after, 'import shop.tests'), 'mocked plain\n');
    assert.equal(runPythonOn(files, 'import shop.tests'), 'mocked plain\n');
  });

  it('the split refuses a patched name two feature modules read: one patch cannot reach both', async () => {
    const files = memoryWorkspace(TWO_FEATURES('json.dumps({})', 'json.dumps([])'));
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/shop/models.py`, groups: GROUPS });
    assert.equal(plan.result.safe ? '' : plan.result.reason, 'tests.py patches `shop.models.json`, which it imports (read in orders_models.py, products_models.py); after the split the feature modules would not see the patch (patch it where it is used)');
  });

  it('the split refuses a module a test patches through an alias', async () => {
    const files = memoryWorkspace(`
      #- shop/__init__.py
      #- shop/models.py
      import json


      class Order:
          def dump(self):
              return json.dumps({})


      class Product:
          pass
      #- shop/tests.py
      import shop.models as m
      from unittest import mock
      PATCH = mock.patch.object(m, "json")
    `);
    const plan = splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/shop/models.py`, groups: [{ name: 'orders', symbols: ['Order'], codeLines: 0 }, { name: 'products', symbols: ['Product'], codeLines: 0 }] });
    assert.match(plan.result.safe ? '' : plan.result.reason, /^tests\.py patches `json` through the module \(`mock\.patch\.object\(m, "json"\)`\), which it imports; after the split/);
  });
});
