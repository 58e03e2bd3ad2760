import { DeleteRepositoryCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
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

const account = useEmulator(REGION, { processEnv: true, bootstrapRegions: [REGION, 'eu-west-1'] });
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

describe('one image in two regions', () => {
  it('is built once, and pushed to each region after one login per registry', async () => {
    const run = await deployAssembly(await synthFixture('images', { IMAGES_VARIANT: 'regions' }));
    expect(run.deployment.status, run.deployment.rollbackReason ?? '').toBe('completed');
    expect(standIn.calls('build')).toHaveLength(1);
    expect(standIn.calls('tag')).toHaveLength(2);
    const pushed = standIn.calls('push').map((call) => call.argv.at(-1)?.split('/')[0]);
    expect(pushed.sort()).toEqual([
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    ]);
    expect(
      standIn
        .calls('login')
        .map((call) => call.argv.at(-1))
        .sort(),
    ).toEqual(pushed.sort());
    const uris = run.stacks.map((s) => s.outputs.ImageUri);
    expect(uris[0]?.split(':').at(-1)).toBe(uris[1]?.split(':').at(-1));
  });
});

describe('an image that cannot be published fails its stack before it is deployed', () => {
  async function failedRun(env: Record<string, string>): Promise<{ run: Run; message: string }> {
    withEnv(env);
    const assembly = await synthFixture('images');
    const run = await deployAssembly(assembly, { stacks: ['ImageApi'] });
    expect(run.deployment.status).toBe('failed');
    const stack = run.stacks.find((s) => s.name === 'ImageApi');
    expect(stack?.status).toBe('failed');
    // Nothing of the stack was created: it failed before its change set.
    expect(await account.liveStacks()).toEqual({});
    expect(validateRecord(records(run))).toEqual([]);
    return { run, message: stack?.errorMessage ?? '' };
  }

  it('names CDK_DOCKER when there is no docker', async () => {
    const { run, message } = await failedRun({ CDK_DOCKER: '/nonexistent/docker' });
    expect(message).toMatch(
      /^Stack ImageApi: image asset [0-9a-f]{64} needs '\/nonexistent\/docker'/,
    );
    expect(message).toContain('CDK_DOCKER');
    expect(imagesOf(run, 'ImageApi')[0]).toMatchObject({ outcome: 'failed', build_ms: null });
  });

  it('says to start the daemon when docker cannot reach it', async () => {
    const { message } = await failedRun({ DOCKER_STAND_IN_DAEMON: 'down' });
    expect(message).toContain('the Docker daemon is not running');
    expect(message).toContain('runner with Docker');
    expect(standIn.calls('build')).toEqual([]);
  });

  it("gives a failed build's last 20 lines", async () => {
    const { run, message } = await failedRun({ DOCKER_STAND_IN_BUILD_FAIL: '*' });
    expect(message).toMatch(/^Stack ImageApi: building image asset [0-9a-f]{64} failed/);
    expect(message).toContain('did not complete successfully: exit code: 3');
    expect(message).toContain('build output line 30');
    expect(message).not.toContain('build output line 10\n');
    expect(message.split('\n').length).toBeLessThanOrEqual(21);
    expect(imagesOf(run, 'ImageApi')[0]).toMatchObject({ outcome: 'failed' });
    expect(standIn.calls('push')).toEqual([]);
  });

  it('names the repository and the permissions when the push is refused', async () => {
    const { run, message } = await failedRun({ DOCKER_STAND_IN_PUSH: 'refuse' });
    expect(message).toContain(`pushing image asset`);
    expect(message).toContain(`to ${REGISTRY}/${REPOSITORY}:`);
    expect(message).toContain('was refused');
    expect(message).toContain('ecr:PutImage');
    expect(imagesOf(run, 'ImageApi')[0]).toMatchObject({ outcome: 'built' });
    expect(await imageTagsInEcr()).toEqual([]);
  });

  it('says what to change when the docker config keeps logins in a helper that is not there', async () => {
    standIn.writeDockerConfig({ credsStore: 'desktop' });
    const { message } = await failedRun({});
    expect(message).toContain('sets credsStore to "desktop"');
    expect(message).toContain('Remove "credsStore"');
    expect(standIn.calls('login')).toEqual([]);
  });

  it('says the account is not bootstrapped for images when the repository is missing', async () => {
    const ecr = new ECRClient({});
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: REPOSITORY, force: true }));
    ecr.destroy();
    const { message } = await failedRun({});
    expect(message).toContain(`No ECR repository named '${REPOSITORY}'`);
    expect(message).toContain('Is this account bootstrapped?');
    expect(standIn.calls()).toEqual([]);
  });

  it('says what to change when the docker config has a credential helper for the registry', async () => {
    standIn.writeDockerConfig({ credHelpers: { [REGISTRY]: 'ecr-login' } });
    const { message } = await failedRun({});
    expect(message).toContain(`credHelpers["${REGISTRY}"] to "ecr-login"`);
    expect(message).toContain('Remove that entry');
  });
});

