import type { DeploymentRun } from './deployment-run.js';

const ENDED = new Set(['failed', 'completed', 'rolled_back']);

/**
 * The run as it must be recorded when the process is about to be killed mid-way: the deployment
 * failed with the reason, unfinished stacks failed, and the rollback left to the post step.
 */
export function abandonRun(run: DeploymentRun, reason: string): void {
  const { deployment } = run;
  if (!ENDED.has(deployment.status)) deployment.fail(reason);
  for (const stack of run.stacks) {
    if (stack.status !== 'deployed' && stack.status !== 'failed') {
      stack.fail(`Not finished: ${reason}`);
    }
  }
  if (deployment.status === 'failed' && deployment.rollback === null && run.snapshots.size > 0) {
    deployment.setRollback({
      outcome: 'pending',
      message: `${reason}: the post step rolls back once CloudFormation has finished`,
    });
  }
  deployment.finish();
}
