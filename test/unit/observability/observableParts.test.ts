/**
 * "Make the project observable" with the parts the user picks: every subset writes exactly what
 * its parts write, leaves the other parts pending, has nothing left to do on a second run, and
 * composes with the rest into a project the rule finds nothing on.
 */
import { strict as assert } from 'node:assert';
import { loadPythonParser } from '../../../server/src/core/parse/pythonParser';
import { makeObservable, observabilityParts, OBSERVABILITY_CHOICES, type ObservabilityChoice } from '../../../server/src/refactor/observability/makeObservable';
import { applyEdit, memoryWorkspace, snapshotOf } from '../../helpers/refactor/refactorFixture';
import { observabilityFindings, SMALL_PROJECT } from './observabilityFixture';

const SETTINGS = '/ws/site_conf/settings.py';

async function plan(files: ReadonlyMap<string, string>, choices: readonly ObservabilityChoice[]) {
  return makeObservable(await loadPythonParser(), snapshotOf(files), { settingsFile: SETTINGS, choices });
}

async function applied(files: ReadonlyMap<string, string>, choices: readonly ObservabilityChoice[]): Promise<Map<string, string>> {
  const { result } = await plan(files, choices);
  assert.ok(result.safe, `${choices.join(', ')}: ${result.safe ? '' : result.reason}`);
  return applyEdit(files, result.edit);
}

async function pendingParts(files: ReadonlyMap<string, string>): Promise<ObservabilityChoice[]> {
  const parts = observabilityParts(await loadPythonParser(), snapshotOf(files), SETTINGS);
  assert.ok(typeof parts !== 'string', String(parts));
  return parts.filter((p) => p.pending).map((p) => p.part);
}

/** The files an edit adds or changes. */
function touched(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  return [...after].filter(([file, text]) => before.get(file) !== text).map(([file]) => file).sort();
}

/** Every non-empty subset of the parts, in the planner's order. */
const SUBSETS: ObservabilityChoice[][] = Array.from({ length: 2 ** OBSERVABILITY_CHOICES.length - 1 }, (_, i) => OBSERVABILITY_CHOICES.filter((_, bit) => ((i + 1) >> bit) & 1));

describe('make the project observable, the parts picked', () => {
  const before = memoryWorkspace(SMALL_PROJECT);

  it('lists every part as pending on a bare project, each saying what it writes', async () => {
    const parts = observabilityParts(await loadPythonParser(), snapshotOf(before), SETTINGS);
    assert.ok(typeof parts !== 'string');
    assert.deepEqual(parts.map((p) => [p.part, p.pending]), OBSERVABILITY_CHOICES.map((part) => [part, true]));
    assert.match(parts[0].detail, /^writes LOGGING \(plain lines/);
    assert.match(parts[3].detail, /^writes deploy\/observability\//);
  });

  it('refuses the parts of a module that is not the settings', async () => {
    assert.match(String(observabilityParts(await loadPythonParser(), snapshotOf(before), '/ws/site_conf/urls.py')), /urls\.py is not the project's settings module/);
  });

  for (const subset of SUBSETS) {
    it(`writes ${subset.join(' + ')} only, then has nothing to do for them`, async () => {
      const after = await applied(before, subset);
      const alone = await Promise.all(subset.map(async (part) => touched(before, await applied(before, [part]))));
      assert.deepEqual(touched(before, after), [...new Set(alone.flat())].sort(), 'the files of the parts picked, no other');
      assert.deepEqual(await pendingParts(after), OBSERVABILITY_CHOICES.filter((part) => !subset.includes(part)));
      const again = (await plan(after, subset)).result;
      assert.ok(!again.safe, 'a second run writes nothing');
      assert.match(again.reason, /^nothing to do/);
      const rest = OBSERVABILITY_CHOICES.filter((part) => !subset.includes(part));
      const complete = rest.length === 0 ? after : await applied(after, rest);
      assert.deepEqual(await observabilityFindings(complete), [], 'the rest completes the project');
    });
  }

  it('writes the logging block and the metrics block in one append when both are picked', async () => {
    const settings = (await applied(before, ['logging', 'metrics'])).get(SETTINGS)!;
    assert.ok(settings.indexOf('LOGGING = {') < settings.indexOf('INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus"]'));
  });
});
