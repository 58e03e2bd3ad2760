import { describe, expect, it } from 'vitest';
import { Deployment } from '../../src/model/deployment.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { Resource, type ResourceDescription } from '../../src/model/resource.js';
import { Stack, type StackIdentity } from '../../src/model/stack.js';
import {
  DEPLOYMENT_STATUSES,
  IllegalTransitionError,
  RESOURCE_STATUSES,
  STACK_STATUSES,
  type DeploymentStatus,
  type ResourceStatus,
  type StackStatus,
} from '../../src/model/transitions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/*
 * The legal transitions, written out from the seed's diagrams (seed/data-model.md), not taken from
 * src/model/transitions.ts, so a wrong table there fails here.
 *
 * "any -> failed" is read as: from every state that is not already an end. For a Deployment the
 * ends are completed (reported as such) and rolled_back; failed -> failed is no change. A deployed
 * Stack is not an end: its verification runs after it is deployed and may fail it.
 */
const DEPLOYMENT_LEGAL: Record<DeploymentStatus, DeploymentStatus[]> = {
  pending: ['synthesizing', 'failed'],
  synthesizing: ['deploying', 'failed'],
  deploying: ['verifying', 'failed'],
  verifying: ['completed', 'failed'],
  completed: [],
  failed: ['rolled_back'],
  rolled_back: [],
};

const STACK_LEGAL: Record<StackStatus, StackStatus[]> = {
  pending: ['synthesizing', 'failed'],
  synthesizing: ['deploying', 'failed'],
  deploying: ['deployed', 'failed'],
  deployed: ['failed'],
  failed: [],
};

const RESOURCE_LEGAL: Record<ResourceStatus, ResourceStatus[]> = {
  creating: ['available', 'failed'],
  available: [],
  failed: [],
};

/** How to reach each state from the initial one along the seed's happy and failure paths. */
const DEPLOYMENT_PATH: Record<DeploymentStatus, DeploymentStatus[]> = {
  pending: [],
  synthesizing: ['synthesizing'],
  deploying: ['synthesizing', 'deploying'],
  verifying: ['synthesizing', 'deploying', 'verifying'],
  completed: ['synthesizing', 'deploying', 'verifying', 'completed'],
  failed: ['failed'],
  rolled_back: ['failed', 'rolled_back'],
};

const STACK_PATH: Record<StackStatus, StackStatus[]> = {
  pending: [],
  synthesizing: ['synthesizing'],
  deploying: ['synthesizing', 'deploying'],
  deployed: ['synthesizing', 'deploying', 'deployed'],
  failed: ['failed'],
};

const RESOURCE_PATH: Record<ResourceStatus, ResourceStatus[]> = {
  creating: [],
  available: ['available'],
  failed: ['failed'],
};

interface Pair<S> {
  from: S;
  to: S;
  label: string;
}

function pairs<S extends string>(statuses: readonly S[], legal: Record<S, S[]>) {
  const ok: Pair<S>[] = [];
  const bad: Pair<S>[] = [];
  for (const from of statuses) {
    for (const to of statuses) {
      (legal[from].includes(to) ? ok : bad).push({ from, to, label: `${from} -> ${to}` });
    }
  }
  return { ok, bad };
}

const identity: StackIdentity = {
  name: 'Api',
  artifactId: 'Prod/Api',
  environment: 'aws://111111111111/eu-west-1',
  templatePath: '/tmp/cdk.out/Api.template.json',
  dependencies: ['Network'],
};

const description: ResourceDescription = {
  stackName: 'Api',
  resourceType: 'AWS::SQS::Queue',
  logicalId: 'Queue',
  physicalId: 'https://sqs.eu-west-1.amazonaws.com/111111111111/queue',
  properties: { VisibilityTimeout: 30 },
  tags: { owner: 'team' },
  cloudformationStatus: 'CREATE_COMPLETE',
};

function deploymentAt(status: DeploymentStatus): Deployment {
  const deployment = new Deployment('dev', 'deploy');
  for (const step of DEPLOYMENT_PATH[status]) deployment.transition(step);
  expect(deployment.status).toBe(status);
  return deployment;
}

