import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import { loadContract, parseContract } from '../../src/verify/contract/load-contract.js';
import {
  checkResourceContractLive,
  checkResourceContractOnTemplates,
} from '../../src/verify/contract/resource-contract.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url));
const template = (stack: string) =>
  JSON.parse(
    readFileSync(fixture(`templates/${stack}.template.json`), 'utf8'),
  ) as CloudFormationTemplate;

/** The example app as synthesized (examples/app.mjs). */
const demoStacks = ['DemoData', 'DemoQueue', 'DemoApi'].map((stackName) => ({
  id: stackName,
  stackName,
  template: template(stackName),
}));
const demo = loadContract(fixture('demo.yml'));

/** One stack holding one resource with these properties. */
function oneResource(type: string, properties: Record<string, unknown>, logicalId = 'ThingABC123') {
  return [
    {
      id: 'Prod/Api',
      stackName: 'prod-api',
      template: { Resources: { [logicalId]: { Type: type, Properties: properties } } },
    },
  ];
}

const rule = (type: string, properties: string, extra = '') =>
  parseContract(
    `version: 1\nresources:\n  - type: ${type}\n${extra}    properties:\n${properties}`,
    'c.yml',
  );

describe('checkResourceContractOnTemplates', () => {
  it('passes per stack and rule, and skips a value an intrinsic function computes', () => {
    expect(checkResourceContractOnTemplates(demo, 'staging', demoStacks)).toEqual([
      {
        check: 'resource-contract',
        stack: 'DemoData',
        passed: true,
        message:
          'resources[0] "buckets are encrypted and private": 1 resource(s) meet BucketEncryption exists, PublicAccessBlockConfiguration.BlockPublicAcls equals true in the template',
      },
      {
        check: 'resource-contract',
        stack: 'DemoApi',
        resource: 'ApiFunctionCE271BD4',
        passed: true,
        skipped: true,
        message:
          'resources[2] AWS::Lambda::Function: not decided from the template: Role is computed by Fn::GetAtt when deploying; checked live after deploying',
      },
    ]);
  });

  it('applies a rule scoped to prod only in prod, failing one result per resource', () => {
    const results = checkResourceContractOnTemplates(demo, 'prod', demoStacks);
    expect(results.filter((r) => !r.passed)).toEqual([
      {
        check: 'resource-contract',
        stack: 'DemoData',
        resource: 'RequestsC42AC379',
        passed: false,
        message:
          'resources[1] AWS::DynamoDB::Table: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is not set, expected it to equal true',
      },
    ]);
  });

  it('narrows a rule to a stack (by id or name) and to logical ids, and says when nothing matched', () => {
    const narrowed = (extra: string) =>
      checkResourceContractOnTemplates(
        rule('AWS::SQS::Queue', '      VisibilityTimeout: { equals: 60 }\n', extra),
        'dev',
        demoStacks,
      );
    expect(narrowed('    stack: DemoQueue\n    logicalId: Work*\n')).toEqual([
      {
        check: 'resource-contract',
        stack: 'DemoQueue',
        passed: true,
        message:
          'resources[0] AWS::SQS::Queue: 1 resource(s) meet VisibilityTimeout equals 60 in the template',
      },
    ]);
    // Without the logical id the dead-letter queue (no VisibilityTimeout) is checked too.
    expect(narrowed('    stack: DemoQueue\n').filter((r) => !r.passed)).toEqual([
      expect.objectContaining({ resource: 'DeadLettersBBF8BAAB' }),
    ]);
    expect(narrowed('    stack: DemoData\n')).toEqual([
      {
        check: 'resource-contract',
        passed: true,
        message:
          'resources[0] AWS::SQS::Queue: no AWS::SQS::Queue in stack DemoData among the stacks checked',
      },
    ]);
    const byName = rule(
      'AWS::SNS::Topic',
      '      DisplayName: { exists: true }\n',
      '    stack: prod-api\n',
    );
    expect(
      checkResourceContractOnTemplates(
        byName,
        'dev',
        oneResource('AWS::SNS::Topic', { DisplayName: 'x' }),
      )[0]?.message,
    ).toBe('resources[0] AWS::SNS::Topic: 1 resource(s) meet DisplayName exists in the template');
  });

  it('follows dot paths into maps and lists, and compares equals deeply', () => {
    const contract = rule(
      'AWS::S3::Bucket',
      [
        '      BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm: { equals: aws:kms }',
        '      PublicAccessBlockConfiguration: { equals: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: "true" } }',
        '      VersioningConfiguration.Status: { equals: Enabled }',
        '',
      ].join('\n'),
    );
    expect(checkResourceContractOnTemplates(contract, 'dev', demoStacks)).toEqual([
      {
        check: 'resource-contract',
        stack: 'DemoData',
        resource: 'Reports65402A0A',
        passed: false,
        message:
          "resources[0] AWS::S3::Bucket: BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm is 'AES256', expected 'aws:kms'; VersioningConfiguration.Status is not set, expected it to equal 'Enabled'",
      },
    ]);
  });

  it('decides exists for a computed value, but not under a function or where Fn::If may remove it', () => {
    const contract = rule(
      'AWS::Lambda::Function',
      [
        '      Role: { exists: true }',
        '      Environment.Variables.TABLE_NAME: { exists: true }',
        '      Environment.Variables.QUEUE_URL: { exists: true }',
        '      TracingConfig: { exists: true }',
        '      Layers: { exists: false }',
        '      KmsKeyArn: { exists: false }',
        '',
      ].join('\n'),
    );
    const results = checkResourceContractOnTemplates(
      contract,
      'dev',
      oneResource('AWS::Lambda::Function', {
        Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
        Environment: { Variables: { 'Fn::If': ['IsProd', { TABLE_NAME: 't' }, {}] } },
        TracingConfig: { 'Fn::If': ['IsProd', { Mode: 'Active' }, { Ref: 'AWS::NoValue' }] },
        Layers: { Ref: 'AWS::NoValue' },
        KmsKeyArn: { Ref: 'Key' },
      }),
    );
    expect(results).toEqual([
      {
        check: 'resource-contract',
        stack: 'prod-api',
        resource: 'ThingABC123',
        passed: false,
        message:
          'resources[0] AWS::Lambda::Function: KmsKeyArn is set (by Ref), expected to be absent; not decided: Environment.Variables.TABLE_NAME is computed by Fn::If when deploying; Environment.Variables.QUEUE_URL is computed by Fn::If when deploying; TracingConfig is computed by Fn::If when deploying',
      },
    ]);
  });

  it('fails a pattern on a value that is not text, and matches numbers as text', () => {
    const contract = rule(
      'AWS::SQS::Queue',
      "      RedrivePolicy: { pattern: 'x' }\n      MessageRetentionPeriod: { pattern: '^\\d+$' }\n",
    );
    const results = checkResourceContractOnTemplates(contract, 'dev', [demoStacks[1]!]);
    expect(results.filter((r) => !r.passed).map((r) => [r.resource, r.message])).toEqual([
      [
        'DeadLettersBBF8BAAB',
        "resources[0] AWS::SQS::Queue: RedrivePolicy is not set, expected it to match the pattern 'x'",
      ],
      [
        'WorkBF636A8B',
        'resources[0] AWS::SQS::Queue: RedrivePolicy is {"deadLetterTargetArn":{"Fn::GetAtt":["DeadLettersBBF8BAAB","Arn"]},"maxReceiveCount":3}, not a string to match the pattern \'x\'; MessageRetentionPeriod is not set, expected it to match the pattern \'^\\d+$\'',
      ],
    ]);
  });
});

