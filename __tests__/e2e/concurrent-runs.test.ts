import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setStackDelay } from '../../scripts/emulator/start-emulator.js';
import { runAction, type ActionRunResult } from '../../scripts/lib/run-action.js';
import { useEmulator } from '../support/emulator.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const region = 'us-east-1';
const account = useEmulator(region);

interface RecordFile {
  deployment: { id: string; status: string; rollback_reason: string | null };
}

const deploy = (assembly: string) =>
  runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': assembly },
    env: account.emulator.env(region),
  });

function recordOf(result: ActionRunResult): RecordFile {
  const record = JSON.parse(
    readFileSync(result.outputs['record-file'] ?? '', 'utf8'),
  ) as RecordFile;
  expect(validateRecord(record)).toEqual([]);
  expect(modelErrors(record)).toEqual([]);
  return record;
}

describe('two runs on the same stacks at once', () => {
  it.each([
    ['create', 'v1', 'v1'],
    ['update', 'v2', 'v3'],
  ])(
    'each keeps its own record, neither undoes the other (%s)',
    async (_kind, first, second) => {
      await account.emulator.reset();
      await setStackDelay(account.emulator, 0);
      const base = await deploy(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
      if (_kind === 'create') await account.emulator.reset();
      else expect(base.outputs.status).toBe('completed');
      await setStackDelay(account.emulator, 2);
      const [a, b] = await Promise.all([
        deploy(await synthFixture('multi-stack', { APP_VARIANT: first })),
        deploy(await synthFixture('multi-stack', { APP_VARIANT: second })),
      ]);
      const records = [recordOf(a), recordOf(b)];
      expect(records[0]?.deployment.id).not.toBe(records[1]?.deployment.id);
      expect(a.outputs['record-file']).not.toBe(b.outputs['record-file']);
      const statuses = [a.outputs.status, b.outputs.status];
      expect(statuses, `${a.stdout.slice(-1500)}\n----\n${b.stdout.slice(-1500)}`).toContain(
        'completed',
      );
      for (const result of [a, b]) {
        if (result.outputs.status !== 'completed') {
          expect(result.outputs['rollback-reason']).toMatch(/IN_PROGRESS|another|busy|cannot/i);
        }
      }
      const live = await account.liveStacks();
      for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
        expect(live[name], `${name} in ${JSON.stringify(live)}`).toMatch(/_COMPLETE$/);
        expect(live[name]).not.toMatch(/ROLLBACK|DELETE/);
      }
    },
    120_000,
  );
});
