import {
  type CloudFormationClient,
  type Stack as CfnStack,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { DeploymentError } from '../errors.js';
import { executeChangeSet } from './change-set.js';
import { monitoringMinutesOf } from './change-set-options.js';
import { type MonitoredWait, waitForResourcesDone } from './monitoring-wait.js';
import { describeStack, liveStack } from './describe-stack.js';
import { discardStaged } from './discard-staged.js';
import type { DeployedStack, DeployRequest, StageDeployRequest } from './engine.js';
import type { StackCall } from './stack-call.js';
import { contended, StackContentionError } from './stack-contention.js';
import { classifyStatus } from './stack-status.js';
import { waitForOwn } from './stack-waits.js';
import { stageStack } from './stage-stack.js';
import type { StagedStack } from './staged-stack.js';

/** The names and tokens of one run's change sets. */
export interface RunNames {
  readonly changeSetName: string;
  readonly requestToken: string;
}

async function applyTerminationProtection(
  client: CloudFormationClient,
  wanted: boolean,
  stack: CfnStack,
): Promise<void> {
  if ((stack.EnableTerminationProtection ?? false) === wanted) return;
  await client.send(
    new UpdateTerminationProtectionCommand({
      StackName: stack.StackId,
      EnableTerminationProtection: wanted,
    }),
  );
}

async function execute(
  call: StackCall,
  request: DeployRequest,
  staged: StagedStack & { changeSet: { arn: string; stackId: string } },
  names: RunNames,
): Promise<DeployedStack> {
  const { client } = call.target;
  const name = call.artifact.stackName;
  const { arn, stackId } = staged.changeSet;
  call.log(
    'info',
    `Change set ${names.changeSetName}: ${staged.changes.length} change(s); executing`,
  );
  request.beforeChange?.();
  const since = new Date();
  request.onExecute?.(stackId);
  try {
    await contended(name, () => executeChangeSet(client, arn, names.requestToken));
  } catch (error) {
    if (error instanceof StackContentionError) request.onExecuteRefused?.();
    throw error;
  }
  const monitoring = monitoringMinutesOf(request.gates, staged.changeSetType);
  const { stack, failureReasons, monitoringUntil }: MonitoredWait =
    monitoring > 0
      ? await waitForResourcesDone(call, stackId, since, staged.changes, monitoring)
      : await waitForOwn(call, stackId, since);
  const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
  if (!stack || (classifyStatus(status) !== 'succeeded' && !monitoringUntil)) {
    const reason = failureReasons[0] ?? stack?.StackStatusReason ?? status;
    throw new DeploymentError(`Stack ${name} failed (${status}): ${reason}`, { stack: name });
  }
  const executeMs = Date.now() - since.getTime();
  await applyTerminationProtection(client, call.artifact.terminationProtection, stack);
  return {
    stack: liveStack(stack),
    noOp: false,
    changeSetArn: arn,
    changeCount: staged.changes.length,
    executeMs,
    ...(monitoringUntil ? { monitoringUntil } : {}),
  };
}

/** Staging for a deploy: a stack left from a failed create is deleted to be created again. */
export function stageForDeploy(
  call: StackCall,
  request: StageDeployRequest,
  names: RunNames,
): Promise<StagedStack> {
  return stageStack(call, {
    parameters: request.parameters,
    changeSetName: names.changeSetName,
    description: `cdk-deploy-action ${names.requestToken}`,
    deleteFailedCreate: true,
    onSnapshot: request.onSnapshot,
    publishTemplate: request.publishTemplate,
    beforeChange: request.beforeChange,
    gates: request.gates,
  });
}

/**
 * Takes a staged stack to its end: nothing to do when unchanged, an empty change set deleted
 * (a no-op), a ready one executed and waited on, a failed one deleted and reported.
 */
export async function executeStaged(
  call: StackCall,
  request: DeployRequest,
  staged: StagedStack,
  names: RunNames,
): Promise<DeployedStack> {
  const name = call.artifact.stackName;
  if (staged.outcome === 'unchanged' && staged.existing) {
    call.log('info', 'No changes: template, parameters, tags and settings are as deployed');
    return { stack: liveStack(staged.existing), noOp: true, changeSetArn: null, changeCount: 0 };
  }
  const { changeSet } = staged;
  if (staged.outcome === 'ready' && changeSet)
    return execute(call, request, { ...staged, changeSet }, names);
  if (staged.outcome === 'empty' && changeSet) {
    call.log('info', 'No changes: the stack is already up to date');
    await discardStaged(call, staged);
    const current = (await describeStack(call.target.client, changeSet.stackId)) ?? staged.existing;
    if (!current) {
      throw new DeploymentError(`Stack ${name} disappeared during the deployment.`, {
        stack: name,
      });
    }
    return { stack: liveStack(current), noOp: true, changeSetArn: changeSet.arn, changeCount: 0 };
  }
  // A failed change set is deleted; a stack it made in review is the rollback's to delete.
  if (changeSet) await discardStaged(call, { ...staged, createdStack: false });
  throw new DeploymentError(`Stack ${name}: change set failed: ${staged.reason}`, { stack: name });
}

async function deployOnce(
  call: StackCall,
  request: DeployRequest,
  names: RunNames,
  onStaged?: (staged: StagedStack) => void,
): Promise<DeployedStack> {
  const staged = await stageForDeploy(call, request, names);
  onStaged?.(staged);
  return executeStaged(call, request, staged, names);
}

/** Deploys again when another operation took the stack meanwhile, waiting for it first. */
export const CONTENTION_ATTEMPTS = 3;

/** Runs a stack operation again, from the start, when another operation took the stack. */
export async function retryingContention<T>(
  call: StackCall,
  operation: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof StackContentionError)) throw error;
      if (attempt >= CONTENTION_ATTEMPTS) {
        throw new DeploymentError(
          `${error.message}, ${attempt} times; use a GitHub concurrency group so runs on these stacks do not overlap.`,
          { stack: call.artifact.stackName, cause: error },
        );
      }
      call.log('warning', `${error.message}; waiting for it, then deploying again`);
    }
  }
}

/**
 * Deploys one stack through a change set addressed by its ARN. An empty change set is a no-op:
 * it is deleted and the stack reported unchanged. Failures carry CloudFormation's own reasons.
 * When another operation (a second run) takes the stack between this run's calls, the stack is
 * waited on (busy-stack-timeout) and deployed again from a fresh snapshot.
 */
export function deployStack(
  call: StackCall,
  request: DeployRequest,
  names: RunNames,
  onStaged?: (staged: StagedStack) => void,
): Promise<DeployedStack> {
  return retryingContention(call, () => deployOnce(call, request, names, onStaged));
}
