import type { RollbackOutcome } from '../model/deployment.js';
import type { Mode } from '../model/modes.js';
import type { RunMode, RunScope } from './mode.js';

const PLAN_ROLLBACK: RollbackOutcome = {
  outcome: 'not-needed',
  message: 'plan mode: nothing was deployed, so nothing is rolled back',
};

const DESTROY_ROLLBACK: RollbackOutcome = {
  outcome: 'disabled',
  message: 'destroy mode does not roll back: the stacks deleted stay deleted',
};

/**
 * What a failed run's `rollback` says in the modes that never roll back; null for deploy, whose
 * rollback decides.
 */
export const FAILED_RUN_ROLLBACK: Readonly<Record<Mode, RollbackOutcome | null>> = {
  deploy: null,
  plan: PLAN_ROLLBACK,
  destroy: DESTROY_ROLLBACK,
};

/** A mode's steps after a failure or a cancel when it never rolls back: the record says why. */
export function neverRollsBack(
  outcome: RollbackOutcome,
): Pick<RunMode, 'afterFailure' | 'afterCancel'> {
  const record = ({ run }: RunScope): Promise<void> => {
    run.deployment.setRollback(outcome);
    return Promise.resolve();
  };
  return { afterFailure: record, afterCancel: record };
}

export { DESTROY_ROLLBACK, PLAN_ROLLBACK };
