import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  type CreateChangeSetCommandInput,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { toRecordFile } from '../../src/model/record.js';
import type { Stack } from '../../src/model/stack.js';
import type { Settings } from '../../src/settings/settings.js';
import { editableAssembly } from '../support/assembly-copy.js';
import { deployAssembly } from '../support/deploy.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { testSettings } from '../support/settings.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

/** Runs mode plan in-process with the real engine, against whatever AWS_ENDPOINT_URL names. */
async function planAssembly(
  cloudAssembly: string,
  failOnDestructiveChanges = false,
  overrides: Partial<Settings> = {},
): Promise<DeploymentRun & { entries: LogEntry[] }> {
  const settings = testSettings({
    mode: 'plan',
    cloudAssembly,
    failOnDestructiveChanges,
    ...overrides,
  });
  return deployAssembly(settings.cloudAssembly ?? cloudAssembly, settings);
}

function expectValidRecord(run: DeploymentRun): void {
  const record = toRecordFile(run.deployment, run.stacks, run.resources);
  expect(validateRecord(record)).toEqual([]);
  expect(modelErrors(record)).toEqual([]);
}

const byName = (run: DeploymentRun): Map<string, Stack> =>
  new Map(run.stacks.map((s) => [s.name, s]));

const ids = (changes: readonly { logical_id: string }[] | undefined): string[] =>
  (changes ?? []).map((c) => c.logical_id).sort();

function templateResources(assembly: string, stack: string): string[] {
  const template = JSON.parse(readFileSync(join(assembly, `${stack}.template.json`), 'utf8')) as {
    Resources: Record<string, unknown>;
  };
  return Object.keys(template.Resources).sort();
}

interface LiveStack {
  status: string | undefined;
  template: unknown;
  outputs: Record<string, string>;
}

