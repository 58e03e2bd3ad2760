/**
 * How long publishing the three images of one stack takes with image-build-concurrency 1 and 3,
 * on the docker stand-in with a build delay (BENCH_BUILD_DELAY_MS, 2000) standing in for a build,
 * against the emulator. Prints, per setting, the median (BENCH_RUNS, 3) of the time from the
 * first image's "Building" line to the last one's "Pushed" line, and the whole run's wall time.
 *
 *   AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true npx tsx scripts/bench/image-publishing.ts
 */
import { deployContextFor } from '../../src/deploy-context-for.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { dockerStandInState } from '../../__tests__/support/docker-stand-in.js';
import { testSettings } from '../../__tests__/support/settings.js';
import { synthFixture } from '../../__tests__/support/synth.js';
import { startEmulator } from '../emulator/start-emulator.js';

const runs = Number(process.env.BENCH_RUNS ?? '3');
const buildDelayMs = process.env.BENCH_BUILD_DELAY_MS ?? '2000';
const region = 'us-east-1';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const emulator = await startEmulator({ bootstrapRegions: [region] });
  const standIn = dockerStandInState();
  try {
    Object.assign(
      process.env,
      emulator.env(region),
      standIn.env({
        DOCKER_STAND_IN_BUILD_DELAY_MS: buildDelayMs,
      }),
    );
    const assembly = await synthFixture('images', { IMAGES_VARIANT: 'three' });
    console.log(`three images, one stack, stand-in build delay ${buildDelayMs} ms, ${runs} runs`);
    for (const limit of [1, 3]) {
      const publishing: number[] = [];
      const wall: number[] = [];
      for (let i = 0; i < runs; i++) {
        await emulator.reset();
        standIn.clear();
        const entries: LogEntry[] = [];
        const settings = testSettings({ cloudAssembly: assembly, imageBuildConcurrency: limit });
        const started = Date.now();
        const run = await runLifecycle(settings, (id) => deployContextFor(settings, id), {
          sink: (entry) => entries.push(entry),
        });
        wall.push(Date.now() - started);
        if (run.deployment.status !== 'completed') {
          throw new Error(`run ended ${run.deployment.status}: ${run.deployment.rollbackReason}`);
        }
        const times = (prefix: string): number[] =>
          entries.filter((e) => e.message.startsWith(prefix)).map((e) => Date.parse(e.timestamp));
        publishing.push(Math.max(...times('Pushed image')) - Math.min(...times('Building image')));
      }
      console.log(
        `image-build-concurrency ${limit}: publishing ${(median(publishing) / 1000).toFixed(1)} s, whole run ${(median(wall) / 1000).toFixed(1)} s (medians)`,
      );
    }
  } finally {
    standIn.remove();
    await emulator.stop();
  }
}

await main();
