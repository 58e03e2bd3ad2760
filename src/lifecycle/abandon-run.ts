import { modeOf, modeWords } from '../model/modes.js';
import { failUnfinished, type DeploymentRun } from './deployment-run.js';
import { FAILED_RUN_ROLLBACK } from './failed-run-rollback.js';

const ENDED = new Set(['failed', 'completed', 'rolled_back']);

/**
 * The run as it must be recorded when the process is about to be killed mid-way: the deployment
 * failed with the reason, unfinished stacks failed, and a deploy's rollback left to the post step.
 */
export function abandonRun(run: DeploymentRun, reason: string): void {
  const { deployment } = run;
  if (!ENDED.has(deployment.status)) deployment.fail(reason);
  failUnfinished(run, `${modeWords(deployment.mode).notDone} (not finished)`, reason);
  if (deployment.status === 'failed' && deployment.rollback === null) {
    const fixed = FAILED_RUN_ROLLBACK[modeOf(deployment.mode)];
    if (fixed) deployment.setRollback(fixed);
    else if (run.snapshots.size > 0) {
      deployment.setRollback({
        outcome: 'pending',
        message: `${reason}: the post step rolls back once CloudFormation has finished`,
      });
    }
  }
  deployment.finish();
}
