import { DeleteStackCommand } from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../errors.js';
import { liveStack } from './describe-stack.js';
import type { DestroyedStack, DestroyRequest } from './engine.js';
import type { StackCall } from './stack-call.js';
import { settledStack, waitForOwn } from './stack-waits.js';
import { executionRoleArn } from './submission.js';

function terminationProtected(name: string): DeploymentError {
  return new DeploymentError(
    `Stack ${name} has termination protection enabled, so it was not deleted. Turn it off (aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${name}, or terminationProtection: false in the app, deployed) and run again.`,
    { stack: name },
  );
}

/**
 * Deletes one stack as `cdk destroy` does (with the stack's CloudFormation execution role) and waits
 * until it is gone, streaming its events. A stack that does not exist is already gone. Termination
 * protection, and a delete CloudFormation gives up on, throw a DeploymentError naming the stack.
 */
export async function destroyStack(
  call: StackCall,
  request: DestroyRequest,
): Promise<DestroyedStack> {
  const { artifact, target } = call;
  const name = artifact.stackName;
  const existing = await settledStack(call, 'deleting');
  request.onFound?.(existing ? liveStack(existing) : undefined);
  if (!existing) {
    call.log('info', 'Stack does not exist: already gone');
    return { outcome: 'already-gone', stackId: null };
  }
  if (existing.EnableTerminationProtection) throw terminationProtected(name);
  const stackId = existing.StackId ?? name;
  call.log('info', `Deleting the stack (${existing.StackStatus ?? ''})`);
  request.beforeChange?.();
  const since = new Date();
  try {
    await target.client.send(
      new DeleteStackCommand({
        StackName: stackId,
        RoleARN: executionRoleArn(artifact, target.env),
      }),
    );
  } catch (error) {
    if (/TerminationProtection/i.test((error as Error).message)) throw terminationProtected(name);
    throw new DeploymentError(`Stack ${name} could not be deleted: ${(error as Error).message}`, {
      stack: name,
      cause: error,
    });
  }
  const { stack, failureReasons } = await waitForOwn(call, stackId, since);
  if (stack) {
    const status = stack.StackStatus ?? '';
    const reasons = failureReasons.length > 0 ? failureReasons.join('; ') : stack.StackStatusReason;
    throw new DeploymentError(
      `Stack ${name} could not be deleted (${status}): ${reasons ?? 'no reason given'}`,
      { stack: name },
    );
  }
  return { outcome: 'deleted', stackId };
}
