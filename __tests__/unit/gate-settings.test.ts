import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/errors.js';
import { readSettings, type Settings } from '../../src/settings/settings.js';

const workspace = mkdtempSync(join(tmpdir(), 'gate-settings-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function settings(inputs: Record<string, string>): Settings {
  return readSettings((name) => inputs[name] ?? '', { workspace, runnerTemp: workspace, env: {} });
}

function errorOf(inputs: Record<string, string>): SettingsError {
  try {
    settings(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`expected a SettingsError for ${JSON.stringify(inputs)}`);
}

describe('release gate inputs', () => {
  it('reads alarms as names, prefixes and ARNs, by commas or newlines', () => {
    const { alarms } = settings({
      alarms: 'api-5xx, api-latency-*\narn:aws:cloudwatch:eu-west-1:111111111111:alarm:queue depth',
    });
    expect(alarms).toEqual([
      { kind: 'name', name: 'api-5xx' },
      { kind: 'prefix', prefix: 'api-latency-' },
      {
        kind: 'arn',
        arn: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:queue depth',
        name: 'queue depth',
        account: '111111111111',
        region: 'eu-west-1',
      },
    ]);
  });

  it.each([
    ['api-*-prod', "'*' may only end a name prefix"],
    ['*', "'*' may only end a name prefix"],
    ['arn:aws:sns:eu-west-1:111111111111:topic', 'is not a CloudWatch alarm ARN'],
    ['arn:aws:cloudwatch:eu-west-1:111111111111:alarm:api-*', 'is not a CloudWatch alarm ARN'],
  ])('refuses the alarm %s naming the input', (alarm, message) => {
    const error = errorOf({ alarms: alarm });
    expect(error.input).toBe('alarms');
    expect(error.message).toContain(message);
  });

  it('parses bake-time as stack-timeout does; 0 or empty is no bake', () => {
    expect(settings({ alarms: 'a', 'bake-time': '90s' }).bakeTimeMs).toBe(90_000);
    expect(settings({ alarms: 'a', 'bake-time': '10m' }).bakeTimeMs).toBe(600_000);
    expect(settings({ alarms: 'a', 'bake-time': '2' }).bakeTimeMs).toBe(120_000);
    expect(settings({ alarms: 'a', 'bake-time': '0' }).bakeTimeMs).toBe(0);
    expect(settings({ alarms: 'a', 'bake-time': '0s' }).bakeTimeMs).toBe(0);
    expect(settings({}).bakeTimeMs).toBe(0);
  });

  it('refuses a bake-time that is not a duration, or one with no alarms to watch', () => {
    const bad = errorOf({ alarms: 'a', 'bake-time': 'ten minutes' });
    expect(bad.input).toBe('bake-time');
    expect(bad.message).toContain("e.g. '90s'");
    const lonely = errorOf({ 'bake-time': '5m' });
    expect(lonely.input).toBe('bake-time');
    expect(lonely.message).toContain("set 'alarms'");
  });

  it('reads express strictly as a boolean', () => {
    expect(settings({ express: 'true' }).express).toBe(true);
    expect(settings({}).express).toBe(false);
    expect(errorOf({ express: 'yes' }).input).toBe('express');
  });

  it('reads drift as ignore, fail or revert', () => {
    expect(settings({}).drift).toBe('ignore');
    expect(settings({ drift: 'fail' }).drift).toBe('fail');
    expect(settings({ drift: 'revert' }).drift).toBe('revert');
    const error = errorOf({ drift: 'warn' });
    expect(error.input).toBe('drift');
    expect(error.message).toContain('ignore, fail, revert');
  });
});
