import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setStackDelay } from '../../scripts/emulator/start-emulator.js';
import {
  startFaultProxy,
  type FaultProxy,
  type FaultStats,
} from '../../scripts/lib/fault-proxy.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { synthFixture } from '../support/synth.js';

let proxy: FaultProxy;

const account = useEmulator('us-east-1', {
  processEnv: true,
  async afterStart(emulator) {
    proxy = await startFaultProxy(emulator.endpoint, { seed: 20_260_101 });
    // Every AWS call of the action goes through the proxy; the tests' own calls go straight.
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
  },
  beforeStop: () => proxy?.close(),
});
beforeEach(async () => {
  await account.emulator.reset();
  proxy.setFaults({});
  proxy.resetStats();
});

/** `CloudFormation DescribeStacks throttled (Throttling, HTTP 400: Rate exceeded); retry 2 of 7 in 0.4 s` */
const RETRY_LINE =
  /^(\S+ \S+) (throttled|failed) \((.*)\); (?:retry (\d+) of (\d+) in \d+\.\d s|giving up after \d+ attempt\(s\))$/;

/** The SDK's name of a service, by its signing name (what the proxy sees). */
const SDK_NAMES: Record<string, string> = {
  cloudformation: 'CloudFormation',
  sts: 'STS',
  ssm: 'SSM',
  s3: 'S3',
  sqs: 'SQS',
  sns: 'SNS',
  dynamodb: 'DynamoDB',
};

const direct = () => new CloudFormationClient({ endpoint: account.emulator.endpoint });

/**
 * Deploys in-process and gathers the retry lines: the engine's clients log them through the
 * context, the live readers of the verification straight to the job log (stdout).
 */
async function deployLogged(
  assembly: string,
  overrides: Parameters<typeof deployAssembly>[1] = {},
) {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    printed.push(...String(chunk).split(/\r?\n/));
    return true;
  });
  const started = Date.now();
  try {
    const run = await deployAssembly(assembly, overrides);
    const lines = [...run.retries, ...printed].filter((line) => RETRY_LINE.test(line));
    return { run, lines, ms: Date.now() - started, stats: proxy.stats() };
  } finally {
    write.mockRestore();
  }
}

function servicesWith(stats: FaultStats, kind: 'throttled' | 'serverError' | 'dropped'): string[] {
  const services = [...stats.byCall].filter(([, s]) => (s[kind] ?? 0) > 0).map(([k]) => k);
  return [...new Set(services.map((key) => key.split(':')[0] as string))];
}

function summary(name: string, ms: number, stats: FaultStats, lines: readonly string[]): string {
  const { throttled, serverError, dropped, delayed } = stats.injected;
  return `${name}: ${(ms / 1000).toFixed(1)} s, ${stats.calls} calls, ${throttled} throttled, ${serverError} HTTP 500, ${dropped} dropped, ${delayed} delayed, ${lines.length} retry lines`;
}

describe('AWS faults between the action and the endpoint', () => {
  it('deploys through the proxy without faults, retrying nothing', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const { run, lines, ms, stats } = await deployLogged(v1);
    expect(run.deployment.status, run.deployment.rollbackReason ?? '').toBe('completed');
    expect(stats.calls).toBeGreaterThan(30);
    expect(stats.forwarded).toBe(stats.calls);
    expect(lines).toEqual([]);
    console.info(summary('no faults', ms, stats, lines));
  });

  it('completes with 30% of calls throttled: each throttled call retried, with backoff, and logged', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    proxy.setFaults({ throttle: 0.3 });
    const { run, lines, ms, stats } = await deployLogged(v1);
    expect(run.deployment.status, run.deployment.rollbackReason ?? '').toBe('completed');
    expect(stats.injected.throttled).toBeGreaterThanOrEqual(10);
    // One line for every throttled answer, each a retry within the bound of 8 attempts.
    expect(lines).toHaveLength(stats.injected.throttled);
    for (const line of lines) {
      const [, , kind, , retry, of] = RETRY_LINE.exec(line) ?? [];
      expect(kind, line).toBe('throttled');
      expect(Number(of), line).toBe(7);
      expect(Number(retry), line).toBeLessThanOrEqual(7);
    }
    expect(lines.some((line) => / retry [2-7] of /.test(line))).toBe(true);
    // Throttling is understood in the protocols the run uses: query (CloudFormation, STS), JSON
    // (SSM, SQS, DynamoDB...).
    const throttledServices = servicesWith(stats, 'throttled');
    expect(throttledServices).toContain('cloudformation');
    expect(throttledServices.length).toBeGreaterThanOrEqual(2);
    for (const service of throttledServices) {
      const name = SDK_NAMES[service] ?? service;
      expect(
        lines.some((line) => line.startsWith(`${name} `)),
        service,
      ).toBe(true);
    }
    console.info(summary('30% throttled', ms, stats, lines));
  });

  it('completes with 10% of calls answered HTTP 500 and 10% of connections dropped', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    proxy.setFaults({ serverError: 0.1, drop: 0.1 });
    const { run, lines, ms, stats } = await deployLogged(v1);
    expect(run.deployment.status, run.deployment.rollbackReason ?? '').toBe('completed');
    expect(stats.injected.serverError).toBeGreaterThan(0);
    expect(stats.injected.dropped).toBeGreaterThan(0);
    expect(lines).toHaveLength(stats.injected.serverError + stats.injected.dropped);
    expect(lines.filter((line) => line.includes('HTTP 500'))).toHaveLength(
      stats.injected.serverError,
    );
    expect(lines.filter((line) => line.includes('(ECONNRESET'))).toHaveLength(
      stats.injected.dropped,
    );
    console.info(summary('10% HTTP 500 + 10% dropped', ms, stats, lines));
  });

  it('completes when every answer is 200 ms late, without retrying', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    proxy.setFaults({ slowMs: 200 });
    const { run, lines, ms, stats } = await deployLogged(v1);
    expect(run.deployment.status, run.deployment.rollbackReason ?? '').toBe('completed');
    expect(stats.injected.delayed).toBe(stats.calls);
    expect(lines).toEqual([]);
    console.info(summary('200 ms per answer', ms, stats, lines));
  });
});

