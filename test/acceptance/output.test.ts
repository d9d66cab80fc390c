/**
 * The acceptance run's readings of other programs' output: Django's test runner summary,
 * `untangle fix`'s report and pyflakes messages made path-free. Fast; run with
 * `npx mocha --no-config out/test/acceptance/output.test.js` (the run itself is not in `npm test`).
 */
import { strict as assert } from 'node:assert';
import { parseFixOutput, reasonKind, topReasons } from './fixOutput';
import { withoutPaths } from './lint';
import { parseUnittest } from './suite';

describe('acceptance output readers', () => {
  it('sums the summaries of every runner and lists the broken tests', () => {
    const output = [
      'FAIL: test_login (allauth.cern.tests.CernTests.test_login)',
      'ERROR: test_x (tests.test_views.ViewTests.test_x)',
      'Ran 299 tests in 5.956s',
      '',
      'FAILED (failures=1, errors=1, skipped=2, expected failures=3)',
      'Ran 21 tests in 0.818s',
      '',
      'OK (skipped=1)',
    ].join('\n');
    assert.deepEqual(parseUnittest(output), {
      ran: 320,
      failures: 1,
      errors: 1,
      skipped: 3,
      expectedFailures: 3,
      unexpectedSuccesses: 0,
      broken: ['ERROR: tests.test_views.ViewTests.test_x', 'FAIL: allauth.cern.tests.CernTests.test_login'],
      completed: true,
    });
  });

  it('says a suite that crashed before its summary did not complete', () => {
    assert.equal(parseUnittest('ImportError: cannot import name deprecate').completed, false);
  });

  it('reads applied, refused and the reasons, titles with parentheses included', () => {
    const outcome = parseFixOutput(
      [
        'applied: Move logic of `object_filter` to `controllers/object_controllers.py`: moves 3 statements',
        'refused: Split `filters.py` into feature modules (date, ordering) (django_filters/filters.py:1): test_filtering.py patches `django_filters.filters.now`',
        'refused: Move `settings` to `settings.py` (django_filters.conf:settings): an import cycle',
        'not offered: Extract duplicated block into utils (django_filters/utils.py:12): class bodies',
        '1 applied, 2 refused, 1 not offered, 3 files changed',
      ].join('\n'),
    );
    assert.deepEqual(outcome, {
      applied: 1,
      refused: 2,
      notOffered: 1,
      reasons: ['test_filtering.py patches `django_filters.filters.now`', 'an import cycle'],
      completed: true,
    });
  });

  it('groups reasons that differ only in names, files and numbers', () => {
    const reasons = [
      'conf.py:16: the duplicated lines hold no whole statements inside a function that can move',
      'filters.py:405: the duplicated lines hold no whole statements inside a function that can move',
      'the copies share no run of 2 or more whole statements',
    ];
    assert.equal(reasonKind(reasons[0]), 'the duplicated lines hold no whole statements inside a function that can move');
    assert.deepEqual(topReasons(reasons, 1), [{ kind: reasonKind(reasons[1]), count: 2 }]);
  });

  it('drops module paths and line numbers from pyflakes texts, not the names', () => {
    assert.equal(withoutPaths("'...exceptions.NotHistoricalModelError' imported but unused"), "'NotHistoricalModelError' imported but unused");
    assert.equal(withoutPaths("'django.VERSION as DJANGO_VERSION' imported but unused"), "'DJANGO_VERSION' imported but unused");
    assert.equal(withoutPaths("redefinition of unused 'models' from line 6"), "redefinition of unused 'models' from line N");
    assert.equal(withoutPaths("undefined name 'ok'"), "undefined name 'ok'");
  });
});
