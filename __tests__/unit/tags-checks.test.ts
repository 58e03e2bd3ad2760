import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import { checkLiveTags, checkTemplateTags } from '../../src/verify/tags/tag-checks.js';
import { isTaggableType, tagProperty } from '../../src/verify/tags/taggable.js';

const template = (stack: string) =>
  JSON.parse(
    readFileSync(
      fileURLToPath(
        new URL(`../fixtures/contracts/templates/${stack}.template.json`, import.meta.url),
      ),
      'utf8',
    ),
  ) as CloudFormationTemplate;

/** The example app's stack tags (examples/app.mjs), as the manifest holds them. */
const demoTags = { owner: 'platform-team', 'cost-center': 'cc-1234' };
const demoStacks = ['DemoData', 'DemoQueue', 'DemoApi'].map((stackName) => ({
  stackName,
  template: template(stackName),
  stackTags: demoTags,
}));
const keys = ['owner', 'cost-center'];

function stackOf(
  resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>,
  stackTags: Record<string, string> = {},
) {
  return { stackName: 'Api', template: { Resources: resources }, stackTags };
}

describe('taggability', () => {
  it('knows common taggable types, and types that declare Tags, but not what cannot be tagged', () => {
    expect(isTaggableType('AWS::S3::Bucket')).toBe(true);
    expect(tagProperty('AWS::SSM::Parameter', {})).toBe('Tags');
    expect(tagProperty('AWS::Cognito::UserPool', {})).toBe('UserPoolTags');
    expect(tagProperty('AWS::Glue::Job', { Tags: { owner: 'x' } })).toBe('Tags');
    for (const type of [
      'AWS::CDK::Metadata',
      'AWS::IAM::Policy',
      'AWS::Lambda::Permission',
      'AWS::SQS::QueuePolicy',
    ]) {
      expect(tagProperty(type, {}), type).toBeNull();
    }
    expect(tagProperty('Custom::Seed', { Tags: [{ Key: 'owner', Value: 'x' }] })).toBeNull();
  });
});

