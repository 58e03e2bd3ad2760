import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStackResourcesCommand,
  RollbackStackCommand,
  type Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearFaults,
  injectFault,
  listFaults,
  setStackDelay,
} from '../scripts/emulator/start-emulator.js';
import { useEmulator } from './support/emulator.js';

let cfn: CloudFormationClient;
let sqs: SQSClient;
let ssm: SSMClient;

const account = useEmulator('us-east-1', {
  processEnv: true,
  afterStart() {
    cfn = new CloudFormationClient({});
    sqs = new SQSClient({});
    ssm = new SSMClient({});
  },
  beforeStop() {
    cfn?.destroy();
    sqs?.destroy();
    ssm?.destroy();
  },
});

beforeEach(async () => account.emulator.reset());

const STACK = 'Bravo';
const REASON = 'Resource handler returned message: "Queue limit exceeded (Status Code: 400)"';

/** A queue and an SSM parameter whose value follows the Version parameter; v2 adds ExtraQueue. */
function template(version: 'v1' | 'v2'): string {
  const resources: Record<string, unknown> = {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'faults-main' } },
    Name: {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: '/faults/name',
        Type: 'String',
        Value: { 'Fn::Sub': '${AWS::StackName}-${Version}' },
      },
    },
  };
  if (version === 'v2') {
    resources.ExtraQueue = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'faults-extra' } };
  }
  return JSON.stringify({
    Description: `faults ${version}`,
    Parameters: { Version: { Type: 'String' } },
    Resources: resources,
    Outputs: {
      Version: { Value: { Ref: 'Version' } },
      QueueUrl: { Value: { Ref: 'Queue' }, Export: { Name: 'faults-queue-url' } },
    },
  });
}

async function deploy(
  version: 'v1' | 'v2',
  type: 'CREATE' | 'UPDATE',
  options: { disableRollback?: boolean } = {},
): Promise<void> {
  const changeSet = await cfn.send(
    new CreateChangeSetCommand({
      StackName: STACK,
      ChangeSetName: `deploy-${version}`,
      ChangeSetType: type,
      TemplateBody: template(version),
      Parameters: [{ ParameterKey: 'Version', ParameterValue: version }],
    }),
  );
  await cfn.send(
    new ExecuteChangeSetCommand({
      ChangeSetName: changeSet.Id,
      DisableRollback: options.disableRollback,
    }),
  );
}

async function stackNow(): Promise<Stack> {
  const stacks = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks ?? [];
  expect(stacks).toHaveLength(1);
  return stacks[0] as Stack;
}

async function status(): Promise<string | undefined> {
  return (await stackNow()).StackStatus;
}

/** Events oldest first, as `LogicalId STATUS` or `LogicalId STATUS: reason`. */
async function events(): Promise<string[]> {
  const all = (await cfn.send(new DescribeStackEventsCommand({ StackName: STACK }))).StackEvents;
  return (all ?? [])
    .reverse()
    .map(
      (e) =>
        `${e.LogicalResourceId} ${e.ResourceStatus}` +
        (e.ResourceStatusReason && e.ResourceStatusReason !== 'User Initiated'
          ? `: ${e.ResourceStatusReason}`
          : ''),
    );
}

