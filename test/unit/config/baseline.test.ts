import { strict as assert } from 'node:assert';
import { createBaseline, fingerprintOf, newSinceBaseline } from '../../../server/src/core/baseline/baseline';
import type { Finding } from '../../../server/src/core/model/finding';

const TEXT = 'def a():\n    total = 0\n    return total\n\n\ndef b():\n    total = 0\n    return total\n';

function duplicate(line: number): Finding {
  return {
    rule: 'duplicate-block',
    severity: 'warning',
    path: '/p/shop/views.py',
    range: { start: { line, character: 4 }, end: { line: line + 1, character: 16 } },
    message: '2 lines duplicated in 2 places',
    related: [],
  };
}

describe('baseline', () => {
  const relative = (file: string) => file.slice('/p/'.length);
  const textOf = () => TEXT;

  it('matches a finding by the code it covers, wherever it moved, whitespace aside', () => {
    assert.equal(fingerprintOf(duplicate(1), TEXT), fingerprintOf(duplicate(6), TEXT));
    assert.equal(fingerprintOf(duplicate(1), TEXT), fingerprintOf(duplicate(1), TEXT.replace('total = 0', 'total  =  0')));
    assert.notEqual(fingerprintOf(duplicate(1), TEXT), fingerprintOf(duplicate(1), TEXT.replace('total = 0', 'total = 1')));
  });

  it('counts: a second identical finding beyond the baseline is new', () => {
    const baseline = createBaseline([duplicate(1)], relative, textOf, new Date(0));
    assert.deepEqual(baseline.findings, [{ rule: 'duplicate-block', path: 'shop/views.py', fingerprint: fingerprintOf(duplicate(1), TEXT) }]);
    assert.deepEqual(newSinceBaseline([duplicate(1), duplicate(6)], baseline, relative, textOf), [duplicate(6)]);
    assert.deepEqual(newSinceBaseline([duplicate(6)], baseline, relative, textOf), []);
  });
});