describe('stacks that take too long', () => {
  it('cancels an update that outlasts stack-timeout, fails the stack and ends rolled back', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    await setStackDelay(account.emulator, 5);
    proxy.resetStats();
    const run = await deployAssembly(v2, { stackTimeoutMs: 1_500 });
    const record = run.deployment.toRecord();
    const timedOut =
      'Stack Bravo did not finish within 1.5s (still UPDATE_IN_PROGRESS); the update was cancelled and CloudFormation rolls it back. Raise stack-timeout if it needs longer.';
    expect(run.stacks.find((s) => s.name === 'Bravo')?.errorMessage).toBe(timedOut);
    expect(record.rollback_reason).toContain(timedOut);
    expect(record.status).toBe('rolled_back');
    expect(run.stacks.find((s) => s.name === 'Charlie')?.errorMessage).toMatch(/depends on Bravo/);
    expect(proxy.stats().byCall.get('cloudformation:CancelUpdateStack')?.calls).toBe(1);
    const bravo = (await direct().send(new DescribeStacksCommand({ StackName: 'Bravo' })))
      .Stacks?.[0];
    expect(bravo?.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const template = await direct().send(new GetTemplateCommand({ StackName: 'Bravo' }));
    expect(JSON.parse(template.TemplateBody ?? '{}')).toEqual(
      JSON.parse(readFileSync(`${v1}/Bravo.template.json`, 'utf8')),
    );
  });

  it('fails a stack another operation keeps busy past busy-stack-timeout, leaving that operation alone', async () => {
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    expect((await deployAssembly(v1)).deployment.status).toBe('completed');
    await setStackDelay(account.emulator, 3);
    await updateOutsideTheRun('Delta');
    proxy.resetStats();
    const run = await deployAssembly(v1, { busyStackTimeoutMs: 1_000 });
    const busy =
      'Stack Delta is still UPDATE_IN_PROGRESS after 1s, changed by another operation; this run did not change it. Let that operation finish, use a GitHub concurrency group (concurrency:) so deployments to this environment do not overlap, or raise busy-stack-timeout.';
    expect(run.stacks.find((s) => s.name === 'Delta')?.errorMessage).toBe(busy);
    expect(run.deployment.status).toBe('failed');
    expect(run.deployment.rollbackReason).toContain(busy);
    const changing = [...proxy.stats().byCall.keys()].filter((key) =>
      /ChangeSet|CancelUpdateStack|UpdateStack|DeleteStack/.test(key),
    );
    expect(changing).toEqual([]);
    await expect
      .poll(() => stackOutputs('Delta'), { timeout: 10_000, interval: 500 })
      .toHaveProperty('Busy', 'another run');
  });
});

/** Another deployment's update of a stack, with an added output, executed by hand. */
async function updateOutsideTheRun(stackName: string): Promise<void> {
  const client = direct();
  const template = JSON.parse(
    (await client.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody ?? '{}',
  ) as { Outputs?: Record<string, unknown> };
  template.Outputs = { ...template.Outputs, Busy: { Value: 'another run' } };
  const stack = (await client.send(new DescribeStacksCommand({ StackName: stackName })))
    .Stacks?.[0];
  const created = await client.send(
    new CreateChangeSetCommand({
      StackName: stackName,
      ChangeSetName: 'another-run',
      ChangeSetType: 'UPDATE',
      TemplateBody: JSON.stringify(template),
      Parameters: stack?.Parameters?.map((p) => ({
        ParameterKey: p.ParameterKey,
        UsePreviousValue: true,
      })),
    }),
  );
  await expect
    .poll(
      async () =>
        (await client.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }))).Status,
    )
    .toBe('CREATE_COMPLETE');
  await client.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
  const status = (await client.send(new DescribeStacksCommand({ StackName: stackName })))
    .Stacks?.[0]?.StackStatus;
  expect(status).toBe('UPDATE_IN_PROGRESS');
}

async function stackOutputs(stackName: string): Promise<Record<string, string>> {
  const stack = (await direct().send(new DescribeStacksCommand({ StackName: stackName })))
    .Stacks?.[0];
  if (stack?.StackStatus !== 'UPDATE_COMPLETE') return {};
  return Object.fromEntries(
    (stack.Outputs ?? []).map((o): [string, string] => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
}
