import type { PhaseListener } from './mode.js';

/** Runs a phase between the listener's start and end calls (the job log groups). */
export function phaseRunner(
  phase: PhaseListener | undefined,
): <T>(name: string, body: () => Promise<T>) => Promise<T> {
  const listener = phase ?? (() => undefined);
  return async (name, body) => {
    listener(name, true);
    try {
      return await body();
    } finally {
      listener(name, false);
    }
  };
}
