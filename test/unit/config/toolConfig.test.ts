/** What refactorings read of the project's other tools: the line length limit and the test file patterns. */
import { strict as assert } from 'node:assert';
import { lineLengthLimit } from '../../../server/src/core/config/lineLength';
import { globMatches, runnersCollecting, testRunners } from '../../../server/src/core/config/testDiscovery';
import { memoryWorkspace, ROOT, snapshotOf } from '../../helpers/refactor/refactorFixture';

const FILE = `${ROOT}/shop/views.py`;

function limitWith(fixture: string): number {
  return lineLengthLimit(snapshotOf(memoryWorkspace(fixture)), FILE);
}

function pytestPatterns(fixture: string): readonly string[] {
  return testRunners(snapshotOf(memoryWorkspace(fixture)), FILE).find((r) => r.name === 'pytest')!.patterns;
}

describe('the line length limit', () => {
  it('is PEP 8’s 79 with nothing configured, black’s and ruff’s 88 when they are configured without one', () => {
    assert.equal(limitWith('#- shop/views.py\n'), 79);
    assert.equal(limitWith('#- pyproject.toml\n[tool.black]\ntarget-version = ["py311"]\n'), 88);
    assert.equal(limitWith('#- pyproject.toml\n[tool.ruff.lint]\nselect = ["E"]\n'), 88);
    assert.equal(limitWith('#- setup.cfg\n[flake8]\nexclude = .git\n'), 79);
  });

  it('reads black, ruff, flake8 and pycodestyle; the strictest configured wins', () => {
    assert.equal(limitWith('#- pyproject.toml\n[tool.black]\nline-length = 100\n'), 100);
    assert.equal(limitWith('#- pyproject.toml\n[tool.ruff]\nline-length = 120\n#- setup.cfg\n[flake8]\nmax-line-length = 110  # the CI job\n'), 110);
    assert.equal(limitWith('#- tox.ini\n[testenv]\ncommands = pytest\n[flake8]\nmax_line_length: 99\n'), 99);
    assert.equal(limitWith('#- .flake8\n[flake8]\nmax-line-length = 119\n#- ruff.toml\nline-length = 150\n'), 119);
    assert.equal(limitWith('#- setup.cfg\n[pycodestyle]\nmax-line-length = 100\n'), 100);
  });

  it('takes the nearest configuration and stops at the project root (the folder of pyproject.toml)', () => {
    assert.equal(limitWith('#- shop/setup.cfg\n[flake8]\nmax-line-length = 90\n#- setup.cfg\n[flake8]\nmax-line-length = 120\n'), 90);
    const files = memoryWorkspace('#- project/pyproject.toml\n[project]\nname = "shop"\n#- setup.cfg\n[flake8]\nmax-line-length = 120\n');
    assert.equal(lineLengthLimit(snapshotOf(files), `${ROOT}/project/shop/views.py`), 79, 'a setup.cfg above the project root is not the project’s');
  });
});

describe('test discovery patterns', () => {
  it('are pytest’s defaults, or python_files from the first configuration pytest would read', () => {
    assert.deepEqual(pytestPatterns('#- shop/views.py\n'), ['test_*.py', '*_test.py']);
    assert.deepEqual(pytestPatterns('#- pytest.ini\n[pytest]\npython_files =\n    tests.py\n    test_*.py\n'), ['tests.py', 'test_*.py']);
    assert.deepEqual(pytestPatterns('#- pytest.ini\n[pytest]\naddopts = -q\n#- pyproject.toml\n[tool.pytest.ini_options]\npython_files = ["check_*.py"]\n'), ['test_*.py', '*_test.py'], 'pytest.ini wins, even without python_files');
    assert.deepEqual(pytestPatterns('#- pyproject.toml\n[tool.pytest.ini_options]\npython_files = "check_*.py *_checks.py"\n'), ['check_*.py', '*_checks.py']);
    assert.deepEqual(pytestPatterns('#- setup.cfg\n[tool:pytest]\npython_files = tests/*_spec.py\n'), ['*_spec.py']);
    assert.deepEqual(pytestPatterns('#- tox.ini\n[pytest]\npython_files = it_*.py\n#- setup.cfg\n[tool:pytest]\npython_files = other_*.py\n'), ['it_*.py']);
  });

  it('match file names as fnmatch does; Django’s runner collects test*.py', () => {
    assert.ok(globMatches('test_*.py', 'test_views.py'));
    assert.ok(!globMatches('test_*.py', 'tests.py'));
    assert.ok(globMatches('test[0-9].py', 'test1.py'));
    assert.ok(!globMatches('test[!0-9].py', 'test1.py'));
    assert.ok(globMatches('t?st.py', 'test.py'));
    const runners = testRunners(snapshotOf(memoryWorkspace('#- shop/views.py\n')), FILE);
    assert.deepEqual(runnersCollecting(runners, 'tests.py').map((r) => r.name), ['django']);
    assert.deepEqual(runnersCollecting(runners, 'test_views.py').map((r) => r.name), ['pytest', 'django']);
    assert.deepEqual(runnersCollecting(runners, 'views.py'), []);
  });
});
