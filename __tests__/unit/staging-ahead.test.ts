/**
 * Change sets made ahead, driven through the deploy lifecycle with the fake engine (see
 * fake-engine.ts): the tests need to hold one stack's execute while watching which change sets
 * the others already have, refuse a change set as stale at will, and fail an execute; the emulator
 * cannot be made to do these at chosen moments. The real engine's part is in
 * __tests__/integration/change-sets-ahead.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AssetPublisher } from '../../src/assets/publish-assets.js';
import { AwsEnvironments } from '../../src/aws/aws-environment.js';
import { BootstrapCheck } from '../../src/aws/bootstrap-check.js';
import { Cancellation } from '../../src/lifecycle/cancellation.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import { FakeEngine } from '../support/fake-engine.js';
import { testSettings } from '../support/settings.js';
import { writeTestAssembly } from '../support/test-assembly.js';

beforeAll(() => {
  process.env.GITHUB_STATE = join(mkdtempSync(join(tmpdir(), 'state-')), 'state');
  writeFileSync(process.env.GITHUB_STATE, '');
});

function deploy(
  engine: FakeEngine,
  cloudAssembly: string,
  cancellation?: Cancellation,
): Promise<DeploymentRun> {
  return runLifecycle(
    testSettings({ cloudAssembly, rollback: false }),
    (deploymentId) => ({
      deploymentId,
      engine,
      environments: new AwsEnvironments('us-east-1'),
      bootstrap: new BootstrapCheck(),
      assets: new AssetPublisher(),
      parameters: { all: {}, byStack: {} },
    }),
    { sink: () => undefined, ...(cancellation ? { cancellation } : {}) },
  );
}

/** A exports its queue's URL, B imports it (and depends on A), C imports B's. */
function chain(version: { aQueueProps?: Record<string, unknown>; extra?: boolean }): string {
  const template = (name: string, imports: string | null) => ({
    Resources: {
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: (name === 'A' ? version.aQueueProps : undefined) ?? {},
      },
      ...(version.extra ? { Extra: { Type: 'AWS::SQS::Queue' } } : {}),
    },
    Outputs: {
      QueueUrl: { Value: { Ref: 'Queue' }, Export: { Name: `${name}:QueueUrl` } },
      ...(imports ? { Imported: { Value: { 'Fn::ImportValue': `${imports}:QueueUrl` } } } : {}),
    },
  });
  return writeTestAssembly([
    { name: 'A', template: template('A', null) },
    { name: 'B', dependsOn: ['A'], template: template('B', 'A') },
    { name: 'C', dependsOn: ['B'], template: template('C', 'B') },
  ]);
}

const stagedBefore = (engine: FakeEngine, executeOf: string): string[] => {
  const at = engine.calls.findIndex((c) => c.operation === 'deploy' && c.stack === executeOf);
  return engine.calls
    .slice(0, at)
    .filter((c) => c.operation === 'stage')
    .map((c) => c.stack);
};

