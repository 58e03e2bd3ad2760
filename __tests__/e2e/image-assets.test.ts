import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import { node24, repositoryRoot, runAction } from '../../scripts/lib/run-action.js';
import { dockerStandInState, type DockerCall } from '../support/docker-stand-in.js';
import { useEmulator } from '../support/emulator.js';
import { validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const execFileAsync = promisify(execFile);
const REGION = 'us-east-1';
const REPOSITORY = 'cdk-hnb659fds-container-assets-123456789012-us-east-1';
type Outputs = Record<string, Record<string, string>>;

const account = useEmulator(REGION);
const standIn = dockerStandInState();
afterAll(() => standIn.remove());
beforeEach(async () => {
  await account.emulator.reset();
  standIn.clear();
});

async function tagsInEcr(): Promise<string[]> {
  const ecr = new ECRClient({
    endpoint: account.emulator.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  try {
    const answer = await ecr.send(new DescribeImagesCommand({ repositoryName: REPOSITORY }));
    return (answer.imageDetails ?? []).flatMap((image) => image.imageTags ?? []).sort();
  } finally {
    ecr.destroy();
  }
}

/** What docker was asked to build and push: the build's flags and tag, the pushed references. */
function dockerWork(calls: DockerCall[]): { builds: string[]; pushes: string[] } {
  return {
    builds: calls
      .filter((c) => c.argv[0] === 'build')
      .map((c) => c.argv.join(' '))
      .sort(),
    pushes: calls
      .filter((c) => c.argv[0] === 'push')
      .map((c) => c.argv.at(-1) ?? '')
      .sort(),
  };
}

function record(file: string | undefined): DeploymentRecordFile {
  return JSON.parse(readFileSync(file ?? '', 'utf8')) as DeploymentRecordFile;
}

describe('image assets through the bundle, with the docker stand-in first on PATH', () => {
  it('deploys the app on Node 24, publishing each image once, and records and summarizes the images', async () => {
    const assembly = await synthFixture('images');
    const result = await runAction({
      node: node24,
      inputs: { 'synth-command': '', 'cloud-assembly': assembly },
      env: { ...account.emulator.env(REGION), ...standIn.pathEnv() },
    });
    expect(result.outputs.status, result.stdout.slice(-3000)).toBe('completed');
    const { builds, pushes } = dockerWork(standIn.calls());
    expect(builds).toHaveLength(2);
    expect(pushes).toHaveLength(2);
    expect(standIn.calls('login')).toHaveLength(1);
    const written = record(result.outputs['record-file']);
    expect(validateRecord(written)).toEqual([]);
    const images = written.stacks.flatMap((s) => s.images ?? []);
    expect(images.map((i) => i.outcome)).toEqual(['pushed', 'pushed', 'pushed']);
    expect(result.summary).toContain('### Images (2)');
    expect(result.stdout).toMatch(/Built image [0-9a-f]{64} in \d+\.\d s/);
  });

  it('fails a stack whose image does not build before deploying it, and writes the record', async () => {
    const assembly = await synthFixture('images');
    const result = await runAction({
      inputs: { 'synth-command': '', 'cloud-assembly': assembly, stacks: 'ImageApi' },
      env: {
        ...account.emulator.env(REGION),
        ...standIn.pathEnv({ DOCKER_STAND_IN_BUILD_FAIL: '*' }),
      },
    });
    expect(result.outputs.status).toBe('failed');
    expect(result.outputs['rollback-reason']).toContain('Stack ImageApi: building image asset');
    const written = record(result.outputs['record-file']);
    expect(validateRecord(written)).toEqual([]);
    const [stack] = written.stacks;
    expect(stack?.status).toBe('failed');
    expect(stack?.error_message).toContain('build output line 30');
    expect(stack?.images?.[0]?.outcome).toBe('failed');
    expect(await account.liveStacks()).toEqual({});
  });
});

describe('the same assembly with the CDK CLI and the docker stand-in', () => {
  async function cdkCliDeploy(assembly: string): Promise<Outputs> {
    const work = mkdtempSync(join(tmpdir(), 'cdk-cli-images-'));
    const outputsFile = join(work, 'outputs.json');
    await execFileAsync(
      join(repositoryRoot, 'node_modules/.bin/cdk'),
      ['deploy', '--all', '--app', assembly, '--require-approval', 'never'].concat([
        '--outputs-file',
        outputsFile,
        '--no-notices',
        '--ci',
      ]),
      {
        cwd: work,
        env: {
          ...process.env,
          ...account.emulator.env(REGION),
          ...standIn.env(),
          CDK_DISABLE_CLI_TELEMETRY: 'true',
        },
        maxBuffer: 32 * 1024 * 1024,
      },
    );
    return JSON.parse(readFileSync(outputsFile, 'utf8')) as Outputs;
  }

  it('pushes the same images under the same tags and gives the same outputs', async () => {
    const assembly = await synthFixture('images');
    const cli = await cdkCliDeploy(assembly);
    const cliTags = await tagsInEcr();
    const cliWork = dockerWork(standIn.calls());

    await account.emulator.reset();
    standIn.clear();
    const result = await runAction({
      inputs: { 'synth-command': '', 'cloud-assembly': assembly },
      env: { ...account.emulator.env(REGION), ...standIn.env() },
    });
    expect(result.outputs.status, result.stdout.slice(-3000)).toBe('completed');
    expect(await tagsInEcr()).toEqual(cliTags);
    expect(cliTags).toHaveLength(2);
    // Each image built once with the same flags, the same references pushed.
    expect(dockerWork(standIn.calls())).toEqual(cliWork);
    const ours = JSON.parse(result.outputs.outputs ?? '{}') as Outputs;
    expect(ours).toEqual(cli);
    expect(ours.ImageWorkerA?.ImageUri).toBe(ours.ImageWorkerB?.ImageUri);
  });
});
