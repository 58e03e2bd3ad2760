import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
  ListExportsCommand,
  ListStacksCommand,
  type Parameter,
  type Stack,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import {
  GetBucketLocationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from './support/emulator.js';

let cfn: CloudFormationClient;
let ssm: SSMClient;

function clientConfig(region = 'us-east-1') {
  return {
    endpoint: account.emulator.endpoint,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

const account = useEmulator('us-east-1', {
  bootstrapRegions: ['us-east-1', 'eu-west-1'],
  afterStart() {
    cfn = account.cloudFormation;
    ssm = new SSMClient(clientConfig());
  },
  beforeStop: () => ssm?.destroy(),
});

beforeEach(async () => account.emulator.reset());

type Version = 'v1' | 'v2';

/** Stack A: every output value is deterministic (named resources), so two deployments compare. */
function producerTemplate(version: Version): string {
  return JSON.stringify({
    Description: `producer ${version}`,
    Parameters: {
      BootstrapVersion: {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: '/cdk-bootstrap/hnb659fds/version',
      },
      Env: { Type: 'String', Default: 'dev' },
    },
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'emulator-test-queue' } },
      Name: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: '/emulator-test/producer',
          Type: 'String',
          Value: { 'Fn::Sub': '${AWS::StackName}-${Env}' },
        },
      },
    },
    Outputs: {
      QueueUrl: {
        Value: { Ref: 'Queue' },
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-QueueUrl' } },
      },
      QueueArn: {
        Value: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        Description: 'the queue ARN',
        // v2 moves the export: the old name must leave the export table.
        ...(version === 'v1' ? { Export: { Name: 'Producer-QueueArn' } } : {}),
      },
      ParameterName: { Value: { Ref: 'Name' } },
      Env: { Value: { Ref: 'Env' } },
      ...(version === 'v2'
        ? { Extra: { Value: { 'Fn::Sub': 'extra-${Env}' }, Export: { Name: 'Producer-Extra' } } }
        : {}),
    },
  });
}

const consumerTemplate = JSON.stringify({
  Resources: {
    Wiring: {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: '/emulator-test/consumer',
        Type: 'String',
        Value: { 'Fn::ImportValue': 'Producer-QueueUrl' },
      },
    },
  },
  Outputs: {
    ImportedUrl: { Value: { 'Fn::ImportValue': 'Producer-QueueUrl' } },
    WiringName: { Value: { Ref: 'Wiring' }, Export: { Name: 'Consumer-Wiring' } },
  },
});

async function viaCreateStack(name: string, template: string, parameters: Parameter[] = []) {
  await cfn.send(
    new CreateStackCommand({ StackName: name, TemplateBody: template, Parameters: parameters }),
  );
}

async function viaChangeSet(
  name: string,
  template: string,
  type: 'CREATE' | 'UPDATE',
  parameters: Parameter[] = [],
) {
  const created = await cfn.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: 'cdk-deploy-change-set',
      ChangeSetType: type,
      TemplateBody: template,
      Parameters: parameters,
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
    }),
  );
  const changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
  expect(changeSet.Status).toBe('CREATE_COMPLETE');
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
}

async function describeStack(name: string): Promise<Stack> {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
  const stack = Stacks?.[0];
  if (!stack) throw new Error(`no stack ${name}`);
  return stack;
}

async function exportTable(): Promise<Record<string, string | undefined>> {
  const { Exports = [] } = await cfn.send(new ListExportsCommand({}));
  return Object.fromEntries(Exports.map((e) => [e.Name ?? '', e.Value]));
}

async function parameterValue(name: string, region = 'us-east-1'): Promise<string | undefined> {
  const client = region === 'us-east-1' ? ssm : new SSMClient(clientConfig(region));
  try {
    const { Parameter: parameter } = await client.send(new GetParameterCommand({ Name: name }));
    return parameter?.Value;
  } finally {
    if (client !== ssm) client.destroy();
  }
}

/** What a deployment leaves behind that a deploy engine reads, minus ids and timestamps. */
async function snapshot() {
  const stacks: Record<string, unknown> = {};
  for (const name of ['Producer', 'Consumer']) {
    const stack = await describeStack(name);
    stacks[name] = {
      status: stack.StackStatus,
      description: stack.Description,
      parameters: stack.Parameters,
      outputs: stack.Outputs,
    };
  }
  return {
    stacks,
    exports: await exportTable(),
    consumerParameter: await parameterValue('/emulator-test/consumer'),
  };
}

