/**
 * The review diff on templates with IAM policies (an AWS::IAM::Policy, a role's inline policies,
 * managed policies) and security groups, and its Markdown in the job summary and the comment.
 */
import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackRecord } from '../../src/model/stack.js';
import { approvalState } from '../../src/review/approval.js';
import { reviewStack } from '../../src/review/diff-stack.js';
import { readPlanMarker } from '../../src/report/summary/review/plan-marker.js';
import {
  fitPullRequestComment,
  renderJobSummary,
  renderPullRequestComment,
} from '../../src/report/summary/index.js';
import { at, change, plan, stack } from '../support/record-builders.js';

const ASSUME_LAMBDA = {
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

const role = (properties: Record<string, unknown> = {}) => ({
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: ASSUME_LAMBDA, ...properties },
});

const group = (ingress: unknown[]) => ({
  Type: 'AWS::EC2::SecurityGroup',
  Properties: { GroupDescription: 'web', VpcId: 'vpc-1', SecurityGroupIngress: ingress },
});

const before: CloudFormationTemplate = {
  Resources: {
    Role: role(),
    Web: group([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }]),
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'old-name' } },
  },
};

const after: CloudFormationTemplate = {
  Resources: {
    Role: role({
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      Policies: [
        {
          PolicyName: 'inline',
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
          },
        },
      ],
    }),
    Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'p',
        Roles: [{ Ref: 'Role' }],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['dynamodb:GetItem', 'dynamodb:Query'],
              Resource: { 'Fn::GetAtt': ['Table', 'Arn'] },
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            },
          ],
        },
      },
    },
    Web: group([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }]),
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'new-name' } },
  },
};

describe('the review diff of one stack', () => {
  it('reads IAM statements of a policy and of a role inline policy, managed policies and rules', async () => {
    const review = await reviewStack(before, after);
    const { security } = review;
    expect(security.broadening).toBe(true);
    expect(security.statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          change: 'added',
          effect: 'Allow',
          actions: 'dynamodb:GetItem\ndynamodb:Query',
          resources: '${Table.Arn}',
          principals: 'AWS:${Role}',
        }),
        expect.objectContaining({ change: 'added', actions: 's3:GetObject' }),
      ]),
    );
    const condition = security.statements.find((s) => s.actions.startsWith('dynamodb'))?.condition;
    expect(condition).toContain('aws:SecureTransport');
    expect(security.managed_policies).toEqual([
      {
        change: 'added',
        identity: '${Role}',
        managed_policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      },
    ]);
    expect(security.security_group_rules).toEqual([
      {
        change: 'added',
        direction: 'ingress',
        group: '${Web.GroupId}',
        protocol: 'TCP 22',
        peer: 'Everyone (IPv4)',
      },
      {
        change: 'removed',
        direction: 'ingress',
        group: '${Web.GroupId}',
        protocol: 'TCP 443',
        peer: '10.0.0.0/8',
      },
    ]);
  });

  it('lists resources added, modified (which properties) and replaced (why)', async () => {
    const { resources } = await reviewStack(before, after);
    expect(resources).toEqual([
      {
        action: 'replace',
        logical_id: 'Bucket',
        resource_type: 'AWS::S3::Bucket',
        properties: ['BucketName'],
        reasons: ['BucketName changed: replacement needed'],
      },
      expect.objectContaining({
        action: 'modify',
        logical_id: 'Role',
        properties: ['ManagedPolicyArns', 'Policies'],
      }),
      expect.objectContaining({ action: 'modify', logical_id: 'Web' }),
      expect.objectContaining({ action: 'add', logical_id: 'Policy', properties: [] }),
    ]);
  });

  it("prefers the change set's replacement reasons", async () => {
    const details = new Map([['Bucket', ['BucketName: replacement (DirectModification)']]]);
    const { resources } = await reviewStack(before, after, details);
    expect(resources[0]?.reasons).toEqual(['BucketName: replacement (DirectModification)']);
  });

  it('narrowing permissions is not broadening; removed rows say removed', async () => {
    const narrowed = {
      Resources: Object.fromEntries(
        Object.entries(after.Resources ?? {}).filter(([id]) => id !== 'Policy'),
      ),
    };
    narrowed.Resources.Role = role();
    const review = await reviewStack(after, narrowed);
    expect(review.security.broadening).toBe(false);
    expect(review.security.statements.length).toBe(2);
    expect(review.security.statements.every((s) => s.change === 'removed')).toBe(true);
    expect(review.security.managed_policies[0]?.change).toBe('removed');
    const name = 'Narrow';
    const state = (level: 'broadening' | 'any-change') =>
      approvalState([{ name, security: review.security, resources: review.resources }], level);
    expect(state('broadening').required).toBe(false);
    expect(state('any-change')).toMatchObject({
      required: true,
      reasons: ['Narrow: security changes'],
    });
  });
});

async function reviewedRecord(stacks: StackRecord[]): Promise<DeploymentRecordFile> {
  return {
    deployment: {
      id: '00000000-0000-4000-8000-000000000001',
      status: 'completed',
      start_time: at(0),
      end_time: at(30),
      environment: 'prod',
      stacks_order: stacks.map((s) => s.name),
      logs: [],
      rollback_reason: null,
      mode: 'plan',
      status_history: [
        { status: 'pending', at: at(0) },
        { status: 'completed', at: at(30) },
      ],
      checks: [],
      rollback: null,
      plan_id: `plan-v1:${'a'.repeat(64)}`,
      approval: {
        required: true,
        require_approval: 'broadening',
        reasons: ['Api: permissions broadened'],
      },
    },
    stacks,
    resources: [],
  };
}

