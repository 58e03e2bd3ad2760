import {
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  RollbackStackCommand,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StackArtifact } from '../../src/assembly/stack-artifact.js';
import type { StackSnapshot } from '../../src/cloudformation/stack-snapshot.js';
import type { UndoRequest, UndoResult } from '../../src/cloudformation/engine.js';
import type { StackCall } from '../../src/cloudformation/stack-call.js';
import { undoStack } from '../../src/cloudformation/undo-stack.js';

const cfn = mockClient(CloudFormationClient);
const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Api/1';

const artifact = { stackName: 'Api' } as StackArtifact;

const call: StackCall = {
  artifact,
  target: {
    env: {
      account: '123456789012',
      region: 'us-east-1',
      partition: 'aws',
      urlSuffix: 'amazonaws.com',
    },
    settings: { region: 'us-east-1', maxAttempts: 1 },
    client: new CloudFormationClient({ region: 'us-east-1' }),
  },
  log: () => undefined,
  waits: {
    sleep: async () => undefined,
    cleanupSleep: async () => undefined,
    now: Date.now,
    rollbackWaitMs: 60_000,
  },
};

function undo(action: UndoRequest['action']): Promise<UndoResult> {
  const request: UndoRequest = {
    action,
    artifact,
    snapshot: { existed: true } as StackSnapshot,
    stackId,
    log: () => undefined,
  };
  return undoStack(call, request, {
    changeSetName: 'cdk-deploy-action-rollback-00000000',
    requestToken: 'cdk-deploy-action-rollback-00000000-0000-4000-8000-000000000000',
  });
}

function stackStatuses(...statuses: StackStatus[]): void {
  const describe = cfn.on(DescribeStacksCommand);
  for (const status of statuses) {
    describe.resolvesOnce({
      Stacks: [
        { StackId: stackId, StackName: 'Api', StackStatus: status, CreationTime: new Date() },
      ],
    });
  }
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
}

beforeEach(() => cfn.reset());

describe('undoStack with SDK mocks (the emulator has no ContinueUpdateRollback or RollbackStack)', () => {
  it('continues an update rollback that CloudFormation could not finish', async () => {
    cfn.on(ContinueUpdateRollbackCommand).resolves({});
    stackStatuses('UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE');
    const result = await undo('continue-update-rollback');
    expect(result).toEqual({
      succeeded: true,
      message: 'continued the update rollback: UPDATE_ROLLBACK_COMPLETE',
    });
    expect(cfn.commandCalls(ContinueUpdateRollbackCommand)[0]?.args[0].input).toEqual({
      StackName: stackId,
    });
  });

  it('rolls back a paused failed update', async () => {
    cfn.on(RollbackStackCommand).resolves({});
    stackStatuses('UPDATE_ROLLBACK_COMPLETE');
    const result = await undo('rollback-stack');
    expect(result.succeeded).toBe(true);
    expect(cfn.commandCalls(RollbackStackCommand)).toHaveLength(1);
  });

  it('reports a rollback that ends failed, and an API error, as not succeeded', async () => {
    cfn.on(ContinueUpdateRollbackCommand).resolves({});
    stackStatuses('UPDATE_ROLLBACK_FAILED');
    expect(await undo('continue-update-rollback')).toEqual({
      succeeded: false,
      message: 'continued the update rollback ended UPDATE_ROLLBACK_FAILED',
    });
    cfn.reset();
    cfn
      .on(RollbackStackCommand)
      .rejects(new Error('Stack is in a state that cannot be rolled back'));
    const failed = await undo('rollback-stack');
    expect(failed.succeeded).toBe(false);
    expect(failed.message).toContain('cannot be rolled back');
  });

  it('restores with the captured notification topics, and deletes a restoring change set that failed', async () => {
    // The emulator cannot make a restoring change set fail; the mock answers as CloudFormation does.
    const changeSetArn = 'arn:aws:cloudformation:us-east-1:123456789012:changeSet/rollback/1';
    cfn.on(CreateChangeSetCommand).resolves({ Id: changeSetArn, StackId: stackId });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason: 'Parameters: [Stage] must have values',
      Changes: [],
    });
    cfn.on(DeleteChangeSetCommand).resolves({});
    const topics = ['arn:aws:sns:us-east-1:123456789012:deployments'];
    const result = await undoStack(
      call,
      {
        action: 'restore-template',
        artifact: {
          stackName: 'Api',
          notificationArns: [],
          template: {},
        } as unknown as StackArtifact,
        snapshot: {
          existed: true,
          stackId,
          status: 'UPDATE_COMPLETE',
          templateBody: '{"Resources":{}}',
          parameters: [],
          tags: [],
          notificationArns: topics,
          capturedAt: new Date().toISOString(),
        },
        stackId,
        log: () => undefined,
      },
      { changeSetName: 'cdk-deploy-action-rollback-1', requestToken: 'token' },
    );
    expect(result).toEqual({
      succeeded: false,
      message: 'restoring change set failed: Parameters: [Stage] must have values',
    });
    expect(cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.NotificationARNs).toEqual(
      topics,
    );
    expect(cfn.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input).toEqual({
      ChangeSetName: changeSetArn,
    });
  });
});
