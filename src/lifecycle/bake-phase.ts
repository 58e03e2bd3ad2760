import type { AlarmState } from '../gates/alarm-source.js';
import { bake } from '../gates/bake.js';
import type { CheckResult } from '../model/check-result.js';
import type { BakeAlarm, BakeRecord } from '../model/deployment.js';
import { realSleep } from '../util/sleep.js';
import { describeFailure } from './describe-failure.js';
import type { RunScope } from './mode.js';
import { gateState } from './release-gates.js';
import { stackLog } from './stack-log.js';
import { verifyDeployment } from './verify-deployment.js';

/** How often the bake reads the alarms, and how often it logs when nothing changed. */
export const BAKE_POLL_MS = 5_000;
export const BAKE_PROGRESS_MS = 30_000;

const bakeAlarm = (a: AlarmState): BakeAlarm => ({
  name: a.name,
  arn: a.arn,
  environment: a.environment,
  state: a.state,
  reason: a.reason,
  since: a.since,
});

function record(scope: RunScope, bakeRecord: BakeRecord): void {
  scope.run.deployment.setBake({ ...bakeRecord, alarms: [...bakeRecord.alarms] });
}

/**
 * The bake: the run stays in verifying for bake-time, reading the alarms every few seconds; one in
 * ALARM fails verification at once with its name, state reason and time. The PR comment is
 * updated when the bake starts and when it ends.
 */
async function runBake(scope: RunScope): Promise<string[]> {
  const { run, settings, hooks } = scope;
  const state = gateState(run);
  if (!state) return [];
  const { deployment } = run;
  const started = Date.now();
  let current: BakeRecord = {
    started_at: new Date(started).toISOString(),
    until: new Date(started + settings.bakeTimeMs).toISOString(),
    ended_at: null,
    outcome: 'baking',
    alarms: state.alarms.all.map(bakeAlarm),
  };
  record(scope, current);
  deployment.log(
    'info',
    `Baking for ${Math.round(settings.bakeTimeMs / 1000)} s, until ${current.until}: watching ${current.alarms.length} alarm(s)`,
  );
  hooks.progress?.(run);
  hooks.checkpoint?.(run);
  const sleep = hooks.cancellation?.wrapSleep(realSleep) ?? realSleep;
  let result: Awaited<ReturnType<typeof bake>>;
  try {
    result = await bake({
      durationMs: settings.bakeTimeMs,
      alarms: state.alarms.byEnvironment,
      sources: state.sources,
      sleep,
      now: Date.now,
      pollMs: BAKE_POLL_MS,
      progressMs: BAKE_PROGRESS_MS,
      log: (message) => deployment.log('info', message),
      onRead: (alarms) => {
        current = { ...current, alarms: alarms.map(bakeAlarm) };
        record(scope, current);
      },
    });
  } catch (error) {
    record(scope, { ...current, outcome: 'stopped', ended_at: new Date().toISOString() });
    throw error;
  }
  const passed = result.outcome === 'passed';
  record(scope, {
    ...current,
    outcome: passed ? 'passed' : 'alarm',
    ended_at: new Date().toISOString(),
  });
  const check: CheckResult =
    result.outcome === 'passed'
      ? {
          check: 'bake',
          passed,
          message: `no alarm went to ALARM in ${settings.bakeTimeMs / 1000} s`,
        }
      : {
          check: 'bake',
          passed,
          message: result.firing
            .map(
              (a) => `alarm ${a.name} (${a.environment}) went to ALARM at ${a.since}: ${a.reason}`,
            )
            .join('; '),
        };
  deployment.recordCheck(check);
  hooks.progress?.(run);
  return passed ? [] : [describeFailure(check)];
}

/**
 * Once everything passed: the stacks still in CloudFormation's monitoring window are waited on
 * until CloudFormation ends it (the window is sized to the checks and the bake, rounded up to
 * minutes), so the run ends with the stacks settled. A window that ends in a rollback (a trigger
 * fired) fails verification.
 */
async function settleMonitoredStacks(scope: RunScope): Promise<string[]> {
  const { run, context } = scope;
  const monitored = scope.work.filter((w) => w.stack.monitoringUntil && w.stack.stackArn);
  const results = await Promise.all(
    monitored.map(async ({ stack, artifact }): Promise<CheckResult> => {
      const log = stackLog(run, stack);
      log(
        'info',
        `Waiting for CloudFormation's monitoring window to end (${stack.monitoringUntil})`,
      );
      const settled = await context.engine.settle(artifact, stack.stackArn as string, log);
      stack.cloudformationStatus = settled?.status ?? null;
      if (settled) stack.outputs = { ...settled.outputs };
      const passed = settled?.status === 'UPDATE_COMPLETE';
      return {
        check: 'monitoring-window',
        stack: stack.name,
        passed,
        message: passed
          ? 'CloudFormation ended the monitoring window: UPDATE_COMPLETE'
          : `CloudFormation ended the update ${settled?.status ?? 'without the stack'} (a rollback trigger fired)`,
      };
    }),
  );
  results.forEach((result) => run.deployment.recordCheck(result));
  return results.filter((r) => !r.passed).map(describeFailure);
}

/** The deploy mode's verification with the release gates: the checks, the bake, the windows. */
export async function verifyWithGates(scope: RunScope): Promise<string[]> {
  const failures = await verifyDeployment(scope);
  if (failures.length > 0) return failures;
  const baked = scope.settings.bakeTimeMs > 0 ? await runBake(scope) : [];
  if (baked.length > 0) return baked;
  return settleMonitoredStacks(scope);
}
