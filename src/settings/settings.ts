import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SettingsError } from '../errors.js';
import { MODES, type Mode } from '../model/modes.js';
import { parseParameters, type ParameterValues } from './parameters.js';
import { parseExpectedPlan, parseRequireApproval, type ExpectedPlan } from './review-inputs.js';
import type { ApprovalLevel } from '../model/review.js';
import {
  parseAlarms,
  parseBakeTime,
  parseDriftMode,
  type AlarmSelector,
  type DriftMode,
} from './gate-inputs.js';

export interface Settings {
  readonly mode: Mode;
  readonly workingDirectory: string;
  readonly synthCommand: string | null;
  readonly cloudAssembly: string | null;
  readonly stacks: readonly string[];
  readonly environment: string;
  readonly concurrency: number;
  readonly parameters: ParameterValues;
  readonly rollback: boolean;
  readonly verifyCommand: string | null;
  /** How long the verify command may run (verify-timeout), in ms. */
  readonly verifyTimeoutMs: number;
  readonly contract: string | null;
  readonly requiredTags: readonly string[];
  readonly region: string | null;
  readonly githubToken: string | null;
  readonly commentOnPr: boolean;
  readonly githubDeployment: boolean;
  readonly environmentUrl: string | null;
  readonly environmentUrlOutput: string | null;
  readonly artifactName: string | null;
  readonly failOnDestructiveChanges: boolean;
  readonly outputDirectory: string;
  /** How long one stack operation may stay in progress before it counts as failed, in ms. */
  readonly stackTimeoutMs: number;
  /** How long to wait for a stack that another operation is changing before failing, in ms. */
  readonly busyStackTimeoutMs: number;
  /** Output keys (or `Stack.OutputKey`) whose values are masked in logs, `*` as a wildcard. */
  readonly maskOutputs: readonly string[];
  /** How many docker builds of image assets may run at once across the run. */
  readonly imageBuildConcurrency: number;
  /** When changes need a human's approval (require-approval): never, broadening, any-change. */
  readonly requireApproval: ApprovalLevel;
  /** The plan a deploy must match (expected-plan); null when not bound to one. */
  readonly expectedPlan: ExpectedPlan | null;
  /** In plan mode, fail when the plan needs approval (fail-on-approval-required). */
  readonly failOnApprovalRequired: boolean;
  /** CloudWatch alarms that gate the release (names, prefixes, ARNs); empty: no gate. */
  readonly alarms: readonly AlarmSelector[];
  /** How long the run watches the alarms after verifying (bake-time), in ms; 0: no bake. */
  readonly bakeTimeMs: number;
  /** CloudFormation's express deployment mode for the change sets. */
  readonly express: boolean;
  readonly drift: DriftMode;
}

export type InputReader = (name: string) => string;

const MAX_CONCURRENCY = 64;

export function splitList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function parseBoolean(input: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new SettingsError(input, `'${value}' is not a boolean; use true or false.`);
}

function parseConcurrency(value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_CONCURRENCY) {
    throw new SettingsError(
      'concurrency',
      `'${value}' is not a whole number from 1 to ${MAX_CONCURRENCY}; set it to how many independent stacks may deploy at once, e.g. '16'.`,
    );
  }
  return parsed;
}

const MAX_IMAGE_BUILDS = 16;

function parseImageBuildConcurrency(value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > MAX_IMAGE_BUILDS) {
    throw new SettingsError(
      'image-build-concurrency',
      `'${value}' is not a whole number from 1 to ${MAX_IMAGE_BUILDS}; set it to how many docker builds may run at once, e.g. '2' on a GitHub-hosted runner (2 to 4 cores).`,
    );
  }
  return parsed;
}

const DURATION_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `30m`, `2h` or a bare number of minutes. */
export function parseDuration(input: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/.exec(value);
  const amount = match ? Number(match[1]) : Number.NaN;
  if (!match || !(amount > 0)) {
    throw new SettingsError(
      input,
      `'${value}' is not a duration; write a positive number with s, m or h, e.g. '90s', '30m' or '2h' (a bare number is minutes).`,
    );
  }
  return Math.round(amount * (DURATION_UNITS_MS[match[2] || 'm'] as number));
}

function parseMode(value: string): Mode {
  const mode = MODES.find((m) => m === value);
  if (!mode) {
    throw new SettingsError(
      'mode',
      `'${value}' is not one of ${MODES.join(', ')}; use one of them.`,
    );
  }
  return mode;
}

