import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type ResourceStatus,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StackArtifact } from '../../src/assembly/stack-artifact.js';
import { deployStack } from '../../src/cloudformation/deploy-stack.js';
import type { DeployRequest } from '../../src/cloudformation/engine.js';
import type { StackCall } from '../../src/cloudformation/stack-call.js';
import { stackTimeoutError } from '../../src/cloudformation/stack-timeouts.js';
import { formatTimeout } from '../../src/util/durations.js';
import { waitForStack } from '../../src/cloudformation/wait-for-stack.js';

const cfn = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'us-east-1' });
const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Api/1';

function stackStays(status: StackStatus): void {
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackId: stackId, StackName: 'Api', StackStatus: status, CreationTime: new Date() }],
  });
  cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
}

/** A sleep that only moves a fake clock forward. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

beforeEach(() => cfn.reset());

describe('waitForStack with a timeout', () => {
  it('gives up at the deadline with the stack as last seen, its last sleep cut to the deadline', async () => {
    stackStays('UPDATE_IN_PROGRESS');
    const time = fakeTime();
    const result = await waitForStack({
      client,
      stackId,
      since: new Date(),
      sleep: time.sleep,
      onEvent: () => undefined,
      timeoutMs: 10_500,
      now: time.now,
    });
    expect(result.timedOut).toBe(true);
    expect(result.stack?.StackStatus).toBe('UPDATE_IN_PROGRESS');
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(10_500);
    expect(time.sleeps.at(-1)).toBeLessThan(time.sleeps.at(-2) ?? 0);
  });

  it('returns the finished stack before the deadline', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          {
            StackId: stackId,
            StackName: 'Api',
            StackStatus: 'UPDATE_IN_PROGRESS',
            CreationTime: new Date(),
          },
        ],
      })
      .resolves({
        Stacks: [
          {
            StackId: stackId,
            StackName: 'Api',
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(),
          },
        ],
      });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    const time = fakeTime();
    const result = await waitForStack({
      client,
      stackId,
      since: new Date(),
      sleep: time.sleep,
      onEvent: () => undefined,
      timeoutMs: 10_000,
      now: time.now,
    });
    expect(result).toMatchObject({ timedOut: false, stack: { StackStatus: 'UPDATE_COMPLETE' } });
  });
});

describe('the timeouts of a stack', () => {
  it('cancels an update that ran out of time, and says so', async () => {
    stackStays('UPDATE_IN_PROGRESS');
    cfn.on(CancelUpdateStackCommand).resolves({});
    const logged: string[] = [];
    const stack = {
      StackId: stackId,
      StackName: 'Api',
      StackStatus: 'UPDATE_IN_PROGRESS' as const,
      CreationTime: new Date(),
    };
    const error = await stackTimeoutError(client, 'Api', stack, 30 * 60_000, (m) => logged.push(m));
    expect(cfn.commandCalls(CancelUpdateStackCommand)[0]?.args[0].input).toEqual({
      StackName: stackId,
    });
    expect(error.message).toBe(
      'Stack Api did not finish within 30m (still UPDATE_IN_PROGRESS); the update was cancelled and CloudFormation rolls it back. Raise stack-timeout if it needs longer.',
    );
    expect(error.stackName).toBe('Api');
    expect(logged).toHaveLength(1);
  });

  it('does not try to cancel a create, which CloudFormation cannot cancel', async () => {
    stackStays('CREATE_IN_PROGRESS');
    const stack = {
      StackId: stackId,
      StackName: 'Api',
      StackStatus: 'CREATE_IN_PROGRESS' as const,
      CreationTime: new Date(),
    };
    const error = await stackTimeoutError(client, 'Api', stack, 90_000, () => undefined);
    expect(cfn.commandCalls(CancelUpdateStackCommand)).toHaveLength(0);
    expect(error.message).toMatch(
      /^Stack Api did not finish within 1m 30s \(still CREATE_IN_PROGRESS\); CloudFormation cannot cancel/,
    );
  });

  it('fails a deploy whose stack another operation keeps busy past busy-stack-timeout, without changing it', async () => {
    stackStays('UPDATE_IN_PROGRESS');
    const time = fakeTime();
    const artifact = { stackName: 'Api' } as StackArtifact;
    const call = {
      artifact,
      target: { client },
      log: () => undefined,
      waits: {
        sleep: time.sleep,
        cleanupSleep: time.sleep,
        now: time.now,
        busyStackTimeoutMs: 15 * 60_000,
        stackTimeoutMs: 60_000,
        rollbackWaitMs: 30 * 60_000,
      },
    } as unknown as StackCall;
    const request = { artifact, log: () => undefined, parameters: {} } as unknown as DeployRequest;
    await expect(
      deployStack(call, request, { changeSetName: 'cs', requestToken: 'token' }),
    ).rejects.toThrow(
      'Stack Api is still UPDATE_IN_PROGRESS after 15m, changed by another operation; this run did not change it. Let that operation finish, use a GitHub concurrency group (concurrency:) so deployments to this environment do not overlap, or raise busy-stack-timeout.',
    );
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(15 * 60_000);
    expect(cfn.calls().map((c) => c.args[0].constructor.name)).not.toContain(
      'CancelUpdateStackCommand',
    );
  });

  it('writes durations as the inputs are written', () => {
    expect([2 * 3_600_000, 15 * 60_000, 90_000, 5_400_000, 2_500].map(formatTimeout)).toEqual([
      '2h',
      '15m',
      '1m 30s',
      '1h 30m',
      '2.5s',
    ]);
  });
});

// An SDK mock: the exact order of events and statuses, which the emulator cannot time this finely.
describe('waitForStack looking at the stack', () => {
  const ownEvent = (status: ResourceStatus, at: Date, id: string) => ({
    StackId: stackId,
    EventId: id,
    StackName: 'Api',
    LogicalResourceId: 'Api',
    PhysicalResourceId: stackId,
    ResourceType: 'AWS::CloudFormation::Stack',
    ResourceStatus: status,
    Timestamp: at,
  });

  it('reads only new events each second, and the stack once its own event says it finished', async () => {
    const started = new Date();
    const later = new Date(started.getTime() + 1);
    cfn
      .on(DescribeStackEventsCommand)
      .resolvesOnce({ StackEvents: [ownEvent('UPDATE_IN_PROGRESS', later, 'e1')] })
      .resolvesOnce({ StackEvents: [ownEvent('UPDATE_IN_PROGRESS', later, 'e1')] })
      .resolves({
        StackEvents: [
          ownEvent('UPDATE_COMPLETE', later, 'e2'),
          ownEvent('UPDATE_IN_PROGRESS', later, 'e1'),
        ],
      });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        { StackId: stackId, StackName: 'Api', StackStatus: 'UPDATE_COMPLETE', CreationTime: later },
      ],
    });
    const time = fakeTime();
    const seen: string[] = [];
    const result = await waitForStack({
      client,
      stackId,
      since: started,
      sleep: time.sleep,
      onEvent: (event) => seen.push(event.ResourceStatus ?? ''),
      now: time.now,
    });
    expect(result).toMatchObject({ timedOut: false, stack: { StackStatus: 'UPDATE_COMPLETE' } });
    expect(seen).toEqual(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE']);
    expect(time.sleeps).toEqual([1000, 1000]);
    expect(cfn.commandCalls(DescribeStackEventsCommand)).toHaveLength(3);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(1);
  });

  it('sees an operation that finished just before the wait began from its last event', async () => {
    const before = new Date(Date.now() - 60_000);
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [ownEvent('UPDATE_COMPLETE', before, 'old')],
    });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackId: stackId,
          StackName: 'Api',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: before,
        },
      ],
    });
    const time = fakeTime();
    const result = await waitForStack({
      client,
      stackId,
      since: new Date(),
      sleep: time.sleep,
      onEvent: () => undefined,
      now: time.now,
    });
    expect(result.stack?.StackStatus).toBe('UPDATE_COMPLETE');
    expect(time.sleeps).toEqual([]);
  });
});

describe('how often a wait looks', () => {
  it('looks every second for the first 20 s, then every 1.5 s', async () => {
    stackStays('UPDATE_IN_PROGRESS');
    const time = fakeTime();
    await waitForStack({
      client,
      stackId,
      since: new Date(),
      sleep: time.sleep,
      onEvent: () => undefined,
      timeoutMs: 26_000,
      now: time.now,
    });
    expect(time.sleeps.slice(0, 20)).toEqual(Array.from({ length: 20 }, () => 1000));
    expect(time.sleeps.slice(20)).toEqual([1500, 1500, 1500, 1500]);
  });
});