describe('change-set deploys, against the emulator', () => {
  it('give the Outputs and Exports that CreateStack gives, and resolve imports', async () => {
    await viaCreateStack('Producer', producerTemplate('v1'));
    await viaCreateStack('Consumer', consumerTemplate);
    const expected = await snapshot();

    await account.emulator.reset();
    await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    await viaChangeSet('Consumer', consumerTemplate, 'CREATE');
    const actual = await snapshot();

    expect(actual).toEqual(expected);
    const producer = await describeStack('Producer');
    const queueUrl = producer.Outputs?.find((o) => o.OutputKey === 'QueueUrl')?.OutputValue;
    expect(queueUrl).toMatch(/\/123456789012\/emulator-test-queue$/);
    expect(producer.Outputs).toHaveLength(4);
    expect(actual.exports).toEqual({
      'Producer-QueueUrl': queueUrl,
      'Producer-QueueArn': 'arn:aws:sqs:us-east-1:123456789012:emulator-test-queue',
      'Consumer-Wiring': '/emulator-test/consumer',
    });
    expect(actual.consumerParameter).toBe(queueUrl);
    const consumer = await describeStack('Consumer');
    expect(consumer.Outputs?.find((o) => o.OutputKey === 'ImportedUrl')?.OutputValue).toBe(
      queueUrl,
    );
  });

  it('update outputs and exports through an UPDATE change set like a fresh CreateStack', async () => {
    const prod: Parameter[] = [{ ParameterKey: 'Env', ParameterValue: 'prod' }];
    await viaCreateStack('Producer', producerTemplate('v2'), prod);
    await viaCreateStack('Consumer', consumerTemplate);
    const expected = await snapshot();

    await account.emulator.reset();
    await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    await viaChangeSet('Consumer', consumerTemplate, 'CREATE');
    await viaChangeSet('Producer', producerTemplate('v2'), 'UPDATE', prod);
    const actual = await snapshot();

    expect(actual.stacks).toEqual({
      ...expected.stacks,
      Producer: { ...(expected.stacks.Producer as object), status: 'UPDATE_COMPLETE' },
    });
    expect(actual.exports).toEqual(expected.exports);
    expect(actual.exports).not.toHaveProperty('Producer-QueueArn');
    expect(actual.exports['Producer-Extra']).toBe('extra-prod');
    expect(await parameterValue('/emulator-test/producer')).toBe('Producer-prod');
  });

  it('drop a stack’s exports when the stack is deleted', async () => {
    await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    await viaChangeSet('Consumer', consumerTemplate, 'CREATE');
    expect(Object.keys(await exportTable())).toHaveLength(3);

    await cfn.send(new DeleteStackCommand({ StackName: 'Consumer' }));
    expect(Object.keys(await exportTable()).sort()).toEqual([
      'Producer-QueueArn',
      'Producer-QueueUrl',
    ]);
    await cfn.send(new DeleteStackCommand({ StackName: 'Producer' }));
    expect(await exportTable()).toEqual({});
  });

  it('behave like CloudFormation for change-set types, no-op updates and SSM parameters', async () => {
    await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    const producer = await describeStack('Producer');
    expect(producer.Parameters).toContainEqual({
      ParameterKey: 'BootstrapVersion',
      ParameterValue: '/cdk-bootstrap/hnb659fds/version',
      ResolvedValue: '30',
    });

    await expect(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'Producer',
          ChangeSetName: 'again',
          ChangeSetType: 'CREATE',
          TemplateBody: producerTemplate('v1'),
        }),
      ),
    ).rejects.toThrow(/already exists/);

    // No ChangeSetType means UPDATE; unchanged template and parameters give a FAILED change set.
    const noOp = await cfn.send(
      new CreateChangeSetCommand({
        StackName: 'Producer',
        ChangeSetName: 'no-op',
        TemplateBody: producerTemplate('v1'),
        Parameters: [{ ParameterKey: 'BootstrapVersion', UsePreviousValue: true }],
      }),
    );
    expect(noOp.StackId).toBe(producer.StackId);
    const noOpSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: noOp.Id }));
    expect(noOpSet).toMatchObject({ Status: 'FAILED', ExecutionStatus: 'UNAVAILABLE' });
    expect(noOpSet.StatusReason).toMatch(/didn't contain changes/);
    expect(noOpSet.Changes).toEqual([]);
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: noOp.Id })),
    ).rejects.toMatchObject({ name: 'InvalidChangeSetStatusException' });

    // `cdk deploy` sends UsePreviousValue for every parameter the stack already has.
    await viaChangeSet('Producer', producerTemplate('v2'), 'UPDATE', [
      { ParameterKey: 'BootstrapVersion', UsePreviousValue: true },
      { ParameterKey: 'Env', UsePreviousValue: true },
    ]);
    const updated = await describeStack('Producer');
    expect(updated.StackStatus).toBe('UPDATE_COMPLETE');
    const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({}));
    expect(Stacks.map((s) => s.StackName)).toEqual(['Producer']);
  });

  it('give two CREATE change sets of one new stack the same stack, the first executed wins', async () => {
    const create = (changeSetName: string) =>
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'Producer',
          ChangeSetName: changeSetName,
          ChangeSetType: 'CREATE',
          TemplateBody: producerTemplate('v1'),
        }),
      );
    const first = await create('first-run');
    const second = await create('second-run');
    expect(second.StackId).toBe(first.StackId);
    expect((await describeStack('Producer')).StackStatus).toBe('REVIEW_IN_PROGRESS');

    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: first.Id }));
    // Executing one change set deletes the stack's others, as CloudFormation does.
    await expect(
      cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: second.Id })),
    ).rejects.toMatchObject({ name: 'ChangeSetNotFoundException' });
    const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({}));
    expect(Stacks.map((s) => [s.StackId, s.StackStatus])).toEqual([
      [first.StackId, 'CREATE_COMPLETE'],
    ]);
  });

  it('find a change set by name within the named stack only', async () => {
    await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    await viaChangeSet('Consumer', consumerTemplate, 'CREATE');
    const producer = await describeStack('Producer');

    const byName = await cfn.send(
      new DescribeChangeSetCommand({
        StackName: 'Producer',
        ChangeSetName: 'cdk-deploy-change-set',
      }),
    );
    expect(byName.StackId).toBe(producer.StackId);
    const listed = await cfn.send(new ListChangeSetsCommand({ StackName: 'Producer' }));
    expect(listed.Summaries?.map((s) => s.StackName)).toEqual(['Producer']);

    // `cdk deploy` deletes its change set by name before every update, present or not.
    await cfn.send(new DeleteChangeSetCommand({ StackName: 'Producer', ChangeSetName: 'other' }));
    await cfn.send(
      new DeleteChangeSetCommand({ StackName: 'Producer', ChangeSetName: 'cdk-deploy-change-set' }),
    );
    const remaining = await cfn.send(
      new DescribeChangeSetCommand({
        StackName: 'Consumer',
        ChangeSetName: 'cdk-deploy-change-set',
      }),
    );
    expect(remaining.StackName).toBe('Consumer');
    await expect(
      cfn.send(
        new DescribeChangeSetCommand({
          StackName: 'Producer',
          ChangeSetName: 'cdk-deploy-change-set',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ChangeSetNotFoundException' });
  });
});

describe('ValidateTemplate, against the emulator', () => {
  it('rejects broken structure but not what cfn-lint only warns about', async () => {
    const lambdaWithRole = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
        },
        // CDK's DependsOn next to a GetAtt of the same role: cfn-lint warning W3005.
        Fn: {
          Type: 'AWS::Lambda::Function',
          DependsOn: ['Role'],
          Properties: {
            Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
            Runtime: 'nodejs22.x',
            Handler: 'index.handler',
            Code: { ZipFile: 'exports.handler = async () => {}' },
          },
        },
      },
    };
    await cfn.send(new ValidateTemplateCommand({ TemplateBody: JSON.stringify(lambdaWithRole) }));

    const danglingRef = {
      Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { Ref: 'Nope' } } } },
    };
    await expect(
      cfn.send(new ValidateTemplateCommand({ TemplateBody: JSON.stringify(danglingRef) })),
    ).rejects.toThrow(/^Template format error: 'Nope' is not one of/);
  });
});

