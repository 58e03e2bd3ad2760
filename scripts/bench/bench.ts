/**
 * Deploys the same synthesized apps with the bundle and with the CDK CLI, each against a freshly
 * reset emulator behind a counting proxy, and prints medians: wall time, CloudFormation calls per
 * stack, peak memory, the bundle's cold start beside bare node's, and its size. BENCH_RUNS sets
 * the runs per cell (3); BENCH_STACK_DELAY the simulated seconds per stack operation (T, 4) and
 * BENCH_CHANGE_SET_DELAY per change set (C, 3) of the tables with simulated time; the update
 * scenarios (update-scenarios.ts) use both. BENCH_BASELINE: the folder of an earlier bundle to
 * put beside this one in the update scenarios. A last line deploys a generated app of 200 stacks
 * (BENCH_SCALE_SHAPE, 'layered:200:20') with the bundle. BENCH_SECTIONS picks what runs
 * (comma-separated: instant, delay, updates, cold, scale; all by default).
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { synthFixture } from '../../__tests__/support/synth.js';
import { setStackDelay, startEmulator, type Emulator } from '../emulator/start-emulator.js';
import { startCountingProxy, type CountingProxy } from '../lib/counting-proxy.js';
import { repositoryRoot, runAction } from '../lib/run-action.js';
import { coldStart } from './cold-start.js';
import { updateScenarios, type Deployers } from './update-scenarios.js';

const execFileAsync = promisify(execFile);
const runs = Number(process.env.BENCH_RUNS ?? '3');
const stackDelay = Number(process.env.BENCH_STACK_DELAY ?? '4');
const changeSetDelay = Number(process.env.BENCH_CHANGE_SET_DELAY ?? '3');
const sections = new Set(
  (process.env.BENCH_SECTIONS ?? 'instant,delay,updates,cold,scale')
    .split(',')
    .map((s) => s.trim()),
);
const baseline = process.env.BENCH_BASELINE;
const node24 = join(repositoryRoot, 'scripts/node24/node_modules/.bin/node');
const region = 'us-east-1';
/** Enough for every stack of the apps below to run at once; the bundle's default is 16. */
const bundleConcurrency = 20;
const scaleShape = process.env.BENCH_SCALE_SHAPE ?? 'layered:200:20';
const timeCommand = '/usr/bin/time';

interface App {
  readonly name: string;
  readonly app: string;
  readonly env: Record<string, string>;
  readonly stacks: number;
  /** Stacks on the longest dependency path. */
  readonly criticalPath: number;
}

const apps: App[] = [
  { name: 'example app', app: 'examples', env: {}, stacks: 3, criticalPath: 2 },
  {
    name: '20 independent',
    app: 'shaped',
    env: { SHAPE: 'independent:20' },
    stacks: 20,
    criticalPath: 1,
  },
  { name: '5-deep chain', app: 'shaped', env: { SHAPE: 'chain:5' }, stacks: 5, criticalPath: 5 },
  { name: 'diamond', app: 'shaped', env: { SHAPE: 'diamond' }, stacks: 4, criticalPath: 3 },
];

