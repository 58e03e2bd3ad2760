import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { StackImage } from '../../src/model/image.js';
import { dockerStandInState } from '../support/docker-stand-in.js';
import { useEmulator } from '../support/emulator.js';
import { deployAssembly } from '../support/deploy.js';
import { validateRecord } from '../support/record-schema.js';
import { synthFixture } from '../support/synth.js';

const REGION = 'us-east-1';
const REPOSITORY = 'cdk-hnb659fds-container-assets-123456789012-us-east-1';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

const account = useEmulator(REGION, { processEnv: true });
const standIn = dockerStandInState();
const saved = { ...process.env };

afterAll(() => standIn.remove());
beforeEach(async () => {
  await account.emulator.reset();
  standIn.clear();
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('DOCKER_STAND_IN_') || key.startsWith('ACTIONS_')) delete process.env[key];
  }
  Object.assign(process.env, { ...saved, ...account.emulator.env(REGION) }, standIn.env());
});

/** Points the docker stand-in's switches (and anything else) at the next run. */
function withEnv(env: Record<string, string>): void {
  Object.assign(process.env, env);
}

async function imageTagsInEcr(): Promise<string[]> {
  const ecr = new ECRClient({});
  try {
    const answer = await ecr.send(new DescribeImagesCommand({ repositoryName: REPOSITORY }));
    return (answer.imageDetails ?? []).flatMap((image) => image.imageTags ?? []).sort();
  } finally {
    ecr.destroy();
  }
}

type Run = Awaited<ReturnType<typeof deployAssembly>>;
const imagesOf = (run: Run, stack: string): StackImage[] =>
  run.stacks.find((s) => s.name === stack)?.images ?? [];
const records = (run: Run): unknown => ({
  deployment: run.deployment.toRecord(),
  stacks: run.stacks.map((s) => s.toRecord()),
  resources: run.resources.map((r) => r.toRecord()),
});

describe('Docker image assets, built and pushed by the docker stand-in', () => {
  it('publishes each image once, with its build args and target, and the stacks point at what ECR holds', async () => {
    const assembly = await synthFixture('images');
    const run = await deployAssembly(assembly);
    expect(run.deployment.rollbackReason).toBeNull();
    expect(run.deployment.status).toBe('completed');

    const builds = standIn.calls('build');
    expect(builds).toHaveLength(2);
    const api = builds.find((call) => call.argv.includes('--target'));
    expect(api?.argv).toEqual(
      expect.arrayContaining(['--build-arg', 'GREETING=hello from the api', '--target', 'runtime']),
    );
    expect(standIn.calls('push')).toHaveLength(2);
    // One login for the run's one registry, with the emulator's ECR token on stdin.
    const logins = standIn.calls('login');
    expect(logins).toHaveLength(1);
    expect(logins[0]?.argv.at(-1)).toBe(REGISTRY);
    expect(logins[0]?.stdin).toBe('123456789012-auth-token');

    const tags = await imageTagsInEcr();
    expect(tags).toHaveLength(2);
    const outputs = Object.fromEntries(run.stacks.map((s) => [s.name, s.outputs.ImageUri]));
    for (const uri of Object.values(outputs)) {
      expect(uri).toMatch(new RegExp(`^${REGISTRY}/${REPOSITORY}:[0-9a-f]{64}$`));
      expect(tags).toContain(uri?.split(':').at(-1));
    }
    expect(outputs.ImageWorkerA).toBe(outputs.ImageWorkerB);

    const [apiImage] = imagesOf(run, 'ImageApi');
    expect(apiImage).toMatchObject({ outcome: 'pushed', image_uri: outputs.ImageApi });
    expect(apiImage?.build_ms).toBeGreaterThanOrEqual(0);
    expect(apiImage?.push_ms).toBeGreaterThanOrEqual(0);
    const shared = [...imagesOf(run, 'ImageWorkerA'), ...imagesOf(run, 'ImageWorkerB')];
    expect(shared).toHaveLength(2);
    expect(new Set(shared.map((image) => image.image_uri))).toEqual(
      new Set([outputs.ImageWorkerA]),
    );
    expect(new Set(shared.map((image) => image.published_by)).size).toBe(1);
    expect(validateRecord(records(run))).toEqual([]);
    expect(run.entries.some((e) => /^Built image \w+ in \d+\.\d s/.test(e.message))).toBe(true);
    expect(run.entries.some((e) => /^Pushed image \S+ in \d+\.\d s/.test(e.message))).toBe(true);
  });

  it('skips images already in ECR on the next run, without needing docker at all', async () => {
    const assembly = await synthFixture('images');
    expect((await deployAssembly(assembly)).deployment.status).toBe('completed');
    withEnv({ CDK_DOCKER: '/nonexistent/docker' });
    const again = await deployAssembly(assembly);
    expect(again.deployment.status).toBe('completed');
    expect(imagesOf(again, 'ImageApi')[0]).toMatchObject({
      outcome: 'skipped-present',
      build_ms: null,
      push_ms: null,
    });
    expect(standIn.calls('build')).toHaveLength(2);
  });
});
