import { readFileSync } from 'node:fs';
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../scripts/lib/run-action.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import { useEmulator } from '../support/emulator.js';
import { FakeGitHubApi } from '../support/fake-github-api.js';
import { synthFixture } from '../support/synth.js';

const account = useEmulator('us-east-1');
let github: FakeGitHubApi;
let cloudWatch: CloudWatchClient;

beforeAll(async () => {
  github = await new FakeGitHubApi().start();
  cloudWatch = new CloudWatchClient({
    endpoint: account.emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
});
afterAll(async () => {
  cloudWatch?.destroy();
  await github?.stop();
});

const pullRequestEvent = {
  action: 'synchronize',
  number: 12,
  pull_request: { number: 12, head: { sha: 'b'.repeat(40), ref: 'release' } },
  repository: { name: 'octo-app', owner: { login: 'octo-org' } },
};

async function setAlarm(state: 'OK' | 'ALARM', reason: string): Promise<void> {
  await cloudWatch.send(
    new SetAlarmStateCommand({ AlarmName: 'api-errors', StateValue: state, StateReason: reason }),
  );
}

/** A fresh account with v1 deployed (no gates) and a quiet alarm; returns the v2 assembly. */
async function prepare(): Promise<string> {
  await account.emulator.reset();
  github.requests.length = 0;
  github.comments.clear();
  await cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: 'api-errors',
      Namespace: 'Fixture',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  );
  await setAlarm('OK', 'quiet');
  const v1 = await synthFixture('multi-stack', { APP_VARIANT: 'v1' });
  const first = await runAction({
    inputs: { 'synth-command': '', 'cloud-assembly': v1 },
    env: account.emulator.env('us-east-1'),
  });
  expect(first.outputs.status).toBe('completed');
  return synthFixture('multi-stack', { APP_VARIANT: 'v2' });
}

function gatedRun(assembly: string, bakeTime: string, onLine?: (line: string) => void) {
  return runAction({
    inputs: {
      'synth-command': '',
      'cloud-assembly': assembly,
      environment: 'prod',
      alarms: 'api-*',
      'bake-time': bakeTime,
      'github-token': 'test-token',
    },
    env: { ...account.emulator.env('us-east-1'), GITHUB_API_URL: github.url },
    eventName: 'pull_request',
    event: pullRequestEvent,
    ...(onLine ? { onLine } : {}),
  });
}

/** Every body the comment had, in order (created, then each update). */
function commentBodies(): string[] {
  return github.requests
    .filter((r) => /\/issues\/(\d+\/)?comments/.test(r.path) && r.method !== 'GET')
    .map((r) => String((r.body as { body?: string } | undefined)?.body ?? ''));
}

function record(path: string): DeploymentRecordFile {
  return JSON.parse(readFileSync(path, 'utf8')) as DeploymentRecordFile;
}

describe('release gates through the runner protocol', () => {
  it('bakes with the alarms quiet, showing the bake in the pull-request comment, then completes', async () => {
    const v2 = await prepare();
    const run = await gatedRun(v2, '3s');
    expect(run.outputs.status, run.stdout.slice(-3000)).toBe('completed');
    const bodies = commentBodies();
    expect(bodies.some((b) => b.includes('**Bake**: ⏳ baking'))).toBe(true);
    expect(bodies.at(-1)).toContain('**Bake**: ✅ passed');
    expect(bodies.at(-1)).toContain('| `api-errors` | ✅ OK |');
    expect(run.stdout).toMatch(/Baking: \d+ s left; api-errors OK/);
    const file = record(run.outputs['record-file'] ?? '');
    expect(file.deployment.bake?.outcome).toBe('passed');
    expect(run.summary).toContain('### Bake: ✅ passed');
  });

  it('rolls back when an alarm fires during the bake, naming it in the outputs and the comment', async () => {
    const v2 = await prepare();
    let fired: Promise<void> | undefined;
    const run = await gatedRun(v2, '2m', (line) => {
      if (line.includes('Baking for') && !fired) {
        fired = setAlarm('ALARM', 'Threshold Crossed: 7 errors');
      }
    });
    await fired;
    expect(run.outputs.status, run.stdout.slice(-3000)).toBe('rolled_back');
    expect(run.outputs['rollback-reason']).toMatch(
      /Check bake failed: alarm api-errors \(aws:\/\/123456789012\/us-east-1\) went to ALARM at .*Threshold Crossed: 7 errors/,
    );
    const last = commentBodies().at(-1) ?? '';
    expect(last).toContain('**Bake**: ❌ an alarm went to ALARM');
    expect(last).toContain('| `api-errors` | ❌ ALARM | Threshold Crossed: 7 errors |');
    const file = record(run.outputs['record-file'] ?? '');
    const bravo = file.stacks.find((s) => s.name === 'Bravo');
    expect(bravo?.rollback).toMatchObject({ action: 'restore-template', path: 'restore' });
  });

  it('a cancel during the bake stops it at once; the post step rolls back', async () => {
    const v2 = await prepare();
    const main = await runAction({
      inputs: {
        'synth-command': '',
        'cloud-assembly': v2,
        alarms: 'api-errors',
        'bake-time': '10m',
      },
      env: account.emulator.env('us-east-1'),
      cancelWhen: (line) => line.includes('Baking for'),
    });
    expect(main.signals[0]).toBe('SIGINT');
    const cancelled = record(main.outputs['record-file'] ?? '');
    expect(cancelled.deployment.status).toBe('failed');
    expect(cancelled.deployment.rollback_reason).toBe('cancelled (SIGINT)');
    expect(cancelled.deployment.bake?.outcome).toBe('stopped');
    expect(cancelled.deployment.rollback?.outcome).toBe('pending');
    const post = await runAction({
      inputs: {},
      env: account.emulator.env('us-east-1'),
      post: main,
    });
    expect(post.exitCode).toBe(0);
    const after = record(main.outputs['record-file'] ?? '');
    expect(after.deployment.status).toBe('rolled_back');
  }, 60_000);
});
