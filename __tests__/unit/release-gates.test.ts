import { describe, expect, it } from 'vitest';
import { changeSetOptions } from '../../src/cloudformation/change-set-options.js';
import type { ChangeSetGates } from '../../src/cloudformation/engine.js';
import type { AlarmSource, AlarmState } from '../../src/gates/alarm-source.js';
import { bake } from '../../src/gates/bake.js';
import { resolveAlarms } from '../../src/gates/resolve-alarms.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import { renderPullRequestComment } from '../../src/report/summary/pull-request-comment.js';
import { renderJobSummary } from '../../src/report/summary/job-summary.js';
import { parseAlarms } from '../../src/settings/gate-inputs.js';
import { SettingsError } from '../../src/errors.js';
import type { StackWork } from '../../src/lifecycle/deployment-run.js';
import type { RunScope } from '../../src/lifecycle/mode.js';
import { gatesFor } from '../../src/lifecycle/release-gates.js';
import type { Settings } from '../../src/settings/settings.js';
import { at, stack } from '../support/record-builders.js';
import { testSettings } from '../support/settings.js';

const ENV = 'aws://123456789012/eu-west-1';

function alarm(name: string, state = 'OK', overrides: Partial<AlarmState> = {}): AlarmState {
  return {
    name,
    arn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    kind: 'metric',
    state,
    reason: `${name} is ${state}`,
    since: at(0),
    environment: ENV,
    ...overrides,
  };
}

/** An in-memory CloudWatch: the test changes the alarms' states between reads. */
function fakeSource(alarms: AlarmState[], environment = ENV): AlarmSource & { reads: number } {
  const source = {
    environment,
    reads: 0,
    async byNames(names: readonly string[]) {
      source.reads++;
      return alarms.filter((a) => names.includes(a.name));
    },
    async byPrefix(prefix: string) {
      return alarms.filter((a) => a.name.startsWith(prefix));
    },
    destroy: () => undefined,
  };
  return source;
}

const gates = (overrides: Partial<ChangeSetGates> = {}): ChangeSetGates => ({
  rollbackTriggers: [],
  monitoringMinutes: 0,
  express: false,
  revertDrift: false,
  ...overrides,
});

describe('change-set fields of the release gates', () => {
  it('sends nothing without gates', () => {
    expect(changeSetOptions(undefined, 'UPDATE')).toEqual({});
    expect(changeSetOptions(gates(), 'UPDATE')).toEqual({});
  });

  it('sends the alarms as rollback triggers, with the monitoring window on updates only', () => {
    const triggers = [{ arn: 'arn:a', type: 'AWS::CloudWatch::Alarm' as const }];
    expect(
      changeSetOptions(gates({ rollbackTriggers: triggers, monitoringMinutes: 11 }), 'UPDATE'),
    ).toEqual({
      RollbackConfiguration: {
        RollbackTriggers: [{ Arn: 'arn:a', Type: 'AWS::CloudWatch::Alarm' }],
        MonitoringTimeInMinutes: 11,
      },
    });
    expect(
      changeSetOptions(gates({ rollbackTriggers: triggers, monitoringMinutes: 11 }), 'CREATE'),
    ).toEqual({
      RollbackConfiguration: {
        RollbackTriggers: [{ Arn: 'arn:a', Type: 'AWS::CloudWatch::Alarm' }],
        MonitoringTimeInMinutes: 0,
      },
    });
  });

  it('asks for express mode, and drift reverting on updates only', () => {
    expect(changeSetOptions(gates({ express: true, revertDrift: true }), 'UPDATE')).toEqual({
      DeploymentConfig: { Mode: 'EXPRESS' },
      DeploymentMode: 'REVERT_DRIFT',
    });
    expect(changeSetOptions(gates({ express: true, revertDrift: true }), 'CREATE')).toEqual({
      DeploymentConfig: { Mode: 'EXPRESS' },
    });
  });
});

