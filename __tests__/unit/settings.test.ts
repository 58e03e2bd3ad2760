import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../src/errors.js';
import { readSettings, type Settings, type SettingsContext } from '../../src/settings/settings.js';

const workspace = mkdtempSync(join(tmpdir(), 'settings-workspace-'));
const runnerTemp = mkdtempSync(join(tmpdir(), 'settings-runner-temp-'));
mkdirSync(join(workspace, 'infra'));
writeFileSync(join(workspace, 'not-a-folder.txt'), 'x');
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(runnerTemp, { recursive: true, force: true });
});

/** Inputs as the runner passes them: unset inputs read as ''. */
function settings(inputs: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Settings {
  const context: SettingsContext = { workspace, runnerTemp, env };
  return readSettings((name) => inputs[name] ?? '', context);
}

function settingsError(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  try {
    settings(inputs, env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`expected a SettingsError for ${JSON.stringify(inputs)}`);
}

describe('readSettings', () => {
  it('has the documented defaults', () => {
    expect(settings()).toEqual({
      mode: 'deploy',
      workingDirectory: workspace,
      synthCommand: null,
      cloudAssembly: null,
      stacks: [],
      environment: 'dev',
      concurrency: 16,
      parameters: { all: {}, byStack: {} },
      rollback: true,
      verifyCommand: null,
      verifyTimeoutMs: 30 * 60_000,
      contract: null,
      requiredTags: [],
      region: null,
      githubToken: null,
      commentOnPr: true,
      githubDeployment: true,
      environmentUrl: null,
      environmentUrlOutput: null,
      artifactName: null,
      failOnDestructiveChanges: false,
      outputDirectory: join(runnerTemp, 'cdk-deploy-action'),
      stackTimeoutMs: 2 * 3_600_000,
      busyStackTimeoutMs: 15 * 60_000,
      maskOutputs: [],
      imageBuildConcurrency: 2,
      requireApproval: 'never',
      expectedPlan: null,
      failOnApprovalRequired: false,
      alarms: [],
      bakeTimeMs: 0,
      express: false,
      drift: 'ignore',
    });
  });

  it('is frozen', () => {
    const read = settings();
    expect(Object.isFrozen(read)).toBe(true);
    expect(() => {
      (read as { concurrency: number }).concurrency = 9;
    }).toThrow(TypeError);
  });

  it('treats whitespace-only inputs as unset', () => {
    expect(settings({ mode: '  ', concurrency: ' ', environment: '\n' })).toMatchObject({
      mode: 'deploy',
      concurrency: 16,
      environment: 'dev',
    });
  });

  describe('mode', () => {
    it.each(['deploy', 'plan', 'destroy'])('accepts %s', (mode) => {
      expect(settings({ mode }).mode).toBe(mode);
    });

    it.each(['Deploy', 'apply', 'diff'])('rejects %s, naming the input and the choices', (mode) => {
      const error = settingsError({ mode });
      expect(error.input).toBe('mode');
      expect(error.message).toContain("Input 'mode'");
      expect(error.message).toContain(`'${mode}'`);
      expect(error.message).toContain('deploy, plan, destroy');
    });
  });

  describe('booleans', () => {
    it.each([
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
    ])('reads %s as %s', (value, expected) => {
      expect(settings({ rollback: value }).rollback).toBe(expected);
      expect(settings({ 'comment-on-pr': value }).commentOnPr).toBe(expected);
    });

    it.each(['yes', '1', 'no', '0', 'on', 'tRuE'])('rejects %s, naming the input', (value) => {
      for (const input of ['rollback', 'comment-on-pr']) {
        const error = settingsError({ [input]: value });
        expect(error.input).toBe(input);
        expect(error.message).toContain(`Input '${input}'`);
        expect(error.message).toContain(`'${value}'`);
      }
    });
  });

  describe('concurrency', () => {
    it.each([
      ['1', 1],
      ['64', 64],
      [' 8 ', 8],
    ])('accepts %j', (value, expected) => {
      expect(settings({ concurrency: value }).concurrency).toBe(expected);
    });

    it.each(['0', '-1', 'abc', '1.5', '65', '1e1', '0x10'])('rejects %j', (value) => {
      const error = settingsError({ concurrency: value });
      expect(error.input).toBe('concurrency');
      expect(error.message).toContain(`'${value}'`);
      expect(error.message).toMatch(/1 to 64/);
    });
  });

  describe('durations', () => {
    it.each([
      ['90s', 90_000],
      ['30m', 1_800_000],
      ['30', 1_800_000],
      ['1.5h', 5_400_000],
      ['0.5s', 500],
    ])('stack-timeout accepts %j', (value, expected) => {
      expect(settings({ 'stack-timeout': value }).stackTimeoutMs).toBe(expected);
    });

    it.each(['0', '-5m', 'soon', '10 minutes', '1d'])('busy-stack-timeout rejects %j', (value) => {
      const error = settingsError({ 'busy-stack-timeout': value });
      expect(error.input).toBe('busy-stack-timeout');
      expect(error.message).toContain(`'${value}'`);
      expect(error.message).toMatch(/'30m'/);
    });
  });

  describe('environment', () => {
    it.each(['dev', 'staging', 'prod'])('accepts the seed environment %s', (environment) => {
      expect(settings({ environment }).environment).toBe(environment);
    });

    it('rejects an environment outside the allowed list, naming the list', () => {
      const error = settingsError({ environment: 'qa' });
      expect(error.input).toBe('environment');
      expect(error.message).toContain("'qa'");
      expect(error.message).toContain('dev, staging, prod');
      expect(error.message).toContain('allowed-environments');
    });

    it('accepts an environment that allowed-environments adds, and only those', () => {
      const allowed = 'dev, qa\nperf';
      expect(settings({ environment: 'qa', 'allowed-environments': allowed }).environment).toBe(
        'qa',
      );
      expect(settings({ environment: 'perf', 'allowed-environments': allowed }).environment).toBe(
        'perf',
      );
      const error = settingsError({ environment: 'prod', 'allowed-environments': allowed });
      expect(error.message).toContain('dev, qa, perf');
    });
  });

  describe('working-directory and cloud-assembly', () => {
    it('resolves a relative working-directory against the workspace', () => {
      expect(settings({ 'working-directory': 'infra' }).workingDirectory).toBe(
        join(workspace, 'infra'),
      );
    });

    it('takes an absolute working-directory as it is', () => {
      const absolute = join(workspace, 'infra');
      expect(settings({ 'working-directory': absolute }).workingDirectory).toBe(absolute);
    });

    it('rejects a working-directory that does not exist, naming the path', () => {
      const error = settingsError({ 'working-directory': 'no/such/dir' });
      expect(error.input).toBe('working-directory');
      expect(error.message).toContain(join(workspace, 'no/such/dir'));
    });

    it('rejects a working-directory that is a file', () => {
      const error = settingsError({ 'working-directory': 'not-a-folder.txt' });
      expect(error.message).toContain(join(workspace, 'not-a-folder.txt'));
    });

    it('resolves cloud-assembly against the working directory', () => {
      expect(
        settings({ 'working-directory': 'infra', 'cloud-assembly': 'cdk.out' }).cloudAssembly,
      ).toBe(join(workspace, 'infra', 'cdk.out'));
    });
  });

  describe('lists', () => {
    it('splits stacks and required-tags on commas and newlines, dropping blanks', () => {
      const read = settings({
        stacks: 'Prod/*, Shared\n\n  Api ,',
        'required-tags': 'owner,\ncost-center\r\n',
      });
      expect(read.stacks).toEqual(['Prod/*', 'Shared', 'Api']);
      expect(read.requiredTags).toEqual(['owner', 'cost-center']);
    });
  });

  describe('region', () => {
    const env = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' };

    it('takes the region input first', () => {
      expect(settings({ region: 'eu-west-1' }, env).region).toBe('eu-west-1');
    });

    it('then AWS_REGION', () => {
      expect(settings({}, env).region).toBe('us-east-1');
    });

    it('then AWS_DEFAULT_REGION', () => {
      expect(settings({}, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
    });

    it('else none', () => {
      expect(settings({}, {}).region).toBeNull();
    });

    it('passes over an empty AWS_REGION to AWS_DEFAULT_REGION', () => {
      expect(settings({}, { AWS_REGION: '', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe(
        'us-west-2',
      );
    });
  });

  describe('parameters', () => {
    it('reads Key=Value and Stack:Key=Value lines, values holding = and commas', () => {
      const read = settings({
        parameters: [
          '# instance sizes',
          'Size=large',
          '',
          'prod-api:Size = small ',
          'prod-api:Url=https://example.com/?a=b&c=d',
          'Subnets=subnet-1,subnet-2',
          'Empty=',
          '  # indented comment',
          'Windows=crlf\r',
        ].join('\n'),
      });
      expect(read.parameters).toEqual({
        all: { Size: 'large', Subnets: 'subnet-1,subnet-2', Empty: '', Windows: 'crlf' },
        byStack: { 'prod-api': { Size: 'small', Url: 'https://example.com/?a=b&c=d' } },
      });
    });

    it('lets a later line win for the same key', () => {
      expect(settings({ parameters: 'A=1\nA=2' }).parameters.all).toEqual({ A: '2' });
    });

    it.each(['NoEquals', '=value', 'Bad-Key=1', 'Bad Key=1', ':Key=1', 'Stack:=1', 'A:B:C=1'])(
      'rejects %j, naming the input and the line',
      (line) => {
        const error = settingsError({ parameters: `Good=1\n${line}` });
        expect(error.input).toBe('parameters');
        expect(error.message).toContain("Input 'parameters'");
        expect(error.message).toContain(`'${line}'`);
      },
    );
  });

  describe('optional strings', () => {
    it('reads synth-command, verify-command, contract and github-token when given', () => {
      expect(
        settings({
          'synth-command': ' npx cdk synth ',
          'verify-command': 'npm test',
          contract: 'deploy/contract.yml',
          'github-token': 'token',
        }),
      ).toMatchObject({
        synthCommand: 'npx cdk synth',
        verifyCommand: 'npm test',
        contract: 'deploy/contract.yml',
        githubToken: 'token',
      });
    });
  });
});

describe('environment-url-output', () => {
  it('takes StackName.OutputKey and refuses anything else, naming the input', async () => {
    const { readSettings } = await import('../../src/settings/settings.js');
    const read = (value: string) =>
      readSettings((name) => (name === 'environment-url-output' ? value : ''), {
        workspace: process.cwd(),
        runnerTemp: process.cwd(),
        env: {},
      });
    expect(read('Api.Url').environmentUrlOutput).toBe('Api.Url');
    expect(() => read('Url')).toThrow("Input 'environment-url-output'");
  });
});
