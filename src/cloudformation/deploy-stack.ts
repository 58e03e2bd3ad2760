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
import { DeploymentError } from '../errors.js';
import type { ParameterValues } from '../settings/parameters.js';
import {
  CAPABILITIES,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
} from './change-set.js';
import { describeStack, outputsOf } from './describe-stack.js';
import { fillPlaceholders } from '../aws/aws-environment.js';
import type { Sleep } from '../util/sleep.js';
import { parameterDefaults, stackParameters } from './stack-parameters.js';
import { isUnchanged } from './unchanged-stack.js';
import { captureSnapshot, type StackSnapshot } from './stack-snapshot.js';
import { classifyStatus, isUpdatable, needsRecreate } from './stack-status.js';
import type { StackTarget } from './stack-target.js';
import { busyStackError, stackTimeoutError } from './stack-timeouts.js';
import { formatTimeout } from '../util/durations.js';
import { contended, StackContentionError } from './stack-contention.js';
import { templateLocation } from './template-location.js';
import { waitForStack, type WaitResult } from './wait-for-stack.js';

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
  /** Told when CloudFormation refused to execute the change set: the stack was not changed. */
  readonly onExecuteRefused?: () => void;
  /** How long this run's own operation on the stack may take, in ms; no bound when omitted. */
  readonly stackTimeoutMs?: number;
  /** How long to wait for a stack another operation is changing, in ms; no bound when omitted. */
  readonly busyStackTimeoutMs?: number;
  /** The clock of both timeouts (ms); Date.now by default. */
  readonly now?: () => number;
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
    const bound = request.busyStackTimeoutMs;
    request.log(
      'info',
      `Stack is ${existing.StackStatus}; waiting${bound === undefined ? '' : ` up to ${formatTimeout(bound)}`} for it to finish before deploying`,
    );
    const waited = await waitFor(request, existing.StackId ?? name, new Date(), bound);
    if (waited.timedOut) throw busyStackError(name, waited.stack, bound ?? 0);
    existing = waited.stack;
  }
  if (existing && needsRecreate(existing.StackStatus ?? '')) {
    request.log(
      'warning',
      `Stack is ${existing.StackStatus} from a failed create; deleting it to create it again`,
    );
    await client.send(new DeleteStackCommand({ StackName: existing.StackId }));
    existing = (await waitForOwn(request, existing.StackId ?? name, new Date())).stack;
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

function waitFor(
  request: DeployStackRequest,
  stackId: string,
  since: Date,
  timeoutMs: number | undefined,
): Promise<WaitResult> {
  return waitForStack({
    client: request.target.client,
    stackId,
    since,
    sleep: request.sleep,
    onEvent: (event) => logEvent(request.log, event),
    timeoutMs,
    now: request.now,
  });
}

/** Waits for this run's own operation, at most stack-timeout, then fails the stack. */
async function waitForOwn(
  request: DeployStackRequest,
  stackId: string,
  since: Date,
): Promise<WaitResult> {
  const waited = await waitFor(request, stackId, since, request.stackTimeoutMs);
  if (!waited.timedOut) return waited;
  throw await stackTimeoutError(
    request.target.client,
    request.artifact.stackName,
    waited.stack,
    request.stackTimeoutMs ?? 0,
    (message) => request.log('warning', message),
  );
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

async function deployOnce(request: DeployStackRequest): Promise<DeployedStack> {
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
  const created = await contended(name, () =>
    createChangeSet(client, {
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
    }),
  );
  const changeSet = await contended(name, () =>
    describeChangeSet(client, created.arn, created.stackId, request.sleep),
  );
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
  try {
    await contended(name, () => executeChangeSet(client, created.arn, request.requestToken));
  } catch (error) {
    if (error instanceof StackContentionError) request.onExecuteRefused?.();
    throw error;
  }
  const { stack, failureReasons } = await waitForOwn(request, created.stackId, since);
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

/** Deploys again when another operation took the stack meanwhile, waiting for it first. */
const CONTENTION_ATTEMPTS = 3;

/**
 * Deploys one stack through a change set addressed by its ARN. An empty change set is a no-op:
 * it is deleted and the stack reported unchanged. Failures carry CloudFormation's own reasons.
 * When another operation (a second run) takes the stack between this run's calls, the stack is
 * waited on (busy-stack-timeout) and deployed again from a fresh snapshot.
 */
export async function deployStack(request: DeployStackRequest): Promise<DeployedStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deployOnce(request);
    } catch (error) {
      if (!(error instanceof StackContentionError)) throw error;
      if (attempt >= CONTENTION_ATTEMPTS) {
        throw new DeploymentError(
          `${error.message}, ${attempt} times; use a GitHub concurrency group so runs on these stacks do not overlap.`,
          { stack: request.artifact.stackName, cause: error },
        );
      }
      request.log('warning', `${error.message}; waiting for it, then deploying again`);
    }
  }
}