async function live() {
  const stack = await stackNow();
  const body = (await cfn.send(new GetTemplateCommand({ StackName: STACK }))).TemplateBody;
  const exports = (await cfn.send(new ListExportsCommand({}))).Exports ?? [];
  const queues = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  const name = await ssm
    .send(new GetParameterCommand({ Name: '/faults/name' }))
    .then((r) => r.Parameter?.Value)
    .catch(() => undefined);
  return {
    template: body,
    description: stack.Description,
    parameters: stack.Parameters?.map((p) => `${p.ParameterKey}=${p.ParameterValue}`),
    outputs: Object.fromEntries(
      (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    ),
    exports: exports.map((e) => `${e.Name}=${e.Value}`),
    queues: queues.map((url) => url.split('/').at(-1)).sort(),
    name,
  };
}

async function resources(): Promise<string[]> {
  const summaries = (await cfn.send(new ListStackResourcesCommand({ StackName: STACK })))
    .StackResourceSummaries;
  return (summaries ?? []).map((r) => r.LogicalResourceId ?? '').sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an injected fault, through CreateChangeSet and ExecuteChangeSet', () => {
  it('rolls a failed create back to ROLLBACK_COMPLETE and removes what it created', async () => {
    await injectFault(account.emulator, {
      stack: STACK,
      logicalId: 'ExtraQueue',
      on: 'create',
      reason: REASON,
    });
    await deploy('v2', 'CREATE');

    expect(await status()).toBe('ROLLBACK_COMPLETE');
    expect(await events()).toEqual([
      'Bravo REVIEW_IN_PROGRESS',
      'Bravo CREATE_IN_PROGRESS',
      'Queue CREATE_IN_PROGRESS',
      'Queue CREATE_COMPLETE',
      'Name CREATE_IN_PROGRESS',
      'Name CREATE_COMPLETE',
      'ExtraQueue CREATE_IN_PROGRESS',
      `ExtraQueue CREATE_FAILED: ${REASON}`,
      'Bravo ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [ExtraQueue]. ' +
        'Rollback requested by user.',
      'Name DELETE_IN_PROGRESS',
      'Name DELETE_COMPLETE',
      'Queue DELETE_IN_PROGRESS',
      'Queue DELETE_COMPLETE',
      'Bravo ROLLBACK_COMPLETE',
    ]);
    const state = await live();
    expect(state.outputs).toEqual({});
    expect(state.exports).toEqual([]);
    expect(state.queues).toEqual([]);
    expect(state.name).toBeUndefined();
    expect(await resources()).toEqual([]);
    expect(await listFaults(account.emulator)).toEqual([]);

    // A ROLLBACK_COMPLETE stack can only be deleted.
    await expect(deploy('v1', 'UPDATE')).rejects.toThrow(
      /is in ROLLBACK_COMPLETE state and can not be updated/,
    );
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    await deploy('v1', 'CREATE');
    expect(await status()).toBe('CREATE_COMPLETE');
  });

  it('leaves a failed create CREATE_FAILED with DisableRollback; RollbackStack rolls it back', async () => {
    await injectFault(account.emulator, { logicalId: 'ExtraQueue', on: 'create', reason: REASON });
    await deploy('v2', 'CREATE', { disableRollback: true });

    const failed = await stackNow();
    expect(failed.StackStatus).toBe('CREATE_FAILED');
    expect(failed.StackStatusReason).toBe(
      'The following resource(s) failed to create: [ExtraQueue]. ',
    );
    expect((await events()).slice(-3)).toEqual([
      'ExtraQueue CREATE_IN_PROGRESS',
      `ExtraQueue CREATE_FAILED: ${REASON}`,
      'Bravo CREATE_FAILED: The following resource(s) failed to create: [ExtraQueue]. ',
    ]);
    expect((await live()).queues).toEqual(['faults-main']);
    expect(await resources()).toEqual(['Name', 'Queue']);

    await cfn.send(new RollbackStackCommand({ StackName: STACK }));
    expect(await status()).toBe('ROLLBACK_COMPLETE');
    expect((await events()).slice(-6)).toEqual([
      'Bravo ROLLBACK_IN_PROGRESS',
      'Name DELETE_IN_PROGRESS',
      'Name DELETE_COMPLETE',
      'Queue DELETE_IN_PROGRESS',
      'Queue DELETE_COMPLETE',
      'Bravo ROLLBACK_COMPLETE',
    ]);
    expect((await live()).queues).toEqual([]);
  });

  it('rolls a failed update back to the previous template, parameters, outputs and resources', async () => {
    await deploy('v1', 'CREATE');
    const before = await live();
    await injectFault(account.emulator, {
      stack: STACK,
      logicalId: 'Name',
      on: 'update',
      reason: REASON,
    });
    await deploy('v2', 'UPDATE');

    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await events()).slice(3)).toEqual([
      'Bravo UPDATE_IN_PROGRESS',
      'ExtraQueue CREATE_IN_PROGRESS',
      'ExtraQueue CREATE_COMPLETE',
      'Name UPDATE_IN_PROGRESS',
      `Name UPDATE_FAILED: ${REASON}`,
      'Bravo UPDATE_ROLLBACK_IN_PROGRESS: The following resource(s) failed to update: [Name]. ',
      'Name UPDATE_IN_PROGRESS',
      'Name UPDATE_COMPLETE',
      'Bravo UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'ExtraQueue DELETE_IN_PROGRESS',
      'ExtraQueue DELETE_COMPLETE',
      'Bravo UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(await live()).toEqual(before);
    expect(before).toMatchObject({
      description: 'faults v1',
      parameters: ['Version=v1'],
      outputs: { Version: 'v1' },
      queues: ['faults-main'],
      name: 'Bravo-v1',
    });
    expect(await resources()).toEqual(['Name', 'Queue']);

    // UPDATE_ROLLBACK_COMPLETE takes the next update.
    await deploy('v2', 'UPDATE');
    expect(await status()).toBe('UPDATE_COMPLETE');
    expect((await live()).name).toBe('Bravo-v2');
  });

  it('leaves a failed update UPDATE_FAILED with DisableRollback; RollbackStack restores it', async () => {
    await deploy('v1', 'CREATE');
    const before = await live();
    await injectFault(account.emulator, { logicalId: 'Name', on: 'update', reason: REASON });
    await deploy('v2', 'UPDATE', { disableRollback: true });

    expect(await status()).toBe('UPDATE_FAILED');
    expect((await events()).slice(-2)).toEqual([
      `Name UPDATE_FAILED: ${REASON}`,
      'Bravo UPDATE_FAILED: The following resource(s) failed to update: [Name]. ',
    ]);
    // What was done before the failure stays.
    expect((await live()).queues).toEqual(['faults-extra', 'faults-main']);

    await cfn.send(new RollbackStackCommand({ StackName: STACK }));
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await live()).toEqual(before);
  });

  it('ends UPDATE_ROLLBACK_FAILED when the rollback fails too; ContinueUpdateRollback finishes it', async () => {
    await deploy('v1', 'CREATE');
    const before = await live();
    await injectFault(account.emulator, {
      logicalId: 'Name',
      on: 'update',
      reason: REASON,
      rollback: 'fails',
    });
    await deploy('v2', 'UPDATE');

    const failed = await stackNow();
    expect(failed.StackStatus).toBe('UPDATE_ROLLBACK_FAILED');
    expect(failed.StackStatusReason).toBe('The following resource(s) failed to update: [Name]. ');
    expect((await events()).slice(-5)).toEqual([
      `Name UPDATE_FAILED: ${REASON}`,
      'Bravo UPDATE_ROLLBACK_IN_PROGRESS: The following resource(s) failed to update: [Name]. ',
      'Name UPDATE_IN_PROGRESS',
      `Name UPDATE_FAILED: ${REASON}`,
      'Bravo UPDATE_ROLLBACK_FAILED: The following resource(s) failed to update: [Name]. ',
    ]);
    await expect(deploy('v1', 'UPDATE')).rejects.toThrow(
      /is in UPDATE_ROLLBACK_FAILED state and can not be updated/,
    );

    await cfn.send(new ContinueUpdateRollbackCommand({ StackName: STACK }));
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await live()).toEqual(before);
  });

  it('ends ROLLBACK_FAILED when the rollback of a failed create fails; the stack can be deleted', async () => {
    await injectFault(account.emulator, { on: 'create', rollback: 'fails' });
    await deploy('v1', 'CREATE');

    expect(await status()).toBe('ROLLBACK_FAILED');
    const reason = 'Resource handler returned message: "Fault injected by the emulator"';
    expect((await events()).slice(2)).toEqual([
      'Queue CREATE_IN_PROGRESS',
      `Queue CREATE_FAILED: ${reason}`,
      'Bravo ROLLBACK_IN_PROGRESS: The following resource(s) failed to create: [Queue]. ' +
        'Rollback requested by user.',
      'Queue DELETE_IN_PROGRESS',
      `Queue DELETE_FAILED: ${reason}`,
      'Bravo ROLLBACK_FAILED: The following resource(s) failed to delete: [Queue]. ',
    ]);
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    await expect(stackNow()).rejects.toThrow(/does not exist/);
  });

  it('ends a failed delete DELETE_FAILED, keeping the resource that failed', async () => {
    await deploy('v1', 'CREATE');
    await injectFault(account.emulator, {
      stack: STACK,
      logicalId: 'Queue',
      on: 'delete',
      reason: REASON,
    });
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));

    const failed = await stackNow();
    expect(failed.StackStatus).toBe('DELETE_FAILED');
    expect(failed.StackStatusReason).toBe('The following resource(s) failed to delete: [Queue]. ');
    expect(await events()).toContain(`Queue DELETE_FAILED: ${REASON}`);
    expect(await resources()).toEqual(['Queue']);
    expect((await live()).queues).toEqual(['faults-main']);

    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    await expect(stackNow()).rejects.toThrow(/does not exist/);
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).toEqual([]);
  });

  it('fails CreateStack and UpdateStack the same way', async () => {
    await injectFault(account.emulator, { logicalId: 'Name', on: 'create', times: 2 });
    const create = (onFailure?: 'DO_NOTHING') =>
      cfn.send(
        new CreateStackCommand({
          StackName: STACK,
          TemplateBody: template('v1'),
          Parameters: [{ ParameterKey: 'Version', ParameterValue: 'v1' }],
          OnFailure: onFailure,
        }),
      );
    await create();
    expect(await status()).toBe('ROLLBACK_COMPLETE');
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    await create('DO_NOTHING');
    expect(await status()).toBe('CREATE_FAILED');
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));

    await create();
    await injectFault(account.emulator, { logicalId: 'ExtraQueue', on: 'update' });
    await cfn.send(
      new UpdateStackCommand({
        StackName: STACK,
        TemplateBody: template('v2'),
        Parameters: [{ ParameterKey: 'Version', ParameterValue: 'v2' }],
      }),
    );
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await live()).outputs).toEqual({
      Version: 'v1',
      QueueUrl: expect.stringContaining('faults-main') as unknown,
    });
  });

  it('fires only for its stack and resource, and is cleared by clearFaults and by a reset', async () => {
    await injectFault(account.emulator, { stack: 'Other', on: 'create' });
    const unused = await injectFault(account.emulator, {
      logicalId: 'NotInTheTemplate',
      on: 'create',
    });
    expect(unused).toMatchObject({ on: 'create', logicalId: 'NotInTheTemplate', times: 1 });
    await deploy('v1', 'CREATE');
    expect(await status()).toBe('CREATE_COMPLETE');
    expect(await listFaults(account.emulator)).toHaveLength(2);

    await clearFaults(account.emulator);
    expect(await listFaults(account.emulator)).toEqual([]);

    await injectFault(account.emulator.endpoint, { on: 'update' });
    await account.emulator.reset();
    expect(await listFaults(account.emulator)).toEqual([]);
    await deploy('v1', 'CREATE');
    await deploy('v2', 'UPDATE');
    expect(await status()).toBe('UPDATE_COMPLETE');
  });

  it('refuses a malformed fault', async () => {
    await expect(
      injectFault(account.emulator, { on: 'destroy' as 'delete', logicalId: 'Queue' }),
    ).rejects.toThrow(/400.*on must be one of create, update, delete/);
    await expect(
      injectFault(account.emulator, { on: 'delete', rollback: 'fails' }),
    ).rejects.toThrow(/400/);
  });
});