describe('the GitHub Actions build cache', () => {
  const cacheService = {
    ACTIONS_RUNTIME_TOKEN: 'runtime-token',
    ACTIONS_RESULTS_URL: 'https://results.example/',
  };

  it('is used when buildx can export it and the cache service is offered', async () => {
    withEnv({ ...cacheService, DOCKER_STAND_IN_BUILDX: 'docker-container' });
    const run = await deployAssembly(await synthFixture('images'), { stacks: ['ImageApi'] });
    expect(run.deployment.status).toBe('completed');
    const [build] = standIn.calls('build');
    expect(build?.argv).toEqual(
      expect.arrayContaining([
        '--cache-from',
        'type=gha,scope=ApiImage',
        '--cache-to',
        'type=gha,mode=max,ignore-error=true,scope=ApiImage',
        '--output=type=docker',
      ]),
    );
    // The cache service's variables reach docker (buildx reads them from its environment).
    expect(build?.env.ACTIONS_RUNTIME_TOKEN).toBe('runtime-token');
    expect(imagesOf(run, 'ImageApi')[0]?.build_cache).toBe('gha');
    expect(run.entries.map((e) => e.message)).toContain(
      'Image builds use the GitHub Actions cache (buildx driver docker-container), unless an image sets its own cacheFrom/cacheTo',
    );
  });

  it.each([
    // A docker-container builder still loads the image, which the push needs.
    [
      'the cache service is not offered',
      { DOCKER_STAND_IN_BUILDX: 'docker-container' },
      'the GitHub Actions cache service is not offered',
      true,
    ],
    [
      'buildx is absent',
      { ...cacheService, DOCKER_STAND_IN_BUILDX: 'absent' },
      'docker buildx is not installed',
      false,
    ],
    [
      'the builder uses the docker driver',
      { ...cacheService, DOCKER_STAND_IN_BUILDX: 'docker' },
      "uses the 'docker' driver",
      false,
    ],
  ])('is not used when %s, and one log line says why', async (_, env, reason, loads) => {
    withEnv(env);
    const run = await deployAssembly(await synthFixture('images'), { stacks: ['ImageApi'] });
    expect(run.deployment.status).toBe('completed');
    expect(standIn.calls('build')[0]?.argv.join(' ')).not.toContain('--cache-to');
    expect(standIn.calls('build')[0]?.argv.includes('--output=type=docker')).toBe(loads);
    const lines = run.entries.filter((e) => e.message.startsWith('Image builds do not use'));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toContain(reason);
    expect(imagesOf(run, 'ImageApi')[0]?.build_cache).toBe('none');
  });
});

describe('image-build-concurrency', () => {
  /** The most builds that ran at once, from the stand-in's call times and its build delay. */
  function mostAtOnce(delayMs: number): number {
    const starts = standIn.calls('build').map((call) => call.at);
    return Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + delayMs).length));
  }

  it.each([1, 3])('runs at most %i builds at once', async (limit) => {
    withEnv({ DOCKER_STAND_IN_BUILD_DELAY_MS: '700' });
    const assembly = await synthFixture('images', { IMAGES_VARIANT: 'three' });
    const started = Date.now();
    const run = await deployAssembly(assembly, { imageBuildConcurrency: limit });
    expect(
      run.deployment.status,
      run.entries
        .filter((e) => e.level !== 'debug')
        .map((e) => `${e.stack ?? ''} ${e.message}`)
        .join('\n'),
    ).toBe('completed');
    expect(standIn.calls('build')).toHaveLength(3);
    expect(mostAtOnce(700)).toBe(limit);
    expect(Date.now() - started).toBeGreaterThanOrEqual(limit === 1 ? 2100 : 700);
    expect(imagesOf(run, 'ThreeImages').map((i) => i.outcome)).toEqual([
      'pushed',
      'pushed',
      'pushed',
    ]);
  });
});
