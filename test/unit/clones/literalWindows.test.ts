import { strict as assert } from 'node:assert';
import { literalLimit } from '../../../server/src/core/clones/literalWindows';

/** The clone index's window and stride for a minTokens (cloneIndex.ts). */
function layout(minTokens: number): { window: number; stride: number } {
  const window = Math.max(4, Math.floor(minTokens / 2));
  return { window, stride: Math.max(1, minTokens - window + 1) };
}

describe('literalLimit: windows with more literals are compared with places of their own text only', () => {
  it('leaves, in every stretch that may hold a clone not exact, an indexed window within the limit, wherever the stretch lies', () => {
    for (const minTokens of [10, 30, 50, 51, 80, 200]) {
      const { window, stride } = layout(minTokens);
      const limit = literalLimit(minTokens, window, stride);
      for (let length = minTokens; length <= 6 * minTokens; length++) {
        for (let start = 0; start < stride; start++) {
          // The indexed windows (every stride) wholly inside the stretch [start, start + length), apart from each other.
          let windows = 0;
          for (let at = 0; at + window <= start + length; at += stride) if (at >= start) windows++;
          // At most 30 % literals (mayHoldClone), spread over the windows as evenly as can be: the fewest any holds.
          const fewest = Math.floor(Math.floor((3 * length) / 10) / windows);
          assert.ok(Math.min(fewest, window) <= limit, `minTokens ${minTokens}, ${length} tokens from ${start}: a window of ${fewest} literals, limit ${limit}`);
        }
      }
    }
  });

  it('is below the window, so a window of literals only is compared with its own text only', () => {
    for (const minTokens of [10, 50, 10_000]) {
      const { window, stride } = layout(minTokens);
      assert.ok(literalLimit(minTokens, window, stride) < window);
    }
  });
});
