import type { RollbackOutcome } from '../model/deployment.js';
import type { Settings } from '../settings/settings.js';
import { rollBack } from '../rollback/run-rollback.js';
import type { Cancellation } from './cancellation.js';
import type { DeployContext } from './deploy-context.js';
import type { DeploymentRun } from './deployment-run.js';

/** The outcome when nothing was touched or the input turns rolling back off; null otherwise. */
export function rollbackNotRun(run: DeploymentRun, settings: Settings): RollbackOutcome | null {
  if (run.snapshots.size === 0) return { outcome: 'not-needed', message: 'no stack was touched' };
  if (!settings.rollback) {
    return { outcome: 'disabled', message: "input 'rollback' is false: nothing was undone" };
  }
  return null;
}

export interface RollbackScope {
  readonly run: DeploymentRun;
  readonly settings: Settings;
  readonly context: DeployContext;
  readonly hooks?: { readonly cancellation?: Cancellation };
}

/**
 * Rolls back a failed deployment when the input allows it, and records the outcome: `rolled_back`
 * only when every stack the run changed is back as it was. A cancel is thrown (CancelledError)
 * once the stacks under way stopped, so that the post step finishes the rollback.
 */
export async function rollBackIfWanted({
  run,
  settings,
  context,
  hooks,
}: RollbackScope): Promise<void> {
  const { deployment } = run;
  const notRun = rollbackNotRun(run, settings);
  if (notRun) {
    deployment.setRollback(notRun);
    if (notRun.outcome === 'not-needed') return;
    deployment.log(
      'warning',
      "Rollback is off (input 'rollback': false): the stacks are left as they are",
    );
    return;
  }
  const cancellation = hooks?.cancellation;
  const succeeded = await rollBack(run, {
    engine: context.engine,
    concurrency: settings.concurrency,
    ...(cancellation ? { mayStart: () => !cancellation.requested } : {}),
  });
  // A stack the run changed is back as it was, by our rollback or CloudFormation's own.
  const acted = run.stacks.filter(
    (s) => s.executed || (s.rollback && s.rollback.action !== 'none'),
  );
  const needHand = run.stacks.filter((s) => s.rollback && !s.rollback.succeeded);
  if (!succeeded) {
    const names = needHand.map((s) => `${s.name} (${s.rollback?.message ?? ''})`).join('; ');
    deployment.setRollback({
      outcome: 'incomplete',
      message: `these stacks need a hand: ${names}`,
    });
    deployment.log('error', `Rollback incomplete; these stacks need a hand: ${names}`);
  } else if (acted.length === 0) {
    deployment.setRollback({
      outcome: 'not-needed',
      message: 'no stack was changed: nothing to undo',
    });
  } else {
    deployment.setRollback({
      outcome: 'rolled_back',
      message: `${acted.length} stack(s) rolled back`,
    });
    deployment.transition('rolled_back');
  }
}
