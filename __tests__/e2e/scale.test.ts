import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';
import { runAction } from '../../scripts/lib/run-action.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');

interface RecordFile {
  deployment: { status: string; stacks_order: string[] };
  stacks: {
    name: string;
    status: string;
    dependencies: string[];
    end_time: string;
    start_time: string;
  }[];
}

describe('a generated app of 200 stacks, 10 layers of 20', () => {
  it('deploys every stack after the stacks it depends on, through the bundle', async () => {
    await account.emulator.reset();
    const assembly = await synthFixture('shaped', { SHAPE: 'layered:200:20' });
    const started = performance.now();
    const result = await runAction({
      inputs: { 'synth-command': '', 'cloud-assembly': assembly },
      env: account.emulator.env('us-east-1'),
      commandPrefix: ['/usr/bin/time', '-f', '%M'],
    });
    const seconds = (performance.now() - started) / 1000;
    expect(result.outputs.status, result.stdout.slice(-3000)).toBe('completed');
    const record = JSON.parse(
      readFileSync(result.outputs['record-file'] ?? '', 'utf8'),
    ) as RecordFile;
    expect(validateRecord(record)).toEqual([]);
    // Among the rules: every dependency deployed (and finished) before its dependant started.
    expect(modelErrors(record)).toEqual([]);
    expect(record.stacks).toHaveLength(200);
    expect(record.stacks.every((s) => s.status === 'deployed')).toBe(true);
    expect(record.stacks.filter((s) => s.dependencies.length === 2)).toHaveLength(180);
    const peakKiB = Number(/(\d+)\s*$/.exec(result.stderr.trim())?.[1] ?? 'NaN');
    console.log(
      `200 stacks (layered:200:20): ${seconds.toFixed(1)} s, peak memory ${(peakKiB / 1024).toFixed(0)} MiB`,
    );
    expect(peakKiB).toBeGreaterThan(0);
  }, 300_000);
});
