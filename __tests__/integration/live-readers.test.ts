/**
 * The live readers against the local emulator (moto). Every type is created through CloudFormation
 * and read back through its own service. Where moto's CloudFormation drops a property or tags that
 * AWS would apply, the test asserts what moto really keeps, then sets the value through the
 * service's own API and asserts the reader sees it, so every mapping is still checked:
 * - S3: VersioningConfiguration ignored.
 * - SQS: SqsManagedSseEnabled is always true (AWS: false for a queue with a KMS key).
 * - SNS: Tags ignored.
 * - DynamoDB: SSESpecification (moto wants the API's `Enabled`), TableClass (not modelled) and
 *   PointInTimeRecoverySpecification ignored.
 * - Lambda: Architectures and Tags ignored.
 * - Logs: KmsKeyId ignored (moto wants the API's `kmsKeyId`).
 * - SSM: Tags given as CloudFormation's map make moto answer a 500, so the template has none.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  LambdaClient,
  TagResourceCommand as TagLambdaResourceCommand,
} from '@aws-sdk/client-lambda';
import { SNSClient, TagResourceCommand } from '@aws-sdk/client-sns';
import { AddTagsToResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { LiveReadResult, ResourceToRead } from '../../src/verify/live/live-resource.js';
import {
  liveResourceReader,
  type ClosableLiveResourceReader,
} from '../../src/verify/live/read-live-resource.js';
import { ServiceClients } from '../../src/verify/live/service-clients.js';
import { useEmulator } from '../support/emulator.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const STACK = 'live-readers';
const CODE_BUCKET = 'live-readers-code';
const CODE_KEY = 'handler.zip';
const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

const TAGS = [
  { Key: 'team', Value: 'platform' },
  { Key: 'cost-center', Value: '42' },
];
const TAG_RECORD = { team: 'platform', 'cost-center': '42' };

const ASSUME_ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

const TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Bucket: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: 'live-readers-bucket',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: KMS_KEY_ARN,
              },
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        Tags: TAGS,
      },
    },
    DeadLetters: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'live-readers-dlq' },
    },
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: 'live-readers-queue',
        VisibilityTimeout: 45,
        MessageRetentionPeriod: 86400,
        DelaySeconds: 5,
        KmsMasterKeyId: 'alias/aws/sqs',
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] },
          maxReceiveCount: 3,
        },
        Tags: TAGS,
      },
    },
    FifoQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'live-readers-queue.fifo', FifoQueue: true },
    },
    Topic: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: 'live-readers-topic',
        DisplayName: 'Live readers',
        KmsMasterKeyId: 'alias/aws/sns',
        Tags: TAGS,
      },
    },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'live-readers-table',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KMS_KEY_ARN },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TableClass: 'STANDARD_INFREQUENT_ACCESS',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        Tags: TAGS,
      },
    },
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'live-readers-role',
        Path: '/live/',
        AssumeRolePolicyDocument: ASSUME_ROLE_POLICY,
        MaxSessionDuration: 7200,
        Description: 'Role of the live readers test',
        Tags: TAGS,
      },
    },
    Function: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'live-readers-function',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        MemorySize: 256,
        Timeout: 30,
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Environment: { Variables: { STAGE: 'test', LEVEL: 'debug' } },
        Architectures: ['arm64'],
        Code: { S3Bucket: CODE_BUCKET, S3Key: CODE_KEY },
        Tags: TAGS,
      },
    },
    LogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: '/live-readers/app',
        RetentionInDays: 14,
        KmsKeyId: KMS_KEY_ARN,
        Tags: TAGS,
      },
    },
    // A second group whose name starts with the first's: the reader must match the exact name.
    LongerLogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: '/live-readers/app-longer', RetentionInDays: 3 },
    },
    Parameter: {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: '/live-readers/setting',
        Type: 'String',
        Value: 'on',
        DataType: 'text',
        // No Tags: moto's CloudFormation passes the Tags map where its SSM wants a list and answers
        // a 500. The test tags the parameter through the SSM API instead.
      },
    },
  },
};

/** A zip archive holding one file, stored uncompressed. */
function zipOf(name: string, content: string): Buffer {
  const fileName = Buffer.from(name);
  const data = Buffer.from(content);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // version made by
  central.writeUInt16LE(20, 6); // version needed
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(0, 42); // offset of the local header
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

let reader: ClosableLiveResourceReader;
/** Physical id and type by logical id, of the stack's resources. */
const physicalIds = new Map<string, string>();
const resourceTypes = new Map<string, string>();

function toRead(logicalId: string): ResourceToRead {
  const resourceType = resourceTypes.get(logicalId);
  const physicalId = physicalIds.get(logicalId);
  if (!resourceType || !physicalId) throw new Error(`no resource ${logicalId} in the stack`);
  return { resourceType, logicalId, physicalId, templateProperties: {} };
}

/** The properties and tags of a `found` result; fails the test for any other outcome. */
async function found(logicalId: string) {
  const result = await reader.read(toRead(logicalId));
  if (result.outcome !== 'found') throw new Error(`${logicalId}: ${JSON.stringify(result)}`);
  return result;
}

async function readMadeUp(resourceType: string, physicalId: string): Promise<LiveReadResult> {
  return reader.read({ resourceType, logicalId: 'MadeUp', physicalId, templateProperties: {} });
}

useEmulator(REGION, {
  processEnv: true,
  async afterStart() {
    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: CODE_BUCKET }));
    await s3.send(
      new PutObjectCommand({
        Bucket: CODE_BUCKET,
        Key: CODE_KEY,
        Body: zipOf('index.js', 'exports.handler = async () => "ok";\n'),
      }),
    );
    s3.destroy();

    // One attempt: a retried CreateStack would hide moto's real answer behind AlreadyExists.
    const cloudformation = new CloudFormationClient({ maxAttempts: 1 });
    await cloudformation.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateBody: JSON.stringify(TEMPLATE),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const { StackResourceSummaries: summaries = [] } = await cloudformation.send(
      new ListStackResourcesCommand({ StackName: STACK }),
    );
    cloudformation.destroy();
    for (const summary of summaries) {
      if (!summary.LogicalResourceId || !summary.PhysicalResourceId) continue;
      physicalIds.set(summary.LogicalResourceId, summary.PhysicalResourceId);
      resourceTypes.set(summary.LogicalResourceId, summary.ResourceType ?? '');
    }

    reader = liveResourceReader({ region: REGION, maxAttempts: 2 });
  },
  beforeStop: () => reader?.destroy(),
});

