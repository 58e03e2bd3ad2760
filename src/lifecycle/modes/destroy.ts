import { selectStacksToDestroy } from '../../assembly/select-stacks.js';
import { MODE_WORDS } from '../../model/modes.js';
import type { StackWork } from '../deployment-run.js';
import { DESTROY_ROLLBACK, neverRollsBack } from '../failed-run-rollback.js';
import type { RunMode, RunScope } from '../mode.js';
import { stackLog } from '../stack-log.js';

/*
 * mode: destroy maps onto the seed's states as follows; nothing is ever rolled back.
 *
 * Deployment: pending -> synthesizing (synth, then the stacks the patterns match plus every stack
 *   that depends on them, as `cdk destroy` selects; templates are not validated: stacks are
 *   deleted by name) -> deploying (the stacks deleted, dependants before their dependencies,
 *   independent ones in parallel up to `concurrency`) -> verifying (each stack checked gone)
 *   -> completed, or failed. Never rolled_back: a deleted stack cannot be put back, so a failed
 *   destroy's `rollback` says 'disabled'. `stacks_order` is the deletion order (dependants first).
 * Stack: pending -> synthesizing -> deploying (its deletion is under way) -> deployed, read
 *   "destroyed": `cloudformation_status` DELETE_COMPLETE, or null with `no_op` true when there was
 *   no such stack (already gone); or failed (termination protection, a delete CloudFormation gave
 *   up on), and then the stacks it depends on are not deleted (failed, "Not deleted: ...").
 *   `previous_state` is the stack as found before it was deleted; no outputs, no resources.
 */

async function destroyOne({ stack, artifact }: StackWork, scope: RunScope): Promise<void> {
  const log = stackLog(scope.run, stack);
  const destroyed = await scope.context.engine.destroy({
    artifact,
    log,
    beforeChange: scope.beforeChange,
    onFound: (found) => {
      stack.previousState = {
        existed: found !== undefined,
        status: found?.status ?? null,
        captured_at: new Date().toISOString(),
      };
      stack.stackArn = found?.stackId ?? null;
    },
  });
  stack.stackArn = destroyed.stackId;
  stack.noOp = destroyed.outcome === 'already-gone';
  stack.cloudformationStatus = destroyed.outcome === 'deleted' ? 'DELETE_COMPLETE' : null;
  log('info', stack.noOp ? 'Destroyed (it did not exist)' : 'Destroyed');
}

/** Verifying: every stack the run deleted is gone, checked in deletion order. Returns the failures. */
async function checkGone({ run, work, context }: RunScope): Promise<string[]> {
  const failures: string[] = [];
  for (const { stack, artifact } of work) {
    if (stack.status !== 'deployed') continue;
    const found = await context.engine.describe(artifact, stack.stackArn ?? artifact.stackName);
    const message = found
      ? `the stack is still there (${found.status})`
      : stack.noOp
        ? 'the stack did not exist'
        : 'the stack is deleted';
    run.deployment.recordCheck({
      check: 'stack-deleted',
      stack: stack.name,
      passed: !found,
      message,
    });
    if (found) failures.push(`Check stack-deleted failed for stack ${stack.name}: ${message}`);
  }
  return failures;
}

/**
 * mode: destroy. Deletes the selected stacks (and the stacks that depend on them) in reverse
 * dependency order, waiting for each and streaming its events. A stack that does not exist is
 * already gone; termination protection is a failure naming the stack. See the state mapping at
 * the top of this file.
 */
export function destroyMode(): RunMode {
  return {
    words: MODE_WORDS.destroy,
    selection: {
      select: selectStacksToDestroy,
      validateTemplates: false,
      checkTemplates: false,
      reversed: true,
    },
    verifyPhase: 'Verifying',
    step: destroyOne,
    notAttempted: (dependant) => `Not deleted: ${dependant}, which needs it, could not be deleted`,
    verify: checkGone,
    ...neverRollsBack(DESTROY_ROLLBACK),
  };
}