describe('change sets made ahead', () => {
  it('makes every change set at the start when each import keeps its value', async () => {
    const engine = new FakeEngine();
    expect((await deploy(engine, chain({}))).deployment.status).toBe('completed');
    engine.calls.length = 0;
    // C's change set is made while A's is still being computed.
    const a = engine.hold('stage', 'A');
    const c = engine.hold('stage', 'C');
    const running = deploy(engine, chain({ extra: true }));
    await c.whenStarted;
    c.release();
    a.release();
    const run = await running;
    expect(run.deployment.status).toBe('completed');
    expect(stagedBefore(engine, 'A').sort()).toEqual(['A', 'B', 'C']);
    expect(engine.calls.filter((c) => c.operation === 'deploy').map((c) => c.stack)).toEqual([
      'A',
      'B',
      'C',
    ]);
    const stackB = run.stacks.find((s) => s.name === 'B');
    const stackC = run.stacks.find((s) => s.name === 'C');
    expect(Date.parse(stackC?.changeSetCreatedAt ?? '')).toBeLessThanOrEqual(
      Date.parse(stackB?.startTime ?? ''),
    );
    expect(run.stacks.every((s) => s.timings !== null)).toBe(true);
    expect(run.deployment.criticalPath?.stacks).toEqual(['A', 'B', 'C']);
    expect(engine.pendingChangeSets).toEqual([]);
  });

  it('waits for a stack whose imported export may change, not for what imports from it', async () => {
    const engine = new FakeEngine();
    await deploy(engine, chain({}));
    engine.calls.length = 0;
    // A's queue changes (it may be replaced), so the URL B imports may change: B waits. C
    // imports B's URL, which does not change (B's deployed template is read to tell): C does not.
    const a = engine.hold('stage', 'A');
    const c = engine.hold('stage', 'C');
    const running = deploy(engine, chain({ aQueueProps: { DelaySeconds: 5 } }));
    await c.whenStarted;
    c.release();
    a.release();
    const run = await running;
    expect(run.deployment.status).toBe('completed');
    const order = engine.calls.map((c) => `${c.operation} ${c.stack}`);
    expect(order.indexOf('stage B')).toBeGreaterThan(order.indexOf('deploy A'));
    expect(order.indexOf('stage C')).toBeLessThan(order.indexOf('deploy A'));
    expect(order.filter((c) => c.startsWith('stage'))).toHaveLength(3);
  });

  it('makes a new stack wait for the new export it imports (a first deploy)', async () => {
    const engine = new FakeEngine();
    const run = await deploy(engine, chain({}));
    expect(run.deployment.status).toBe('completed');
    expect(stagedBefore(engine, 'A')).toEqual(['A']);
    expect(stagedBefore(engine, 'B')).toEqual(['A', 'B']);
  });

  it('makes the change sets of independent stacks at once, new stacks too', async () => {
    const engine = new FakeEngine();
    const assembly = writeTestAssembly([
      { name: 'A' },
      { name: 'B' },
      { name: 'C', dependsOn: ['A', 'B'] },
    ]);
    const hold = engine.hold('deploy', 'A');
    const running = deploy(engine, assembly);
    await hold.whenStarted;
    expect(engine.calls.filter((c) => c.operation === 'stage').map((c) => c.stack)).toEqual(
      expect.arrayContaining(['A', 'B', 'C']),
    );
    hold.release();
    expect((await running).deployment.status).toBe('completed');
  });

  it('makes a change set refused as stale once more, and executes that one', async () => {
    const engine = new FakeEngine();
    await deploy(engine, chain({}));
    engine.calls.length = 0;
    engine.goStale('B');
    const run = await deploy(engine, chain({ extra: true }));
    expect(run.deployment.status).toBe('completed');
    expect(engine.calls.filter((c) => c.operation === 'stage' && c.stack === 'B')).toHaveLength(2);
    expect(engine.calls.filter((c) => c.operation === 'deploy' && c.stack === 'B')).toHaveLength(1);
    expect(engine.pendingChangeSets).toEqual([]);
  });

  it('deletes the change sets it did not execute when a stack fails', async () => {
    const engine = new FakeEngine();
    await deploy(engine, chain({}));
    engine.calls.length = 0;
    engine.failOn('deploy', 'A', new Error('Stack A failed (UPDATE_ROLLBACK_COMPLETE)'));
    const run = await deploy(engine, chain({ extra: true }));
    expect(run.deployment.status).toBe('failed');
    expect(engine.discarded.sort()).toEqual(['B', 'C']);
    expect(engine.pendingChangeSets).toEqual([]);
    const logs = run.deployment.toRecord().logs.map((l) => l.message);
    expect(logs.filter((m) => m.startsWith('Deleted its change set made ahead'))).toHaveLength(2);
  });

  it('deletes the change sets it did not execute when the run is cancelled', async () => {
    const engine = new FakeEngine();
    await deploy(engine, chain({}));
    engine.calls.length = 0;
    const hold = engine.hold('deploy', 'A');
    const stagingC = engine.hold('stage', 'C');
    const cancellation = new Cancellation();
    const running = deploy(engine, chain({ extra: true }), cancellation);
    await stagingC.whenStarted;
    stagingC.release();
    await hold.whenStarted;
    cancellation.request('SIGINT');
    hold.release();
    const run = await running;
    expect(run.deployment.status).toBe('failed');
    expect(engine.discarded.sort()).toEqual(['B', 'C']);
    expect(engine.pendingChangeSets).toEqual([]);
  });
});
