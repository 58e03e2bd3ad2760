import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

const failingVerify = `${process.execPath} -e "console.log('smoke test: 1 failed'); process.exit(3)"`;

async function liveState(): Promise<
  Record<string, { template: unknown; outputs: Record<string, string> }>
> {
  const client = new CloudFormationClient({});
  const stacks = (await client.send(new DescribeStacksCommand({}))).Stacks ?? [];
  const state: Record<string, { template: unknown; outputs: Record<string, string> }> = {};
  for (const stack of stacks) {
    const template = await client.send(new GetTemplateCommand({ StackName: stack.StackId }));
    state[stack.StackName ?? ''] = {
      template: JSON.parse(template.TemplateBody ?? '{}') as unknown,
      outputs: Object.fromEntries(
        (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
      ),
    };
  }
  return state;
}

describe('rolling back after a failed verification', () => {
  it('restores updated stacks to their previous template and deletes the stacks it added', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    const before = await liveState();

    const v3 = await synthFixture('multi-stack', { APP_VARIANT: 'v3' });
    const run = await deployAssembly(v3, { verifyCommand: failingVerify });
    const record = run.deployment.toRecord();
    expect(record.status).toBe('rolled_back');
    expect(record.rollback_reason).toMatch(/verify-command.*exited with code 3/s);
    expect(record.rollback_reason).toContain('smoke test: 1 failed');
    expect(record.rollback?.outcome).toBe('rolled_back');
    expect(record.status_history.map((h) => h.status)).toEqual([
      'pending',
      'synthesizing',
      'deploying',
      'verifying',
      'failed',
      'rolled_back',
    ]);
    const actions = Object.fromEntries(run.stacks.map((s) => [s.name, s.rollback?.action]));
    expect(actions).toEqual({
      Alpha: 'none',
      Bravo: 'restore-template',
      Charlie: 'restore-template',
      Delta: 'none',
      Echo: 'delete',
    });
    expect(run.stacks.every((s) => s.rollback?.succeeded)).toBe(true);
    expect(await liveState()).toEqual(before);
  });

  it('leaves everything in place and says so when rollback is off', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    await deployAssembly(v1);
    const v3 = await synthFixture('multi-stack', { APP_VARIANT: 'v3' });
    const run = await deployAssembly(v3, { verifyCommand: failingVerify, rollback: false });
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.rollback?.outcome).toBe('disabled');
    expect(record.rollback?.message).toContain('nothing was undone');
    expect(Object.keys(await liveState())).toContain('Echo');
  });

  it('passes the stack outputs and the outputs file to the verify command', async () => {
    await account.emulator.reset();
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const check = `${process.execPath} -e "const o=JSON.parse(require('fs').readFileSync(process.env.CDK_OUTPUTS_FILE,'utf8')); if (o.Delta.TopicArn !== process.env.CDK_OUTPUT_DELTA_TOPICARN || !o.Alpha.QueueUrl) process.exit(1)"`;
    const run = await deployAssembly(v1, { verifyCommand: check });
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.checks.find((c) => c.check === 'verify-command')?.passed).toBe(true);
  });
});
