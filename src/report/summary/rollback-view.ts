/** How the reports speak of a rollback: what it left of each stack, its outcome and actions. */
import type { RollbackOutcome } from '../../model/deployment.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { RollbackAction, StackRecord } from '../../model/stack.js';

/** What a rollback left of a stack, when it changed the stack or tried to. */
export type StackAfterRollback = 'deleted' | 'restored' | 'rolled-back' | 'rollback-failed';

/**
 * The stack's state after the run, when the rollback decided it: deleted, restored to its
 * previous template, rolled back by CloudFormation (by our call, or on its own: a stack the run
 * updated that is now UPDATE_ROLLBACK_COMPLETE), or a rollback that failed. Null for a stack the
 * rollback left as the run left it (or when there was no rollback).
 */
export function stackAfterRollback(stack: StackRecord): StackAfterRollback | null {
  const step = stack.rollback;
  if (!step) return null;
  if (!step.succeeded) return 'rollback-failed';
  switch (step.action) {
    case 'delete':
      return 'deleted';
    case 'restore-template':
      return 'restored';
    case 'continue-update-rollback':
    case 'rollback-stack':
      return 'rolled-back';
    case 'none': {
      const rolledBack = stack.cloudformation_status === 'UPDATE_ROLLBACK_COMPLETE';
      return stack.executed === true && rolledBack ? 'rolled-back' : null;
    }
  }
}

export const AFTER_ROLLBACK_LABELS: Readonly<Record<StackAfterRollback, string>> = {
  deleted: '🗑️ deleted by the rollback',
  restored: '↩️ restored to the previous template',
  'rolled-back': '↩️ rolled back by CloudFormation',
  'rollback-failed': '⚠️ rollback failed',
};

/** The same states in the count line: `2 deleted by the rollback, 1 restored`. */
export const AFTER_ROLLBACK_COUNTS: Readonly<Record<StackAfterRollback, string>> = {
  deleted: 'deleted by the rollback',
  restored: 'restored',
  'rolled-back': 'rolled back by CloudFormation',
  'rollback-failed': 'with a failed rollback',
};

/**
 * Whether the record's outputs and resources are what was deployed before a rollback: the run
 * was rolled back, or its rollback changed (or failed to change) a stack.
 */
export function isAfterRollback(record: DeploymentRecordFile): boolean {
  return (
    record.deployment.status === 'rolled_back' ||
    record.stacks.some((stack) => stackAfterRollback(stack) !== null)
  );
}

/** How outputs and resources of a rolled-back run are marked. */
export const BEFORE_ROLLBACK = 'as deployed before the rollback';

const ROLLBACK_OUTCOMES: Readonly<Record<RollbackOutcome['outcome'], string>> = {
  rolled_back: '↩️ rolled back',
  incomplete: '❌ incomplete',
  disabled: '⏸️ disabled',
  'not-needed': '➖ not needed',
  pending: '⏳ pending (the post step rolls back)',
};

export function rollbackOutcomeLabel(outcome: RollbackOutcome): string {
  return ROLLBACK_OUTCOMES[outcome.outcome];
}

const ROLLBACK_ACTIONS: Readonly<Record<RollbackAction, string>> = {
  delete: 'delete the new stack',
  'restore-template': 'restore the previous template',
  'continue-update-rollback': 'continue the update rollback',
  'rollback-stack': 'roll back the stack',
  none: 'nothing to undo',
};

export function rollbackActionLabel(action: RollbackAction): string {
  return ROLLBACK_ACTIONS[action];
}