function parseEnvironment(value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) {
    throw new SettingsError(
      'environment',
      `'${value}' is not one of the allowed environments (${allowed.join(', ')}); set 'allowed-environments' to add it.`,
    );
  }
  return value;
}

function directoryInput(input: string, value: string, base: string): string {
  const path = isAbsolute(value) ? value : resolve(base, value);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    const problem = existsSync(path) ? 'is a file, not a directory' : 'does not exist';
    throw new SettingsError(
      input,
      `'${path}' ${problem}; set it to an existing folder, relative to '${base}' or absolute.`,
    );
  }
  return path;
}

/** `Stack.OutputKey`, naming the stack output that holds the environment's URL. */
function parseOutputReference(value: string): string | null {
  if (value.length === 0) return null;
  if (!/^[^.\s]+\.[A-Za-z0-9]+$/.test(value)) {
    throw new SettingsError(
      'environment-url-output',
      `'${value}' is not 'StackName.OutputKey', e.g. 'ApiStack.Url'.`,
    );
  }
  return value;
}

function optional(value: string): string | null {
  return value.length > 0 ? value : null;
}

function gateSettings(input: (name: string, fallback?: string) => string) {
  const alarms = parseAlarms(splitList(input('alarms')));
  return {
    alarms,
    bakeTimeMs: parseBakeTime(input('bake-time'), parseDuration, alarms),
    express: parseBoolean('express', input('express', 'false')),
    drift: parseDriftMode(input('drift', 'ignore')),
  };
}

export interface SettingsContext {
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly env: NodeJS.ProcessEnv;
}

export function readSettings(read: InputReader, context: SettingsContext): Settings {
  const input = (name: string, fallback = ''): string => {
    const value = read(name).trim();
    return value.length > 0 ? value : fallback;
  };
  const mode = parseMode(input('mode', 'deploy'));
  const workingDirectory = directoryInput(
    'working-directory',
    input('working-directory', '.'),
    context.workspace,
  );
  const allowedEnvironments = splitList(input('allowed-environments', 'dev,staging,prod'));
  const cloudAssemblyInput = optional(input('cloud-assembly'));
  const synthCommand = optional(read('synth-command').trim());
  const region =
    optional(input('region')) || context.env.AWS_REGION || context.env.AWS_DEFAULT_REGION || null;
  const outputDirectory = resolve(
    context.workspace,
    input('output-directory', resolve(context.runnerTemp, 'cdk-deploy-action')),
  );
  return Object.freeze({
    mode,
    workingDirectory,
    synthCommand,
    cloudAssembly: cloudAssemblyInput ? resolve(workingDirectory, cloudAssemblyInput) : null,
    stacks: splitList(input('stacks')),
    environment: parseEnvironment(input('environment', 'dev'), allowedEnvironments),
    concurrency: parseConcurrency(input('concurrency', '16')),
    parameters: parseParameters(read('parameters')),
    rollback: parseBoolean('rollback', input('rollback', 'true')),
    verifyCommand: optional(input('verify-command')),
    verifyTimeoutMs: parseDuration('verify-timeout', input('verify-timeout', '30m')),
    contract: optional(input('contract')),
    requiredTags: splitList(input('required-tags')),
    region: region && region.length > 0 ? region : null,
    githubToken: optional(input('github-token')),
    commentOnPr: parseBoolean('comment-on-pr', input('comment-on-pr', 'true')),
    githubDeployment: parseBoolean('github-deployment', input('github-deployment', 'true')),
    environmentUrl: optional(input('environment-url')),
    environmentUrlOutput: parseOutputReference(input('environment-url-output')),
    artifactName: optional(input('artifact-name')),
    failOnDestructiveChanges: parseBoolean(
      'fail-on-destructive-changes',
      input('fail-on-destructive-changes', 'false'),
    ),
    outputDirectory,
    stackTimeoutMs: parseDuration('stack-timeout', input('stack-timeout', '2h')),
    busyStackTimeoutMs: parseDuration('busy-stack-timeout', input('busy-stack-timeout', '15m')),
    maskOutputs: splitList(input('mask-outputs')),
    imageBuildConcurrency: parseImageBuildConcurrency(input('image-build-concurrency', '2')),
    requireApproval: parseRequireApproval(input('require-approval', 'never')),
    expectedPlan: parseExpectedPlan(input('expected-plan'), mode),
    failOnApprovalRequired: parseBoolean(
      'fail-on-approval-required',
      input('fail-on-approval-required', 'false'),
    ),
    ...gateSettings(input),
  });
}
