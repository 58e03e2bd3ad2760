import { ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, runAction } from '../../scripts/lib/run-action.js';
import { editableAssembly } from '../support/assembly-copy.js';
import { useEmulator } from '../support/emulator.js';
import { modelErrors, validateRecord } from '../support/record-schema.js';
import { fixtureAssembliesDir, synthFixture } from '../support/synth.js';

type Env = Record<string, string>;

interface Arranged {
  readonly inputs: Record<string, string>;
  /** The step's AWS environment, from the emulator's. */
  readonly env?: (emulatorEnv: Env) => Env;
}

interface BadInput {
  readonly name: string;
  readonly arrange: () => Promise<Arranged>;
  /** The one error annotation: names the input or file, and the fix. */
  readonly error: RegExp;
  /** The record's mode, when it is not deploy: what the input was given. */
  readonly recordedMode?: string;
}

const FAILS_WITHIN_MS = 20_000;
const contracts = join(repositoryRoot, '__tests__/fixtures/contracts');

const account = useEmulator('us-east-1');

/** Two environment-agnostic stacks, Chain1 depending on Chain0, each with one queue. */
const chain = () => synthFixture('shaped', { SHAPE: 'chain:2' });

const deployChain = async (inputs: Record<string, string> = {}): Promise<Arranged> => ({
  inputs: { 'synth-command': '', 'cloud-assembly': await chain(), ...inputs },
});

/** The chain's assembly copied, with `breakIt` applied to the copy's folder. */
async function brokenChain(breakIt: (folder: string) => void): Promise<Arranged> {
  const folder = editableAssembly(await chain(), () => undefined);
  breakIt(folder);
  return { inputs: { 'synth-command': '', 'cloud-assembly': folder } };
}

function editTemplate(folder: string, edit: (resources: Record<string, unknown>) => void): void {
  const file = join(folder, 'Chain0.template.json');
  const template = JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, unknown> };
  edit(template.Resources);
  writeFileSync(file, JSON.stringify(template));
}

async function withManifest(edit: Parameters<typeof editableAssembly>[1]): Promise<Arranged> {
  return {
    inputs: { 'synth-command': '', 'cloud-assembly': editableAssembly(await chain(), edit) },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  return port;
}

/** Keeps the SDK from finding a region or credentials in files or the instance metadata. */
const NO_AWS_FILES: Env = {
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws/credentials',
  AWS_CONFIG_FILE: '/nonexistent/aws/config',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const without =
  (...names: string[]) =>
  (env: Env): Env => ({
    ...Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name))),
    ...NO_AWS_FILES,
  });

const concurrency = (value: string): BadInput => ({
  name: `concurrency '${value}'`,
  arrange: () => deployChain({ concurrency: value }),
  error: new RegExp(
    `Input 'concurrency': '${value}' is not a whole number from 1 to 64; set it to how many`,
  ),
});

const contract = (file: string, error: RegExp): BadInput => ({
  name: `contract ${file}`,
  arrange: () => deployChain({ contract: join(contracts, file) }),
  error,
});

