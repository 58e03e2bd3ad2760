import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Deployment } from '../../src/model/deployment.js';
import { toRecordFile, type DeploymentRecordFile } from '../../src/model/record.js';
import { Resource } from '../../src/model/resource.js';
import { Stack, type StackRecord } from '../../src/model/stack.js';
import type { StackStatus } from '../../src/model/transitions.js';
import { cdkOutputs } from '../../src/report/cdk-outputs.js';
import { writeRecordFiles } from '../../src/report/record-files.js';
import { modelErrors, recordSchemaPath, validateRecord } from '../support/record-schema.js';

const outputDirectory = mkdtempSync(join(tmpdir(), 'record-schema-'));
afterAll(() => rmSync(outputDirectory, { recursive: true, force: true }));

/** Two stacks, Api after Network, driven through the whole successful lifecycle. */
function completedRun() {
  const deployment = new Deployment('staging', 'deploy');
  deployment.transition('synthesizing');
  const network = new Stack(deployment.id, {
    name: 'Network',
    artifactId: 'Network',
    environment: 'aws://111111111111/eu-west-1',
    templatePath: '/work/cdk.out/Network.template.json',
    dependencies: [],
  });
  const api = new Stack(deployment.id, {
    name: 'prod-api',
    artifactId: 'Prod/Api',
    environment: 'aws://unknown-account/unknown-region',
    templatePath: '/work/cdk.out/assembly-Prod/ProdApi.template.json',
    dependencies: ['Network'],
  });
  deployment.setStacksOrder(['Network', 'prod-api']);
  network.transition('synthesizing');
  api.transition('synthesizing');
  deployment.transition('deploying');

  const resources: Resource[] = [];
  network.transition('deploying');
  const vpc = new Resource(network.id, {
    stackName: 'Network',
    resourceType: 'AWS::EC2::VPC',
    logicalId: 'Vpc',
    physicalId: 'vpc-0123',
    properties: { CidrBlock: '10.0.0.0/16', EnableDnsSupport: true },
    tags: { owner: 'platform' },
    cloudformationStatus: 'CREATE_COMPLETE',
  });
  vpc.transition('available', 'CloudFormation reports CREATE_COMPLETE');
  resources.push(vpc);
  network.stackArn = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Network/1';
  network.cloudformationStatus = 'CREATE_COMPLETE';
  network.changeSetArn = 'arn:aws:cloudformation:eu-west-1:111111111111:changeSet/cs/1';
  network.changes = 1;
  network.outputs = { VpcId: 'vpc-0123' };
  network.transition('deployed');
  deployment.log('info', 'Deployed', { stack: 'Network' });

  api.transition('deploying');
  const queue = new Resource(api.id, {
    stackName: 'prod-api',
    resourceType: 'AWS::SQS::Queue',
    logicalId: 'Queue',
    physicalId: '',
    properties: {},
    tags: {},
    cloudformationStatus: null,
  });
  resources.push(queue);
  api.noOp = true;
  api.transition('deployed');

  deployment.transition('verifying');
  deployment.recordCheck({ check: 'outputs', stack: 'Network', passed: true, message: 'ok' });
  deployment.transition('completed');
  deployment.finish();
  return { deployment, stacks: [network, api], resources };
}

function completedRecord(): DeploymentRecordFile {
  const { deployment, stacks, resources } = completedRun();
  return toRecordFile(deployment, stacks, resources);
}

/** Moves the time at which a stack record took `status`. */
function retime(stack: StackRecord, status: StackStatus, at: string): void {
  stack.status_history = stack.status_history.map((h) => (h.status === status ? { ...h, at } : h));
}

/** A deep, JSON-only copy to break. */
const copy = (record: DeploymentRecordFile): DeploymentRecordFile =>
  JSON.parse(JSON.stringify(record)) as DeploymentRecordFile;

const SEED_FIELDS = {
  deployment: [
    'id',
    'status',
    'start_time',
    'end_time',
    'environment',
    'stacks_order',
    'logs',
    'rollback_reason',
  ],
  stacks: [
    'id',
    'name',
    'deployment_id',
    'status',
    'template_path',
    'outputs',
    'dependencies',
    'error_message',
  ],
  resources: [
    'id',
    'stack_id',
    'resource_type',
    'resource_id',
    'logical_id',
    'status',
    'properties',
    'tags',
  ],
} as const;

/** The entity object of a record that a seed field list belongs to. */
function entity(record: DeploymentRecordFile, kind: keyof typeof SEED_FIELDS) {
  const target = kind === 'deployment' ? record.deployment : record[kind][0];
  return target as unknown as Record<string, unknown>;
}