/** Every stack that exists, with status, template and outputs. */
async function liveState(): Promise<Record<string, LiveStack>> {
  const client = new CloudFormationClient({});
  const stacks = (await client.send(new DescribeStacksCommand({}))).Stacks ?? [];
  const state: Record<string, LiveStack> = {};
  for (const stack of stacks) {
    const template = await client.send(new GetTemplateCommand({ StackName: stack.StackId }));
    state[stack.StackName ?? ''] = {
      status: stack.StackStatus,
      template: JSON.parse(template.TemplateBody ?? '{}') as unknown,
      outputs: Object.fromEntries(
        (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
      ),
    };
  }
  client.destroy();
  return state;
}

/**
 * `Stack/ChangeSet` for the change sets of every stack that is not deleted, matched by stack id
 * (ListChangeSets' StackName filter is not trusted). A deploy's executed change sets stay listed.
 */
async function changeSets(): Promise<string[]> {
  const client = new CloudFormationClient({});
  const summaries = (await client.send(new ListStacksCommand({}))).StackSummaries ?? [];
  const left: string[] = [];
  for (const summary of summaries) {
    if (summary.StackStatus === 'DELETE_COMPLETE') continue;
    const answer = await client.send(new ListChangeSetsCommand({ StackName: summary.StackId }));
    for (const changeSet of answer.Summaries ?? []) {
      if (changeSet.StackId === summary.StackId) {
        left.push(`${summary.StackName ?? ''}/${changeSet.ChangeSetName ?? ''}`);
      }
    }
  }
  client.destroy();
  return left.sort();
}

async function stacksLeft(): Promise<string[]> {
  const client = new CloudFormationClient({});
  const summaries = (await client.send(new ListStacksCommand({}))).StackSummaries ?? [];
  const described = (await client.send(new DescribeStacksCommand({}))).Stacks ?? [];
  client.destroy();
  return [
    ...summaries.filter((s) => s.StackStatus !== 'DELETE_COMPLETE').map((s) => s.StackName ?? ''),
    ...described.map((s) => s.StackName ?? ''),
  ];
}

describe('mode plan against the emulator', () => {
  it('reports every resource as an addition on a fresh account and leaves no stack and no change set', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await planAssembly(v1);
    const record = run.deployment.toRecord();
    expect(record.rollback_reason).toBeNull();
    expect(record.status).toBe('completed');
    expect(record.mode).toBe('plan');
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'verifying',
      'completed',
    ]);
    expect(record.stacks_order).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    for (const stack of run.stacks) {
      expect(stack.status).toBe('deployed');
      expect(stack.plan?.outcome).toBe('changes');
      expect(stack.plan?.source).toBe('change-set');
      expect(stack.plan?.change_set_type).toBe('CREATE');
      expect(ids(stack.plan?.additions)).toEqual(templateResources(v1, stack.name));
      expect(stack.plan?.modifications).toEqual([]);
      expect(stack.plan?.replacements).toEqual([]);
      expect(stack.plan?.removals).toEqual([]);
      expect(stack.plan?.destructive_changes).toEqual([]);
      expect(stack.noOp).toBe(false);
      expect(stack.changes).toBe(stack.plan?.additions.length);
      expect(stack.stackArn).toBeNull();
      expect(stack.changeSetArn).toMatch(/^arn:aws:cloudformation:.*:changeSet\//);
      expect(stack.outputs).toEqual({});
      expect(stack.toRecord().plan).toEqual(stack.plan);
    }
    const table = byName(run)
      .get('Charlie')
      ?.plan?.additions.find((a) => a.logical_id.startsWith('Table'));
    expect(table?.resource_type).toBe('AWS::DynamoDB::Table');
    expect(run.resources).toEqual([]);
    expect(record.checks.map((c) => [c.check, c.stack, c.passed])).toEqual(
      ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((s) => ['destructive-changes', s, true]),
    );
    expect(await stacksLeft()).toEqual([]);
    expect(await changeSets()).toEqual([]);
    expect(
      run.entries.some(
        (e) => e.message === 'Plan of Alpha: 1 to add, 0 to modify, 0 to replace, 0 to remove',
      ),
    ).toBe(true);
    expectValidRecord(run);
  });

  it('plans v2 over a deployed v1: Bravo changes, the rest has none, nothing is touched', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    const before = await liveState();
    const changeSetsBefore = await changeSets();
    expect(Object.keys(before).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);

    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await planAssembly(v2, true);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    const stacks = byName(run);
    const bravo = stacks.get('Bravo');
    expect(bravo?.plan?.outcome).toBe('changes');
    expect(bravo?.plan?.change_set_type).toBe('UPDATE');
    expect(ids(bravo?.plan?.additions)).toEqual([
      expect.stringMatching(/^ExtraQueue/) as unknown as string,
    ]);
    expect(bravo?.plan?.additions[0]?.resource_type).toBe('AWS::SQS::Queue');
    expect(ids(bravo?.plan?.modifications)).toEqual([
      expect.stringMatching(/^Endpoint/) as unknown as string,
    ]);
    expect(bravo?.plan?.modifications[0]?.resource_type).toBe('AWS::SSM::Parameter');
    expect(bravo?.plan?.removals).toEqual([]);
    expect(bravo?.plan?.destructive_changes).toEqual([]);
    expect(bravo?.noOp).toBe(false);
    expect(bravo?.changes).toBe(2);
    expect(bravo?.stackArn).toMatch(/:stack\/Bravo\//);
    expect(bravo?.cloudformationStatus).toBe('CREATE_COMPLETE');
    for (const name of ['Alpha', 'Charlie', 'Delta']) {
      expect(stacks.get(name)?.plan?.outcome).toBe('no-changes');
      expect(stacks.get(name)?.plan?.source).toBe('unchanged');
      expect(stacks.get(name)?.noOp).toBe(true);
      expect(stacks.get(name)?.changes).toBe(0);
    }
    expect(await liveState()).toEqual(before);
    expect(await changeSets()).toEqual(changeSetsBefore);
    expectValidRecord(run);
  });

  it('flags a removed DynamoDB table as destructive, and fails the run when asked to', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    const before = await liveState();
    const changeSetsBefore = await changeSets();
    // Charlie without its table (and the output that named it); a small template goes inline
    const copy = editableAssembly(v1, () => undefined);
    const file = join(copy, 'Charlie.template.json');
    const template = JSON.parse(readFileSync(file, 'utf8')) as {
      Resources: Record<string, { Type: string }>;
      Outputs: Record<string, unknown>;
    };
    const tableId = Object.keys(template.Resources).find(
      (id) => template.Resources[id]?.Type === 'AWS::DynamoDB::Table',
    ) as string;
    delete template.Resources[tableId];
    delete template.Outputs.TableName;
    writeFileSync(file, JSON.stringify(template));

    const allowed = await planAssembly(copy, false);
    expect(allowed.deployment.status).toBe('completed');
    const charlie = byName(allowed).get('Charlie');
    // moto's change sets carry no PhysicalResourceId; CloudFormation's give the table's name
    expect(charlie?.plan?.removals).toEqual([
      expect.objectContaining({
        logical_id: tableId,
        resource_type: 'AWS::DynamoDB::Table',
        replacement: null,
      }),
    ]);
    expect(charlie?.plan?.destructive_changes).toEqual([
      expect.objectContaining({
        logical_id: tableId,
        resource_type: 'AWS::DynamoDB::Table',
        action: 'remove',
        reason: "removed: the table's items would be deleted",
      }),
    ]);
    const check = allowed.deployment.checks.find((c) => c.stack === 'Charlie');
    expect(check?.passed).toBe(true);
    expect(check?.message).toContain('allowed: fail-on-destructive-changes is false');
    expect(
      allowed.entries.some(
        (e) =>
          e.level === 'warning' && e.stack === 'Charlie' && e.message.startsWith('Destructive:'),
      ),
    ).toBe(true);
    expectValidRecord(allowed);

    const refused = await planAssembly(copy, true);
    const record = refused.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'verifying',
      'failed',
    ]);
    expect(record.rollback_reason).toContain('fail-on-destructive-changes is true');
    expect(record.rollback_reason).toContain(
      `Charlie: ${tableId} (AWS::DynamoDB::Table) removed: the table's items would be deleted`,
    );
    expect(record.rollback).toEqual({
      outcome: 'not-needed',
      message: 'plan mode: nothing was deployed, so nothing is rolled back',
    });
    expect(refused.deployment.checks.find((c) => c.stack === 'Charlie')?.passed).toBe(false);
    expect(refused.stacks.every((s) => s.status === 'deployed')).toBe(true);
    expectValidRecord(refused);
    expect(await liveState()).toEqual(before);
    expect(await changeSets()).toEqual(changeSetsBefore);
  });

  it('uploads a template too large to send inline, and plans it', async () => {
    await account.emulator.reset();
    const large = await synthFixture('large-template');
    const run = await planAssembly(large);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    const [stack] = run.stacks;
    expect(stack?.plan?.additions.length).toBe(200);
    expect(await stacksLeft()).toEqual([]);
  });

  it('fails a stack that cannot be planned, naming it, and does not plan its dependants', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const copy = editableAssembly(v1, () => undefined);
    // a parameter without a value or a default cannot be planned
    const file = join(copy, 'Bravo.template.json');
    const template = JSON.parse(readFileSync(file, 'utf8')) as {
      Parameters: Record<string, unknown>;
    };
    template.Parameters.Needed = { Type: 'String' };
    writeFileSync(file, JSON.stringify(template));
    const run = await planAssembly(copy);
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toContain("Stack Bravo: parameter 'Needed' has no value");
    const stacks = byName(run);
    expect(stacks.get('Bravo')?.status).toBe('failed');
    expect(stacks.get('Bravo')?.plan?.outcome).toBe('failed');
    expect(stacks.get('Charlie')?.status).toBe('failed');
    expect(stacks.get('Charlie')?.errorMessage).toBe(
      'Not planned: it depends on Bravo, which could not be planned',
    );
    expect(stacks.get('Alpha')?.status).toBe('deployed');
    expect(stacks.get('Delta')?.status).toBe('deployed');
    expect(await stacksLeft()).toEqual([]);
    expect(await changeSets()).toEqual([]);
    expectValidRecord(run);
  });
});

