/**
 * The one lifecycle, driven through every mode with a fake engine (see fake-engine.ts for why a
 * fake): what the driver owns (phases, hooks, cancellation, checkpoints, closing the engine) must
 * hold the same in deploy, plan and destroy.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AssetPublisher } from '../../src/assets/publish-assets.js';
import { AwsEnvironments } from '../../src/aws/aws-environment.js';
import { BootstrapCheck } from '../../src/aws/bootstrap-check.js';
import { Checkpoints } from '../../src/checkpoints.js';
import { Cancellation } from '../../src/lifecycle/cancellation.js';
import type { ContextFactory } from '../../src/lifecycle/deploy-context.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import type { LifecycleHooks } from '../../src/lifecycle/mode.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import { MODES, type Mode } from '../../src/model/modes.js';
import type { Settings } from '../../src/settings/settings.js';
import { FakeEngine } from '../support/fake-engine.js';
import { testSettings } from '../support/settings.js';
import { writeTestAssembly } from '../support/test-assembly.js';

function contextWith(engine: FakeEngine): ContextFactory {
  return (deploymentId) => ({
    deploymentId,
    engine,
    environments: new AwsEnvironments('us-east-1'),
    bootstrap: new BootstrapCheck(),
    assets: new AssetPublisher(),
    parameters: { all: {}, byStack: {} },
  });
}

function run(
  engine: FakeEngine,
  settings: Partial<Settings>,
  hooks: Partial<LifecycleHooks> = {},
): Promise<DeploymentRun> {
  return runLifecycle(testSettings(settings), contextWith(engine), {
    sink: () => undefined,
    ...hooks,
  });
}

const statusOf = (r: DeploymentRun, name: string) => r.stacks.find((s) => s.name === name)?.status;

let chain: string; // B depends on A
let independent: string; // A, B and C depend on nothing; D on all three

beforeAll(() => {
  process.env.GITHUB_STATE = join(mkdtempSync(join(tmpdir(), 'state-')), 'state');
  writeFileSync(process.env.GITHUB_STATE, '');
  chain = writeTestAssembly([{ name: 'A' }, { name: 'B', dependsOn: ['A'] }]);
  independent = writeTestAssembly([
    { name: 'A' },
    { name: 'B' },
    { name: 'C' },
    { name: 'D', dependsOn: ['A', 'B', 'C'] },
  ]);
});

describe.each(MODES)('the lifecycle in mode %s', (mode: Mode) => {
  it('goes through every stack and closes the engine', async () => {
    const engine = new FakeEngine();
    if (mode === 'destroy') await run(new FakeEngine(), { cloudAssembly: chain });
    const result = await run(engine, { mode, cloudAssembly: chain });
    expect(result.deployment.status).toBe('completed');
    expect(result.stacks.map((s) => s.status)).toEqual(['deployed', 'deployed']);
    expect(engine.closed).toBe(1);
  });

  it('closes the engine when the run fails too', async () => {
    const engine = new FakeEngine();
    const operation = mode === 'deploy' ? 'deploy' : mode === 'plan' ? 'plan' : 'destroy';
    engine.failOn(operation, 'A', new Error('refused'));
    const result = await run(engine, { mode, cloudAssembly: chain });
    expect(result.deployment.status).toBe('failed');
    expect(engine.closed).toBe(1);
  });

  it('keeps the cause when a hook fails after a stack went through', async () => {
    const engine = new FakeEngine();
    const result = await run(
      engine,
      { mode, cloudAssembly: chain },
      {
        stackDone: (stack) => {
          if (stack.name === 'A') throw new Error('the outputs could not be masked: disk full');
        },
      },
    );
    expect(result.deployment.status).not.toBe('completed');
    const a = result.stacks.find((s) => s.name === 'A');
    expect(a?.status).toBe('failed');
    expect(a?.errorMessage).toBe('the outputs could not be masked: disk full');
    expect(result.deployment.rollbackReason).toContain('disk full');
  });

  it('starts no new stack after the first signal, and records the cancel', async () => {
    const engine = new FakeEngine();
    // Destroy goes dependants first: B, then A.
    const first = mode === 'destroy' ? 'B' : 'A';
    const second = mode === 'destroy' ? 'A' : 'B';
    const operation = mode === 'deploy' ? 'deploy' : mode === 'plan' ? 'plan' : 'destroy';
    if (mode === 'destroy') await run(new FakeEngine(), { cloudAssembly: chain });
    for (const name of ['A', 'B']) {
      engine.stacks.set(name, { stackId: `id-${name}`, status: 'CREATE_COMPLETE', outputs: {} });
    }
    const held = engine.hold(operation, first);
    const cancellation = new Cancellation();
    const running = run(engine, { mode, cloudAssembly: chain }, { cancellation });
    await held.whenStarted;
    cancellation.request('SIGINT');
    held.release();
    const result = await running;
    expect(result.deployment.status).toBe('failed');
    expect(engine.calls.filter((c) => c.stack === second && c.operation === operation)).toEqual([]);
    expect(statusOf(result, second)).toBe('failed');
    expect(result.deployment.rollbackReason).toContain('cancelled (SIGINT)');
    expect(engine.leftOver).toBe(0);
    expect(result.deployment.rollback?.outcome).toBe(
      { deploy: 'pending', plan: 'not-needed', destroy: 'disabled' }[mode],
    );
  });

  it('keeps a record when the process is killed mid-way (SIGTERM)', async () => {
    const engine = new FakeEngine();
    const operation = mode === 'deploy' ? 'deploy' : mode === 'plan' ? 'plan' : 'destroy';
    const first = mode === 'destroy' ? 'B' : 'A';
    const held = engine.hold(operation, first);
    const outputDirectory = mkdtempSync(join(tmpdir(), 'records-'));
    const checkpoints = new Checkpoints(outputDirectory, {
      githubDeploymentId: () => null,
      redact: (record) => record,
    });
    const running = run(
      engine,
      { mode, cloudAssembly: chain, outputDirectory },
      { checkpoint: (r) => checkpoints.save(r) },
    );
    await held.whenStarted;
    const abandoned = checkpoints.abandon('cancelled (SIGTERM)');
    expect(abandoned).not.toBeNull();
    const recordFile = join(
      outputDirectory,
      abandoned?.deployment.id ?? '',
      'deployment-record.json',
    );
    expect(existsSync(recordFile)).toBe(true);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as {
      deployment: { status: string; mode: string };
    };
    expect(record.deployment).toMatchObject({ status: 'failed', mode });
    held.release();
    await running.catch(() => undefined);
  });
});

describe('the checkpoint', () => {
  it('is readable by its owner only while the run goes, and removed once it ended', async () => {
    const engine = new FakeEngine();
    const held = engine.hold('deploy', 'A');
    const outputDirectory = mkdtempSync(join(tmpdir(), 'records-'));
    const checkpoints = new Checkpoints(outputDirectory, {
      githubDeploymentId: () => null,
      redact: (record) => record,
    });
    const running = run(
      engine,
      { cloudAssembly: chain, outputDirectory },
      { checkpoint: (r) => checkpoints.save(r) },
    );
    await held.whenStarted;
    const [id] = readdirSync(outputDirectory);
    const file = join(outputDirectory, id ?? '', 'checkpoint.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    held.release();
    checkpoints.finish(await running);
    expect(existsSync(file)).toBe(false);
  });
});

describe('synthesizing', () => {
  it('runs the synth command without the action inputs and the runner tokens', async () => {
    const leaks = `${process.execPath} -e "process.exit(Object.keys(process.env).some((k) => k.startsWith('INPUT_') || k.startsWith('ACTIONS_')) ? 7 : 0)"`;
    const result = await run(
      new FakeEngine(),
      { cloudAssembly: chain, synthCommand: leaks },
      {
        env: {
          ...process.env,
          'INPUT_GITHUB-TOKEN': 'ghs_secret',
          ACTIONS_RUNTIME_TOKEN: 'runtime',
        },
      },
    );
    expect(result.deployment.rollbackReason).toBeNull();
    expect(result.deployment.status).toBe('completed');
  });
});

describe('rolling back', () => {
  it('rolls back independent stacks in parallel, dependants first', async () => {
    const engine = new FakeEngine();
    engine.failOn('deploy', 'D', new Error('D cannot be created'));
    const heldA = engine.hold('undo', 'A');
    const heldB = engine.hold('undo', 'B');
    const running = run(engine, { cloudAssembly: independent, concurrency: 4 });
    // Both rollbacks are under way at once: one at a time would never start B while A is held.
    await Promise.all([heldA.whenStarted, heldB.whenStarted]);
    heldA.release();
    heldB.release();
    const result = await running;
    expect(result.deployment.status).toBe('rolled_back');
    expect(engine.mostAtOnce.get('undo')).toBeGreaterThanOrEqual(2);
    const undone = engine.calls.filter((c) => c.operation === 'undo').map((c) => c.stack);
    expect(new Set(undone)).toEqual(new Set(['A', 'B', 'C', 'D'].filter((n) => n !== 'D')));
  });

  it('rolls back dependants before what they depend on', async () => {
    const engine = new FakeEngine();
    const result = await run(engine, { cloudAssembly: chain, verifyCommand: 'exit 3' });
    expect(result.deployment.status).toBe('rolled_back');
    const undone = engine.calls.filter((c) => c.operation === 'undo').map((c) => c.stack);
    expect(undone).toEqual(['B', 'A']);
  });

  it('leaves the rollback to the post step when a cancel comes while it runs', async () => {
    const engine = new FakeEngine();
    engine.failOn('deploy', 'B', new Error('B cannot be created'));
    const held = engine.hold('undo', 'A');
    const cancellation = new Cancellation();
    const running = run(engine, { cloudAssembly: chain }, { cancellation });
    await held.whenStarted;
    cancellation.request('SIGINT');
    held.release();
    const result = await running;
    expect(result.deployment.status).toBe('failed');
    expect(result.deployment.rollback?.outcome).toBe('pending');
  });
});
