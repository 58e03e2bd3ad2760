export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Looks within this long of a wait's start come every second; later ones every 1.5 s. */
export const QUICK_LOOKS_MS = 20_000;

/**
 * How long to sleep before the next look at something CloudFormation is doing, `elapsedMs` into
 * the wait: every second at first, so that a finished change set or operation is noticed within
 * about a second; every 1.5 s once it has lasted 20 s, so that a long operation costs no more calls
 * a second than the CDK CLI's polling (events every 2 s, the stack every 5 s: 0.7 a second).
 */
export function lookInterval(elapsedMs: number): number {
  return elapsedMs < QUICK_LOOKS_MS ? 1000 : 1500;
}