describe('checkTemplateTags', () => {
  it('passes the example app with one result per stack, counting its taggable resources', () => {
    expect(checkTemplateTags(keys, 'staging', demoStacks)).toEqual([
      {
        check: 'required-tags',
        stack: 'DemoData',
        passed: true,
        message: '2 of 2 taggable resource(s) carry owner, cost-center in the template',
      },
      {
        check: 'required-tags',
        stack: 'DemoQueue',
        passed: true,
        message: '3 of 3 taggable resource(s) carry owner, cost-center in the template',
      },
      {
        check: 'required-tags',
        stack: 'DemoApi',
        passed: true,
        message: '3 of 3 taggable resource(s) carry owner, cost-center in the template',
      },
    ]);
  });

  it('fails each resource that lacks a key required in this environment, one result each', () => {
    const results = checkTemplateTags([...keys, 'data-classification'], 'prod', [demoStacks[0]!]);
    expect(results).toEqual([
      {
        check: 'required-tags',
        stack: 'DemoData',
        resource: 'RequestsC42AC379',
        passed: false,
        message:
          'AWS::DynamoDB::Table lacks tag(s) data-classification (required in prod: owner, cost-center, data-classification)',
      },
      {
        check: 'required-tags',
        stack: 'DemoData',
        resource: 'Reports65402A0A',
        passed: false,
        message:
          'AWS::S3::Bucket lacks tag(s) data-classification (required in prod: owner, cost-center, data-classification)',
      },
    ]);
  });

  it("counts the stack's tags, which CloudFormation propagates, under the resource's own", () => {
    // Charlie (multi-stack fixture) declares no tags at all: a table and an SSM parameter.
    const charlie = { stackName: 'Charlie', template: template('Charlie') };
    expect(checkTemplateTags(keys, 'dev', [{ ...charlie, stackTags: demoTags }])).toEqual([
      {
        check: 'required-tags',
        stack: 'Charlie',
        passed: true,
        message: '2 of 2 taggable resource(s) carry owner, cost-center in the template',
      },
    ]);
    expect(
      checkTemplateTags(keys, 'dev', [{ ...charlie, stackTags: { owner: 'me' } }]).map((r) => [
        r.resource,
        r.passed,
        r.message,
      ]),
    ).toEqual([
      [
        'TableCD117FA1',
        false,
        'AWS::DynamoDB::Table lacks tag(s) cost-center (required in dev: owner, cost-center)',
      ],
      [
        'Wiring0EF05F89',
        false,
        'AWS::SSM::Parameter lacks tag(s) cost-center (required in dev: owner, cost-center)',
      ],
    ]);
  });

  it('fails an empty value, even over a non-empty stack tag', () => {
    const stack = stackOf(
      { Queue: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'owner', Value: ' ' }] } } },
      demoTags,
    );
    expect(checkTemplateTags(keys, 'dev', [stack])).toEqual([
      {
        check: 'required-tags',
        stack: 'Api',
        resource: 'Queue',
        passed: false,
        message: 'AWS::SQS::Queue has empty tag(s) owner (required in dev: owner, cost-center)',
      },
    ]);
  });

  it('reads tags as a map and under the property a type uses, and skips what cannot be tagged', () => {
    const stack = stackOf({
      Param: {
        Type: 'AWS::SSM::Parameter',
        Properties: { Tags: { owner: 'a', 'cost-center': 'b' } },
      },
      Pool: { Type: 'AWS::Cognito::UserPool', Properties: { UserPoolTags: { owner: 'a' } } },
      Job: { Type: 'AWS::Glue::Job', Properties: { Tags: { owner: 'a', 'cost-center': 'b' } } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p' } },
      Permission: { Type: 'AWS::Lambda::Permission', Properties: {} },
      Metadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2' } },
      Seed: { Type: 'Custom::Seed', Properties: { Tags: [] } },
    });
    expect(checkTemplateTags(keys, 'dev', [stack])).toEqual([
      {
        check: 'required-tags',
        stack: 'Api',
        resource: 'Pool',
        passed: false,
        message:
          'AWS::Cognito::UserPool lacks tag(s) cost-center (required in dev: owner, cost-center)',
      },
      {
        check: 'required-tags',
        stack: 'Api',
        passed: true,
        message: '2 of 3 taggable resource(s) carry owner, cost-center in the template',
      },
    ]);
  });

  it('skips, visibly, a tag value an intrinsic function computes, to be checked live', () => {
    const stack = stackOf(
      {
        Bucket: {
          Type: 'AWS::S3::Bucket',
          Properties: { Tags: [{ Key: 'cost-center', Value: { Ref: 'CostCenter' } }] },
        },
        Topic: { Type: 'AWS::SNS::Topic', Properties: { Tags: { 'Fn::If': ['IsProd', [], []] } } },
      },
      { owner: 'me' },
    );
    expect(checkTemplateTags(keys, 'dev', [stack])).toEqual([
      {
        check: 'required-tags',
        stack: 'Api',
        resource: 'Bucket',
        passed: true,
        skipped: true,
        message:
          'AWS::S3::Bucket: tag cost-center is computed by Ref when deploying; checked live after deploying',
      },
      {
        check: 'required-tags',
        stack: 'Api',
        resource: 'Topic',
        passed: true,
        skipped: true,
        message:
          'AWS::SNS::Topic: tag cost-center may be set by Fn::If when deploying; checked live after deploying',
      },
    ]);
  });

  it('says so for a stack with no taggable resource, and checks nothing when no key is required', () => {
    const stack = stackOf({ Policy: { Type: 'AWS::IAM::Policy', Properties: {} } });
    expect(checkTemplateTags(keys, 'dev', [stack])).toEqual([
      {
        check: 'required-tags',
        stack: 'Api',
        passed: true,
        message: 'no taggable resource in the template',
      },
    ]);
    expect(checkTemplateTags([], 'dev', demoStacks)).toEqual([]);
  });
});

describe('checkLiveTags', () => {
  const resource = (
    logicalId: string,
    resourceType: string,
    tags: Record<string, string> | null,
    stackName = 'DemoData',
  ) => ({ stackName, logicalId, resourceType, tags });

  it('fails a resource whose live tags lack a key, passes the rest per stack, skips unreadable ones', () => {
    const results = checkLiveTags(keys, [
      resource('RequestsC42AC379', 'AWS::DynamoDB::Table', {
        ...demoTags,
        'aws:cloudformation:stack-name': 'DemoData',
      }),
      resource('Reports65402A0A', 'AWS::S3::Bucket', { owner: 'platform-team', 'cost-center': '' }),
      resource('Key1', 'AWS::KMS::Key', null),
      resource('Policy1', 'AWS::IAM::Policy', null),
      resource('WorkBF636A8B', 'AWS::SQS::Queue', { owner: 'platform-team' }, 'DemoQueue'),
    ]);
    expect(results).toEqual([
      {
        check: 'required-tags',
        stack: 'DemoData',
        resource: 'Reports65402A0A',
        passed: false,
        message: 'AWS::S3::Bucket has empty tag(s) cost-center live',
      },
      {
        check: 'required-tags',
        stack: 'DemoData',
        resource: 'Key1',
        passed: true,
        skipped: true,
        message:
          'AWS::KMS::Key: tags could not be read live, so owner, cost-center are not verified',
      },
      {
        check: 'required-tags',
        stack: 'DemoData',
        passed: true,
        message: '1 of 3 taggable resource(s) carry owner, cost-center live',
      },
      {
        check: 'required-tags',
        stack: 'DemoQueue',
        resource: 'WorkBF636A8B',
        passed: false,
        message: 'AWS::SQS::Queue lacks tag(s) cost-center live',
      },
    ]);
  });

  it('checks nothing when no key is required', () => {
    expect(checkLiveTags([], [resource('Q', 'AWS::SQS::Queue', {})])).toEqual([]);
  });
});