describe('a stack delay', () => {
  it('keeps a stack operation IN_PROGRESS until the delay has passed', async () => {
    await setStackDelay(account.emulator, 1.5);
    await deploy('v1', 'CREATE');
    expect(await status()).toBe('CREATE_IN_PROGRESS');
    expect(await events()).toEqual(['Bravo REVIEW_IN_PROGRESS', 'Bravo CREATE_IN_PROGRESS']);
    await expect(deploy('v2', 'UPDATE')).rejects.toThrow(
      /is in CREATE_IN_PROGRESS state and can not be updated/,
    );
    await sleep(1_700);
    expect(await status()).toBe('CREATE_COMPLETE');
    expect((await events()).at(-1)).toBe('Bravo CREATE_COMPLETE');

    await injectFault(account.emulator, { logicalId: 'ExtraQueue', on: 'update', reason: REASON });
    await deploy('v2', 'UPDATE');
    expect(await status()).toBe('UPDATE_IN_PROGRESS');
    await sleep(1_700);
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await events()).toContain(`ExtraQueue CREATE_FAILED: ${REASON}`);

    await account.emulator.reset(); // back to no delay
    await deploy('v1', 'CREATE');
    expect(await status()).toBe('CREATE_COMPLETE');
  });

  it('lets CancelUpdateStack roll back an update still in progress', async () => {
    await deploy('v1', 'CREATE');
    const before = await live();
    await expect(cfn.send(new CancelUpdateStackCommand({ StackName: STACK }))).rejects.toThrow(
      'CancelUpdateStack cannot be called from current stack status.',
    );

    await setStackDelay(account.emulator, 2);
    await deploy('v2', 'UPDATE');
    await cfn.send(new CancelUpdateStackCommand({ StackName: STACK }));
    expect(await status()).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
    await sleep(2_200);
    expect(await status()).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect((await events()).slice(3)).toEqual([
      'Bravo UPDATE_IN_PROGRESS',
      'Bravo UPDATE_ROLLBACK_IN_PROGRESS: Stack update cancelled',
      'Bravo UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'Bravo UPDATE_ROLLBACK_COMPLETE',
    ]);
    expect(await live()).toEqual(before);
  });
});
