import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { setStackDelay } from '../../scripts/emulator/start-emulator.js';
import { node24, runAction, type ActionRunResult } from '../../scripts/lib/run-action.js';
import { useEmulator } from '../support/emulator.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const region = 'us-east-1';
const account = useEmulator(region);

interface RecordFile {
  deployment: {
    status: string;
    rollback_reason: string | null;
    rollback: { outcome: string } | null;
    status_history: { status: string }[];
  };
  stacks: {
    name: string;
    status: string;
    rollback: { action: string; succeeded: boolean } | null;
  }[];
}

const readRecord = (result: ActionRunResult): RecordFile =>
  JSON.parse(readFileSync(result.outputs['record-file'] ?? '', 'utf8')) as RecordFile;

const deploy = (assembly: string, cancelWhen?: (line: string) => boolean, node?: string) =>
  runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': assembly },
    env: account.emulator.env(region),
    ...(cancelWhen ? { cancelWhen } : {}),
    ...(node ? { node } : {}),
  });

const postStep = (main: ActionRunResult, node?: string) =>
  runAction({
    inputs: {},
    env: account.emulator.env(region),
    post: main,
    ...(node ? { node } : {}),
  });

const runtimes = [
  { name: `the machine's Node (${process.version})`, node: process.execPath },
  { name: 'Node 24', node: node24 },
];

const executing = (line: string) => /Change set .* executing/.test(line);

describe('a run cancelled by the runner (SIGINT, SIGTERM, kill)', () => {
  it.each(runtimes)(
    'stops at the first signal, records the cancel, and its post step deletes what it created, on $name',
    async ({ node }) => {
      await account.emulator.reset();
      await setStackDelay(account.emulator, 3);
      const main = await deploy(
        await synthFixture('multi-stack', { APP_VARIANT: 'v1' }),
        executing,
        node,
      );

      expect(main.signals).toEqual(['SIGINT']);
      expect(main.exitCode).toBe(1);
      expect(main.outputs.status).toBe('failed');
      expect(main.outputs['rollback-reason']).toBe('cancelled (SIGINT)');
      const cancelled = readRecord(main);
      expect(validateRecord(cancelled)).toEqual([]);
      expect(modelErrors(cancelled)).toEqual([]);
      expect(cancelled.deployment.rollback?.outcome).toBe('pending');
      expect(cancelled.stacks.some((s) => s.status === 'failed')).toBe(true);
      expect(cancelled.stacks.every((s) => s.status === 'failed' || s.status === 'deployed')).toBe(
        true,
      );
      expect(main.state['checkpoint-file']).toMatch(/checkpoint\.json$/);
      // Creates cannot be cancelled: some are still running when the main step has ended.
      expect(Object.keys(await account.liveStacks()).length).toBeGreaterThan(0);

      const post = await postStep(main, node);
      expect(post.exitCode).toBe(0);
      expect(post.stdout).toMatch(/Finishing deployment .*cancelled \(SIGINT\)/);
      const finished = readRecord(main);
      expect(validateRecord(finished)).toEqual([]);
      expect(finished.deployment.status).toBe('rolled_back');
      expect(finished.deployment.status_history.map((h) => h.status).slice(-2)).toEqual([
        'failed',
        'rolled_back',
      ]);
      expect(finished.deployment.rollback_reason).toBe('cancelled (SIGINT)');
      expect(await account.liveStacks()).toEqual({});
      expect(post.summary).toMatch(/rolled back/i);
    },
  );

  it('cancels an update in progress so that no stack is left updating, and the post step restores the rest', async () => {
    await account.emulator.reset();
    await setStackDelay(account.emulator, 0);
    const v1 = await deploy(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
    expect(v1.outputs.status).toBe('completed');
    const v1Templates = await templates(['Alpha', 'Bravo', 'Charlie', 'Delta']);

    await setStackDelay(account.emulator, 4);
    const main = await deploy(await synthFixture('multi-stack', { APP_VARIANT: 'v3' }), executing);
    expect(main.signals).toEqual(['SIGINT']);
    expect(main.outputs['rollback-reason']).toBe('cancelled (SIGINT)');
    expect(main.stdout).toMatch(/Update cancelled: CloudFormation rolls it back/);
    const statuses = Object.values(await account.liveStacks());
    expect(statuses).not.toContain('UPDATE_IN_PROGRESS');

    const post = await postStep(main);
    expect(post.exitCode).toBe(0);
    expect(readRecord(main).deployment.status).toBe('rolled_back');
    const after = await account.liveStacks();
    expect(Object.keys(after).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(Object.values(after).every((status) => !status.endsWith('_IN_PROGRESS'))).toBe(true);
    expect(await templates(['Alpha', 'Bravo', 'Charlie', 'Delta'])).toEqual(v1Templates);
  });

  it('records the run when it is still busy at SIGTERM (a synth that ignores the cancel)', async () => {
    await account.emulator.reset();
    const main = await runAction({
      inputs: { 'synth-command': 'sleep 12', 'cloud-assembly': 'cdk.out' },
      env: account.emulator.env(region),
      cancelWhen: (line) => line.includes('::group::Synthesizing'),
    });
    expect(main.signals).toEqual(['SIGINT', 'SIGTERM']);
    expect(main.exitCode).toBe(1);
    const recordFile = join(dirname(main.state['checkpoint-file'] ?? ''), 'deployment-record.json');
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as RecordFile;
    expect(validateRecord(record)).toEqual([]);
    expect(record.deployment.status).toBe('failed');
    expect(record.deployment.rollback_reason).toBe('cancelled (SIGINT)');
    const post = await postStep(main);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toMatch(/Nothing to finish/);
  }, 40_000);
});

async function templates(names: string[]): Promise<Record<string, string>> {
  const bodies: Record<string, string> = {};
  for (const name of names) {
    const answer = await account.cloudFormation.send(new GetTemplateCommand({ StackName: name }));
    bodies[name] = answer.TemplateBody ?? '';
  }
  return bodies;
}
