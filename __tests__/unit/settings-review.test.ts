import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/errors.js';
import { readSettings, type Settings } from '../../src/settings/settings.js';

const workspace = mkdtempSync(join(tmpdir(), 'settings-review-'));
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
  throw new Error('expected a SettingsError');
}

const PLAN_ID = `plan-v1:${'ab'.repeat(32)}`;

describe('require-approval, expected-plan, fail-on-approval-required', () => {
  it('default to never, no expected plan, no failing', () => {
    expect(settings({})).toMatchObject({
      requireApproval: 'never',
      expectedPlan: null,
      failOnApprovalRequired: false,
    });
  });

  it("take the CDK CLI's words", () => {
    for (const level of ['never', 'broadening', 'any-change'] as const) {
      expect(settings({ 'require-approval': level }).requireApproval).toBe(level);
    }
  });

  it('refuse another approval word, naming the input and the accepted values', () => {
    const error = errorOf({ 'require-approval': 'always' });
    expect(error.input).toBe('require-approval');
    expect(error.message).toContain("'always' is not one of never, broadening, any-change");
  });

  it('read a plan id or pull-request', () => {
    expect(settings({ 'expected-plan': PLAN_ID }).expectedPlan).toEqual({
      kind: 'plan-id',
      planId: PLAN_ID,
    });
    expect(settings({ 'expected-plan': ' pull-request ' }).expectedPlan).toEqual({
      kind: 'pull-request',
    });
  });

  it('refuse a malformed plan id and an expected plan outside deploy mode', () => {
    const bad = errorOf({ 'expected-plan': 'plan-v1:xyz' });
    expect(bad.input).toBe('expected-plan');
    expect(bad.message).toContain("'plan-v1:' and 64 hex digits");
    const inPlan = errorOf({ mode: 'plan', 'expected-plan': PLAN_ID });
    expect(inPlan.message).toContain("only for mode 'deploy'");
  });

  it('parse fail-on-approval-required strictly', () => {
    expect(settings({ 'fail-on-approval-required': 'true' }).failOnApprovalRequired).toBe(true);
    expect(errorOf({ 'fail-on-approval-required': 'yes' }).input).toBe('fail-on-approval-required');
  });
});