describe('resolving alarms in the stacks environments', () => {
  it('finds names, prefixes and ARNs, and refuses what it cannot find', async () => {
    const source = fakeSource([alarm('api-5xx'), alarm('api-latency'), alarm('queue-depth')]);
    const found = await resolveAlarms(
      parseAlarms(['api-*', `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:queue-depth`]),
      [source],
    );
    expect(found.all.map((a) => a.name)).toEqual(['api-5xx', 'api-latency', 'queue-depth']);
    await expect(
      resolveAlarms(parseAlarms(['arn:aws:cloudwatch:us-west-2:123456789012:alarm:x']), [source]),
    ).rejects.toThrow(
      /arn:aws:cloudwatch:us-west-2:123456789012:alarm:x \(its environment aws:\/\/123456789012\/us-west-2 is not one of the selected stacks'/,
    );
    await expect(resolveAlarms(parseAlarms(['nope']), [source])).rejects.toBeInstanceOf(
      SettingsError,
    );
  });

  it('keeps each alarm in the environment where it was found', async () => {
    const west = fakeSource([alarm('api-5xx')]);
    const east = fakeSource(
      [alarm('api-5xx', 'OK', { environment: 'aws://123456789012/us-east-1' })],
      'aws://123456789012/us-east-1',
    );
    const found = await resolveAlarms(parseAlarms(['api-5xx']), [west, east]);
    expect([...found.byEnvironment.keys()]).toEqual([ENV, 'aws://123456789012/us-east-1']);
  });
});

describe('the bake', () => {
  function clock() {
    let now = 0;
    return {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
  }

  it('passes once the bake time is over, not before, logging progress every 30 s and on change', async () => {
    const alarms = [alarm('api-5xx')];
    const source = fakeSource(alarms);
    const time = clock();
    const lines: string[] = [];
    const result = await bake({
      durationMs: 95_000,
      alarms: new Map([[ENV, alarms]]),
      sources: new Map([[ENV, source]]),
      ...time,
      pollMs: 5_000,
      progressMs: 30_000,
      log: (line) => lines.push(line),
      onRead: () => {
        if (time.now() === 40_000) alarms[0] = alarm('api-5xx', 'INSUFFICIENT_DATA');
      },
    });
    expect(result.outcome).toBe('passed');
    expect(time.now()).toBe(95_000);
    expect(source.reads).toBe(20);
    expect(lines).toEqual([
      'Baking: 95 s left; api-5xx OK',
      'Baking: 65 s left; api-5xx OK',
      'Baking: 50 s left; api-5xx INSUFFICIENT_DATA',
      'Baking: 20 s left; api-5xx INSUFFICIENT_DATA',
      'Bake passed: no alarm went to ALARM (api-5xx INSUFFICIENT_DATA)',
    ]);
  });

  it('ends at the first read that finds an alarm in ALARM', async () => {
    const alarms = [alarm('api-5xx'), alarm('queue-depth')];
    const time = clock();
    const result = await bake({
      durationMs: 600_000,
      alarms: new Map([[ENV, [...alarms]]]),
      sources: new Map([[ENV, fakeSource(alarms)]]),
      ...time,
      pollMs: 5_000,
      progressMs: 30_000,
      log: () => undefined,
      onRead: () => {
        if (time.now() === 15_000) alarms[1] = alarm('queue-depth', 'ALARM');
      },
    });
    expect(result.outcome).toBe('alarm');
    expect(time.now()).toBe(20_000);
    expect(result.outcome === 'alarm' && result.firing.map((a) => a.name)).toEqual(['queue-depth']);
  });
});

describe('the bake in the reports', () => {
  const record = (outcome: 'baking' | 'alarm'): DeploymentRecordFile => ({
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status: outcome === 'baking' ? 'verifying' : 'rolled_back',
      start_time: at(0),
      end_time: outcome === 'baking' ? null : at(200),
      environment: 'prod',
      stacks_order: ['Api'],
      logs: [],
      rollback_reason:
        outcome === 'baking' ? null : 'Check bake failed: alarm api-5xx went to ALARM at ...',
      mode: 'deploy',
      status_history: [{ status: 'pending', at: at(0) }],
      checks: [],
      rollback: null,
      bake: {
        started_at: at(60),
        until: at(660),
        ended_at: outcome === 'baking' ? null : at(90),
        outcome,
        alarms: [
          {
            name: 'api-5xx',
            arn: 'arn:x',
            environment: ENV,
            state: outcome === 'baking' ? 'OK' : 'ALARM',
            reason: 'Threshold Crossed: 12 errors',
            since: at(85),
          },
        ],
      },
    },
    stacks: [
      stack('Api', {
        rollback:
          outcome === 'baking'
            ? null
            : {
                action: 'none',
                succeeded: true,
                message: 'rolled back',
                at: at(95),
                path: 'native',
              },
      }),
    ],
    resources: [],
  });

  it('shows the bake in the pull-request comment while it runs and after an alarm', () => {
    const baking = renderPullRequestComment(record('baking'));
    expect(baking).toContain('**Bake**: ⏳ baking · until 10:11:00 UTC · 1 alarm(s) watched');
    expect(baking).toContain('| `api-5xx` | ✅ OK | Threshold Crossed: 12 errors |');
    const fired = renderPullRequestComment(record('alarm'));
    expect(fired).toContain('**Bake**: ❌ an alarm went to ALARM · 30s, 10:01:00 → 10:01:30 UTC');
    expect(fired).toContain('| `api-5xx` | ❌ ALARM |');
    expect(fired).toContain('(CloudFormation rolled the update back natively)');
  });

  it('shows each alarm with its environment and time in the job summary', () => {
    const summary = renderJobSummary(record('alarm'), { recordFile: '/tmp/record.json' });
    expect(summary).toContain('### Bake: ❌ an alarm went to ALARM');
    expect(summary).toContain(`| \`api-5xx\` | \`${ENV}\` | ❌ ALARM | 10:01:25 |`);
  });
});

describe('the gates each stack gets', () => {
  const work = (id: string, dependencies: string[] = []) =>
    ({
      stack: { id: `stack-${id}`, name: id },
      artifact: { id, stackName: id, dependencies },
    }) as unknown as StackWork;
  const scopeWith = (settings: Partial<Settings>, items: StackWork[]): RunScope =>
    ({ settings: testSettings(settings), run: {}, work: items }) as unknown as RunScope;

  it('gives a monitoring window covering the bake only to stacks nothing in the run depends on', () => {
    const network = work('Network');
    const api = work('Api', ['Network']);
    const scope = scopeWith({ alarms: parseAlarms(['api-*']), bakeTimeMs: 90_000 }, [network, api]);
    expect(gatesFor(api, scope)?.monitoringMinutes).toBe(3);
    expect(gatesFor(network, scope)?.monitoringMinutes).toBe(0);
  });

  it('caps the window at 180 minutes and gives none without a bake', () => {
    const api = work('Api');
    const long = scopeWith({ alarms: parseAlarms(['a']), bakeTimeMs: 300 * 60_000 }, [api]);
    expect(gatesFor(api, long)?.monitoringMinutes).toBe(180);
    const noBake = scopeWith({ alarms: parseAlarms(['a']) }, [api]);
    expect(gatesFor(api, noBake)?.monitoringMinutes).toBe(0);
  });

  it('is nothing at all when no gate is set', () => {
    const api = work('Api');
    expect(gatesFor(api, scopeWith({}, [api]))).toBeUndefined();
    expect(gatesFor(api, scopeWith({ express: true }, [api]))).toMatchObject({ express: true });
  });
});