const cases: BadInput[] = [
  {
    name: 'an unknown mode',
    arrange: () => deployChain({ mode: 'rollout' }),
    recordedMode: 'rollout',
    error: /Input 'mode': 'rollout' is not one of deploy, plan, destroy; use one of them/,
  },
  {
    name: 'a boolean input that is not one',
    arrange: () => deployChain({ rollback: 'yes' }),
    error: /Input 'rollback': 'yes' is not a boolean; use true or false/,
  },
  concurrency('0'),
  concurrency('-1'),
  concurrency('abc'),
  {
    name: 'an unknown environment',
    arrange: () => deployChain({ environment: 'qa' }),
    error:
      /Input 'environment': 'qa' is not one of the allowed environments \(dev, staging, prod\); set 'allowed-environments'/,
  },
  {
    name: 'a working-directory that does not exist',
    arrange: () => deployChain({ 'working-directory': 'no/such/dir' }),
    error:
      /Input 'working-directory': '[^']*\/no\/such\/dir' does not exist; set it to an existing folder/,
  },
  {
    name: 'a synth-command that fails',
    arrange: async () => ({
      inputs: {
        'synth-command': `${process.execPath} -e "console.error('no-app-marker'); process.exit(3)"`,
      },
    }),
    error:
      /Input 'synth-command': '.*' exited with code 3; fix the app or the command .*Its last lines:.*no-app-marker/,
  },
  {
    name: 'a missing cloud-assembly folder',
    arrange: async () => ({
      inputs: { 'synth-command': '', 'cloud-assembly': 'no-such-cdk.out' },
    }),
    error:
      /Input 'cloud-assembly': no cloud assembly at '[^']*\/no-such-cdk\.out' \(manifest\.json missing\)\. Point 'cloud-assembly' at/,
  },
  {
    name: 'a manifest.json that is not JSON',
    arrange: () => brokenChain((folder) => writeFileSync(join(folder, 'manifest.json'), '{ "v')),
    error:
      /Cloud assembly manifest '[^']*\/manifest\.json' is not valid JSON: .*Synthesize the app again/,
  },
  {
    name: 'a manifest without its version',
    arrange: () => withManifest((manifest) => delete (manifest as { version?: string }).version),
    error: /'[^']*\/manifest\.json' has no 'version'.*Synthesize the app again/,
  },
  {
    name: "a manifest stack without 'templateFile'",
    arrange: () =>
      withManifest((manifest) => delete manifest.artifacts.Chain0?.properties?.templateFile),
    error:
      /Stack 'Chain0' in '[^']*\/manifest\.json' has no 'properties\.templateFile'\. Synthesize the app again/,
  },
  {
    name: "a stack's missing template file",
    arrange: () => brokenChain((folder) => rmSync(join(folder, 'Chain0.template.json'))),
    error:
      /Template of stack 'Chain0' '[^']*\/Chain0\.template\.json' cannot be read: .*Synthesize the app again/,
  },
  {
    name: 'a template file that is not JSON',
    arrange: () =>
      brokenChain((folder) => writeFileSync(join(folder, 'Chain0.template.json'), 'Resources: {')),
    error:
      /Template of stack 'Chain0' '[^']*\/Chain0\.template\.json' is not valid JSON: .*Synthesize the app again/,
  },
  {
    name: 'a dependency cycle between stacks',
    arrange: async () => ({
      inputs: { 'synth-command': '', 'cloud-assembly': join(fixtureAssembliesDir, 'cycle') },
    }),
    error: /cycle: StackA -> StackB -> StackA\. Break the cycle in the app/,
  },
  {
    name: 'stacks patterns that match nothing',
    arrange: () => deployChain({ stacks: 'Chain0\nNope*' }),
    error:
      /Input 'stacks': pattern 'Nope\*' matches no stack\. The assembly has: Chain0, Chain1\. Name stacks by id/,
  },
  {
    name: 'a resource without Type',
    arrange: () =>
      brokenChain((folder) =>
        editTemplate(folder, (resources) => (resources.Broken = { Properties: {} })),
      ),
    error:
      /Stack Chain0: CloudFormation would reject the template [^ ]*\/Chain0\.template\.json: Resources\.Broken has no Type\. Fix the app/,
  },
  {
    name: 'a Ref to an unknown logical id',
    arrange: () =>
      brokenChain((folder) =>
        editTemplate(
          folder,
          (resources) =>
            (resources.Dangling = {
              Type: 'AWS::SQS::Queue',
              Properties: { QueueName: { Ref: 'NoSuchResource' } },
            }),
        ),
      ),
    error:
      /Stack Chain0: CloudFormation would reject the template .*Resources\.Dangling\.Properties\.QueueName: Ref to 'NoSuchResource'.*Fix the app/,
  },
  contract(
    'not-yaml.txt',
    /Contract [^ ]*\/not-yaml\.txt: line 3: not valid YAML: .*Fix: correct the YAML syntax/,
  ),
  contract(
    'not-json.txt',
    /Contract [^ ]*\/not-json\.txt: line 5: not valid JSON: .*Fix: correct the JSON syntax/,
  ),
  contract(
    'schema-errors.yml',
    /Contract [^ ]*\/schema-errors\.yml has \d+ problems:.*line 1 at \/version: .*Fix: write 'version: 1'/,
  ),
  contract(
    'unknown-stack.yml',
    /Contract [^ ]*\/unknown-stack\.yml has 3 problems:.*stack 'DemoAPI' is not in the cloud assembly; its stacks are Chain0, Chain1\. Fix: /,
  ),
  contract(
    'unknown-shape.yml',
    /Contract [^ ]*\/unknown-shape\.yml has 3 problems:.*unknown property expectation \{"present":true\}\. Fix: write exactly one of/,
  ),
  {
    name: 'no region for an environment-agnostic stack',
    arrange: async () => ({
      ...(await deployChain()),
      env: without('AWS_REGION', 'AWS_DEFAULT_REGION'),
    }),
    error: /No AWS region: set the input 'region', or AWS_REGION/,
  },
  {
    name: 'no credentials',
    arrange: async () => ({
      ...(await deployChain()),
      env: without('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'),
    }),
    error:
      /No usable AWS credentials \(STS GetCallerIdentity: .*\)\. Configure them before this step/,
  },
  {
    name: 'an endpoint that refuses connections',
    arrange: async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      return {
        ...(await deployChain()),
        env: (env) => ({ ...without()(env), AWS_ENDPOINT_URL: endpoint }),
      };
    },
    error:
      /Cannot reach http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL\) \(ECONNREFUSED\b.*Check that the endpoint is up/,
  },
];

