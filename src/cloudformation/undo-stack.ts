import {
  type CloudFormationClient,
  ContinueUpdateRollbackCommand,
  DeleteStackCommand,
  GetTemplateCommand,
  RollbackStackCommand,
} from '@aws-sdk/client-cloudformation';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { fillPlaceholders } from '../aws/aws-environment.js';
import {
  CAPABILITIES,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
} from './change-set.js';
import type { Sleep } from '../util/sleep.js';
import type { StackSnapshot } from './stack-snapshot.js';
import type { StackTarget } from './stack-target.js';
import { waitForStack } from './wait-for-stack.js';
import type { RollbackAction } from '../model/stack.js';
import { previousTemplateLocation } from './previous-template.js';
import { sameTemplate } from './same-template.js';

export interface UndoRequest {
  readonly action: RollbackAction;
  readonly artifact: StackArtifact;
  readonly snapshot: StackSnapshot;
  readonly stackId: string;
  readonly target: StackTarget;
  readonly deploymentId: string;
  readonly sleep: Sleep;
  readonly log: (message: string) => void;
  /** How long the undo may leave the stack in progress (stack-timeout); no bound when omitted. */
  readonly timeoutMs?: number;
}

export interface UndoResult {
  readonly succeeded: boolean;
  readonly message: string;
}

async function settle(request: UndoRequest): Promise<string | null> {
  const { stack, failureReasons, timedOut } = await waitForStack({
    client: request.target.client,
    stackId: request.stackId,
    since: new Date(),
    sleep: request.sleep,
    timeoutMs: request.timeoutMs,
    onEvent: (event) =>
      request.log(
        `${event.ResourceStatus ?? ''} ${event.ResourceType ?? ''} ${event.LogicalResourceId ?? ''}${event.ResourceStatusReason ? ` (${event.ResourceStatusReason})` : ''}`,
      ),
  });
  if (failureReasons.length > 0) request.log(`failures: ${failureReasons.join('; ')}`);
  if (timedOut) request.log(`still ${stack?.StackStatus ?? ''} when stack-timeout ran out`);
  return stack?.StackStatus ?? null;
}

async function restoreTemplate(request: UndoRequest): Promise<UndoResult> {
  const { client, env } = request.target;
  const { artifact, snapshot } = request;
  if (snapshot.templateBody === null) {
    return { succeeded: false, message: 'no template was captured before the update' };
  }
  const created = await createChangeSet(client, {
    StackName: artifact.stackName,
    ChangeSetName: `cdk-deploy-action-rollback-${request.deploymentId.slice(0, 8)}`,
    ChangeSetType: 'UPDATE',
    ...previousTemplateLocation(snapshot.templateBody, artifact, env),
    Parameters: snapshot.parameters.map((p) => ({ ...p })),
    Tags: snapshot.tags.map((t) => ({ ...t })),
    Capabilities: CAPABILITIES,
    RoleARN: artifact.cloudFormationExecutionRoleArn
      ? fillPlaceholders(artifact.cloudFormationExecutionRoleArn, env)
      : undefined,
  });
  const changeSet = await describeChangeSet(client, created.arn, created.stackId, request.sleep);
  if (changeSet.status === 'failed') {
    return { succeeded: false, message: `restoring change set failed: ${changeSet.reason}` };
  }
  if (changeSet.status === 'empty') {
    await deleteChangeSet(client, created.arn);
  } else {
    await executeChangeSet(
      client,
      created.arn,
      `cdk-deploy-action-rollback-${request.deploymentId}`,
    );
    const status = await settle(request);
    if (status !== 'UPDATE_COMPLETE') {
      return {
        succeeded: false,
        message: `restoring the previous template ended ${status ?? 'with the stack gone'}`,
      };
    }
  }
  const now = await client.send(
    new GetTemplateCommand({ StackName: request.stackId, TemplateStage: 'Original' }),
  );
  return sameTemplate(now.TemplateBody ?? '', snapshot.templateBody)
    ? { succeeded: true, message: 'previous template and parameters restored' }
    : { succeeded: false, message: 'the template after restoring differs from the captured one' };
}

async function callThenSettle(
  request: UndoRequest,
  call: (client: CloudFormationClient) => Promise<unknown>,
  wanted: readonly (string | null)[],
  what: string,
): Promise<UndoResult> {
  await call(request.target.client);
  const status = await settle(request);
  return wanted.includes(status)
    ? { succeeded: true, message: `${what}: ${status ?? 'stack deleted'}` }
    : { succeeded: false, message: `${what} ended ${status ?? 'with the stack gone'}` };
}

/** Carries out one rollback action on one stack; CloudFormation errors become a failed result. */
export async function undoStack(request: UndoRequest): Promise<UndoResult> {
  const StackName = request.stackId;
  try {
    switch (request.action) {
      case 'delete':
        return await callThenSettle(
          request,
          (c) => c.send(new DeleteStackCommand({ StackName })),
          [null],
          'deleted the stack this run created',
        );
      case 'restore-template':
        return await restoreTemplate(request);
      case 'continue-update-rollback':
        return await callThenSettle(
          request,
          (c) => c.send(new ContinueUpdateRollbackCommand({ StackName })),
          ['UPDATE_ROLLBACK_COMPLETE'],
          'continued the update rollback',
        );
      case 'rollback-stack':
        return await callThenSettle(
          request,
          (c) => c.send(new RollbackStackCommand({ StackName })),
          ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE'],
          'rolled the failed stack back',
        );
      case 'none':
        return { succeeded: true, message: 'nothing to do' };
    }
  } catch (error) {
    return { succeeded: false, message: `${request.action} failed: ${(error as Error).message}` };
  }
}
