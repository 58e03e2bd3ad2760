import {
  DeleteStackCommand,
  type Stack as CfnStack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import { fillPlaceholders } from '../aws/aws-environment.js';
import type { StackLog } from './deploy-stack.js';
import { describeStack } from './describe-stack.js';
import type { Sleep } from '../util/sleep.js';
import { classifyStatus } from './stack-status.js';
import type { StackTarget } from './stack-target.js';
import { busyStackError, stackTimeoutError } from './stack-timeouts.js';
import { formatTimeout } from '../util/durations.js';
import { waitForStack } from './wait-for-stack.js';

export interface DestroyStackRequest {
  readonly artifact: StackArtifact;
  readonly target: StackTarget;
  readonly sleep: Sleep;
  readonly log: StackLog;
  /** Told the stack as it was before anything was done to it (undefined when there is none). */
  readonly onFound?: (stack: CfnStack | undefined) => void;
  /** How long the delete may take, in ms; no bound when omitted. */
  readonly stackTimeoutMs?: number;
  /** How long to wait for a stack another operation is changing, in ms; no bound when omitted. */
  readonly busyStackTimeoutMs?: number;
  /** The clock of both timeouts (ms); Date.now by default. */
  readonly now?: () => number;
}

export interface DestroyedStack {
  /** `already-gone`: there was no stack of that name, nothing was done. */
  readonly outcome: 'deleted' | 'already-gone';
  readonly stackId: string | null;
}

function logEvent(log: StackLog, event: StackEvent): void {
  const status = event.ResourceStatus ?? '';
  const reason = event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : '';
  log(
    status.endsWith('_FAILED') ? 'error' : 'info',
    `${status} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${reason}`,
    event.LogicalResourceId,
  );
}

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
export async function destroyStack(request: DestroyStackRequest): Promise<DestroyedStack> {
  const { artifact, target } = request;
  const { client } = target;
  const name = artifact.stackName;
  let existing = await describeStack(client, name);
  request.onFound?.(existing);
  if (existing && classifyStatus(existing.StackStatus ?? '') === 'in-progress') {
    const bound = request.busyStackTimeoutMs;
    request.log(
      'info',
      `Stack is ${existing.StackStatus}; waiting${bound === undefined ? '' : ` up to ${formatTimeout(bound)}`} for it to finish before deleting`,
    );
    const waited = await waitForStack({
      client,
      stackId: existing.StackId ?? name,
      since: new Date(),
      sleep: request.sleep,
      onEvent: (event) => logEvent(request.log, event),
      timeoutMs: bound,
      now: request.now,
    });
    if (waited.timedOut) throw busyStackError(name, waited.stack, bound ?? 0);
    existing = waited.stack;
  }
  if (!existing) {
    request.log('info', 'Stack does not exist: already gone');
    return { outcome: 'already-gone', stackId: null };
  }
  if (existing.EnableTerminationProtection) throw terminationProtected(name);
  const stackId = existing.StackId ?? name;
  const roleArn = artifact.cloudFormationExecutionRoleArn
    ? fillPlaceholders(artifact.cloudFormationExecutionRoleArn, target.env)
    : undefined;
  request.log('info', `Deleting the stack (${existing.StackStatus ?? ''})`);
  const since = new Date();
  try {
    await client.send(new DeleteStackCommand({ StackName: stackId, RoleARN: roleArn }));
  } catch (error) {
    if (/TerminationProtection/i.test((error as Error).message)) throw terminationProtected(name);
    throw new DeploymentError(`Stack ${name} could not be deleted: ${(error as Error).message}`, {
      stack: name,
      cause: error,
    });
  }
  const { stack, failureReasons, timedOut } = await waitForStack({
    client,
    stackId,
    since,
    sleep: request.sleep,
    onEvent: (event) => logEvent(request.log, event),
    timeoutMs: request.stackTimeoutMs,
    now: request.now,
  });
  if (timedOut) {
    throw await stackTimeoutError(client, name, stack, request.stackTimeoutMs ?? 0, (m) =>
      request.log('warning', m),
    );
  }
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