/** Every error annotation (`::error::` and `::error title=...::`) the step wrote. */
const errorAnnotations = (stdout: string): string[] =>
  stdout.split('\n').filter((line) => /^::error(?: [^:]*)?::/.test(line));

async function stackNames(): Promise<string[]> {
  const listed = await account.cloudFormation.send(new ListStacksCommand({}));
  return (listed.StackSummaries ?? []).map((stack) => stack.StackName ?? '');
}

describe('bad input through the runner protocol', () => {
  it.each(cases)('fails clearly on $name, with nothing deployed', async (badInput) => {
    const { arrange, error } = badInput;
    await account.emulator.reset();
    const { inputs, env = (e: Env) => e } = await arrange();
    const started = Date.now();
    const result = await runAction({ inputs, env: env(account.emulator.env('us-east-1')) });
    expect(Date.now() - started).toBeLessThan(FAILS_WITHIN_MS);

    expect(result.exitCode, result.stdout).not.toBe(0);
    expect(errorAnnotations(result.stdout)).toEqual([expect.stringMatching(error)]);
    expect(result.outputs.status).toBe('failed');
    expect(result.outputs['rollback-reason']).not.toBe('');

    const recordFile = result.outputs['record-file'] ?? '';
    expect(existsSync(recordFile), recordFile).toBe(true);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as {
      deployment: { id: string; mode: string };
    };
    expect(record.deployment.mode).toBe(badInput.recordedMode ?? 'deploy');
    expect(validateRecord(record)).toEqual([]);
    expect(modelErrors(record)).toEqual([]);
    expect(record).toMatchObject({
      deployment: { status: 'failed', rollback_reason: result.outputs['rollback-reason'] },
    });

    // Every refused run, an input the settings refuse among them, leaves a summary and an artifact.
    expect(result.summary).toMatch(/failed/i);
    expect(result.summary).toContain(record.deployment.id);
    expect(existsSync(result.outputs['artifact-path'] ?? ''), 'artifact folder').toBe(true);

    expect((await stackNames()).filter((name) => name !== 'CDKToolkit')).toEqual([]);
  });
});
