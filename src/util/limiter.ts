/** Runs a task when fewer than the limit are running; shared by every caller of one limiter. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** At most `limit` tasks at once, started in the order they were given. */
export function createLimiter(limit: number): Limiter {
  let running = 0;
  const queued: (() => void)[] = [];
  const release = (): void => {
    running--;
    queued.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((start) => queued.push(start));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
