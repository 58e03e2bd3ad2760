import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Emulator,
  getSettings,
  setChangeSetDelay,
  setStackDelay,
  startEmulator,
} from '../scripts/emulator/start-emulator.js';
import { useEmulator } from './support/emulator.js';

let cfn: CloudFormationClient;

const account = useEmulator('us-east-1', {
  afterStart() {
    cfn = account.cloudFormation;
  },
});

beforeEach(async () => account.emulator.reset());

const STACK = 'Charlie';
const DELAY = 1.5;

function template(version: 'v1' | 'v2'): string {
  const resources: Record<string, unknown> = {
    Name: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/change-set-delay/name', Type: 'String', Value: version },
    },
  };
  if (version === 'v2') {
    resources.Extra = {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/change-set-delay/extra', Type: 'String', Value: 'extra' },
    };
  }
  return JSON.stringify({ Description: `change-set delay ${version}`, Resources: resources });
}

async function createChangeSet(
  version: 'v1' | 'v2',
  type: 'CREATE' | 'UPDATE',
  name = `deploy-${version}`,
): Promise<string> {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: STACK,
      ChangeSetName: name,
      ChangeSetType: type,
      TemplateBody: template(version),
    }),
  );
  if (!created.Id) throw new Error('CreateChangeSet returned no id');
  return created.Id;
}

async function describeChangeSet(arn: string): Promise<DescribeChangeSetCommandOutput> {
  return cfn.send(new DescribeChangeSetCommand({ ChangeSetName: arn }));
}

/** Status, ExecutionStatus and StatusReason as DescribeChangeSet and ListChangeSets show them. */
async function shown(arn: string) {
  const described = await describeChangeSet(arn);
  const listed = (await cfn.send(new ListChangeSetsCommand({ StackName: STACK }))).Summaries ?? [];
  const summary = listed.find((s) => s.ChangeSetId === arn);
  const view = (s: { Status?: string; ExecutionStatus?: string; StatusReason?: string } = {}) => ({
    status: s.Status,
    execution: s.ExecutionStatus,
    reason: s.StatusReason,
  });
  expect(view(summary)).toEqual(view(described));
  return { ...view(described), changes: (described.Changes ?? []).length };
}

async function stackStatus(): Promise<string | undefined> {
  const stacks = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks ?? [];
  return stacks[0]?.StackStatus;
}

const refusedExecution = (arn: string, status = 'CREATE_IN_PROGRESS') => ({
  name: 'InvalidChangeSetStatusException',
  message: `ChangeSet [${arn}] cannot be executed in its current status of [${status}]`,
});

describe('without a change-set delay (the default)', () => {
  it('makes a new change set CREATE_COMPLETE at once', async () => {
    expect(await getSettings(account.emulator)).toEqual({
      stackDelaySeconds: 0,
      changeSetDelaySeconds: 0,
    });
    const arn = await createChangeSet('v1', 'CREATE');
    expect(await shown(arn)).toEqual({
      status: 'CREATE_COMPLETE',
      execution: 'AVAILABLE',
      reason: undefined,
      changes: 1,
    });
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn }));
    expect(await stackStatus()).toBe('CREATE_COMPLETE');

    const empty = await createChangeSet('v1', 'UPDATE', 'again');
    expect(await shown(empty)).toMatchObject({ status: 'FAILED', execution: 'UNAVAILABLE' });
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: empty })),
    ).rejects.toMatchObject(refusedExecution(empty, 'FAILED'));
  });
});