async function apiStack(): Promise<StackRecord> {
  const review = await reviewStack(before, after);
  return stack('Api', {
    plan: plan({
      replacements: [change('Bucket', 'AWS::S3::Bucket', 'True')],
      additions: [change('Policy', 'AWS::IAM::Policy')],
      destructive_changes: [
        {
          ...change('Bucket', 'AWS::S3::Bucket', 'True'),
          action: 'replace',
          reason: "replaced: the bucket's objects would be deleted with the old resource",
        },
      ],
    }),
    plan_digest: `sha256:${'b'.repeat(64)}`,
    resource_changes: review.resources,
    security_changes: review.security,
  });
}

function unchangedStack(name: string): StackRecord {
  return stack(name, {
    plan: plan({ outcome: 'no-changes', source: 'unchanged' }),
    no_op: true,
    plan_digest: `sha256:${'c'.repeat(64)}`,
    resource_changes: [],
    security_changes: {
      broadening: false,
      statements: [],
      managed_policies: [],
      security_group_rules: [],
    },
  });
}

describe('the review in the comment and the job summary', () => {
  it('has the plan id (and its hidden marker in the comment), the security tables and the diff', async () => {
    const record = await reviewedRecord([await apiStack(), unchangedStack('Quiet')]);
    const comment = renderPullRequestComment(record);
    expect(comment).toContain(`**Plan id:** \`plan-v1:${'a'.repeat(64)}\``);
    expect(readPlanMarker(comment)).toEqual({
      planId: `plan-v1:${'a'.repeat(64)}`,
      stacks: { Api: `sha256:${'b'.repeat(64)}`, Quiet: `sha256:${'c'.repeat(64)}` },
      complete: true,
    });
    expect(comment).toContain('⚠️ **Approval required**');
    expect(comment).toContain('⚠️ **Permissions are broadened** in `Api`.');
    expect(comment).toContain(
      '| ➕ added | `Api` | Allow | `dynamodb:GetItem`<br>`dynamodb:Query` | `${Table.Arn}` | `AWS:${Role}` |',
    );
    expect(comment).toContain(
      '| ➕ added | `Api` | `${Role}` | `arn:aws:iam::aws:policy/ReadOnlyAccess` |',
    );
    expect(comment).toContain(
      '| ➕ added | `Api` | ingress | `${Web.GroupId}` | `TCP 22` | `Everyone (IPv4)` |',
    );
    expect(comment).toContain(
      '| ➖ removed | `Api` | ingress | `${Web.GroupId}` | `TCP 443` | `10.0.0.0/8` |',
    );
    expect(comment).toMatch(
      /\| ⚠️ 🔁 replace \| `Bucket` \| `AWS::S3::Bucket` \| ⚠️ destructive: .* · BucketName changed: replacement needed · changed: `BucketName` \|/,
    );
    expect(comment).toContain('- `Quiet`: no changes\n');
    const summary = renderJobSummary(record);
    expect(summary).toContain('### Security changes');
    expect(summary).toContain('#### `Api`: 1 to add, 2 to modify, 1 to replace · ⚠️ 1 destructive');
    expect(summary).not.toContain('cdk-deploy-action:plan');
  });

  it('collapses a stack with many changes and keeps the security rows when the limit is tight', async () => {
    const api = await apiStack();
    const many = Array.from({ length: 400 }, (_, i) => ({
      action: 'add' as const,
      logical_id: `Queue${i}`,
      resource_type: 'AWS::SQS::Queue',
      properties: [],
      reasons: [],
    }));
    const big = { ...api, resource_changes: [...(api.resource_changes ?? []), ...many] };
    const record = await reviewedRecord([big]);
    const full = renderPullRequestComment(record);
    expect(full).toContain('<details><summary>404 resource changes</summary>');
    const fitted = fitPullRequestComment(record, { limit: 9_000 });
    expect(fitted.hardCut).toBe(false);
    expect(fitted.text.length).toBeLessThanOrEqual(9_000);
    expect(fitted.text).toContain('dynamodb:GetItem');
    expect(fitted.text).toContain('`Everyone (IPv4)`');
    expect(fitted.text).toContain('more resource changes of `Api`');
    expect(fitted.trimmed.map((t) => t.section)).not.toContain('security:statements');
  });
});

describe("the change set's replacement reasons", () => {
  it('come from the Details of a replacement, each target once', async () => {
    const { classifyChanges } = await import('../../src/cloudformation/classify-changes.js');
    const classified = classifyChanges([
      {
        Type: 'Resource',
        ResourceChange: {
          Action: 'Modify',
          LogicalResourceId: 'Table',
          ResourceType: 'AWS::DynamoDB::Table',
          Replacement: 'True',
          Details: [
            {
              Target: { Attribute: 'Properties', Name: 'TableName', RequiresRecreation: 'Always' },
              ChangeSource: 'DirectModification',
            },
            {
              Target: {
                Attribute: 'Properties',
                Name: 'KeySchema',
                RequiresRecreation: 'Conditionally',
              },
              ChangeSource: 'ParameterReference',
              CausingEntity: 'KeyName',
            },
            { Target: { Attribute: 'Properties', Name: 'Tags', RequiresRecreation: 'Never' } },
          ],
        },
      },
    ]);
    expect(classified.replacements[0]?.replacement_reasons).toEqual([
      'TableName: replacement (DirectModification)',
      'KeySchema: may need replacement (ParameterReference from KeyName)',
    ]);
  });
});
