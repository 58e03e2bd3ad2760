import { describe, expect, it } from 'vitest';
import { templateProblems } from '../../src/assembly/check-template.js';

const queue = { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } };

function withResources(resources: Record<string, unknown>, rest: Record<string, unknown> = {}) {
  return { Resources: resources, ...rest };
}

describe('templateProblems', () => {
  it('finds nothing wrong in a sound template', () => {
    const template = withResources(
      {
        Queue: queue,
        Topic: { Type: 'AWS::SNS::Topic', DependsOn: 'Queue', Condition: 'IsProd' },
        Sub: {
          Type: 'Custom::Thing',
          Properties: {
            Url: { 'Fn::Sub': '${Queue.QueueName}-${Stage}-${AWS::Region}-${!Literal}' },
            Other: { 'Fn::Sub': ['${Local}', { Local: { Ref: 'Queue' } }] },
            Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] },
            Dotted: { 'Fn::GetAtt': 'Queue.Arn' },
            Region: { Ref: 'AWS::Region' },
          },
        },
      },
      {
        Parameters: { Stage: { Type: 'String' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
        Outputs: { QueueUrl: { Value: { Ref: 'Queue' } } },
      },
    );
    expect(templateProblems(template)).toEqual([]);
  });

  it.each([
    ['not an object', [], /not a JSON object/],
    ['no Resources', { Outputs: {} }, /no Resources/],
    ['empty Resources', withResources({}), /no Resources/],
    [
      'an unknown section',
      withResources({ Queue: queue }, { Resource: {} }),
      /'Resource' is not a template section/,
    ],
    [
      'a resource without Type',
      withResources({ Queue: { Properties: {} } }),
      /Resources\.Queue has no Type/,
    ],
    [
      'a malformed Type',
      withResources({ Queue: { Type: 'SQS Queue' } }),
      /'SQS Queue' is not a resource type/,
    ],
    [
      'Properties that are not an object',
      withResources({ Queue: { Type: 'AWS::SQS::Queue', Properties: [] } }),
      /Properties is not an object/,
    ],
    [
      'a Ref to nothing',
      withResources({
        Queue: queue,
        Topic: { Type: 'AWS::SNS::Topic', Properties: { Name: { Ref: 'Missing' } } },
      }),
      /Resources\.Topic\.Properties\.Name: Ref to 'Missing'/,
    ],
    [
      'a GetAtt of nothing',
      withResources(
        { Queue: queue },
        { Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Gone', 'Arn'] } } } },
      ),
      /Outputs\.Arn\.Value: Fn::GetAtt of 'Gone'/,
    ],
    [
      'a Sub naming nothing',
      withResources({
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${Nope}-q' } } },
      }),
      /Fn::Sub names '\$\{Nope\}'/,
    ],
    [
      'a DependsOn on nothing',
      withResources({ Queue: { ...queue, DependsOn: ['Ghost'] } }),
      /DependsOn names 'Ghost'/,
    ],
    [
      'an unknown Condition',
      withResources({ Queue: { ...queue, Condition: 'Never' } }),
      /Condition names 'Never'/,
    ],
    [
      'a parameter without Type',
      withResources({ Queue: queue }, { Parameters: { Stage: {} } }),
      /Parameters\.Stage has no Type/,
    ],
    [
      'an output without Value',
      withResources({ Queue: queue }, { Outputs: { Url: { Export: {} } } }),
      /Outputs\.Url has no Value/,
    ],
  ])('finds %s', (_name, template, expected) => {
    expect(templateProblems(template).join('\n')).toMatch(expected);
  });

  it('leaves references to a transform, which brings names of its own', () => {
    const template = withResources(
      { Fn: { Type: 'AWS::Serverless::Function', Properties: { Role: { Ref: 'FnRole' } } } },
      { Transform: 'AWS::Serverless-2016-10-31' },
    );
    expect(templateProblems(template)).toEqual([]);
  });

  it('leaves a template with a transform to CloudFormation, Fn::ForEach keys among them', () => {
    const template = withResources(
      {
        'Fn::ForEach::Topics': [
          'TopicName',
          ['Success', 'Failure'],
          { 'SnsTopic${TopicName}': { Type: 'AWS::SNS::Topic' } },
        ],
      },
      { Transform: 'AWS::LanguageExtensions' },
    );
    expect(templateProblems(template)).toEqual([]);
  });

  it('lists every problem, not only the first', () => {
    const template = withResources({ A: { Properties: { X: { Ref: 'B' } } }, C: { Type: 'x' } });
    expect(templateProblems(template)).toHaveLength(3);
  });
});
