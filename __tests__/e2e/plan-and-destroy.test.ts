import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { runAction } from '../../scripts/lib/run-action.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');

const run = (assembly: string, mode: string) =>
  runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': assembly, mode },
    env: account.emulator.env('us-east-1'),
  });

async function liveStacks(): Promise<Record<string, string>> {
  const client = new CloudFormationClient({
    region: 'us-east-1',
    endpoint: account.emulator.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const stacks = (await client.send(new DescribeStacksCommand({}))).Stacks ?? [];
  return Object.fromEntries(
    stacks.map((s) => [s.StackName ?? '', s.LastUpdatedTime?.toISOString() ?? s.StackStatus ?? '']),
  );
}

describe('plan and destroy through the runner protocol', () => {
  it('plans an updated app without deploying it, then destroys every stack', async () => {
    await account.emulator.reset();
    expect(
      (await run(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }), 'deploy')).outputs
        .status,
    ).toBe('completed');
    const before = await liveStacks();

    const plan = await run(await synthFixture('multi-stack', { APP_VARIANT: 'v3' }), 'plan');
    expect(plan.outputs.status, plan.stdout.slice(-2000)).toBe('completed');
    expect(plan.outputs.outputs).toBe('{}');
    expect(await liveStacks()).toEqual(before);
    const record = JSON.parse(readFileSync(plan.outputs['record-file'] ?? '', 'utf8')) as {
      deployment: { mode: string };
      stacks: { name: string; no_op: boolean; plan: { additions?: unknown[] } | null }[];
    };
    expect(record.deployment.mode).toBe('plan');
    const changed = record.stacks
      .filter((s) => !s.no_op)
      .map((s) => s.name)
      .sort();
    expect(changed).toEqual(expect.arrayContaining(['Bravo', 'Echo']));
    expect(record.stacks.find((s) => s.name === 'Alpha')?.no_op).toBe(true);

    const destroy = await run(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }), 'destroy');
    expect(destroy.outputs.status, destroy.stdout.slice(-2000)).toBe('completed');
    expect(await liveStacks()).toEqual({});
  });
});
