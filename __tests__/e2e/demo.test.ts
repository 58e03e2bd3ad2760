// `npm run demo`'s command line (each --<input-name> is the action input of that name) and the
// example repository layout of examples/ (package.json, the workflow), checked against action.yml.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import {
  DEMO_INPUTS,
  DemoUsageError,
  demoHelp,
  ignoredInputVariables,
  parseDemoArguments,
  readActionInputs,
} from '../../scripts/lib/demo-options.js';
import {
  type RecordStack,
  secondDeploySummary,
  stackResult,
} from '../../scripts/lib/demo-report.js';
import { repositoryRoot, runAction } from '../../scripts/lib/run-action.js';

const run = promisify(execFile);
const actionInputs = readActionInputs();
const inputNames = actionInputs.map((input) => input.name);

function usageError(argv: string[]): DemoUsageError {
  try {
    parseDemoArguments(argv, actionInputs);
  } catch (error) {
    if (error instanceof DemoUsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('the demo command line', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('reads every input of action.yml with its default', () => {
    expect(inputNames).toEqual(expect.arrayContaining(['mode', 'stacks', 'verify-command']));
    expect(actionInputs.find((input) => input.name === 'mode')?.default).toBe('deploy');
    expect(actionInputs.find((input) => input.name === 'github-token')?.default).toBe(
      '${{ github.token }}',
    );
  });

  it('maps each --<input-name> <value> to that input, over the demo defaults', () => {
    const command = parseDemoArguments(
      ['--mode', 'plan', '--verify-command', 'curl -fsS "$URL"', '--stacks', 'Demo*'],
      actionInputs,
    );
    expect(command).toEqual({
      kind: 'run',
      options: { mode: 'plan', 'verify-command': 'curl -fsS "$URL"', stacks: 'Demo*' },
      inputs: {
        ...DEMO_INPUTS,
        mode: 'plan',
        'verify-command': 'curl -fsS "$URL"',
        stacks: 'Demo*',
      },
    });
    expect(parseDemoArguments([], actionInputs)).toEqual({
      kind: 'run',
      options: {},
      inputs: { 'working-directory': 'examples', environment: 'dev' },
    });
  });

  it('takes --name=value, an empty value that way, and overrides a demo default', () => {
    const command = parseDemoArguments(
      ['--synth-command=', '--working-directory=elsewhere', '--parameters', '--not-an-input=1'],
      actionInputs,
    );
    expect(command.kind === 'run' && command.inputs).toEqual({
      'synth-command': '',
      'working-directory': 'elsewhere',
      environment: 'dev',
      parameters: '--not-an-input=1',
    });
  });

  it('rejects an unknown option, listing every valid input name', () => {
    const error = usageError(['--mode', 'plan', '--mdoe', 'plan']);
    expect(error.message).toContain('Unknown option --mdoe');
    for (const name of inputNames) expect(error.message).toContain(name);
  });

  it('rejects a missing value, a repeated option and a bare argument', () => {
    expect(usageError(['--mode']).message).toContain('--mode needs a value');
    expect(usageError(['--stacks', '--mode', 'plan']).message).toContain('--stacks needs a value');
    expect(usageError(['--mode', 'plan', '--mode=deploy']).message).toContain('given twice');
    expect(usageError(['plan']).message).toContain("Unexpected argument 'plan'");
  });

  it('prints every input with its default for --help', () => {
    expect(parseDemoArguments(['--mode', 'plan', '--help'], actionInputs)).toEqual({
      kind: 'help',
    });
    const help = demoHelp(actionInputs);
    for (const input of actionInputs) {
      const line = help.split('\n').find((l) => l.trimStart().startsWith(`--${input.name} `));
      expect(line, input.name).toBeDefined();
      if (input.default) expect(line).toContain(input.default);
    }
    expect(help).toMatch(/--working-directory +\[examples, the demo's; action\.yml: \.\]/);
  });

  it('names the option for an INPUT_* variable it does not pass on', () => {
    const env = { INPUT_MODE: 'plan', 'INPUT_STACK-TIMEOUT': '5m', INPUT_NOPE: 'x', PATH: '/bin' };
    expect(ignoredInputVariables(env, actionInputs)).toEqual([
      'INPUT_MODE is ignored: pass --mode <value> instead.',
      'INPUT_NOPE is ignored: it names no input of action.yml.',
      'INPUT_STACK-TIMEOUT is ignored: pass --stack-timeout <value> instead.',
    ]);
  });

  it('hands --mode plan to the action process as INPUT_MODE, as the runner does', async () => {
    // A stand-in bundle that writes back the INPUT_* variables it was started with.
    const bundle = mkdtempSync(join(tmpdir(), 'demo-bundle-'));
    writeFileSync(join(bundle, 'package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(
      join(bundle, 'index.js'),
      [
        "const { appendFileSync } = require('node:fs');",
        'for (const [key, value] of Object.entries(process.env)) {',
        "  if (!key.startsWith('INPUT_')) continue;",
        '  appendFileSync(process.env.GITHUB_OUTPUT, `${key}<<_END_\\n${value}\\n_END_\\n`);',
        '}',
      ].join('\n'),
    );
    vi.stubEnv('ACTION_BUNDLE_DIR', bundle);
    const command = parseDemoArguments(
      ['--mode', 'plan', '--stacks', 'Demo*', '--verify-command', 'curl -fsS "$URL"\necho ok'],
      actionInputs,
    );
    if (command.kind !== 'run') throw new Error('expected a run');
    const result = await runAction({ inputs: command.inputs });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.outputs).toMatchObject({
      INPUT_MODE: 'plan',
      INPUT_STACKS: 'Demo*',
      // The runner upper-cases the name and keeps its hyphens.
      'INPUT_VERIFY-COMMAND': 'curl -fsS "$URL"\necho ok',
      'INPUT_WORKING-DIRECTORY': 'examples',
      INPUT_ENVIRONMENT: 'dev',
      INPUT_CONCURRENCY: '16',
    });
  });

  it('npm run demo stops before starting the emulator on an unknown option, and prints --help', async () => {
    const tsx = join(repositoryRoot, 'node_modules/.bin/tsx');
    const failed = await run(tsx, ['scripts/demo.ts', '--mdoe', 'plan'], {
      cwd: repositoryRoot,
    }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('Unknown option --mdoe');
    expect(failed?.stderr).toContain('verify-command');
    expect(failed?.stdout).not.toContain('emulator');

    const help = await run(tsx, ['scripts/demo.ts', '--help'], { cwd: repositoryRoot });
    expect(help.stdout).toContain('Usage: npm run demo --');
    expect(help.stdout).toMatch(/--mode +\[deploy\]/);
  });
});

describe("the demo's report of a second deploy", () => {
  const stack = (name: string, overrides: Partial<RecordStack> = {}): RecordStack => ({
    name,
    status: 'deployed',
    no_op: true,
    change_set_arn: null,
    changes: 0,
    ...overrides,
  });

  it('counts the stacks skipped without a change set', () => {
    const record = {
      deployment: { status: 'completed', mode: 'deploy' },
      stacks: [stack('DemoData'), stack('DemoQueue'), stack('DemoApi')],
    };
    expect(secondDeploySummary(record)).toBe(
      'second deploy: 3 stacks unchanged, skipped without a change set (status completed)',
    );
    expect(stackResult(stack('DemoData'))).toBe(
      'deployed, unchanged: skipped without a change set',
    );
  });

  it('tells an empty change set and a changed stack apart', () => {
    const record = {
      deployment: { status: 'completed' },
      stacks: [
        stack('DemoData'),
        stack('DemoQueue', { change_set_arn: 'arn:aws:cloudformation:cs' }),
        stack('DemoApi', { no_op: false, change_set_arn: 'arn:aws:cloudformation:c2', changes: 2 }),
      ],
    };
    expect(secondDeploySummary(record)).toBe(
      'second deploy: 1 stack unchanged, skipped without a change set; ' +
        '1 stack unchanged after an empty change set; 1 stack changed (status completed)',
    );
    expect(stackResult(record.stacks[2] as RecordStack)).toBe('deployed, 2 changes');
    const planned = stack('DemoApi', {
      no_op: false,
      plan: {
        outcome: 'changes',
        message: 'Plan: 4 to add, 0 to modify, 0 to replace, 0 to remove',
      },
    });
    expect(stackResult(planned)).toBe(
      'deployed, Plan: 4 to add, 0 to modify, 0 to replace, 0 to remove',
    );
  });
});

describe('examples/ as a repository of its own', () => {
  const examples = join(repositoryRoot, 'examples');
  interface PackageJson {
    version?: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  }
  const readJson = (path: string): PackageJson =>
    JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

  it("declares the CDK packages at the root's versions", () => {
    const root = readJson(join(repositoryRoot, 'package.json'));
    const example = readJson(join(examples, 'package.json'));
    const rootRange = (name: string) => root.dependencies?.[name] ?? root.devDependencies?.[name];
    expect(Object.keys(example.dependencies ?? {}).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(Object.keys(example.devDependencies ?? {})).toEqual(['aws-cdk']);
    for (const name of ['aws-cdk-lib', 'constructs']) {
      expect(example.dependencies?.[name], name).toBe(rootRange(name));
    }
    expect(example.devDependencies?.['aws-cdk']).toBe(rootRange('aws-cdk'));
  });

  it("still synthesizes with the root's packages: Node and npx cdk find them from examples/", async () => {
    const fromExamples = createRequire(join(examples, 'app.mjs'));
    expect(fromExamples.resolve('aws-cdk-lib')).toContain(
      realpathSync(join(repositoryRoot, 'node_modules')),
    );
    if (!existsSync(join(examples, 'node_modules'))) {
      // --no: fail rather than fetch a package when no local bin named cdk is found.
      const { stdout } = await run('npx', ['--no', '--', 'cdk', '--version'], { cwd: examples });
      const cli = readJson(join(repositoryRoot, 'node_modules/aws-cdk/package.json'));
      expect(stdout).toContain(cli.version ?? 'missing');
    }
  });

  describe('.github/workflows/deploy.yml', () => {
    interface Step {
      uses?: string;
      run?: string;
      with?: Record<string, unknown>;
    }
    interface Job {
      if?: string;
      permissions?: Record<string, string>;
      steps: Step[];
    }
    const workflow = parse(
      readFileSync(join(examples, '.github/workflows/deploy.yml'), 'utf8'),
    ) as { on: Record<string, { branches?: string[] } | null>; jobs: Record<string, Job> };
    const jobs = Object.entries(workflow.jobs);
    const actionSteps = (job: Job) =>
      job.steps.filter((step) => step.uses?.startsWith('our-org/cdk-deploy-action@'));

    it('plans on a pull request and deploys on a push to main', () => {
      expect(workflow.on.push?.branches).toEqual(['main']);
      expect(Object.keys(workflow.on)).toContain('pull_request');
      const modes = Object.fromEntries(
        jobs.map(([, job]) => [job.if ?? '', actionSteps(job).map((step) => step.with?.mode)]),
      );
      expect(modes).toEqual({
        "github.event_name == 'pull_request'": ['plan'],
        "github.event_name == 'push'": ['deploy'],
      });
    });

    it('names only inputs that action.yml declares, as uses: our-org/cdk-deploy-action@v1', () => {
      const steps = jobs.flatMap(([, job]) => actionSteps(job));
      expect(steps.length).toBe(2);
      for (const step of steps) {
        expect(step.uses).toBe('our-org/cdk-deploy-action@v1');
        for (const name of Object.keys(step.with ?? {})) expect(inputNames).toContain(name);
      }
    });

    it('gets AWS credentials through OIDC and asks for the permissions of each feature', () => {
      for (const [name, job] of jobs) {
        expect(job.permissions, name).toMatchObject({ 'id-token': 'write', contents: 'read' });
        const credentials = job.steps.find((step) =>
          step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
        );
        expect(credentials?.with, name).toMatchObject({
          'role-to-assume': expect.stringMatching(/^arn:aws:iam::\d{12}:role\//) as unknown,
          'aws-region': expect.any(String) as unknown,
        });
        const credentialsAt = job.steps.indexOf(credentials as Step);
        expect(credentialsAt, name).toBeLessThan(job.steps.indexOf(actionSteps(job)[0] as Step));
      }
      expect(workflow.jobs.plan?.permissions).toMatchObject({
        'pull-requests': 'write',
        statuses: 'write',
      });
      expect(workflow.jobs.deploy?.permissions).toMatchObject({ deployments: 'write' });
    });
  });
});