describe('live readers against the emulator', () => {
  it('reads an S3 bucket: encryption, versioning and tags', async () => {
    const encryption = {
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY_ARN } },
      ],
    };
    const before = await found('Bucket');
    // moto's CloudFormation ignores VersioningConfiguration: no status until it is set through S3.
    expect(before.properties).toEqual({
      BucketName: 'live-readers-bucket',
      BucketEncryption: encryption,
    });
    expect(before.tags).toEqual(TAG_RECORD);

    const s3 = new S3Client({ forcePathStyle: true });
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'live-readers-bucket',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    s3.destroy();
    expect((await found('Bucket')).properties).toEqual({
      BucketName: 'live-readers-bucket',
      BucketEncryption: encryption,
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('reads an SQS queue with numbers as numbers and the redrive policy parsed', async () => {
    const { properties, tags } = await found('Queue');
    expect(properties).toEqual({
      QueueName: 'live-readers-queue',
      VisibilityTimeout: 45,
      MessageRetentionPeriod: 86400,
      DelaySeconds: 5,
      MaximumMessageSize: expect.any(Number) as unknown,
      ReceiveMessageWaitTimeSeconds: 0,
      KmsMasterKeyId: 'alias/aws/sqs',
      // moto reports SSE-SQS on for every queue; AWS reports false for a queue with a KMS key.
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:live-readers-dlq`,
        maxReceiveCount: 3,
      },
    });
    expect(tags).toEqual(TAG_RECORD);

    const fifo = await found('FifoQueue');
    expect(fifo.properties).toMatchObject({
      QueueName: 'live-readers-queue.fifo',
      FifoQueue: true,
    });
    expect(fifo.tags).toEqual({});
  });

  it('reads an SNS topic, and its tags once set through SNS', async () => {
    const properties = {
      TopicName: 'live-readers-topic',
      DisplayName: 'Live readers',
      KmsMasterKeyId: 'alias/aws/sns',
    };
    const before = await found('Topic');
    expect(before.properties).toEqual(properties);
    // moto's CloudFormation drops an AWS::SNS::Topic's Tags; AWS would report TAG_RECORD.
    expect(before.tags).toEqual({});

    const sns = new SNSClient({});
    await sns.send(new TagResourceCommand({ ResourceArn: toRead('Topic').physicalId, Tags: TAGS }));
    sns.destroy();
    const after = await found('Topic');
    expect(after.properties).toEqual(properties);
    expect(after.tags).toEqual(TAG_RECORD);
  });

  it('reads a DynamoDB table with its key schema, stream, backups setting and tags', async () => {
    const properties = {
      TableName: 'live-readers-table',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      // moto's CloudFormation drops SSESpecification (it looks for the API's `Enabled`, not
      // `SSEEnabled`), TableClass (moto has none) and PointInTimeRecoverySpecification.
      SSESpecification: { SSEEnabled: false },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    };
    const before = await found('Table');
    expect(before.properties).toEqual(properties);
    expect(before.tags).toEqual(TAG_RECORD);

    const dynamodb = new DynamoDBClient({});
    await dynamodb.send(
      new UpdateContinuousBackupsCommand({
        TableName: 'live-readers-table',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    );
    expect((await found('Table')).properties).toEqual({
      ...properties,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });

    // The SSE mapping, on a table made through DynamoDB itself.
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'live-readers-encrypted',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: KMS_KEY_ARN },
      }),
    );
    dynamodb.destroy();
    const encrypted = await readMadeUp('AWS::DynamoDB::Table', 'live-readers-encrypted');
    expect(encrypted).toEqual({
      outcome: 'found',
      properties: {
        TableName: 'live-readers-encrypted',
        BillingMode: 'PROVISIONED',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 1 },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KMS_KEY_ARN },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
      },
      tags: {},
    });
  });

  it('reads a Lambda function with its environment and architectures, and its tags', async () => {
    const properties = {
      FunctionName: 'live-readers-function',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 30,
      Role: `arn:aws:iam::${ACCOUNT}:role/live/live-readers-role`,
      Environment: { Variables: { STAGE: 'test', LEVEL: 'debug' } },
      // moto's CloudFormation drops Architectures: the function gets the default. AWS: ['arm64'].
      Architectures: ['x86_64'],
    };
    const before = await found('Function');
    expect(before.properties).toEqual(properties);
    // moto's CloudFormation drops an AWS::Lambda::Function's Tags; AWS would report TAG_RECORD.
    expect(before.tags).toEqual({});

    const lambda = new LambdaClient({});
    await lambda.send(
      new TagLambdaResourceCommand({
        Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:live-readers-function`,
        Tags: TAG_RECORD,
      }),
    );
    lambda.destroy();
    expect(await found('Function')).toEqual({ outcome: 'found', properties, tags: TAG_RECORD });
  });

  it('reads an IAM role with its trust policy decoded', async () => {
    const { properties, tags } = await found('Role');
    expect(properties).toEqual({
      RoleName: 'live-readers-role',
      Path: '/live/',
      AssumeRolePolicyDocument: ASSUME_ROLE_POLICY,
      MaxSessionDuration: 7200,
      Description: 'Role of the live readers test',
    });
    expect(tags).toEqual(TAG_RECORD);
  });

  it('reads a log group by its exact name, not a longer one with the same prefix', async () => {
    const { properties, tags } = await found('LogGroup');
    // moto's CloudFormation drops KmsKeyId (its backend looks for the API's `kmsKeyId`).
    expect(properties).toEqual({ LogGroupName: '/live-readers/app', RetentionInDays: 14 });
    expect(tags).toEqual(TAG_RECORD);
    const longer = await found('LongerLogGroup');
    expect(longer.properties).toEqual({
      LogGroupName: '/live-readers/app-longer',
      RetentionInDays: 3,
    });
    expect(longer.tags).toEqual({});

    // The KMS key mapping, on a log group made through CloudWatch Logs itself.
    const logs = new CloudWatchLogsClient({});
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: '/live-readers/encrypted', kmsKeyId: KMS_KEY_ARN }),
    );
    logs.destroy();
    expect(await readMadeUp('AWS::Logs::LogGroup', '/live-readers/encrypted')).toEqual({
      outcome: 'found',
      properties: { LogGroupName: '/live-readers/encrypted', KmsKeyId: KMS_KEY_ARN },
      tags: {},
    });
  });

  it('reads an SSM parameter, and its tags once set through SSM', async () => {
    const properties = {
      Name: '/live-readers/setting',
      Type: 'String',
      Value: 'on',
      DataType: 'text',
    };
    const before = await found('Parameter');
    expect(before).toEqual({ outcome: 'found', properties, tags: {} });

    const ssm = new SSMClient({});
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'Parameter',
        ResourceId: '/live-readers/setting',
        Tags: TAGS,
      }),
    );
    ssm.destroy();
    expect(await found('Parameter')).toEqual({ outcome: 'found', properties, tags: TAG_RECORD });
  });

  it('answers unsupported for a type without a reader', async () => {
    expect(await readMadeUp('AWS::EC2::VPC', 'vpc-12345678')).toEqual({
      outcome: 'unsupported',
      message: 'no live reader for AWS::EC2::VPC: not verified',
    });
  });

  it('answers missing for made-up physical ids of every type', async () => {
    const madeUp: [string, string][] = [
      ['AWS::S3::Bucket', 'live-readers-no-such-bucket'],
      ['AWS::SQS::Queue', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/live-readers-no-such`],
      ['AWS::SNS::Topic', `arn:aws:sns:${REGION}:${ACCOUNT}:live-readers-no-such-topic`],
      ['AWS::DynamoDB::Table', 'live-readers-no-such-table'],
      ['AWS::Lambda::Function', 'live-readers-no-such-function'],
      ['AWS::IAM::Role', 'live-readers-no-such-role'],
      // A prefix of an existing group's name: still missing.
      ['AWS::Logs::LogGroup', '/live-readers/ap'],
      ['AWS::SSM::Parameter', '/live-readers/no-such-parameter'],
    ];
    for (const [resourceType, physicalId] of madeUp) {
      const result = await readMadeUp(resourceType, physicalId);
      expect(result.outcome, `${resourceType}: ${JSON.stringify(result)}`).toBe('missing');
      expect(result).toHaveProperty('message', expect.stringMatching(/^does not exist: \S/));
    }
  });

  it('answers error, not missing, when the read fails for another reason', async () => {
    const denied = liveResourceReader({
      region: REGION,
      maxAttempts: 1,
      credentials: () => Promise.reject(new Error('no credentials for this target')),
    });
    try {
      expect(await denied.read(toRead('Queue'))).toEqual({
        outcome: 'error',
        message: 'no credentials for this target',
      });
    } finally {
      denied.destroy();
    }
  });

  // Last: deletes the stack the other tests read.
  it('answers missing for every resource of the stack once it is deleted', async () => {
    const cloudformation = new CloudFormationClient({});
    await cloudformation.send(new DeleteStackCommand({ StackName: STACK }));
    cloudformation.destroy();
    expect(physicalIds.size).toBe(Object.keys(TEMPLATE.Resources).length);
    for (const logicalId of physicalIds.keys()) {
      const result = await reader.read(toRead(logicalId));
      expect(result.outcome, `${logicalId}: ${JSON.stringify(result)}`).toBe('missing');
    }
  });
});

describe('service clients of a reader', () => {
  class FakeClient {
    destroyed = false;
    constructor(readonly config: unknown) {}
    destroy(): void {
      this.destroyed = true;
    }
  }

  it('creates one client per service with the target settings, reused until destroyed', async () => {
    const clients = new ServiceClients({ region: 'eu-west-1', maxAttempts: 3 });
    let loads = 0;
    const load = async () => {
      loads++;
      return { FakeClient };
    };
    const get = () => clients.get('fake', load, (sdk, config) => new sdk.FakeClient(config));
    const [first, second] = await Promise.all([get(), get()]);
    expect(loads).toBe(1);
    expect(second.client).toBe(first.client);
    expect(first.client.config).toEqual({ region: 'eu-west-1', maxAttempts: 3 });

    clients.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.client.destroyed).toBe(true);
    const third = await get();
    expect(third.client).not.toBe(first.client);
    expect(loads).toBe(2);
  });

  it('loads a service again after its module failed to load', async () => {
    const clients = new ServiceClients({ region: 'eu-west-1', maxAttempts: 3 });
    let attempt = 0;
    const get = () =>
      clients.get(
        'flaky',
        async () => {
          if (attempt++ === 0) throw new Error('chunk not found');
          return { FakeClient };
        },
        (sdk, config) => new sdk.FakeClient(config),
      );
    await expect(get()).rejects.toThrow('chunk not found');
    expect((await get()).client).toBeInstanceOf(FakeClient);
  });
});