interface Sample {
  readonly seconds: number;
  readonly cfnCalls: number;
  readonly changeSetCalls: number;
  readonly peakMiB: number | null;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function peakFrom(stderr: string): number | null {
  const kib = /(\d+)\s*$/.exec(stderr.trim())?.[1];
  return kib ? Number(kib) / 1024 : null;
}

function changeSetCalls(proxy: CountingProxy): number {
  return [...proxy.calls.entries()]
    .filter(([key]) => /^cloudformation:\w*ChangeSet/.test(key))
    .reduce((n, [, v]) => n + v, 0);
}

async function bundleRun(
  assembly: string,
  emulator: Emulator,
  proxy: CountingProxy,
  concurrency = bundleConcurrency,
): Promise<Sample & { coldStartMs: number }> {
  const started = performance.now();
  let firstLine = 0;
  const result = await runAction({
    inputs: {
      'synth-command': '',
      'cloud-assembly': assembly,
      concurrency: String(concurrency),
    },
    env: { ...emulator.env(region), AWS_ENDPOINT_URL: proxy.endpoint },
    commandPrefix: [timeCommand, '-f', '%M'],
    onLine: () => {
      firstLine ||= performance.now();
    },
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.outputs.status !== 'completed')
    throw new Error(
      `bundle run ended ${result.outputs.status ?? 'without a status'}:\n${result.stdout.slice(-2000)}`,
    );
  return {
    seconds,
    cfnCalls: proxy.total('cloudformation'),
    changeSetCalls: changeSetCalls(proxy),
    peakMiB: peakFrom(result.stderr),
    coldStartMs: firstLine - started,
  };
}

async function cliRun(
  assembly: string,
  concurrency: number,
  emulator: Emulator,
  proxy: CountingProxy,
): Promise<Sample> {
  const started = performance.now();
  const { stderr } = await execFileAsync(
    timeCommand,
    [
      '-f',
      '%M',
      join(repositoryRoot, 'node_modules/.bin/cdk'),
      'deploy',
      '--all',
      '--app',
      assembly,
      '--require-approval',
      'never',
      '--concurrency',
      String(concurrency),
      '--no-notices',
      '--ci',
    ],
    {
      env: {
        ...process.env,
        ...emulator.env(region),
        AWS_ENDPOINT_URL: proxy.endpoint,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return {
    seconds: (performance.now() - started) / 1000,
    cfnCalls: proxy.total('cloudformation'),
    changeSetCalls: changeSetCalls(proxy),
    peakMiB: peakFrom(stderr),
  };
}

async function fresh(emulator: Emulator, proxy: CountingProxy): Promise<void> {
  await emulator.reset();
  proxy.reset();
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

async function main(): Promise<void> {
  const emulator = await startEmulator({ bootstrapRegions: [region] });
  const proxy = await startCountingProxy(emulator.endpoint);
  const lines: string[] = [];
  const coldStarts: number[] = [];
  try {
    lines.push(
      `Runs per cell: ${runs} (medians). Bundle concurrency ${bundleConcurrency}. Node ${process.version}.`,
      '',
    );
    if (sections.has('instant')) {
      lines.push(
        row([
          'app',
          'stacks',
          'bundle s',
          'CLI s (concurrency 1)',
          `CLI s (concurrency ${bundleConcurrency})`,
          'bundle / CLI default',
          'CFN calls per stack: bundle',
          'CLI',
          'redeploy change-set calls: bundle',
          'CLI',
          'peak MiB: bundle',
          'CLI',
        ]),
      );
      lines.push(row(Array.from({ length: 12 }, () => '---')));
      for (const app of apps) {
        const assembly = await synthFixture(app.app, app.env);
        const bundle: Sample[] = [];
        const cliDefault: Sample[] = [];
        const cliParallel: Sample[] = [];
        for (let i = 0; i < runs; i++) {
          await fresh(emulator, proxy);
          const sample = await bundleRun(assembly, emulator, proxy);
          coldStarts.push(sample.coldStartMs);
          bundle.push(sample);
          await fresh(emulator, proxy);
          cliDefault.push(await cliRun(assembly, 1, emulator, proxy));
          await fresh(emulator, proxy);
          cliParallel.push(await cliRun(assembly, bundleConcurrency, emulator, proxy));
        }
        proxy.reset();
        const bundleRedeploy = await bundleRun(assembly, emulator, proxy);
        proxy.reset();
        const cliRedeploy = await cliRun(assembly, 1, emulator, proxy);
        const med = (samples: Sample[], pick: (s: Sample) => number) => median(samples.map(pick));
        lines.push(
          row([
            app.name,
            app.stacks,
            fmt(med(bundle, (s) => s.seconds)),
            fmt(med(cliDefault, (s) => s.seconds)),
            fmt(med(cliParallel, (s) => s.seconds)),
            fmt(med(bundle, (s) => s.seconds) / med(cliDefault, (s) => s.seconds)),
            fmt(med(bundle, (s) => s.cfnCalls) / app.stacks, 1),
            fmt(med(cliDefault, (s) => s.cfnCalls) / app.stacks, 1),
            bundleRedeploy.changeSetCalls,
            cliRedeploy.changeSetCalls,
            fmt(
              med(bundle, (s) => s.peakMiB ?? 0),
              0,
            ),
            fmt(
              med(cliDefault, (s) => s.peakMiB ?? 0),
              0,
            ),
          ]),
        );
        console.error(`measured ${app.name}`);
      }
      lines.push(
        '',
        `Bundle cold start (process start to first log line), median of ${coldStarts.length}: ${fmt(median(coldStarts), 0)} ms`,
      );
      lines.push(
        `Bundle size: dist/index.js ${fmt(statSync(join(repositoryRoot, 'dist/index.js')).size / 1024 / 1024)} MB`,
      );
    }
    if (sections.has('delay')) {
      lines.push(
        '',
        `Simulated CloudFormation time T = ${stackDelay} s per stack operation (bundle: median of ${runs} runs; CLI: one run each):`,
        '',
      );
      lines.push(
        row([
          'app',
          'critical path x T + 2 s',
          'bundle s',
          'CLI s (concurrency 1)',
          `CLI s (concurrency ${bundleConcurrency})`,
        ]),
      );
      lines.push(row(['---', '---', '---', '---', '---']));
      for (const app of apps.filter((a) => a.app === 'shaped')) {
        const assembly = await synthFixture(app.app, app.env);
        // A reset puts the emulator's delay back to its start-up value, so it is set after each.
        const bundleSeconds: number[] = [];
        for (let i = 0; i < runs; i++) {
          await fresh(emulator, proxy);
          await setStackDelay(emulator, stackDelay);
          bundleSeconds.push((await bundleRun(assembly, emulator, proxy)).seconds);
        }
        await fresh(emulator, proxy);
        await setStackDelay(emulator, stackDelay);
        const cli = await cliRun(assembly, 1, emulator, proxy);
        await fresh(emulator, proxy);
        await setStackDelay(emulator, stackDelay);
        const cliParallel = await cliRun(assembly, bundleConcurrency, emulator, proxy);
        lines.push(
          row([
            app.name,
            fmt(app.criticalPath * stackDelay + 2),
            fmt(median(bundleSeconds)),
            fmt(cli.seconds),
            fmt(cliParallel.seconds),
          ]),
        );
      }
      await setStackDelay(emulator, 0);
    }
    if (sections.has('updates')) {
      const timed = async (run: () => Promise<Sample>) => {
        const sample = await run();
        return { seconds: sample.seconds, cfnCalls: sample.cfnCalls };
      };
      const deployers: Deployers = {
        bundle: (assembly) => timed(() => bundleRun(assembly, emulator, proxy)),
        CLI: (assembly) => timed(() => cliRun(assembly, bundleConcurrency, emulator, proxy)),
        ...(baseline
          ? {
              baseline: (assembly: string) =>
                timed(async () => {
                  const own = process.env.ACTION_BUNDLE_DIR;
                  process.env.ACTION_BUNDLE_DIR = baseline;
                  try {
                    return await bundleRun(assembly, emulator, proxy);
                  } finally {
                    if (own === undefined) delete process.env.ACTION_BUNDLE_DIR;
                    else process.env.ACTION_BUNDLE_DIR = own;
                  }
                }),
            }
          : {}),
      };
      lines.push(
        '',
        ...(await updateScenarios(
          emulator,
          proxy,
          deployers,
          { changeSet: changeSetDelay, stack: stackDelay },
          runs,
        )),
      );
    }
    if (sections.has('cold')) {
      const assembly = await synthFixture('examples');
      const env = emulator.env(region);
      const nodes = [process.execPath, ...(existsSync(node24) ? [node24] : [])];
      lines.push('', `Cold start, medians of ${Math.max(runs, 5)} alternating runs:`, '');
      for (const node of nodes) {
        await fresh(emulator, proxy);
        const { bare, bundle } = await coldStart(node, assembly, env, Math.max(runs, 5));
        const version = node === process.execPath ? process.version : 'Node 24';
        lines.push(
          `- ${version}: bare \`node -e\` to its first line ${fmt(bare, 0)} ms; the bundle's process start to its first log line ${fmt(bundle, 0)} ms (${fmt(bundle - bare, 0)} ms above bare node)`,
        );
      }
    }
    if (sections.has('scale')) {
      const assembly = await synthFixture('shaped', { SHAPE: scaleShape });
      await fresh(emulator, proxy);
      const scale = await bundleRun(assembly, emulator, proxy, 16);
      lines.push(
        '',
        `Scale: ${scaleShape} (stacks:width, each depending on two of the layer before) with the bundle at its default concurrency 16: ${fmt(scale.seconds)} s, peak ${fmt(scale.peakMiB ?? 0, 0)} MiB, ${fmt(scale.cfnCalls / Number(scaleShape.split(':')[1]), 1)} CloudFormation calls per stack.`,
      );
    }
  } finally {
    await proxy.close();
    await emulator.stop();
  }
  console.log(lines.join('\n'));
}

await main();
