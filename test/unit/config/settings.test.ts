import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../../server/src/core/config/settings';
import { resolveSettings } from '../../../server/src/core/config/resolveSettings';
import { readPyprojectSettings } from '../../../server/src/core/config/pyprojectSettings';
import { dedent } from '../../helpers/workspace/workspaceFixture';

describe('settings', () => {
  it('package.json declares the same defaults as the schema', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
    const declared: Record<string, unknown> = {};
    for (const group of manifest.contributes.configuration) {
      for (const [key, property] of Object.entries(group.properties as Record<string, { default?: unknown }>)) {
        // A setting without a default is decided from the project when unset (refactor.keepReexports).
        if ('default' in property) declared[key] = property.default;
      }
    }
    const expected: Record<string, unknown> = {};
    const flatten = (value: unknown, prefix: string) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`);
      } else {
        expected[prefix] = value;
      }
    };
    flatten(DEFAULT_SETTINGS, 'untangle');
    assert.deepEqual(declared, expected);
  });

  it('uses the defaults when nothing is set', () => {
    assert.deepEqual(resolveSettings([]).settings, DEFAULT_SETTINGS);
  });

  it('lets later layers win and merges sections key by key', () => {
    const { settings, problems } = resolveSettings([
      { source: 'pyproject', values: { longFile: { maxCodeLines: 300, severity: 'error' } } },
      { source: 'editor', values: { longFile: { maxCodeLines: 800 } } },
    ]);
    assert.deepEqual(problems, []);
    assert.equal(settings.longFile.maxCodeLines, 800);
    assert.equal(settings.longFile.severity, 'error');
  });

  it('reports a bad value with its key and source and falls back to the lower layer', () => {
    const { settings, problems } = resolveSettings([
      { source: 'pyproject', values: { longFile: { maxCodeLines: 300 } } },
      { source: 'editor', values: { longFile: { maxCodeLines: 'many', severity: 'loud' }, exclude: ['ok/**', 3] } },
    ]);
    assert.equal(settings.longFile.maxCodeLines, 300);
    assert.equal(settings.longFile.severity, 'warning');
    assert.deepEqual(settings.exclude, DEFAULT_SETTINGS.exclude, 'one bad glob drops the whole list');
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p]));
    assert.equal(byKey['longFile.maxCodeLines'].source, 'editor');
    assert.match(byKey['longFile.maxCodeLines'].message, /expected number.*got "many"/);
    assert.match(byKey['longFile.severity'].message, /expected one of.*"warning"/);
    assert.ok(byKey['exclude.1'], 'the bad array element is named');
  });

  it('rejects a module pattern that leads out of the app folder (a .. segment or an absolute path)', () => {
    for (const controllerModule of ['../../x/{feature}.py', '/tmp/{feature}.py', 'controllers/../../{feature}.py']) {
      const { settings, problems } = resolveSettings([{ source: 'pyproject', values: { refactor: { controllerModule, featureModule: '../{feature}.py' } } }]);
      assert.deepEqual(settings.refactor, DEFAULT_SETTINGS.refactor, controllerModule);
      assert.deepEqual(problems.map((p) => p.key), ['refactor.controllerModule', 'refactor.featureModule']);
      for (const problem of problems) assert.match(problem.message, /^must stay inside the app folder: a relative path without a leading \/ or a \.\. segment/);
    }
    assert.deepEqual(resolveSettings([{ source: 'pyproject', values: { refactor: { controllerModule: 'services/{feature}..py' } } }]).problems, []);
  });

  it('reads duplicateBlock.languages from pyproject.toml and rejects a language it does not know', () => {
    const text = '[tool.untangle.duplicate-block]\nlanguages = ["python", "vue"]\n';
    const { problems, settings } = resolveSettings([readPyprojectSettings(text).layer!]);
    assert.deepEqual(settings.duplicateBlock.languages, DEFAULT_SETTINGS.duplicateBlock.languages);
    assert.deepEqual(problems.map((p) => [p.key, p.range?.start.line]), [['duplicateBlock.languages.1', 1]]);
    assert.match(problems[0].message, /expected one of "python"\|"django-template"\|"javascript"\|"css"; got "vue", using the default/);
    const css = resolveSettings([readPyprojectSettings('[tool.untangle]\nduplicate-block.languages = ["css"]\n').layer!]);
    assert.deepEqual([css.settings.duplicateBlock.languages, css.problems], [['css'], []]);
  });

  it('reports unknown keys with a suggestion', () => {
    const { problems } = resolveSettings([{ source: 'editor', values: { longFile: { maxCodeLine: 3 }, colour: 'red' } }]);
    assert.deepEqual(
      problems.map((p) => [p.key, p.message]).sort(),
      [
        ['colour', 'unknown setting (known: exclude, useGitignore, maxFileSizeKb, longFile, duplicateBlock, logicHeavyView, handRolled, mixedResponsibilities, observability, missingIndex, nPlusOne, database, unsafeMigration, handWrittenCrudView, refactor, trace)'],
        ['longFile.maxCodeLine', 'unknown setting (did you mean `maxCodeLines`?)'],
      ].sort(),
    );
  });

  it('rejects a layer that is not a table', () => {
    const { settings, problems } = resolveSettings([{ source: 'editor', values: 42 }]);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.match(problems[0].message, /expected a table of settings, got 42/);
  });
});

describe('pyproject.toml settings', () => {
  it('reads [tool.untangle] in kebab-case or camelCase and locates each key', () => {
    const text = dedent(`
      [project]
      name = "shop"

      [tool.untangle]
      exclude = ["legacy/**"]

      [tool.untangle.long-file]
      severity = "error"
      max-code-lines = "lots"
    `);
    const { layer } = readPyprojectSettings(text);
    assert.ok(layer);
    assert.deepEqual(layer.values, { exclude: ['legacy/**'], longFile: { severity: 'error', maxCodeLines: 'lots' } });
    const { settings, problems } = resolveSettings([layer]);
    assert.deepEqual(settings.exclude, ['legacy/**']);
    assert.equal(settings.longFile.severity, 'error');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].key, 'longFile.maxCodeLines');
    assert.equal(problems[0].source, 'pyproject.toml [tool.untangle]');
    assert.equal(problems[0].range?.start.line, 8, 'the problem points at the max-code-lines line');
  });

  it('locates dotted keys', () => {
    const { layer } = readPyprojectSettings('[tool.untangle]\nexclude = []\nlongFile.maxCodeLines = 0\n');
    assert.ok(layer);
    assert.equal(layer.locate?.(['longFile', 'maxCodeLines'])?.start.line, 2);
  });

  it('ignores a pyproject.toml without [tool.untangle]', () => {
    assert.deepEqual(readPyprojectSettings('[project]\nname = "x"\n'), {});
  });

  it('reports invalid TOML with its line and column instead of throwing', () => {
    const { layer, syntaxProblem } = readPyprojectSettings('[tool.untangle]\nexclude = ["a"\nmax = 1\n');
    assert.equal(layer, undefined);
    assert.ok(syntaxProblem);
    assert.match(syntaxProblem.message, /^not valid TOML: .*\(line 3, column 1\); using defaults$/);
    assert.equal(syntaxProblem.range?.start.line, 2);
  });
});
