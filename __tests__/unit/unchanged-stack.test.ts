import type { Stack as CfnStack } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import type { StackSnapshot } from '../../src/cloudformation/stack-snapshot.js';
import { isUnchanged } from '../../src/cloudformation/unchanged-stack.js';
import type { Submission } from '../../src/cloudformation/submission.js';

const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } };
const existing: CfnStack = {
  StackName: 'Api',
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date(),
  Parameters: [
    { ParameterKey: 'BootstrapVersion', ParameterValue: '/cdk-bootstrap/hnb659fds/version' },
    { ParameterKey: 'Stage', ParameterValue: 'prod' },
  ],
  Tags: [{ Key: 'owner', Value: 'team' }],
};
const snapshot: StackSnapshot = {
  existed: true,
  stackId: 'arn',
  status: 'UPDATE_COMPLETE',
  templateBody: JSON.stringify(template, null, 2),
  parameters: [],
  tags: [],
  capturedAt: '2026-01-01T00:00:00.000Z',
};
const desired: Submission = {
  templateBody: JSON.stringify(template),
  parameters: [{ ParameterKey: 'Stage', ParameterValue: 'prod' }],
  parameterDefaults: { BootstrapVersion: '/cdk-bootstrap/hnb659fds/version' },
  tags: [{ Key: 'owner', Value: 'team' }],
  roleArn: undefined,
  notificationArns: [],
  terminationProtection: false,
};

describe('isUnchanged', () => {
  it('is true for a healthy stack with the same template (whitespace aside), parameters and tags', () => {
    expect(isUnchanged(existing, snapshot, desired)).toBe(true);
  });

  it('is false when anything that would be submitted differs', () => {
    const changed: Partial<Submission>[] = [
      { templateBody: JSON.stringify({ Resources: {} }) },
      { parameters: [{ ParameterKey: 'Stage', ParameterValue: 'dev' }] },
      { parameterDefaults: { BootstrapVersion: '/other/version' } },
      { tags: [{ Key: 'owner', Value: 'someone-else' }] },
      { roleArn: 'arn:aws:iam::1:role/exec' },
      { notificationArns: ['arn:aws:sns:us-east-1:1:t'] },
      { terminationProtection: true },
    ];
    for (const change of changed)
      expect(isUnchanged(existing, snapshot, { ...desired, ...change })).toBe(false);
  });

  it('keeps a UsePreviousValue parameter as unchanged', () => {
    const previous = {
      ...desired,
      parameters: [{ ParameterKey: 'Stage', UsePreviousValue: true }],
    };
    expect(isUnchanged(existing, snapshot, previous)).toBe(true);
  });

  it('never skips a stack whose last operation did not succeed', () => {
    for (const StackStatus of ['UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_COMPLETE'] as const) {
      expect(isUnchanged({ ...existing, StackStatus }, snapshot, desired)).toBe(false);
    }
  });
});
