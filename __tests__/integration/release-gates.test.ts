import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, describe, expect, it } from 'vitest';
import { deployContextFor } from '../../src/deploy-context-for.js';
import type { DeploymentRun } from '../../src/lifecycle/deployment-run.js';
import { runLifecycle } from '../../src/lifecycle/run-lifecycle.js';
import type { LogEntry } from '../../src/model/log-entry.js';
import { parseAlarms } from '../../src/settings/gate-inputs.js';
import type { Settings } from '../../src/settings/settings.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { testSettings } from '../support/settings.js';
import { synthFixture } from '../support/synth.js';
import { validateRecord } from '../support/record-schema.js';

const account = useEmulator('us-east-1', { processEnv: true });
let cloudWatch: CloudWatchClient | undefined;
const alarmsClient = (): CloudWatchClient => (cloudWatch ??= new CloudWatchClient({}));
afterAll(() => cloudWatch?.destroy());

async function putAlarm(name: string): Promise<void> {
  await alarmsClient().send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'Fixture',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await setAlarm(name, 'OK', 'quiet');
}

async function setAlarm(name: string, state: 'OK' | 'ALARM', reason: string): Promise<void> {
  await alarmsClient().send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }),
  );
}

async function templates(): Promise<Record<string, string>> {
  const stacks = await account.liveStacks();
  const out: Record<string, string> = {};
  for (const name of Object.keys(stacks)) {
    const answer = await account.cloudFormation.send(new GetTemplateCommand({ StackName: name }));
    out[name] = answer.TemplateBody ?? '';
  }
  return out;
}

/** The lifecycle in-process, telling `onEntry` each log entry as it is written. */
async function runWatching(
  overrides: Partial<Settings>,
  onEntry: (entry: LogEntry) => void,
): Promise<DeploymentRun> {
  const settings = testSettings(overrides);
  return runLifecycle(settings, (id) => deployContextFor(settings, id), { sink: onEntry });
}

const gate = (alarms: string, bakeTimeMs: number): Partial<Settings> => ({
  alarms: parseAlarms(alarms.split(',')),
  bakeTimeMs,
});

describe('release gates on the emulator (CloudWatch alarms)', () => {
  it('completes after the bake time with a quiet alarm, and not before', async () => {
    await account.emulator.reset();
    await putAlarm('api-errors');
    await deployAssembly(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(v2, gate('api-*', 3_000));
    const record = run.deployment.toRecord();
    expect(record.status).toBe('completed');
    const verifying = record.status_history.find((h) => h.status === 'verifying')?.at ?? '';
    const completed = record.status_history.find((h) => h.status === 'completed')?.at ?? '';
    expect(Date.parse(completed) - Date.parse(verifying)).toBeGreaterThanOrEqual(3_000);
    expect(record.bake).toMatchObject({ outcome: 'passed', alarms: [{ name: 'api-errors' }] });
    expect(Date.parse(record.bake?.ended_at ?? '')).toBeGreaterThanOrEqual(
      Date.parse(record.bake?.until ?? ''),
    );
    expect(record.checks.find((c) => c.check === 'bake')?.passed).toBe(true);
    expect(run.entries.some((e) => /^Baking: \d+ s left; api-errors OK/.test(e.message))).toBe(
      true,
    );
    expect(validateRecord({ deployment: record, stacks: [], resources: [] })).toEqual([]);
  });

  it('rolls back to the previous templates within seconds when an alarm fires during the bake', async () => {
    await account.emulator.reset();
    await putAlarm('api-errors');
    await deployAssembly(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
    const before = await templates();
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    let firedAt = 0;
    let rollbackStartedAt = 0;
    let firing: Promise<void> | undefined;
    const run = await runWatching({ cloudAssembly: v2, ...gate('api-errors', 60_000) }, (entry) => {
      if (entry.message.startsWith('Baking for') && !firing) {
        firing = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          firedAt = Date.now();
          await setAlarm('api-errors', 'ALARM', 'Threshold Crossed: 5 errors');
        })();
      }
      if (entry.message.startsWith('Rollback:') && rollbackStartedAt === 0) {
        rollbackStartedAt = Date.parse(entry.timestamp);
      }
    });
    await firing;
    const record = run.deployment.toRecord();
    expect(record.status).toBe('rolled_back');
    expect(record.rollback_reason).toMatch(
      /Check bake failed: alarm api-errors \(aws:\/\/123456789012\/us-east-1\) went to ALARM at \S+: Threshold Crossed: 5 errors/,
    );
    expect(record.bake?.outcome).toBe('alarm');
    const latency = rollbackStartedAt - firedAt;
    console.log(`alarm -> rollback start: ${latency} ms`);
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(8_000);
    expect(await templates()).toEqual(before);
    const bravo = run.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.rollback).toMatchObject({ action: 'restore-template', path: 'restore' });
  });

  it('stops before touching any stack when an alarm is already in ALARM', async () => {
    await account.emulator.reset();
    await putAlarm('api-errors');
    await deployAssembly(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
    const before = await templates();
    await setAlarm('api-errors', 'ALARM', 'Threshold Crossed: 9 errors');
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(v2, gate('api-errors', 5_000));
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.rollback_reason).toMatch(
      /already in ALARM before deploying, so nothing was deployed: api-errors .* Threshold Crossed: 9 errors/,
    );
    expect(record.status_history.map((h) => h.status)).not.toContain('deploying');
    expect(record.rollback?.outcome).toBe('not-needed');
    expect(run.stacks.every((s) => !s.executed && s.previousState === null)).toBe(true);
    expect(await templates()).toEqual(before);
  });

  it('is an input error naming an alarm that does not exist', async () => {
    await account.emulator.reset();
    await putAlarm('api-errors');
    const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
    const run = await deployAssembly(v1, gate('api-errors,payments-5xx,queue-*', 5_000));
    const record = run.deployment.toRecord();
    expect(record.status).toBe('failed');
    expect(record.rollback_reason).toContain(
      "Input 'alarms': no CloudWatch alarm payments-5xx; queue-* (no alarm has that prefix), looked up in aws://123456789012/us-east-1",
    );
    expect(await account.liveStacks()).toEqual({});
  });
});