describe('the deployment record schema', () => {
  it('is a draft 2020-12 schema kept beside the model', () => {
    const schema = JSON.parse(readFileSync(recordSchemaPath, 'utf8')) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('accepts a record of a full successful lifecycle, as built and as written to disk', () => {
    const record = completedRecord();
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([]);
    const files = writeRecordFiles(outputDirectory, record, cdkOutputs([]));
    const written = JSON.parse(readFileSync(files.recordFile, 'utf8')) as DeploymentRecordFile;
    expect(validateRecord(written)).toEqual([]);
    expect(modelErrors(written)).toEqual([]);
  });

  it('accepts a record of a failed and rolled-back lifecycle', () => {
    const deployment = new Deployment('prod', 'deploy');
    deployment.transition('synthesizing');
    const stack = new Stack(deployment.id, {
      name: 'Api',
      artifactId: 'Api',
      environment: 'aws://111111111111/eu-west-1',
      templatePath: '/work/cdk.out/Api.template.json',
      dependencies: [],
    });
    deployment.setStacksOrder(['Api']);
    stack.transition('synthesizing');
    deployment.transition('deploying');
    stack.transition('deploying');
    const resource = new Resource(stack.id, {
      stackName: 'Api',
      resourceType: 'AWS::Lambda::Function',
      logicalId: 'Handler',
      physicalId: 'api-handler',
      properties: { Runtime: 'nodejs20.x' },
      tags: {},
      cloudformationStatus: 'CREATE_FAILED',
    });
    resource.transition('failed', 'CloudFormation reports CREATE_FAILED');
    stack.fail('Handler: CREATE_FAILED');
    deployment.fail('Stack Api failed: Handler: CREATE_FAILED');
    deployment.transition('rolled_back');
    deployment.finish();
    const record = toRecordFile(deployment, [stack], [resource]);
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([]);
  });

  it('accepts an unfinished record (end_time null) and fields the record may gain', () => {
    const record = copy(completedRecord());
    record.deployment.end_time = null;
    (record.deployment as unknown as Record<string, unknown>).workflow_run = 42;
    (record.stacks[0] as unknown as Record<string, unknown>).drift = 'IN_SYNC';
    expect(validateRecord(record)).toEqual([]);
  });

  for (const [kind, fields] of Object.entries(SEED_FIELDS)) {
    it.each(fields)(`rejects a ${kind} record without the seed field %s`, (field) => {
      const record = copy(completedRecord());
      delete entity(record, kind as keyof typeof SEED_FIELDS)[field];
      const errors = validateRecord(record);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join('\n')).toContain(`'${field}'`);
    });
  }

  it.each([
    [
      'deployment status',
      (r: DeploymentRecordFile) => ((r.deployment as { status: string }).status = 'done'),
    ],
    [
      'stack status',
      (r: DeploymentRecordFile) => ((r.stacks[0] as { status: string }).status = 'created'),
    ],
    [
      'resource status',
      (r: DeploymentRecordFile) => ((r.resources[0] as { status: string }).status = 'ready'),
    ],
    [
      'log level',
      (r: DeploymentRecordFile) => ((r.deployment.logs[0] as { level: string }).level = 'fatal'),
    ],
    [
      'status_history status',
      (r: DeploymentRecordFile) =>
        ((r.stacks[1]!.status_history[0] as { status: string }).status = 'available'),
    ],
  ])('rejects a wrong enum value: %s', (_, breakIt) => {
    const record = copy(completedRecord());
    breakIt(record);
    const errors = validateRecord(record);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/allowed values/);
  });

  it.each([
    ['deployment.id', (r: DeploymentRecordFile) => (r.deployment.id = 'deployment-1')],
    ['stack.id', (r: DeploymentRecordFile) => (r.stacks[0]!.id = '1234')],
    ['stack.deployment_id', (r: DeploymentRecordFile) => (r.stacks[0]!.deployment_id = 'abc')],
    ['resource.id', (r: DeploymentRecordFile) => (r.resources[0]!.id = '')],
    ['resource.stack_id', (r: DeploymentRecordFile) => (r.resources[0]!.stack_id = 'Network')],
  ])('rejects a non-UUID id: %s', (_, breakIt) => {
    const record = copy(completedRecord());
    breakIt(record);
    expect(validateRecord(record).join('\n')).toMatch(/must match format "uuid"/);
  });

  it.each([
    ['start_time', (r: DeploymentRecordFile) => (r.deployment.start_time = 'yesterday')],
    ['end_time', (r: DeploymentRecordFile) => (r.deployment.end_time = '2024-13-45')],
    [
      'log timestamp',
      (r: DeploymentRecordFile) =>
        ((r.deployment.logs[0] as { timestamp: string }).timestamp = '12:00'),
    ],
  ])('rejects a timestamp that is no date-time: %s', (_, breakIt) => {
    const record = copy(completedRecord());
    breakIt(record);
    expect(validateRecord(record).join('\n')).toMatch(/must match format "date-time"/);
  });

  it.each([
    [
      'stacks_order holding a number',
      (r: DeploymentRecordFile) => ((r.deployment.stacks_order as unknown[])[0] = 1),
    ],
    [
      'an output that is not a string',
      (r: DeploymentRecordFile) => ((r.stacks[0]!.outputs as Record<string, unknown>).VpcId = 1),
    ],
    [
      'a tag that is not a string',
      (r: DeploymentRecordFile) => ((r.resources[0]!.tags as Record<string, unknown>).owner = true),
    ],
    [
      'error_message that is a number',
      (r: DeploymentRecordFile) =>
        ((r.stacks[0] as { error_message: unknown }).error_message = 500),
    ],
    [
      'dependencies that are a string',
      (r: DeploymentRecordFile) =>
        ((r.stacks[1] as { dependencies: unknown }).dependencies = 'Network'),
    ],
    [
      'a log entry without a message',
      (r: DeploymentRecordFile) => delete (r.deployment.logs[0] as { message?: string }).message,
    ],
    [
      'a nullable seed field left undefined',
      (r: DeploymentRecordFile) =>
        ((r.deployment as { rollback_reason: unknown }).rollback_reason = undefined),
    ],
  ])('rejects a wrong type: %s', (_, breakIt) => {
    const record = copy(completedRecord());
    breakIt(record);
    expect(validateRecord(record).length).toBeGreaterThan(0);
  });

  it('rejects a failed deployment without a rollback_reason', () => {
    const record = copy(completedRecord());
    record.deployment.status = 'failed';
    record.deployment.status_history.push({ status: 'failed', at: new Date().toISOString() });
    expect(validateRecord(record).join('\n')).toMatch(/rollback_reason/);
    expect(modelErrors(record)).toEqual(['deployment is failed but has no rollback_reason']);
    record.deployment.rollback_reason = 'Stack Api failed';
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([]);
  });
});