describe('checkResourceContractLive', () => {
  const live = (properties: Record<string, unknown> | null, logicalId = 'RequestsC42AC379') => ({
    stackName: 'DemoData',
    stackId: 'DemoData',
    logicalId,
    resourceType: 'AWS::DynamoDB::Table',
    properties,
  });

  it('passes per stack and rule, and fails a live value that differs', () => {
    const enabled = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } };
    expect(checkResourceContractLive(demo, 'prod', [live(enabled)])).toContainEqual({
      check: 'resource-contract',
      stack: 'DemoData',
      passed: true,
      message:
        'resources[1] AWS::DynamoDB::Table: 1 resource(s) meet PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled equals true live',
    });
    const disabled = { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } };
    expect(checkResourceContractLive(demo, 'prod', [live(disabled)])).toContainEqual({
      check: 'resource-contract',
      stack: 'DemoData',
      resource: 'RequestsC42AC379',
      passed: false,
      message:
        'resources[1] AWS::DynamoDB::Table: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is false, expected true',
    });
  });

  it('skips, visibly, a resource that could not be read and a property the reader did not return', () => {
    const results = checkResourceContractLive(demo, 'prod', [
      live(null),
      live({ TableName: 'x' }, 'RequestsOther1'),
    ]);
    expect(
      results.filter((r) => r.check === 'resource-contract' && r.stack === 'DemoData'),
    ).toEqual([
      {
        check: 'resource-contract',
        stack: 'DemoData',
        resource: 'RequestsC42AC379',
        passed: true,
        skipped: true,
        message:
          'resources[1] AWS::DynamoDB::Table: AWS::DynamoDB::Table RequestsC42AC379 could not be read live, so PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled equals true is not verified',
      },
      {
        check: 'resource-contract',
        stack: 'DemoData',
        resource: 'RequestsOther1',
        passed: true,
        skipped: true,
        message:
          'resources[1] AWS::DynamoDB::Table: not verified: PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled was not read back live',
      },
    ]);
  });

  it('leaves a rule of another environment alone, and matches a stack by id or name', () => {
    expect(
      checkResourceContractLive(demo, 'staging', [live(null)]).some((r) =>
        r.message.startsWith('resources[1]'),
      ),
    ).toBe(false);
    const contract = rule(
      'AWS::SQS::Queue',
      '      VisibilityTimeout: { equals: 60 }\n',
      '    stack: Prod/Queue\n',
    );
    const queue = {
      stackName: 'prod-queue',
      stackId: 'Prod/Queue',
      logicalId: 'WorkBF636A8B',
      resourceType: 'AWS::SQS::Queue',
      properties: { VisibilityTimeout: 60 },
    };
    expect(checkResourceContractLive(contract, 'prod', [queue])).toEqual([
      {
        check: 'resource-contract',
        stack: 'prod-queue',
        passed: true,
        message:
          'resources[0] AWS::SQS::Queue: 1 resource(s) meet VisibilityTimeout equals 60 live',
      },
    ]);
  });
});
