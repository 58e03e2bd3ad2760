import type { DeploymentRun } from './deployment-run.js';
import type { PhaseListener } from './run-deployment.js';

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

/** Marks every stack that had not finished as failed, so no record is left half-way. */
export function failUnfinished(run: DeploymentRun, prefix: string, reason: string): void {
  for (const stack of run.stacks) {
    if (stack.status !== 'deployed' && stack.status !== 'failed') {
      stack.fail(`${prefix}: ${reason}`);
    }
  }
}
