import type { CloudFormationClient, Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../errors.js';
import { cancelUpdate } from './cancel-update.js';
import { formatTimeout } from '../util/durations.js';

/** A stack another operation is changing did not settle within busy-stack-timeout. */
export function busyStackError(name: string, stack: CfnStack | undefined, ms: number) {
  const status = stack?.StackStatus ?? 'in progress';
  return new DeploymentError(
    `Stack ${name} is still ${status} after ${formatTimeout(ms)}, changed by another operation; this run did not change it. Let that operation finish, use a GitHub concurrency group (concurrency:) so deployments to this environment do not overlap, or raise busy-stack-timeout.`,
    { stack: name },
  );
}

/**
 * The run's own operation on a stack did not finish within stack-timeout. An update is cancelled
 * (CloudFormation then rolls it back); a create or a delete cannot be, and runs on.
 */
export async function stackTimeoutError(
  client: CloudFormationClient,
  name: string,
  stack: CfnStack | undefined,
  ms: number,
  log: (message: string) => void,
): Promise<DeploymentError> {
  const status = stack?.StackStatus ?? 'in progress';
  let outcome: string;
  if (status === 'UPDATE_IN_PROGRESS' && stack?.StackId) {
    try {
      const cancelled = await cancelUpdate(client, stack.StackId);
      outcome =
        cancelled.outcome === 'cancelled'
          ? 'the update was cancelled and CloudFormation rolls it back'
          : `the update could not be cancelled (now ${cancelled.status ?? 'gone'})`;
    } catch (error) {
      outcome = `cancelling the update failed: ${(error as Error).message}`;
    }
  } else {
    outcome = `CloudFormation cannot cancel ${status}, so it runs on`;
  }
  log(`Timed out after ${formatTimeout(ms)}: ${outcome}`);
  return new DeploymentError(
    `Stack ${name} did not finish within ${formatTimeout(ms)} (still ${status}); ${outcome}. Raise stack-timeout if it needs longer.`,
    { stack: name },
  );
}
