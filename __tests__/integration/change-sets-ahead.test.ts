import { DescribeChangeSetCommand, ListChangeSetsCommand } from '@aws-sdk/client-cloudformation';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  injectFault,
  setChangeSetDelay,
  setStackDelay,
} from '../../scripts/emulator/start-emulator.js';
import { toRecordFile } from '../../src/model/record.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

beforeEach(async () => account.emulator.reset());

const CHANGE_SET_DELAY = 1.5;
const STACK_DELAY = 1;
const LINKS = ['Link0', 'Link1', 'Link2', 'Link3'];

/** A chain of four stacks, each importing the previous one's queue URL, deployed as v1. */
async function deployedChain() {
  const v1 = await synthFixture('shaped', { SHAPE: 'imports-chain:4' });
  const first = await deployAssembly(v1);
  expect(first.deployment.status).toBe('completed');
  const v2 = await synthFixture('shaped', { SHAPE: 'imports-chain:4', VERSION: 'v2' });
  await setChangeSetDelay(account.emulator, CHANGE_SET_DELAY);
  await setStackDelay(account.emulator, STACK_DELAY);
  return v2;
}

/** This run's change sets of the chain still there, and those not executed. */
async function changeSetsOf(deploymentId: string): Promise<{ all: number; unexecuted: string[] }> {
  const summaries = [];
  for (const name of LINKS) {
    const listed = await account.cloudFormation.send(
      new ListChangeSetsCommand({ StackName: name }),
    );
    summaries.push(...(listed.Summaries ?? []));
  }
  const ours = summaries.filter((s) => s.ChangeSetName?.endsWith(deploymentId.slice(0, 8)));
  const left: string[] = [];
  for (const summary of ours) {
    const described = await account.cloudFormation.send(
      new DescribeChangeSetCommand({ ChangeSetName: summary.ChangeSetId }),
    );
    // AVAILABLE: ready and never executed; UNAVAILABLE: still computing, or failed.
    const status = described.ExecutionStatus ?? '';
    if (status === 'AVAILABLE' || status === 'UNAVAILABLE') left.push(summary.StackName ?? '');
  }
  return { all: ours.length, unexecuted: left.sort() };
}

describe('change sets made ahead, against the emulator with a change-set delay', () => {
  it('makes every change set of a chain of updates at the start, then executes them in order', async () => {
    const v2 = await deployedChain();
    const run = await deployAssembly(v2, { concurrency: 4 });
    const record = toRecordFile(run.deployment, run.stacks, run.resources);
    expect(record.deployment.status).toBe('completed');
    expect(validateRecord(record)).toEqual([]);
    const byName = new Map(record.stacks.map((s) => [s.name, s]));
    const firstDone = Date.parse(byName.get('Link0')?.end_time ?? '');
    for (const name of LINKS) {
      const stack = byName.get(name);
      expect(stack?.no_op).toBe(false);
      // Every change set was created before the first stack of the chain was done.
      expect(Date.parse(stack?.change_set_created_at ?? '')).toBeLessThan(firstDone);
      expect(stack?.timings?.change_set_ms).toBeGreaterThanOrEqual(CHANGE_SET_DELAY * 1000 - 100);
      expect(stack?.timings?.execute_ms).toBeGreaterThanOrEqual(STACK_DELAY * 1000 - 100);
      expect(stack?.timings?.verify_ms).toEqual(expect.any(Number));
      expect(stack?.timings?.overhead_ms).toEqual(expect.any(Number));
    }
    // Only the first stack waited for its change set; the others' were ready when their turn came.
    for (const name of LINKS.slice(1)) {
      expect(byName.get(name)?.timings?.change_set_wait_ms).toBeLessThan(500);
    }
    expect(record.deployment.critical_path?.stacks).toEqual(LINKS);
    expect(await changeSetsOf(record.deployment.id)).toEqual({ all: 4, unexecuted: [] });
  });

  it('deletes the change sets made ahead that it did not execute when a stack fails', async () => {
    const v2 = await deployedChain();
    await injectFault(account.emulator, {
      on: 'update',
      stack: 'Link0',
      reason: 'Resource handler returned message: queue quota exceeded',
    });
    const run = await deployAssembly(v2, { concurrency: 4 });
    expect(run.deployment.status).not.toBe('completed');
    expect(run.deployment.rollbackReason).toMatch(/Link0 failed.*queue quota exceeded/s);
    const record = toRecordFile(run.deployment, run.stacks, run.resources);
    // The three change sets were made (ahead) and none of them executed.
    for (const name of LINKS.slice(1)) {
      const stack = record.stacks.find((s) => s.name === name);
      expect(stack?.change_set_created_at).toEqual(expect.any(String));
      expect(stack?.executed).toBe(false);
    }
    const deleted = record.deployment.logs.filter((l) =>
      l.message.startsWith('Deleted its change set made ahead'),
    );
    expect(deleted.map((l) => l.stack).sort()).toEqual(LINKS.slice(1));
    expect((await changeSetsOf(record.deployment.id)).unexecuted).toEqual([]);
  });
});
