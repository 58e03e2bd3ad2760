/**
 * Deploys the 200-stack scale app with two or more bundles, alternating run by run so that the
 * machine's load falls on each alike, and prints each run's wall time and when each phase began.
 * BUNDLES: comma-separated dist folders (e.g. a checkout of an earlier commit's dist and ./dist);
 * COMPARE_RUNS: runs per bundle (3).
 */
import { readFileSync } from 'node:fs';
import { synthFixture } from '../../__tests__/support/synth.js';
import { startEmulator } from '../emulator/start-emulator.js';
import { runAction } from '../lib/run-action.js';

interface RecordHistory {
  deployment: { start_time: string; status_history: { status: string; at: string }[] };
}

const bundles = (process.env.BUNDLES ?? 'dist').split(',');
const runs = Number(process.env.COMPARE_RUNS ?? '3');
const emulator = await startEmulator({ bootstrapRegions: ['us-east-1'] });
try {
  const assembly = await synthFixture('shaped', { SHAPE: 'layered:200:20' });
  for (let i = 0; i < runs; i++) {
    for (const bundle of bundles) {
      await emulator.reset();
      process.env.ACTION_BUNDLE_DIR = bundle;
      const started = performance.now();
      const result = await runAction({
        inputs: { 'synth-command': '', 'cloud-assembly': assembly, concurrency: '16' },
        env: emulator.env('us-east-1'),
      });
      const seconds = (performance.now() - started) / 1000;
      const record = JSON.parse(
        readFileSync(result.outputs['record-file'] ?? '', 'utf8'),
      ) as RecordHistory;
      const start = Date.parse(record.deployment.start_time);
      const phases = record.deployment.status_history
        .map(({ status, at }) => `${status}@${((Date.parse(at) - start) / 1000).toFixed(2)}s`)
        .join(' ');
      console.log(`${bundle}\t${seconds.toFixed(2)} s\t${result.outputs.status ?? ''}\t${phases}`);
    }
  }
} finally {
  await emulator.stop();
}