describe('mode plan with SDK mocks (the emulator resolves no Fn::ImportValue when creating a change set)', () => {
  let cfn: AwsClientStub<CloudFormationClient>;
  const deleted = new Set<string>();
  const arnOf = (stack: string) =>
    `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack}/0000`;

  /** A fresh account where each change set fails with `failures[stack]`, or lists its adds. */
  function fakeCloudFormation(failures: Record<string, string>): void {
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cfn.on(DescribeStacksCommand).callsFake((input: { StackName?: string }) => {
      const name = input.StackName ?? '';
      if (!name.startsWith('arn:') || deleted.has(name)) {
        throw Object.assign(new Error(`Stack with id ${name} does not exist`), {
          name: 'ValidationError',
        });
      }
      return {
        Stacks: [
          {
            StackId: name,
            StackName: name.split('/')[1],
            StackStatus: 'REVIEW_IN_PROGRESS',
            CreationTime: new Date(),
          },
        ],
      };
    });
    cfn.on(CreateChangeSetCommand).callsFake((input: CreateChangeSetCommandInput) => ({
      Id: `arn:aws:cloudformation:us-east-1:123456789012:changeSet/${input.ChangeSetName ?? ''}/${input.StackName ?? ''}`,
      StackId: arnOf(input.StackName ?? ''),
    }));
    cfn.on(DescribeChangeSetCommand).callsFake((input: { ChangeSetName?: string }) => {
      const stack = (input.ChangeSetName ?? '').split('/').at(-1) ?? '';
      const reason = failures[stack];
      return reason
        ? { Status: 'FAILED', StatusReason: reason, ExecutionStatus: 'UNAVAILABLE' }
        : {
            Status: 'CREATE_COMPLETE',
            ExecutionStatus: 'AVAILABLE',
            Changes: [
              {
                Type: 'Resource',
                ResourceChange: {
                  Action: 'Add',
                  LogicalResourceId: 'Thing',
                  ResourceType: 'AWS::SQS::Queue',
                },
              },
            ],
          };
    });
    cfn.on(DeleteChangeSetCommand).resolves({});
    cfn.on(DeleteStackCommand).callsFake((input: { StackName?: string }) => {
      deleted.add(input.StackName ?? '');
      return {};
    });
  }

  beforeEach(() => {
    cfn = mockClient(CloudFormationClient);
    deleted.clear();
  });
  afterEach(() => cfn.restore());

  it('records a dependant whose dependency is new as "cannot be planned until X is deployed"', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    fakeCloudFormation({
      Bravo: 'No export named Alpha:ExportsOutputRefQueue4A7E3555425E8BD3 found',
      Charlie: 'No export named Bravo:ExportsOutputRefEndpointEEF1FD8FA099C36A found.',
    });
    const run = await planAssembly(v1);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');
    const stacks = byName(run);
    const bravo = stacks.get('Bravo');
    expect(bravo?.status).toBe('deployed');
    expect(bravo?.plan?.outcome).toBe('blocked');
    expect(bravo?.plan?.blocked_by).toEqual(['Alpha']);
    expect(bravo?.plan?.source).toBe('template');
    expect(ids(bravo?.plan?.additions)).toEqual(templateResources(v1, 'Bravo'));
    expect(bravo?.plan?.message).toMatch(
      /^Cannot be planned until Alpha is deployed \(No export named Alpha:/,
    );
    expect(stacks.get('Charlie')?.plan?.blocked_by).toEqual(['Bravo']);
    expect(stacks.get('Alpha')?.plan?.outcome).toBe('changes');
    expect(stacks.get('Delta')?.plan?.outcome).toBe('changes');
    // every change set deleted, and every REVIEW_IN_PROGRESS stack the plan created
    expect(cfn.commandCalls(DeleteChangeSetCommand)).toHaveLength(4);
    expect([...deleted].sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta'].map(arnOf));
    expect(
      run.entries.some((e) => e.message === 'Plan of Bravo: blocked until Alpha is deployed'),
    ).toBe(true);
    expectValidRecord(run);
  });

  it('fails a stack whose missing export no stack of the run creates, even with a new dependency', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    fakeCloudFormation({ Bravo: 'No export named Elsewhere-Value found' });
    const run = await planAssembly(v1);
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toBe(
      'Stack Bravo: change set failed: No export named Elsewhere-Value found',
    );
    const stacks = byName(run);
    expect(stacks.get('Bravo')?.plan?.outcome).toBe('failed');
    expect(stacks.get('Charlie')?.errorMessage).toBe(
      'Not planned: it depends on Bravo, which could not be planned',
    );
    expect(stacks.get('Alpha')?.plan?.outcome).toBe('changes');
    expect([...deleted].sort()).toEqual(['Alpha', 'Bravo', 'Delta'].map(arnOf));
    expect(run.deployment.toRecord().rollback?.outcome).toBe('not-needed');
    expectValidRecord(run);
  });
});