describe('the bootstrapped account', () => {
  it('has the CDK bootstrap resources in every bootstrapped region, also after a reset', async () => {
    const s3 = new S3Client({ ...clientConfig(), forcePathStyle: true });
    try {
      for (const region of ['us-east-1', 'eu-west-1']) {
        expect(await parameterValue('/cdk-bootstrap/hnb659fds/version', region)).toBe('30');
        const location = await s3.send(
          new GetBucketLocationCommand({ Bucket: `cdk-hnb659fds-assets-123456789012-${region}` }),
        );
        expect(location.LocationConstraint ?? 'us-east-1').toBe(region);
      }

      const bucket = 'cdk-hnb659fds-assets-123456789012-us-east-1';
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'asset.zip', Body: 'x' }));
      await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
      expect((await cfn.send(new ListStacksCommand({}))).StackSummaries).toHaveLength(1);

      await account.emulator.reset();

      expect((await cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).toEqual([]);
      expect(await exportTable()).toEqual({});
      expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
      for (const region of ['us-east-1', 'eu-west-1']) {
        expect(await parameterValue('/cdk-bootstrap/hnb659fds/version', region)).toBe('30');
      }
      // The deploy that needs the bootstrap version parameter works straight after the reset.
      await viaChangeSet('Producer', producerTemplate('v1'), 'CREATE');
    } finally {
      s3.destroy();
    }
  });

  it('gives child processes an environment that reaches it', () => {
    expect(account.emulator.env('eu-west-1')).toMatchObject({
      AWS_ENDPOINT_URL: `http://localhost:${account.emulator.port}`,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    });
  });
});