function stackAt(status: StackStatus): Stack {
  const stack = new Stack('00000000-0000-4000-8000-000000000000', identity);
  for (const step of STACK_PATH[status]) stack.transition(step);
  expect(stack.status).toBe(status);
  return stack;
}

function resourceAt(status: ResourceStatus): Resource {
  const resource = new Resource('00000000-0000-4000-8000-000000000000', description);
  for (const step of RESOURCE_PATH[status]) resource.transition(step);
  expect(resource.status).toBe(status);
  return resource;
}

describe('the expected tables', () => {
  it('cover every status of each enum and name only known statuses', () => {
    const check = <S extends string>(statuses: readonly S[], legal: Record<S, S[]>) => {
      expect(Object.keys(legal).sort()).toEqual([...statuses].sort());
      for (const targets of Object.values<S[]>(legal)) {
        for (const target of targets) expect(statuses).toContain(target);
      }
    };
    check(DEPLOYMENT_STATUSES, DEPLOYMENT_LEGAL);
    check(STACK_STATUSES, STACK_LEGAL);
    check(RESOURCE_STATUSES, RESOURCE_LEGAL);
  });

  it('use exactly the seed status enums', () => {
    expect([...DEPLOYMENT_STATUSES].sort()).toEqual(
      [
        'pending',
        'synthesizing',
        'deploying',
        'verifying',
        'completed',
        'failed',
        'rolled_back',
      ].sort(),
    );
    expect([...STACK_STATUSES].sort()).toEqual(
      ['pending', 'synthesizing', 'deploying', 'deployed', 'failed'].sort(),
    );
    expect([...RESOURCE_STATUSES].sort()).toEqual(['creating', 'available', 'failed'].sort());
  });
});

