import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../errors.js';
import { deleteChangeSet } from './change-set.js';
import { describeStack } from './describe-stack.js';
import type { StackCall } from './stack-call.js';
import type { StagedStack } from './staged-stack.js';
import { waitFor } from './stack-waits.js';

/** CloudFormation refuses to delete a change set it is still computing: it is waited for. */
const STILL_COMPUTING =
  /in status CREATE_(IN_PROGRESS|PENDING)|operation on this ChangeSet is currently in progress/;
const COMPUTING_WAIT_MS = 1000;
const COMPUTING_ATTEMPTS = 120;

async function deleteWhenComputed(call: StackCall, arn: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deleteChangeSet(call.target.client, arn);
      return;
    } catch (error) {
      if (attempt >= COMPUTING_ATTEMPTS || !STILL_COMPUTING.test((error as Error).message)) {
        throw error;
      }
      await call.waits.sleep(COMPUTING_WAIT_MS);
    }
  }
}

/**
 * Deletes what staging made and nothing else: the change set, and the REVIEW_IN_PROGRESS stack a
 * CREATE change set made (only that stack, by its id, and only while it is still in review). It
 * runs after a cancel too, so its wait is not cut short by one.
 */
export async function discardStaged(staging: StackCall, staged: StagedStack): Promise<void> {
  const call = { ...staging, waits: { ...staging.waits, sleep: staging.waits.cleanupSleep } };
  const { changeSet } = staged;
  if (!changeSet) return;
  const { client } = call.target;
  const name = call.artifact.stackName;
  try {
    await deleteWhenComputed(call, changeSet.arn);
    if (!staged.createdStack) return;
    const review = await describeStack(client, changeSet.stackId);
    if (review?.StackStatus !== 'REVIEW_IN_PROGRESS') return;
    await client.send(new DeleteStackCommand({ StackName: changeSet.stackId }));
    const { stack } = await waitFor(call, changeSet.stackId, new Date(), call.waits.stackTimeoutMs);
    if (stack) {
      throw new Error(
        `the stack made for the change set is ${stack.StackStatus ?? ''}, not deleted`,
      );
    }
    call.log('debug', 'Deleted the REVIEW_IN_PROGRESS stack made for the change set');
  } catch (error) {
    throw new DeploymentError(
      `Stack ${name}: could not delete what it made for the change set (change set ${changeSet.arn}${staged.createdStack ? `, stack ${changeSet.stackId}` : ''}): ${(error as Error).message}`,
      { stack: name, cause: error },
    );
  }
}
