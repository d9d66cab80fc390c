import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import {
  parsePipfile,
  parsePyproject,
  parseRequirements,
  parseSetupCfg,
  parseSetupPy,
  readDependencies,
  requirementName,
} from '../../../server/src/core/handRolled/dependencies';
import { DISK_FILES } from '../../../server/src/fs/projectFiles';
import { dedent, writeWorkspace } from '../../helpers/workspace/workspaceFixture';

describe('hand-rolled: the dependency files', () => {
  it('names a requirement as PEP 503 does, whatever its markers, extras, pins and URLs', () => {
    assert.equal(requirementName('Django_Filter[extra]>=2.0 ; python_version > "3.8"'), 'django-filter');
    assert.equal(requirementName('tenacity'), 'tenacity');
    assert.equal(requirementName('requests @ https://example.com/requests.whl'), 'requests');
    assert.equal(requirementName('git+https://github.com/jazzband/django-model-utils#egg=django_model_utils'), 'django-model-utils');
    assert.equal(requirementName('zope.interface~=5.0'), 'zope-interface');
  });

  it('reads requirements files: comments, continuations, includes, editables; options are not dependencies', () => {
    const parsed = parseRequirements(dedent(`
      # the web app
      Django>=4.2  # LTS
      djangorestframework==3.14 \\
          --hash=sha256:abc
      -r base.txt
      --requirement=dev.txt
      -c constraints.txt
      -e git+https://github.com/x/tenacity.git#egg=tenacity
      --index-url https://pypi.example/simple
    `));
    assert.deepEqual(parsed.names, ['django', 'djangorestframework', 'tenacity']);
    assert.deepEqual(parsed.includes, ['base.txt', 'dev.txt']);
  });

  it('reads pyproject.toml: PEP 621 lists (one line or many), optional groups, Poetry tables; not other tables', () => {
    const names = parsePyproject(dedent(`
      [build-system]
      requires = ["setuptools>=61"]

      [project]
      name = "shop"
      dependencies = [
          "Django>=4.2",
          "django-environ",  # settings
      ]

      [project.optional-dependencies]
      retry = ["tenacity>=8", "requests[socks]"]

      [tool.poetry.dependencies]
      python = "^3.11"
      django-cors-headers = "^4.0"

      [tool.poetry.group.dev.dependencies]
      "pytest-django" = "*"

      [tool.ruff]
      select = ["E"]
    `));
    assert.deepEqual(names, ['django', 'django-environ', 'tenacity', 'requests', 'django-cors-headers', 'pytest-django']);
  });

  it('reads setup.cfg install_requires and extras_require', () => {
    const names = parseSetupCfg(dedent(`
      [metadata]
      name = shop

      [options]
      packages = find:
      install_requires =
          Django>=4
          django-filter
      python_requires = >=3.9

      [options.extras_require]
      retry = tenacity
      dev =
          pytest
    `));
    assert.deepEqual(names, ['django', 'django-filter', 'tenacity', 'pytest']);
  });

  it('reads Pipfile packages and dev-packages, and setup.py install_requires (extras names aside)', () => {
    assert.deepEqual(parsePipfile(dedent(`
      [[source]]
      url = "https://pypi.org/simple"
      [packages]
      django = "*"
      "django-model-utils" = {version = "*"}
      [dev-packages]
      pytest = "*"
      [requires]
      python_version = "3.11"
    `)), ['django', 'django-model-utils', 'pytest']);
    assert.deepEqual(parseSetupPy(dedent(`
      setup(
          name="shop",
          install_requires=["Django[argon2]>=4", 'tenacity'],
          extras_require={"cors": ["django-cors-headers"]},
      )
    `)), ['django', 'tenacity', 'django-cors-headers']);
  });

  it('reads the files of a folder: requirements*.txt, requirements/, the others; follows -r once', () => {
    const root = writeWorkspace(`
      #- requirements.txt
      -r requirements/base.txt
      Django
      #- requirements-dev.txt
      -r requirements.txt
      pytest
      #- requirements/base.txt
      tenacity
      #- pyproject.toml
      [project]
      dependencies = ["django-filter"]
      #- notes.txt
      not-a-dependency
    `);
    try {
      const dependencies = readDependencies(root, DISK_FILES);
      assert.deepEqual([...dependencies.names].sort(), ['django', 'django-filter', 'pytest', 'tenacity']);
      assert.deepEqual(dependencies.files, ['requirements-dev.txt', 'requirements.txt', 'requirements/base.txt', 'pyproject.toml']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
