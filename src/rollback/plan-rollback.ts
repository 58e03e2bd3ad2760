import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import type { RollbackAction } from '../model/stack.js';

export interface RollbackCandidate {
  readonly name: string;
  readonly snapshot: StackSnapshot | null;
  readonly executed: boolean;
  readonly noOp: boolean;
  /** CloudFormation's status now; null when the stack does not exist. */
  readonly currentStatus: string | null;
}

export interface RollbackStep {
  readonly stack: string;
  readonly action: RollbackAction;
  /** Why this action; for `none`, also whether leaving the stack is a success. */
  readonly reason: string;
  readonly ok: boolean;
}

function stepForExisting(candidate: RollbackCandidate): RollbackStep {
  const { name, currentStatus } = candidate;
  const step = (action: RollbackAction, reason: string, ok = true): RollbackStep => ({
    stack: name,
    action,
    reason,
    ok,
  });
  if (!candidate.executed || candidate.noOp) {
    return step('none', 'unchanged by this run: nothing to undo');
  }
  switch (currentStatus) {
    case null:
      return step('none', 'the stack that existed before is gone and cannot be restored', false);
    case 'UPDATE_COMPLETE':
      return step('restore-template', 'deploy the captured template and parameters again');
    case 'UPDATE_ROLLBACK_COMPLETE':
      return step('none', 'CloudFormation already rolled the update back');
    case 'UPDATE_ROLLBACK_FAILED':
      return step('continue-update-rollback', 'CloudFormation could not finish rolling back');
    case 'UPDATE_FAILED':
      return step('rollback-stack', 'the failed update is paused without rollback');
    default:
      return step('none', `cannot roll back a stack in status ${currentStatus}`, false);
  }
}

/**
 * What to do with each stack, in the given order (reverse dependency order): a stack this run
 * created is deleted, whatever state it is in; a stack it changed gets its captured template back,
 * or CloudFormation's own rollback finished; a stack it did not change is left alone.
 */
export function planRollback(candidates: readonly RollbackCandidate[]): RollbackStep[] {
  return candidates.map((candidate) => {
    if (!candidate.snapshot) {
      return { stack: candidate.name, action: 'none', reason: 'not started by this run', ok: true };
    }
    if (!candidate.snapshot.existed) {
      if (candidate.currentStatus === null) {
        return { stack: candidate.name, action: 'none', reason: 'nothing was created', ok: true };
      }
      // Only the REVIEW_IN_PROGRESS stack of its own change set is this run's unless it executed:
      // a stack another run created meanwhile (which deleted this run's change set) is left.
      return !candidate.executed && candidate.currentStatus !== 'REVIEW_IN_PROGRESS'
        ? {
            stack: candidate.name,
            action: 'none',
            reason: `not created by this run (its change set was not executed): left ${candidate.currentStatus}`,
            ok: true,
          }
        : {
            stack: candidate.name,
            action: 'delete',
            reason: `created by this run, now ${candidate.currentStatus}: deleting it`,
            ok: true,
          };
    }
    return stepForExisting(candidate);
  });
}
