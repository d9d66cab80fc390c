/**
 * A test module is split into sibling test modules its runners still collect (pytest's
 * `python_files`, Django's `test*.py`), or refused with the reason: never into a package that
 * hides its tests or makes unittest run them twice.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { splitModule } from '../../../server/src/refactor/split/splitModule';
import type { FeatureGroup } from '../../../server/src/core/features/featureGrouping';
import { applyEdit, memoryWorkspace, newPyflakesMessages, ROOT, snapshotOf, writeMemoryWorkspace } from '../../helpers/refactor/refactorFixture';
import { DEBIAN_PYTHON } from '../../helpers/python/pythonOracle';

function group(name: string, symbols: string[]): FeatureGroup {
  return { name, symbols, codeLines: 0 };
}

async function split(fixture: string, file: string, groups: FeatureGroup[]) {
  const files = memoryWorkspace(fixture);
  return { files, plan: splitModule(await loadPythonParser(), snapshotOf(files), { file: `${ROOT}/${file}`, groups }) };
}

/** What pytest and Django's runner (unittest discovery of `test*.py`) collect and run in a folder. */
function runTests(files: ReadonlyMap<string, string>): { pytest: string; unittest: string } {
  const dir = writeMemoryWorkspace(files);
  const run = (args: string[]) => {
    const result = spawnSync(DEBIAN_PYTHON, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    return `${result.stdout}${result.stderr}`;
  };
  try {
    const pytest = /\d+ passed/.exec(run(['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'shop']))![0];
    const unittest = /Ran \d+ tests?/.exec(run(['-m', 'unittest', 'discover', '-s', 'shop', '-t', '.', '-p', 'test*.py']))![0];
    return { pytest, unittest };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TESTS = `
  #- shop/__init__.py
  #- shop/tests/__init__.py
  #- shop/tests/test_views.py
  """Tests of the shop's views."""
  import unittest
  from unittest import mock


  def make_user(name="ann"):
      return {"name": name}


  class LoginTests(unittest.TestCase):
      def test_login(self):
          self.assertEqual(make_user()["name"], "ann")

      def test_login_again(self):
          self.assertTrue(mock.sentinel.login)


  class LogoutTests(unittest.TestCase):
      def test_logout(self):
          self.assertEqual(make_user("bo")["name"], "bo")
`;
const GROUPS = [group('login', ['LoginTests']), group('logout', ['LogoutTests']), group('_common', ['make_user'])];

describe('split a test module', () => {
  it('makes sibling test modules pytest and Django’s runner still collect, shared helpers in a module neither collects', async () => {
    const { files, plan } = await split(TESTS, 'shop/tests/test_views.py', GROUPS);
    assert.equal(plan.title, 'Split `test_views.py` into test modules (login, logout, _common)');
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.deepEqual(plan.result.edit.deleteFiles, [`${ROOT}/shop/tests/test_views.py`]);
    const after = applyEdit(files, plan.result.edit);
    assert.deepEqual([...after.keys()].filter((f) => f.startsWith(`${ROOT}/shop/tests/`)).sort(), [
      `${ROOT}/shop/tests/__init__.py`,
      `${ROOT}/shop/tests/test_views_login.py`,
      `${ROOT}/shop/tests/test_views_logout.py`,
      `${ROOT}/shop/tests/views_common.py`,
    ]);
    assert.equal(after.get(`${ROOT}/shop/tests/__init__.py`), files.get(`${ROOT}/shop/tests/__init__.py`), 'no package re-exports the test cases (unittest would run them twice)');
    assert.equal(
      after.get(`${ROOT}/shop/tests/test_views_login.py`),
      [
        '"""Tests of the shop\'s views."""',
        '',
        'import unittest',
        'from unittest import mock',
        '',
        'from .views_common import make_user',
        '',
        '',
        'class LoginTests(unittest.TestCase):',
        '    def test_login(self):',
        '        self.assertEqual(make_user()["name"], "ann")',
        '',
        '    def test_login_again(self):',
        '        self.assertTrue(mock.sentinel.login)',
        '',
      ].join('\n'),
    );
    assert.match(after.get(`${ROOT}/shop/tests/test_views_logout.py`)!, /^"""Tests of the shop's views\."""\n\nimport unittest\n\nfrom \.views_common import make_user\n\n\nclass LogoutTests/);
    assert.deepEqual(runTests(after), runTests(files));
    assert.deepEqual(runTests(after), { pytest: '3 passed', unittest: 'Ran 3 tests' });
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('star-imports every part where the package star-imported the module, so it holds the same tests', async () => {
    const { files, plan } = await split(TESTS.replace('  #- shop/tests/__init__.py\n', '  #- shop/tests/__init__.py\n  from .test_views import *  # noqa: F401,F403\n'), 'shop/tests/test_views.py', GROUPS);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.equal(after.get(`${ROOT}/shop/tests/__init__.py`), 'from .test_views_login import *\nfrom .test_views_logout import *\nfrom .views_common import *  # noqa: F401,F403\n');
    assert.deepEqual(runTests(after), runTests(files));
    assert.deepEqual(newPyflakesMessages(files, after), [], 'more star imports where there were star imports');
    const other = await split(TESTS.replace('  #- shop/tests/__init__.py\n', '  #- shop/tests/__init__.py\n  from .test_views import *\n  from . import test_views\n'), 'shop/tests/test_views.py', GROUPS);
    assert.match(other.plan.result.safe ? '' : other.plan.result.reason, /__init__\.py imports it/, 'another use of the module keeps the split refused');
  });

  it('names the parts after the pattern the project configures, and the author’s style', async () => {
    const configured = await split(`${TESTS.replace('test_views.py', 'check_views.py')}\n  #- pytest.ini\n  [pytest]\n  python_files =\n      check_*.py\n`, 'shop/tests/check_views.py', GROUPS);
    assert.ok(configured.plan.result.safe, configured.plan.result.safe ? '' : configured.plan.result.reason);
    const created = (plan: typeof configured.plan) => (plan.result.safe ? plan.result.edit.createFiles.map((f) => f.slice(`${ROOT}/shop/tests/`.length)).sort() : []);
    assert.deepEqual(created(configured.plan), ['check_views_login.py', 'check_views_logout.py', 'views_common.py']);
    const suffixed = await split(TESTS.replace('test_views.py', 'views_test.py'), 'shop/tests/views_test.py', GROUPS);
    assert.deepEqual(created(suffixed.plan), ['views_common.py', 'views_login_test.py', 'views_logout_test.py']);
    const taken = await split(`${TESTS}\n  #- shop/tests/test_views_login.py\n`, 'shop/tests/test_views.py', GROUPS);
    assert.match(taken.plan.result.safe ? '' : taken.plan.result.reason, /no names for its parts keep the test discovery pattern \(test_\*\.py, \*_test\.py, test\*\.py\) without clashing with existing modules/);
  });

  for (const [what, fixture, reason] of [
    ['another module imports it', `${TESTS}\n  #- shop/tests/test_api.py\n  from shop.tests.test_views import make_user\n`, /test_api\.py imports it/],
    ['a test class is used by another group', TESTS.replace('class LogoutTests(unittest.TestCase):', 'class LogoutTests(LoginTests):'), /`LoginTests` holds tests that logout uses: importing it into another test module would run its tests twice/],
    ['a fixture is used by another group', `${TESTS}\n  import pytest\n\n\n  @pytest.fixture\n  def client():\n      return object()\n\n\n  def test_page(client):\n      assert client\n`, /fixture `client` is used by `test_page` of another group: move it to conftest\.py first/],
    ['pytestmark applies to the whole module', `${TESTS}\n  pytestmark = []\n`, /`pytestmark` applies to all of it/],
    ['its parts would import each other outside a package', TESTS.replace('  #- shop/tests/__init__.py\n', ''), /in a folder that is no package: its parts could not import each other/],
  ] as const) {
    it(`refuses when ${what}`, async () => {
      const extra = fixture.includes('def client') ? [group('client', ['client']), group('page', ['test_page'])] : fixture.includes('pytestmark') ? [group('mark', ['pytestmark'])] : [];
      const { plan } = await split(fixture, 'shop/tests/test_views.py', [...GROUPS, ...extra]);
      assert.equal(plan.result.safe, false);
      assert.match(plan.result.safe ? '' : plan.result.reason, reason);
    });
  }

  it('never puts a test the runners collect into the shared helpers’ module, which no runner collects', async () => {
    const fixture = `${TESTS}

  class ExtraMixin:
      def test_extra(self):
          self.assertTrue(make_user())


  class SharedTests(unittest.TestCase):
      def test_shared(self):
          self.assertTrue(make_user())


  class InheritedTests(ExtraMixin, unittest.TestCase):
      pass


  class TestPlain:
      def test_plain(self):
          assert make_user()
`;
    const shared = ['make_user', 'ExtraMixin', 'SharedTests', 'InheritedTests', 'TestPlain'];
    const { files, plan } = await split(fixture, 'shop/tests/test_views.py', [...GROUPS.slice(0, 2), group('_common', shared)]);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.equal(plan.title, 'Split `test_views.py` into test modules (login, logout, _common, general)');
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/tests/views_common.py`)!, /class ExtraMixin:/);
    assert.doesNotMatch(after.get(`${ROOT}/shop/tests/views_common.py`)!, /SharedTests|InheritedTests|TestPlain/);
    assert.match(after.get(`${ROOT}/shop/tests/test_views_general.py`)!, /class SharedTests[^]*class InheritedTests[^]*class TestPlain/);
    assert.deepEqual(runTests(after), runTests(files));
    assert.deepEqual(runTests(after), { pytest: '6 passed', unittest: 'Ran 5 tests' });
    assert.deepEqual(newPyflakesMessages(files, after), []);
  });

  it('points a string naming a name of the test module at the part holding it (allauth’s override_settings of its validators)', async () => {
    const fixture = TESTS.replace('class LogoutTests(unittest.TestCase):', '@mock.patch.dict("os.environ", {"USERS": "shop.tests.test_views.make_user"})\n  class LogoutTests(unittest.TestCase):');
    const { files, plan } = await split(fixture, 'shop/tests/test_views.py', GROUPS);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    const after = applyEdit(files, plan.result.edit);
    assert.match(after.get(`${ROOT}/shop/tests/test_views_logout.py`)!, /^@mock\.patch\.dict\("os\.environ", \{"USERS": "shop\.tests\.views_common\.make_user"\}\)$/m);
    assert.deepEqual(runTests(after), runTests(files));
  });

  it('refuses when a string names the test module itself by its dotted path (the module would be gone)', async () => {
    const fixture = TESTS.replace('class LogoutTests(unittest.TestCase):', '@mock.patch.dict("os.environ", {"SUITE": "shop.tests.test_views"})\n  class LogoutTests(unittest.TestCase):');
    const { plan } = await split(fixture, 'shop/tests/test_views.py', GROUPS);
    assert.match(plan.result.safe ? '' : plan.result.reason, /test_views\.py line \d+ names it by its dotted path \("shop\.tests\.test_views"\): split, it would be gone/);
  });

  it('splits a module a runner would collect but that holds no tests (base classes, helpers) into a package, as any other', async () => {
    const fixture = `
      #- shop/__init__.py
      #- shop/testcases.py
      import unittest


      class ShopTestMixin:
          def make_cart(self):
              return []


      class ApiClientMixin:
          def client(self):
              return object()
      #- shop/test_api.py
      from shop.testcases import ApiClientMixin
    `;
    const { plan } = await split(fixture, 'shop/testcases.py', [group('shop', ['ShopTestMixin']), group('api', ['ApiClientMixin'])]);
    assert.ok(plan.result.safe, plan.result.safe ? '' : plan.result.reason);
    assert.deepEqual(plan.result.edit.createFiles.map((f) => f.slice(`${ROOT}/shop/`.length)), ['testcases/__init__.py', 'testcases/shop_testcases.py', 'testcases/api_testcases.py']);
  });

  it('refuses conftest.py, which pytest finds by its name', async () => {
    const { plan } = await split(TESTS.replace('tests/test_views.py', 'conftest.py'), 'shop/conftest.py', GROUPS);
    assert.match(plan.result.safe ? '' : plan.result.reason, /pytest reads `conftest\.py` by its name/);
  });
});
