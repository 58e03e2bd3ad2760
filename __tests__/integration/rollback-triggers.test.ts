import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, describe, expect, it } from 'vitest';
import {
  changeSetRequests,
  setMonitoringSecondsPerMinute,
} from '../../scripts/emulator/start-emulator.js';
import { toRecordFile } from '../../src/model/record.js';
import { parseAlarms } from '../../src/settings/gate-inputs.js';
import type { Settings } from '../../src/settings/settings.js';
import { deployAssembly } from '../support/deploy.js';
import { useEmulator } from '../support/emulator.js';
import { validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

/**
 * CloudFormation's rollback triggers and monitoring window, on the emulator's model of them (the
 * launcher's rollback_triggers patch: a window of emulated minutes, 2 s each here, in which the
 * stack stays UPDATE_IN_PROGRESS and a trigger alarm in ALARM rolls the update back). Express
 * mode and drift-reverting change sets are not modelled: for them the tests assert the requests
 * CloudFormation received.
 */
const account = useEmulator('us-east-1', { processEnv: true });
let cloudWatch: CloudWatchClient | undefined;
const alarms = (): CloudWatchClient => (cloudWatch ??= new CloudWatchClient({}));
afterAll(() => cloudWatch?.destroy());

async function setAlarm(name: string, state: 'OK' | 'ALARM'): Promise<void> {
  await alarms().send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `set ${state}` }),
  );
}

async function putAlarm(name: string): Promise<string> {
  await alarms().send(
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
  await setAlarm(name, 'OK');
  const found = await alarms().send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return found.MetricAlarms?.[0]?.AlarmArn ?? '';
}

async function template(stack: string): Promise<string> {
  const answer = await account.cloudFormation.send(new GetTemplateCommand({ StackName: stack }));
  return answer.TemplateBody ?? '';
}

async function status(stack: string): Promise<string> {
  const answer = await account.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
  return answer.Stacks?.[0]?.StackStatus ?? '';
}

/** Bravo and what it needs (Alpha): Bravo has no dependant in the run, so it gets a window. */
const bravoOnly = (extra: Partial<Settings> = {}): Partial<Settings> => ({
  stacks: ['Bravo'],
  alarms: parseAlarms(['api-errors']),
  bakeTimeMs: 2_000,
  ...extra,
});

async function deployV1(): Promise<void> {
  await account.emulator.reset();
  await setMonitoringSecondsPerMinute(account.emulator, 2);
  await deployAssembly(await synthFixture('multi-stack', { APP_VARIANT: 'v1' }));
}

describe('rollback triggers and the monitoring window', () => {
  it('sends the alarms as rollback triggers with a window for a stack without dependants, verifies inside it and ends settled', async () => {
    await deployV1();
    const arn = await putAlarm('api-errors');
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(v2, bravoOnly());
    const record = run.deployment.toRecord();
    expect(record.status).toBe('completed');
    const requests = await changeSetRequests(account.emulator);
    const bravo = requests.filter((r) => r.stackName === 'Bravo').at(-1);
    expect(bravo?.rollbackConfiguration).toEqual({
      RollbackTriggers: [{ Arn: arn, Type: 'AWS::CloudWatch::Alarm' }],
      MonitoringTimeInMinutes: 2,
    });
    expect(bravo?.deploymentConfig).toBeNull();
    expect(bravo?.deploymentMode).toBeNull();
    const stack = run.stacks.find((s) => s.name === 'Bravo');
    expect(stack?.monitoringUntil).not.toBeNull();
    const complete = record.checks.find((c) => c.check === 'stack-complete' && c.stack === 'Bravo');
    expect(complete?.message).toMatch(/UPDATE_IN_PROGRESS: every changed resource done/);
    expect(record.checks.find((c) => c.check === 'monitoring-window')?.passed).toBe(true);
    expect(stack?.cloudformationStatus).toBe('UPDATE_COMPLETE');
    expect(await status('Bravo')).toBe('UPDATE_COMPLETE');
    expect(validateRecord(toRecordFile(run.deployment, run.stacks, run.resources))).toEqual([]);
  });

  it('lets CloudFormation roll back natively when a trigger alarm fires inside the window', async () => {
    await deployV1();
    await putAlarm('api-errors');
    const before = await template('Bravo');
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    // The alarm fires as soon as the bake starts, inside Bravo's window (2 emulated minutes, 4 s).
    const deploying = deployAssembly(v2, bravoOnly({ bakeTimeMs: 60_000 }));
    const firing = (async () => {
      while ((await status('Bravo').catch(() => '')) !== 'UPDATE_IN_PROGRESS') {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      await setAlarm('api-errors', 'ALARM');
    })();
    const [run] = await Promise.all([deploying, firing]);
    const record = run.deployment.toRecord();
    expect(record.status).toBe('rolled_back');
    expect(record.rollback_reason).toContain('alarm api-errors');
    const bravo = run.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.rollback).toMatchObject({ action: 'none', succeeded: true, path: 'native' });
    expect(validateRecord(toRecordFile(run.deployment, run.stacks, run.resources))).toEqual([]);
    expect(await status('Bravo')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await template('Bravo')).toBe(before);
  });

  it('cancels an update still in its window when verification fails, so CloudFormation rolls it back', async () => {
    await deployV1();
    await putAlarm('api-errors');
    const before = await template('Bravo');
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(
      v2,
      bravoOnly({ verifyCommand: `${process.execPath} -e "process.exit(4)"` }),
    );
    const record = run.deployment.toRecord();
    expect(record.status).toBe('rolled_back');
    expect(record.bake ?? null).toBeNull();
    expect(run.entries.map((e) => e.message)).toContain(
      'Update cancelled within its monitoring window: CloudFormation rolls it back',
    );
    const bravo = run.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.rollback).toMatchObject({ path: 'native', succeeded: true });
    expect(await status('Bravo')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await template('Bravo')).toBe(before);
  });

  it('asks for express mode and drift-reverting change sets, also for a stack whose template is unchanged (requests asserted: the emulator does not model them)', async () => {
    await deployV1();
    const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
    const run = await deployAssembly(v2, { express: true, drift: 'revert' });
    expect(run.deployment.status).toBe('completed');
    const updates = (await changeSetRequests(account.emulator)).filter(
      (r) => r.changeSetType === 'UPDATE',
    );
    // Every stack of the app got an UPDATE change set: none was skipped as unchanged.
    expect(updates.map((r) => r.stackName).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    for (const request of updates) {
      expect(request.deploymentConfig).toEqual({ Mode: 'EXPRESS' });
      expect(request.deploymentMode).toBe('REVERT_DRIFT');
      expect(request.rollbackConfiguration).toBeNull();
    }
    const creates = (await changeSetRequests(account.emulator)).filter(
      (r) => r.changeSetType === 'CREATE',
    );
    expect(creates.every((r) => r.deploymentMode === null)).toBe(true);
    expect(run.stacks.find((s) => s.name === 'Delta')?.noOp).toBe(true);
  });
});
