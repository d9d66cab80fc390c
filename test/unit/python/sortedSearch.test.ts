import { strict as assert } from 'node:assert';
import { partitionPoint } from '../../../server/src/core/model/sortedSearch';

describe('partitionPoint: the lower bound the analyser searches its sorted lists with', () => {
  it('finds where a value would be inserted, before its equals, at either end and in an empty list', () => {
    const offsets = [3, 7, 7, 12];
    const lowerBound = (value: number) => partitionPoint(offsets.length, (i) => offsets[i] < value);
    assert.deepEqual([0, 3, 4, 7, 8, 12, 13].map(lowerBound), [0, 0, 1, 1, 3, 3, 4]);
    assert.equal(partitionPoint(0, () => true), 0);
  });

  it('agrees with a linear scan on every prefix length of a long list', () => {
    for (let length = 0; length < 40; length++) {
      for (let prefix = 0; prefix <= length; prefix++) assert.equal(partitionPoint(length, (i) => i < prefix), prefix);
    }
  });
});
