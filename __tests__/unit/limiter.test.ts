import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/util/limiter.js';

describe('createLimiter', () => {
  it('keeps at most `limit` tasks running across every caller, and their results', async () => {
    const limit = createLimiter(2);
    let running = 0;
    let most = 0;
    const task = (n: number) =>
      limit(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, n));
        running--;
        return n * 10;
      });
    // Two callers sharing the limiter, as the stacks of one run share the live reads.
    const [first, second] = await Promise.all([
      Promise.all([5, 1, 4].map(task)),
      Promise.all([2, 3, 0].map(task)),
    ]);
    expect(first).toEqual([50, 10, 40]);
    expect(second).toEqual([20, 30, 0]);
    expect(most).toBe(2);
  });

  it('frees its place when a task fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit(() => Promise.resolve('next'))).toBe('next');
  });
});
