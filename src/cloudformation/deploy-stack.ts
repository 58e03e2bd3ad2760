import { readFileSync } from 'node:fs';
import {
  type Change,
  type CloudFormationClient,
  DeleteStackCommand,
  type Stack as CfnStack,
  type StackEvent,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../lifecycle/deployment-error.js';
import type { ParameterValues } from '../parameters.js';
import {
  CAPABILITIES,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
} from './change-set.js';
import { describeStack, outputsOf } from './describe-stack.js';
import { fillPlaceholders } from './aws-environment.js';
import type { Sleep } from './polling.js';
import { parameterDefaults, stackParameters } from './stack-parameters.js';
import { isUnchanged } from './unchanged-stack.js';
import { captureSnapshot, type StackSnapshot } from './stack-snapshot.js';
import { classifyStatus, isUpdatable, needsRecreate } from './stack-status.js';
import type { StackTarget } from './stack-target.js';
import { templateLocation } from './template-location.js';
import { waitForStack } from './wait-for-stack.js';

export type StackLog = (
  level: 'info' | 'warning' | 'error' | 'debug',
  message: string,
  resource?: string,
) => void;

export interface DeployStackRequest {
  readonly artifact: StackArtifact;
  readonly target: StackTarget;
  readonly parameters: ParameterValues;
  readonly changeSetName: string;
  readonly requestToken: string;
  readonly sleep: Sleep;
  readonly log: StackLog;
  /** Told the stack's previous state before anything changes it. */
  readonly onSnapshot: (snapshot: StackSnapshot) => void;
  /** Told just before the change set executes: from then on the stack may have changed. */
  readonly onExecute: (stackId: string) => void;
}

export interface DeployedStack {
  readonly stack: CfnStack;
  readonly outputs: Record<string, string>;
  readonly noOp: boolean;
  readonly changeSetArn: string | null;
  readonly changes: readonly Change[];
}

function logEvent(log: StackLog, event: StackEvent): void {
  const status = event.ResourceStatus ?? '';
  const reason = event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : '';
  const level = status.endsWith('_FAILED') ? 'error' : 'info';
  log(
    level,
    `${status} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${reason}`,
    event.LogicalResourceId,
  );
}

async function settleExisting(request: DeployStackRequest): Promise<CfnStack | undefined> {
  const { client } = request.target;
  const name = request.artifact.stackName;
  let existing = await describeStack(client, name);
  if (existing && classifyStatus(existing.StackStatus ?? '') === 'in-progress') {
    request.log(
      'info',
      `Stack is ${existing.StackStatus}; waiting for it to finish before deploying`,
    );
    existing = (await waitFor(request, existing.StackId ?? name)).stack;
  }
  if (existing && needsRecreate(existing.StackStatus ?? '')) {
    request.log(
      'warning',
      `Stack is ${existing.StackStatus} from a failed create; deleting it to create it again`,
    );
    await client.send(new DeleteStackCommand({ StackName: existing.StackId }));
    existing = (await waitFor(request, existing.StackId ?? name)).stack;
    if (existing) {
      throw new DeploymentError(
        `Stack ${name}: deleting the failed stack ended ${existing.StackStatus ?? ''}.`,
        { stack: name },
      );
    }
  }
  if (
    existing &&
    existing.StackStatus !== 'REVIEW_IN_PROGRESS' &&
    !isUpdatable(existing.StackStatus ?? '')
  ) {
    throw new DeploymentError(
      `Stack ${name} is ${existing.StackStatus ?? ''} and cannot be updated; recover it in the CloudFormation console (continue the rollback or delete it), then run again.`,
      { stack: name },
    );
  }
  return existing;
}

function waitFor(request: DeployStackRequest, stackId: string, since = new Date()) {
  return waitForStack({
    client: request.target.client,
    stackId,
    since,
    sleep: request.sleep,
    onEvent: (event) => logEvent(request.log, event),
  });
}

async function applyTerminationProtection(
  client: CloudFormationClient,
  request: DeployStackRequest,
  stack: CfnStack,
): Promise<void> {
  const wanted = request.artifact.terminationProtection;
  if ((stack.EnableTerminationProtection ?? false) === wanted) return;
  await client.send(
    new UpdateTerminationProtectionCommand({
      StackName: stack.StackId,
      EnableTerminationProtection: wanted,
    }),
  );
}

/**
 * Deploys one stack through a change set addressed by its ARN. An empty change set is a no-op:
 * it is deleted and the stack reported unchanged. Failures carry CloudFormation's own reasons.
 */
export async function deployStack(request: DeployStackRequest): Promise<DeployedStack> {
  const { artifact, target } = request;
  const { client } = target;
  const name = artifact.stackName;
  const existing = await settleExisting(request);
  const snapshot = await captureSnapshot(client, existing);
  request.onSnapshot(snapshot);
  const body = readFileSync(artifact.templatePath, 'utf8');
  const parameters = stackParameters(artifact, request.parameters, existing);
  const tags = Object.entries(artifact.tags).map(([Key, Value]) => ({ Key, Value }));
  const roleArn = artifact.cloudFormationExecutionRoleArn
    ? fillPlaceholders(artifact.cloudFormationExecutionRoleArn, target.env)
    : undefined;
  const desired = {
    templateBody: body,
    parameters,
    parameterDefaults: parameterDefaults(artifact, parameters),
    tags,
    roleArn,
    notificationArns: artifact.notificationArns,
    terminationProtection: artifact.terminationProtection,
  };
  if (existing && isUnchanged(existing, snapshot, desired)) {
    request.log('info', 'No changes: template, parameters, tags and settings are as deployed');
    return {
      stack: existing,
      outputs: outputsOf(existing),
      noOp: true,
      changeSetArn: null,
      changes: [],
    };
  }
  const changeSetType =
    !existing || existing.StackStatus === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const created = await createChangeSet(client, {
    StackName: name,
    ChangeSetName: request.changeSetName,
    ChangeSetType: changeSetType,
    ...templateLocation(artifact, body, target.env),
    Parameters: parameters,
    Capabilities: CAPABILITIES,
    Tags: tags,
    RoleARN: roleArn,
    NotificationARNs: [...artifact.notificationArns],
    Description: `cdk-deploy-action ${request.requestToken}`,
  });
  const changeSet = await describeChangeSet(client, created.arn, created.stackId, request.sleep);
  if (changeSet.status === 'empty') {
    request.log('info', 'No changes: the stack is already up to date');
    await deleteChangeSet(client, created.arn);
    const current = (await describeStack(client, created.stackId)) ?? existing;
    if (!current)
      throw new DeploymentError(`Stack ${name} disappeared during the deployment.`, {
        stack: name,
      });
    return {
      stack: current,
      outputs: outputsOf(current),
      noOp: true,
      changeSetArn: created.arn,
      changes: [],
    };
  }
  if (changeSet.status === 'failed') {
    throw new DeploymentError(`Stack ${name}: change set failed: ${changeSet.reason}`, {
      stack: name,
    });
  }
  request.log(
    'info',
    `Change set ${request.changeSetName}: ${changeSet.changes.length} change(s); executing`,
  );
  const since = new Date();
  request.onExecute(created.stackId);
  await executeChangeSet(client, created.arn, request.requestToken);
  const { stack, failureReasons } = await waitFor(request, created.stackId, since);
  const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
  if (!stack || classifyStatus(status) !== 'succeeded') {
    const reason = failureReasons[0] ?? stack?.StackStatusReason ?? status;
    throw new DeploymentError(`Stack ${name} failed (${status}): ${reason}`, { stack: name });
  }
  await applyTerminationProtection(client, request, stack);
  return {
    stack,
    outputs: outputsOf(stack),
    noOp: false,
    changeSetArn: created.arn,
    changes: changeSet.changes,
  };
}