describe('a change-set delay', () => {
  it('keeps a new change set CREATE_IN_PROGRESS, not executable, until the delay has passed', async () => {
    await setChangeSetDelay(account.emulator, DELAY);
    const arn = await createChangeSet('v1', 'CREATE');
    expect(await shown(arn)).toEqual({
      status: 'CREATE_IN_PROGRESS',
      execution: 'UNAVAILABLE',
      reason: undefined,
      changes: 0,
    });
    expect(await stackStatus()).toBe('REVIEW_IN_PROGRESS');
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn })),
    ).rejects.toMatchObject(refusedExecution(arn));
    await expect(
      cfn.send(new DeleteChangeSetCommand({ ChangeSetName: arn })),
    ).rejects.toMatchObject({
      name: 'InvalidChangeSetStatusException',
      message: 'Cannot delete ChangeSet in status CREATE_IN_PROGRESS',
    });
    expect(await stackStatus()).toBe('REVIEW_IN_PROGRESS');

    await sleep(DELAY * 1000 + 200);
    expect(await shown(arn)).toEqual({
      status: 'CREATE_COMPLETE',
      execution: 'AVAILABLE',
      reason: undefined,
      changes: 1,
    });
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn }));
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
    expect((await describeChangeSet(arn)).ExecutionStatus).toBe('EXECUTE_COMPLETE');
  });

  it('shows an empty change set FAILED with its reason once computed', async () => {
    await createChangeSet('v1', 'CREATE').then((arn) =>
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn })),
    );
    await setChangeSetDelay(account.emulator, DELAY);
    const empty = await createChangeSet('v1', 'UPDATE', 'no-op');
    expect(await shown(empty)).toMatchObject({
      status: 'CREATE_IN_PROGRESS',
      execution: 'UNAVAILABLE',
      reason: undefined,
    });
    await sleep(DELAY * 1000 + 200);
    const failed = await shown(empty);
    expect(failed).toMatchObject({ status: 'FAILED', execution: 'UNAVAILABLE', changes: 0 });
    expect(failed.reason).toMatch(/didn't contain changes/);
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: empty })),
    ).rejects.toMatchObject(refusedExecution(empty, 'FAILED'));
    // Once computed it can be deleted, as on AWS.
    await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: empty }));
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: STACK }));
    expect(listed.Summaries?.map((s) => s.ChangeSetName)).toEqual(['deploy-v1']);
  });

  it('holds each change set for the delay in force when it was created', async () => {
    await createChangeSet('v1', 'CREATE').then((arn) =>
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: arn })),
    );
    await setChangeSetDelay(account.emulator, DELAY);
    const slow = await createChangeSet('v2', 'UPDATE', 'slow');
    await setChangeSetDelay(account.emulator, 0);
    const quick = await createChangeSet('v2', 'UPDATE', 'quick');
    expect((await shown(slow)).status).toBe('CREATE_IN_PROGRESS');
    expect(await shown(quick)).toMatchObject({ status: 'CREATE_COMPLETE', changes: 2 });
    // The stack delay is separate: the stack is not held up by the change set being computed.
    expect(await stackStatus()).toBe('CREATE_COMPLETE');
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: quick }));
    expect(await stackStatus()).toBe('UPDATE_COMPLETE');
  });

  it('is a setting of the control API that a reset returns to the launcher value', async () => {
    await setChangeSetDelay(account.emulator, DELAY);
    await setStackDelay(account.emulator, 0.5);
    expect(await getSettings(account.emulator)).toEqual({
      stackDelaySeconds: 0.5,
      changeSetDelaySeconds: DELAY,
    });
    for (const bad of [-1, 'soon', true, null]) {
      await expect(setChangeSetDelay(account.emulator, bad as number)).rejects.toThrow(
        /400 .*changeSetDelaySeconds must be a number of seconds, 0 or more/,
      );
    }
    expect((await getSettings(account.emulator)).changeSetDelaySeconds).toBe(DELAY);
    await account.emulator.reset();
    expect(await getSettings(account.emulator)).toEqual({
      stackDelaySeconds: 0,
      changeSetDelaySeconds: 0,
    });
  });
});

describe('a change-set delay given to the launcher', () => {
  let emulator: Emulator;
  let client: CloudFormationClient;

  beforeAll(async () => {
    emulator = await startEmulator({ changeSetDelaySeconds: DELAY });
    client = new CloudFormationClient({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  it('applies from the start and survives a reset', async () => {
    expect((await getSettings(emulator)).changeSetDelaySeconds).toBe(DELAY);
    await setChangeSetDelay(emulator, 0);
    await emulator.reset();
    expect((await getSettings(emulator)).changeSetDelaySeconds).toBe(DELAY);
    const created = await client.send(
      new CreateChangeSetCommand({
        StackName: STACK,
        ChangeSetName: 'deploy-v1',
        ChangeSetType: 'CREATE',
        TemplateBody: template('v1'),
      }),
    );
    const described = await client.send(
      new DescribeChangeSetCommand({ ChangeSetName: created.Id }),
    );
    expect(described).toMatchObject({
      Status: 'CREATE_IN_PROGRESS',
      ExecutionStatus: 'UNAVAILABLE',
    });
  });
});
