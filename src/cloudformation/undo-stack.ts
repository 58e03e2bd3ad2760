import {
  type CloudFormationClient,
  ContinueUpdateRollbackCommand,
  DeleteStackCommand,
  GetTemplateCommand,
  RollbackStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CancelledError } from '../errors.js';
import {
  CAPABILITIES,
  createChangeSet,
  deleteChangeSet,
  describeChangeSet,
  executeChangeSet,
} from './change-set.js';
import type { UndoRequest, UndoResult } from './engine.js';
import { previousTemplateLocation } from './previous-template.js';
import { sameTemplate } from './same-template.js';
import type { StackCall } from './stack-call.js';
import { eventLine } from './stack-events.js';
import { executionRoleArn } from './submission.js';
import { waitForStack } from './wait-for-stack.js';

/** Waits, at most the rollback's bound, for what the undo started; its events go to the log. */
async function settle(call: StackCall, request: UndoRequest): Promise<string | null> {
  const { stack, failureReasons, timedOut } = await waitForStack({
    client: call.target.client,
    stackId: request.stackId,
    since: new Date(),
    sleep: call.waits.sleep,
    now: call.waits.now,
    timeoutMs: call.waits.rollbackWaitMs,
    onEvent: (event) => request.log(eventLine(event)),
  });
  if (failureReasons.length > 0) request.log(`failures: ${failureReasons.join('; ')}`);
  if (timedOut) request.log(`still ${stack?.StackStatus ?? ''} when the rollback's wait ran out`);
  return stack?.StackStatus ?? null;
}

/** The captured template, parameters, tags and notification topics deployed again. */
async function restoreTemplate(
  call: StackCall,
  request: UndoRequest,
  names: { changeSetName: string; requestToken: string },
): Promise<UndoResult> {
  const { client, env } = call.target;
  const { artifact, snapshot } = request;
  if (snapshot.templateBody === null) {
    return { succeeded: false, message: 'no template was captured before the update' };
  }
  const created = await createChangeSet(client, {
    // By name: a change set for an existing stack is asked for by its name, as the CLI does.
    StackName: artifact.stackName,
    ChangeSetName: names.changeSetName,
    ChangeSetType: 'UPDATE',
    ...previousTemplateLocation(snapshot.templateBody, artifact, env),
    Parameters: snapshot.parameters.map((p) => ({ ...p })),
    Tags: snapshot.tags.map((t) => ({ ...t })),
    NotificationARNs: [...(snapshot.notificationArns ?? artifact.notificationArns)],
    Capabilities: CAPABILITIES,
    RoleARN: executionRoleArn(artifact, env),
  });
  const changeSet = await describeChangeSet(client, created.arn, created.stackId, call.waits.sleep);
  if (changeSet.status !== 'ready') {
    await deleteChangeSet(client, created.arn);
    if (changeSet.status === 'failed') {
      return { succeeded: false, message: `restoring change set failed: ${changeSet.reason}` };
    }
  } else {
    await executeChangeSet(client, created.arn, names.requestToken);
    const status = await settle(call, request);
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
  call: StackCall,
  request: UndoRequest,
  send: (client: CloudFormationClient) => Promise<unknown>,
  wanted: readonly (string | null)[],
  what: string,
): Promise<UndoResult> {
  await send(call.target.client);
  const status = await settle(call, request);
  return wanted.includes(status)
    ? { succeeded: true, message: `${what}: ${status ?? 'stack deleted'}` }
    : { succeeded: false, message: `${what} ended ${status ?? 'with the stack gone'}` };
}

/** Carries out one rollback action on one stack; CloudFormation errors become a failed result. */
export async function undoStack(
  call: StackCall,
  request: UndoRequest,
  names: { changeSetName: string; requestToken: string },
): Promise<UndoResult> {
  const StackName = request.stackId;
  try {
    switch (request.action) {
      case 'delete':
        return await callThenSettle(
          call,
          request,
          (c) => c.send(new DeleteStackCommand({ StackName })),
          [null],
          'deleted the stack this run created',
        );
      case 'restore-template':
        return await restoreTemplate(call, request, names);
      case 'continue-update-rollback':
        return await callThenSettle(
          call,
          request,
          (c) => c.send(new ContinueUpdateRollbackCommand({ StackName })),
          ['UPDATE_ROLLBACK_COMPLETE'],
          'continued the update rollback',
        );
      case 'rollback-stack':
        return await callThenSettle(
          call,
          request,
          (c) => c.send(new RollbackStackCommand({ StackName })),
          ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE'],
          'rolled the failed stack back',
        );
      case 'none':
        return { succeeded: true, message: 'nothing to do' };
    }
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    return { succeeded: false, message: `${request.action} failed: ${(error as Error).message}` };
  }
}
