import { describe, expect, it } from 'vitest';
import { mapWithLimit } from '../../src/util/map-with-limit.js';

describe('mapWithLimit', () => {
  it('keeps the results in order with at most `limit` calls pending', async () => {
    let pending = 0;
    let most = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      pending++;
      most = Math.max(most, pending);
      await new Promise((resolve) => setTimeout(resolve, n));
      pending--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  it('maps nothing for no items', async () => {
    expect(await mapWithLimit([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
