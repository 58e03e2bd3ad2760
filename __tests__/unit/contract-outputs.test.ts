import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CloudFormationTemplate } from '../../src/assembly/stack-artifact.js';
import { loadContract, parseContract } from '../../src/verify/contract/load-contract.js';
import {
  checkOutputContract,
  checkOutputContractOnTemplates,
} from '../../src/verify/contract/output-contract.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/contracts/${name}`, import.meta.url));
const template = (stack: string) =>
  JSON.parse(
    readFileSync(fixture(`templates/${stack}.template.json`), 'utf8'),
  ) as CloudFormationTemplate;

const demo = loadContract(fixture('demo.yml'));

/** The demo app's outputs as CloudFormation reports them after deploying. */
function deployed(overrides: Record<string, Record<string, string | undefined>> = {}) {
  const outputs: Record<string, Record<string, string | undefined>> = {
    DemoData: {
      TableName: 'DemoData-RequestsC42AC379-1TQ8Z',
      BucketName: 'demodata-reports65402a0a-x1y2',
    },
    DemoQueue: {
      QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/DemoQueue-WorkBF636A8B',
      TopicArn: 'arn:aws:sns:eu-west-1:111111111111:DemoQueue-Notifications',
    },
    DemoApi: {
      ApiFunctionName: 'DemoApi-ApiFunctionCE271BD4-abc',
      ApiFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:DemoApi-ApiFunction',
    },
  };
  return Object.entries(outputs).map(([stackName, values]) => {
    const merged = { ...values, ...overrides[stackName] };
    return {
      id: stackName,
      stackName,
      outputs: Object.fromEntries(
        Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined),
      ),
    };
  });
}

describe('checkOutputContract', () => {
  it('passes with one result per stack naming the outputs checked in this environment', () => {
    expect(checkOutputContract(demo, 'staging', deployed())).toEqual([
      {
        check: 'output-contract',
        stack: 'DemoData',
        passed: true,
        message: '2 output(s) meet the contract after deploying: TableName, BucketName',
      },
      {
        check: 'output-contract',
        stack: 'DemoQueue',
        passed: true,
        message: '1 output(s) meet the contract after deploying: QueueUrl',
      },
      {
        check: 'output-contract',
        stack: 'DemoApi',
        passed: true,
        message: '2 output(s) meet the contract after deploying: ApiFunctionName, ApiFunctionArn',
      },
    ]);
  });

  it('applies environment-scoped expectations only in their environment', () => {
    const withoutTopic = deployed({ DemoQueue: { TopicArn: undefined } });
    expect(checkOutputContract(demo, 'staging', withoutTopic).every((r) => r.passed)).toBe(true);
    const prod = checkOutputContract(demo, 'prod', withoutTopic);
    expect(prod.filter((r) => !r.passed)).toEqual([
      {
        check: 'output-contract',
        stack: 'DemoQueue',
        passed: false,
        message: 'output TopicArn is not set (contract /outputs/DemoQueue/TopicArn)',
      },
    ]);
  });

  it('fails each output that is missing or does not match, one result each', () => {
    const results = checkOutputContract(
      demo,
      'staging',
      deployed({
        DemoQueue: { QueueUrl: 'sqs.eu-west-1.amazonaws.com/111111111111/DemoQueue-Work' },
        DemoApi: { ApiFunctionName: undefined, ApiFunctionArn: 'DemoApi-ApiFunction' },
      }),
    );
    expect(results.filter((r) => !r.passed).map((r) => [r.stack, r.message])).toEqual([
      [
        'DemoQueue',
        "output QueueUrl is 'sqs.eu-west-1.amazonaws.com/111111111111/DemoQueue-Work', which does not match the pattern '^https?://' (contract /outputs/DemoQueue/QueueUrl)",
      ],
      ['DemoApi', 'output ApiFunctionName is not set (contract /outputs/DemoApi/ApiFunctionName)'],
      [
        'DemoApi',
        "output ApiFunctionArn is 'DemoApi-ApiFunction', which does not match the pattern '^arn:aws[a-z-]*:lambda:' (contract /outputs/DemoApi/ApiFunctionArn)",
      ],
    ]);
    expect(results.filter((r) => r.passed).map((r) => r.stack)).toEqual(['DemoData']);
  });

  it('compares equals by text, takes one expectation per environment and checks absence', () => {
    const contract = parseContract(
      [
        'version: 1',
        'outputs:',
        '  Prod/Api:',
        '    Port: { equals: 443 }',
        '    Stage:',
        '      - { equals: prod, environments: [prod] }',
        '      - { equals: staging, environments: [staging] }',
        '    DebugUrl: { exists: false }',
      ].join('\n'),
      'c.yml',
    );
    const stacks = [
      { id: 'Prod/Api', stackName: 'prod-api', outputs: { Port: '443', Stage: 'prod' } },
    ];
    expect(checkOutputContract(contract, 'prod', stacks)).toEqual([
      {
        check: 'output-contract',
        stack: 'prod-api',
        passed: true,
        message: '3 output(s) meet the contract after deploying: Port, Stage, DebugUrl',
      },
    ]);
    expect(checkOutputContract(contract, 'staging', stacks).filter((r) => !r.passed)).toEqual([
      expect.objectContaining({
        stack: 'prod-api',
        message: "output Stage is 'prod', expected 'staging' (contract /outputs/Prod~1Api/Stage/1)",
      }),
    ]);
    const withDebug = [{ ...stacks[0]!, outputs: { ...stacks[0]!.outputs, DebugUrl: 'http://x' } }];
    expect(checkOutputContract(contract, 'prod', withDebug).filter((r) => !r.passed)).toEqual([
      expect.objectContaining({
        message:
          "output DebugUrl is set to 'http://x', expected to be absent (contract /outputs/Prod~1Api/DebugUrl)",
      }),
    ]);
  });

  it('skips, visibly, the outputs of a stack that was not deployed in this run', () => {
    const results = checkOutputContract(
      demo,
      'staging',
      deployed().filter((s) => s.stackName !== 'DemoApi'),
    );
    expect(results).toContainEqual({
      check: 'output-contract',
      stack: 'DemoApi',
      passed: true,
      skipped: true,
      message:
        'stack DemoApi is not deployed in this run, so its output(s) ApiFunctionName, ApiFunctionArn are not verified',
    });
  });
});

