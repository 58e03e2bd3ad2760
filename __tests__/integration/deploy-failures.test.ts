import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { injectFault } from '../../scripts/emulator/start-emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1', { processEnv: true });

beforeEach(async () => account.emulator.reset());

async function stackStatuses(): Promise<Record<string, string>> {
  const stacks =
    (await new CloudFormationClient({}).send(new DescribeStacksCommand({}))).Stacks ?? [];
  return Object.fromEntries(stacks.map((s) => [s.StackName ?? '', s.StackStatus ?? '']));
}

describe('stacks CloudFormation fails (faults injected by the emulator launcher)', () => {
  it('names the stack and CloudFormation reason, deletes what the run created and keeps the rolled-back update', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    await injectFault(account.emulator, {
      on: 'update',
      stack: 'Bravo',
      reason: 'Resource handler returned message: queue quota exceeded',
    });
    const v3 = await synthFixture('multi-stack', { APP_VARIANT: 'v3' });
    const run = await deployAssembly(v3, { concurrency: 1 });
    const record = run.deployment.toRecord();
    expect(record.rollback_reason).toMatch(
      /Bravo failed \(UPDATE_ROLLBACK_COMPLETE\).*queue quota exceeded/s,
    );
    expect(record.status).toBe('rolled_back');
    const bravo = run.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.rollback).toMatchObject({ action: 'none', succeeded: true });
    expect(run.stacks.find((s) => s.name === 'Charlie')?.errorMessage).toMatch(/depends on Bravo/);
    const statuses = await stackStatuses();
    expect(statuses).not.toHaveProperty('Echo');
    const template = await new CloudFormationClient({}).send(
      new GetTemplateCommand({ StackName: 'Bravo' }),
    );
    const v1Bravo = JSON.parse(readFileSync(`${v1}/Bravo.template.json`, 'utf8')) as unknown;
    expect(JSON.parse(template.TemplateBody ?? '{}')).toEqual(v1Bravo);
  });

  it('deletes a stack whose create rolled back, and its dependants never start', async () => {
    await injectFault(account.emulator, {
      on: 'create',
      stack: 'Alpha',
      reason: 'Resource handler returned message: access denied',
    });
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await deployAssembly(v1, { concurrency: 1 });
    expect(run.deployment.rollbackReason).toMatch(
      /Alpha failed \(ROLLBACK_COMPLETE\).*access denied/s,
    );
    expect(run.deployment.status).toBe('rolled_back');
    expect(run.stacks.find((s) => s.name === 'Alpha')?.rollback?.action).toBe('delete');
    expect(await stackStatuses()).toEqual({});
  });
});