describe('Deployment transitions', () => {
  const { ok, bad } = pairs(DEPLOYMENT_STATUSES, DEPLOYMENT_LEGAL);

  it.each(ok)('allows $label', ({ from, to }) => {
    const deployment = deploymentAt(from);
    deployment.transition(to);
    expect(deployment.status).toBe(to);
    expect(deployment.toRecord().status_history.at(-1)?.status).toBe(to);
  });

  it.each(bad)('refuses $label', ({ from, to }) => {
    const deployment = deploymentAt(from);
    const historyBefore = deployment.toRecord().status_history.length;
    let thrown: unknown;
    try {
      deployment.transition(to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect(thrown).toMatchObject({ entity: 'Deployment', from, to });
    expect((thrown as Error).message).toContain(`'${from}'`);
    expect((thrown as Error).message).toContain(`'${to}'`);
    expect(deployment.status).toBe(from);
    expect(deployment.toRecord().status_history).toHaveLength(historyBefore);
  });
});

describe('Stack transitions', () => {
  const { ok, bad } = pairs(STACK_STATUSES, STACK_LEGAL);

  it.each(ok)('allows $label', ({ from, to }) => {
    const stack = stackAt(from);
    stack.transition(to);
    expect(stack.status).toBe(to);
    expect(stack.toRecord().status_history.at(-1)?.status).toBe(to);
  });

  it.each(bad)('refuses $label', ({ from, to }) => {
    const stack = stackAt(from);
    const historyBefore = stack.toRecord().status_history.length;
    expect(() => stack.transition(to)).toThrow(IllegalTransitionError);
    expect(() => stack.transition(to)).toThrow(`Stack Api cannot go from '${from}' to '${to}'`);
    expect(stack.status).toBe(from);
    expect(stack.toRecord().status_history).toHaveLength(historyBefore);
  });
});

describe('Resource transitions', () => {
  const { ok, bad } = pairs(RESOURCE_STATUSES, RESOURCE_LEGAL);

  it('starts as creating', () => {
    expect(new Resource('00000000-0000-4000-8000-000000000000', description).status).toBe(
      'creating',
    );
  });

  it.each(ok)('allows $label', ({ from, to }) => {
    const resource = resourceAt(from);
    resource.transition(to, 'because');
    expect(resource.status).toBe(to);
    expect(resource.toRecord()).toMatchObject({ status: to, status_reason: 'because' });
  });

  it.each(bad)('refuses $label', ({ from, to }) => {
    const resource = resourceAt(from);
    expect(() => resource.transition(to)).toThrow(IllegalTransitionError);
    expect(() => resource.transition(to)).toThrow(/Resource Queue/);
    expect(resource.status).toBe(from);
  });
});

describe('Deployment', () => {
  it('starts pending, with a UUID id, a start time and no end', () => {
    const deployment = new Deployment('staging', 'deploy');
    expect(deployment.status).toBe('pending');
    expect(deployment.id).toMatch(UUID);
    expect(deployment.start_time).toMatch(ISO);
    expect(deployment.isFinished).toBe(false);
    expect(new Deployment('staging', 'deploy').id).not.toBe(deployment.id);
  });

  it('fail() sets rollback_reason together with the failed status', () => {
    const deployment = deploymentAt('deploying');
    expect(deployment.rollbackReason).toBeNull();
    deployment.fail('Stack Api failed: CREATE_FAILED');
    expect(deployment.status).toBe('failed');
    expect(deployment.rollbackReason).toBe('Stack Api failed: CREATE_FAILED');
    expect(deployment.toRecord().rollback_reason).toBe('Stack Api failed: CREATE_FAILED');
    deployment.transition('rolled_back');
    expect(deployment.toRecord()).toMatchObject({
      status: 'rolled_back',
      rollback_reason: 'Stack Api failed: CREATE_FAILED',
    });
  });

  it('fail() on a completed deployment throws', () => {
    const deployment = deploymentAt('completed');
    expect(() => deployment.fail('too late')).toThrow(IllegalTransitionError);
    expect(deployment.status).toBe('completed');
  });

  it('a refused fail() leaves rollback_reason unset', () => {
    const deployment = deploymentAt('completed');
    expect(() => deployment.fail('too late')).toThrow(IllegalTransitionError);
    expect(deployment.rollbackReason).toBeNull();
  });

  it('records each status change in status_history, in order, with its time', () => {
    const deployment = deploymentAt('completed');
    const history = deployment.toRecord().status_history;
    expect(history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'verifying',
      'completed',
    ]);
    expect(history[0]?.at).toBe(deployment.start_time);
    for (const change of history) expect(change.at).toMatch(ISO);
    const times = history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('sends every log entry to the sink as it is logged, and keeps it', () => {
    const seen: LogEntry[] = [];
    const deployment = new Deployment('dev', 'deploy', (entry) => seen.push(entry));
    deployment.transition('synthesizing');
    deployment.log('warning', 'schema is newer', { stack: 'Api', resource: 'Queue' });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ level: 'info', message: 'Deployment synthesizing' });
    expect(seen[1]).toEqual({
      timestamp: expect.stringMatching(ISO) as unknown,
      level: 'warning',
      stack: 'Api',
      resource: 'Queue',
      message: 'schema is newer',
    });
    expect(deployment.logs).toEqual(seen);
    expect(deployment.toRecord().logs).toEqual(seen);
  });

  it('logs a failed check as an error and keeps the check', () => {
    const seen: LogEntry[] = [];
    const deployment = new Deployment('dev', 'deploy', (entry) => seen.push(entry));
    deployment.recordCheck({ check: 'outputs', stack: 'Api', passed: false, message: 'no Url' });
    deployment.recordCheck({ check: 'complete', stack: 'Api', passed: true, message: 'ok' });
    expect(seen.map((e) => e.level)).toEqual(['error', 'info']);
    expect(seen[0]).toMatchObject({ stack: 'Api', message: 'FAIL outputs: no Url' });
    expect(deployment.toRecord().checks).toHaveLength(2);
  });

  it('finish() sets end_time once', () => {
    const deployment = deploymentAt('completed');
    expect(deployment.toRecord().end_time).toBeNull();
    deployment.finish();
    const end = deployment.toRecord().end_time;
    expect(end).toMatch(ISO);
    expect(Date.parse(end as string)).toBeGreaterThanOrEqual(Date.parse(deployment.start_time));
    deployment.finish();
    expect(deployment.toRecord().end_time).toBe(end);
    expect(deployment.isFinished).toBe(true);
  });

  it('toRecord has every seed field with its type', () => {
    const deployment = new Deployment('prod', 'deploy');
    deployment.setStacksOrder(['Network', 'Api']);
    deployment.transition('synthesizing');
    const record = deployment.toRecord();
    for (const field of [
      'id',
      'status',
      'start_time',
      'end_time',
      'environment',
      'stacks_order',
      'logs',
      'rollback_reason',
    ]) {
      expect(record).toHaveProperty(field);
    }
    expect(record.id).toMatch(UUID);
    expect(record.status).toBe('synthesizing');
    expect(record.start_time).toMatch(ISO);
    expect(record.end_time).toBeNull();
    expect(record.environment).toBe('prod');
    expect(record.stacks_order).toEqual(['Network', 'Api']);
    expect(Array.isArray(record.logs)).toBe(true);
    expect(record.rollback_reason).toBeNull();
  });

  it('toRecord is a snapshot: later changes do not alter it', () => {
    const deployment = new Deployment('dev', 'deploy');
    const order = ['A'];
    deployment.setStacksOrder(order);
    order.push('B');
    const record = deployment.toRecord();
    deployment.transition('synthesizing');
    deployment.setStacksOrder(['C']);
    expect(record.stacks_order).toEqual(['A']);
    expect(record.status_history).toHaveLength(1);
    expect(record.logs).toHaveLength(0);
  });
});

describe('Stack', () => {
  it('fail() sets error_message', () => {
    const stack = stackAt('deploying');
    stack.fail('CREATE_FAILED: Queue');
    expect(stack.toRecord()).toMatchObject({
      status: 'failed',
      error_message: 'CREATE_FAILED: Queue',
    });
  });

  it('records each status change and its start and end times', () => {
    const stack = stackAt('deployed');
    const record = stack.toRecord();
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'deployed',
    ]);
    const at = (s: StackStatus) => record.status_history.find((h) => h.status === s)?.at;
    expect(record.start_time).toBe(at('deploying'));
    expect(record.end_time).toBe(at('deployed'));
  });

  it('keeps the end time of its deployment when verification fails it afterwards', () => {
    const stack = stackAt('deployed');
    const deployedAt = stack.toRecord().end_time;
    stack.fail('output Url missing');
    expect(stack.toRecord()).toMatchObject({ status: 'failed', end_time: deployedAt });
  });

  it('toRecord has every seed field with its type', () => {
    const stack = new Stack('11111111-1111-4111-8111-111111111111', identity);
    stack.outputs = { Url: 'https://example.com' };
    const record = stack.toRecord();
    expect(record).toMatchObject({
      id: expect.stringMatching(UUID) as unknown,
      name: 'Api',
      deployment_id: '11111111-1111-4111-8111-111111111111',
      status: 'pending',
      template_path: '/tmp/cdk.out/Api.template.json',
      outputs: { Url: 'https://example.com' },
      dependencies: ['Network'],
      error_message: null,
    });
    stack.outputs.Url = 'changed';
    expect(record.outputs.Url).toBe('https://example.com');
  });
});

describe('Resource', () => {
  it('toRecord has every seed field with its type', () => {
    const resource = new Resource('22222222-2222-4222-8222-222222222222', description);
    resource.transition('available');
    expect(resource.toRecord()).toMatchObject({
      id: expect.stringMatching(UUID) as unknown,
      stack_id: '22222222-2222-4222-8222-222222222222',
      resource_type: 'AWS::SQS::Queue',
      resource_id: 'https://sqs.eu-west-1.amazonaws.com/111111111111/queue',
      logical_id: 'Queue',
      status: 'available',
      properties: { VisibilityTimeout: 30 },
      tags: { owner: 'team' },
    });
  });
});