describe('modelErrors', () => {
  it('catches a stacks_order that puts a stack before its dependency', () => {
    const record = copy(completedRecord());
    record.deployment.stacks_order = ['prod-api', 'Network'];
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([
      "stacks_order puts 'prod-api' before its dependency 'Network'",
    ]);
  });

  it('catches a stacks_order that leaves out a dependency', () => {
    const record = copy(completedRecord());
    record.deployment.stacks_order = ['prod-api'];
    expect(modelErrors(record).join('\n')).toMatch(/lacks Network/);
  });

  it('catches a stack of another deployment', () => {
    const record = copy(completedRecord());
    record.stacks[1]!.deployment_id = '44444444-4444-4444-8444-444444444444';
    expect(modelErrors(record).join('\n')).toMatch(
      /stack 'prod-api' has deployment_id 44444444-4444-4444-8444-444444444444/,
    );
  });

  it('catches a resource of no stack of the record', () => {
    const record = copy(completedRecord());
    record.resources[0]!.stack_id = '55555555-5555-4555-8555-555555555555';
    expect(modelErrors(record).join('\n')).toMatch(/resource 'Vpc' has stack_id/);
  });

  it('catches a stack that started deploying before its dependency was deployed', () => {
    const record = copy(completedRecord());
    const network = record.stacks[0]!;
    const api = record.stacks[1]!;
    const apiStart = Date.parse(api.status_history.find((h) => h.status === 'deploying')!.at);
    retime(network, 'deployed', new Date(apiStart + 1000).toISOString());
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([
      "stack 'prod-api' started deploying before its dependency 'Network' was deployed",
    ]);
  });

  it('catches a stack that deployed although its dependency never was', () => {
    const record = copy(completedRecord());
    const network = record.stacks[0]!;
    network.status_history = network.status_history.filter((h) => h.status !== 'deployed');
    network.status_history.push({ status: 'failed', at: new Date().toISOString() });
    network.status = 'failed';
    expect(modelErrors(record)).toEqual([
      "stack 'prod-api' started deploying but its dependency 'Network' was never deployed",
    ]);
  });

  it('accepts a dependency deployed in the same millisecond its dependant started', () => {
    const record = copy(completedRecord());
    const at = '2030-01-01T00:00:00.000Z';
    retime(record.stacks[0]!, 'deployed', at);
    retime(record.stacks[1]!, 'deploying', at);
    expect(modelErrors(record)).toEqual([]);
  });

  it('catches a status_history that does not end with the status', () => {
    const record = copy(completedRecord());
    record.deployment.status_history.pop();
    expect(modelErrors(record)).toEqual([
      "deployment status_history does not end with its status 'completed'",
    ]);
  });
});