describe('checkOutputContractOnTemplates', () => {
  const templates = ['DemoData', 'DemoQueue', 'DemoApi'].map((stackName) => ({
    id: stackName,
    stackName,
    template: template(stackName),
  }));

  it('passes outputs the templates declare, their computed values left to after deploying', () => {
    const results = checkOutputContractOnTemplates(demo, 'prod', templates);
    expect(results.every((r) => r.passed && !r.skipped)).toBe(true);
    expect(results.map((r) => r.message)).toEqual([
      '2 output(s) meet the contract in the template: TableName, BucketName',
      '2 output(s) meet the contract in the template: QueueUrl, TopicArn',
      '2 output(s) meet the contract in the template: ApiFunctionName, ApiFunctionArn',
    ]);
  });

  it('fails, before deploying, an output the template does not declare or a literal that does not match', () => {
    const contract = parseContract(
      "version: 1\noutputs:\n  DemoApi:\n    ApiUrl: { pattern: '^https://' }\n    Stage: { equals: prod }\n",
      'c.yml',
    );
    const api = {
      ...templates[2]!,
      template: { ...templates[2]!.template, Outputs: { Stage: { Value: 'staging' } } },
    };
    expect(checkOutputContractOnTemplates(contract, 'prod', [api])).toEqual([
      {
        check: 'output-contract',
        stack: 'DemoApi',
        passed: false,
        message:
          "output ApiUrl is not declared in the template's Outputs, so the deployed stack will not have it (contract /outputs/DemoApi/ApiUrl)",
      },
      {
        check: 'output-contract',
        stack: 'DemoApi',
        passed: false,
        message: "output Stage is 'staging', expected 'prod' (contract /outputs/DemoApi/Stage)",
      },
    ]);
  });
});
