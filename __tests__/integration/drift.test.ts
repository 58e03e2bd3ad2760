import { describe, expect, it } from 'vitest';
import {
  changeSetRequests,
  listDrift,
  registerDrift,
} from '../../scripts/emulator/start-emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { synthFixture } from '../support/synth.js';

/**
 * drift: fail and drift: revert against the emulator's drift detection (the launcher's
 * stack_drift patch: moto has none; the drift is registered by the test, as if someone had
 * changed the resource by hand).
 */
const account = useEmulator('us-east-1', { processEnv: true });

const queueDrift = {
  stack: 'Alpha',
  logicalId: 'Queue4A7E3555',
  status: 'MODIFIED' as const,
  differences: [{ path: '/VisibilityTimeout', expected: '30', actual: '120' }],
};

async function deployV1(): Promise<void> {
  await account.emulator.reset();
  await deployAssembly(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
}

describe('drift', () => {
  it('fail: stops a run whose stacks drifted before anything is deployed, listing the resources', async () => {
    await deployV1();
    await registerDrift(account.emulator, queueDrift);
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(v2, { drift: 'fail' });
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.rollback_reason).toContain(
      'Drift detected, so nothing was deployed (drift: fail): Alpha: Queue4A7E3555 (AWS::SQS::Queue, MODIFIED)',
    );
    expect(run.entries.map((e) => e.message)).toContain(
      'Drifted: Queue4A7E3555 (AWS::SQS::Queue) MODIFIED: /VisibilityTimeout: 30 -> 120',
    );
    expect(run.stacks.every((s) => !s.executed)).toBe(true);
    expect(record.rollback?.outcome).toBe('not-needed');
  });

  it('fail: deploys when no stack drifted, new stacks included', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1, { drift: 'fail' })).deployment.status).toBe('completed');
    const v3 = await synthFixture('multi-stack', { APP_VARIANT: 'v3' });
    const run = await deployAssembly(v3, { drift: 'fail' });
    expect(run.deployment.status).toBe('completed');
    expect(run.entries.filter((e) => e.message === 'No drift').map((e) => e.stack)).toEqual(
      expect.arrayContaining(['Alpha', 'Bravo', 'Charlie', 'Delta']),
    );
  });

  it('revert: deploys a drift-reverting change set even for a stack whose template is unchanged', async () => {
    await deployV1();
    await registerDrift(account.emulator, queueDrift);
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await deployAssembly(v1, { drift: 'revert' });
    expect(run.deployment.status).toBe('completed');
    const alpha = run.stacks.find((s) => s.name === 'Alpha');
    expect(alpha?.noOp).toBe(false);
    expect(alpha?.executed).toBe(true);
    expect(
      (await changeSetRequests(account.emulator))
        .filter((r) => r.stackName === 'Alpha' && r.changeSetType === 'UPDATE')
        .map((r) => r.deploymentMode),
    ).toEqual(['REVERT_DRIFT']);
    expect(await listDrift(account.emulator)).toEqual([]);
    // Stacks without drift: the change set was empty, a no-op.
    expect(run.stacks.find((s) => s.name === 'Delta')?.noOp).toBe(true);
  });

  it('revert: a plan shows the drift a deploy would revert, as a modification', async () => {
    await deployV1();
    await registerDrift(account.emulator, queueDrift);
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await deployAssembly(v1, { mode: 'plan', drift: 'revert' });
    expect(run.deployment.status).toBe('completed');
    const alpha = run.stacks.find((s) => s.name === 'Alpha');
    expect(alpha?.plan?.modifications.map((c) => c.logical_id)).toEqual(['Queue4A7E3555']);
    expect(run.stacks.find((s) => s.name === 'Delta')?.plan?.outcome).toBe('no-changes');
    expect(await listDrift(account.emulator)).toHaveLength(1);
  });
});
