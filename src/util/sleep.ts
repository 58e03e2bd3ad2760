export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Poll delays that start short, so a fast stack is noticed soon after it finishes, and grow to a
 * ceiling, so a slow one does not flood the API.
 */
export function* pollDelays(firstMs = 250, maxMs = 5000, factor = 1.5): Generator<number> {
  let delay = firstMs;
  for (;;) {
    yield delay;
    delay = Math.min(maxMs, Math.round(delay * factor));
  }
}
