import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { runAction } from '../../scripts/lib/run-action.js';
import { validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');

interface RecordFile {
  deployment: { status: string; checks: { check: string; passed: boolean }[] };
  stacks: { name: string; rollback: { action: string; succeeded: boolean } | null }[];
  resources: { status: string }[];
}

const deploy = (assembly: string, inputs: Record<string, string> = {}) =>
  runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': assembly, ...inputs },
    env: account.emulator.env('us-east-1'),
  });

describe('verification and rollback through the runner protocol', () => {
  it('rolls an update back to the previous templates when the verify command fails', async () => {
    await account.emulator.reset();
    const v1 = await deploy(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
    expect(v1.outputs.status).toBe('completed');
    const v1Record = JSON.parse(
      readFileSync(v1.outputs['record-file'] ?? '', 'utf8'),
    ) as RecordFile;
    expect(v1Record.resources.every((r) => r.status === 'available')).toBe(true);
    expect(v1Record.deployment.checks.every((c) => c.passed)).toBe(true);

    const v3 = await deploy(await synthFixture('multi-stack', { APP_VARIANT: 'v3' }), {
      'verify-command': `${process.execPath} -e "process.exit(Number(process.env.CDK_OUTPUT_ECHO_QUEUEURL ? 4 : 0))"`,
    });
    expect(v3.exitCode).toBe(1);
    expect(v3.outputs.status).toBe('rolled_back');
    expect(v3.outputs['rollback-reason']).toMatch(/verify-command.*exited with code 4/);
    const record = JSON.parse(readFileSync(v3.outputs['record-file'] ?? '', 'utf8')) as RecordFile;
    expect(validateRecord(record)).toEqual([]);
    const actions = Object.fromEntries(record.stacks.map((s) => [s.name, s.rollback?.action]));
    expect(actions.Echo).toBe('delete');
    expect(actions.Bravo).toBe('restore-template');
    expect(record.stacks.every((s) => s.rollback?.succeeded)).toBe(true);
    const after = JSON.parse(v3.outputs.outputs ?? '{}') as { [stack: string]: unknown };
    expect(after).not.toHaveProperty('Echo');
    expect(after).toEqual(JSON.parse(v1.outputs.outputs ?? '{}'));
  });
});

describe('governance tags through the runner protocol', () => {
  it('fails a template missing a required tag with nothing deployed', async () => {
    await account.emulator.reset();
    const result = await deploy(await synthFixture('shaped', { SHAPE: 'chain:2' }), {
      'required-tags': 'owner, cost-center',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(result.outputs['rollback-reason']).toMatch(/required-tags.*Chain0.*owner/s);
    expect(result.outputs['stacks-order']).toBe('["Chain0","Chain1"]');
    const record = JSON.parse(
      readFileSync(result.outputs['record-file'] ?? '', 'utf8'),
    ) as RecordFile;
    expect(record.resources).toEqual([]);
    expect(record.stacks.every((s) => s.rollback === null)).toBe(true);
  });
});
