import type { DockerImageSource } from '@aws-cdk/cloud-assembly-schema';
import type { DockerAnswer } from './docker-cli.js';

/**
 * Whether image builds of this run use the GitHub Actions cache, and if not, why not; and the
 * driver of buildx's current builder (undefined without buildx).
 */
export type CacheDecision =
  | { readonly use: true; readonly driver: string }
  | { readonly use: false; readonly reason: string; readonly driver: string | undefined };

type Docker = (args: readonly string[]) => Promise<DockerAnswer>;

const NEEDS_BUILDX = 'add docker/setup-buildx-action before this step';

async function currentDriver(docker: Docker): Promise<string | undefined> {
  if ((await docker(['buildx', 'version'])).code !== 0) return undefined;
  const builder = await docker(['buildx', 'inspect']);
  return builder.code === 0 ? /^Driver:\s*(\S+)/m.exec(builder.stdout)?.[1] : undefined;
}

/**
 * The runner offers BuildKit its cache when a JavaScript action gets the cache service's
 * variables (it does by default on GitHub.com) and buildx's current builder can export a cache:
 * the plain `docker` driver cannot, the `docker-container` one that docker/setup-buildx-action
 * creates can.
 */
export async function decideBuildCache(
  env: NodeJS.ProcessEnv,
  docker: Docker,
): Promise<CacheDecision> {
  const driver = await currentDriver(docker);
  if (!env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL)) {
    return {
      use: false,
      driver,
      reason:
        'the GitHub Actions cache service is not offered to this step (ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL are not set: not on GitHub Actions, or a GitHub Enterprise Server without the cache)',
    };
  }
  if (!driver) {
    return {
      use: false,
      driver,
      reason: `docker buildx is not installed, or has no builder (${NEEDS_BUILDX})`,
    };
  }
  if (driver === 'docker') {
    return {
      use: false,
      driver,
      reason: `the current buildx builder uses the 'docker' driver, which cannot export a cache to GitHub Actions (${NEEDS_BUILDX})`,
    };
  }
  return { use: true, driver };
}

/** How an image's build is cached: by this run (`gha`), by the app's own options, or not at all. */
export type BuildCache = 'gha' | 'app' | 'none';

export function cacheOf(
  source: DockerImageSource,
  decision: CacheDecision | undefined,
): BuildCache {
  if (source.cacheFrom || source.cacheTo) return 'app';
  if (!decision?.use || source.cacheDisabled || source.executable) return 'none';
  return 'gha';
}

/**
 * The source with the GitHub Actions cache added, scoped by the image's construct path (the
 * manifest's display name) so that a changed Dockerfile still finds its unchanged layers; the
 * asset id, which changes with every change of the source, when there is no display name.
 */
export function withBuildCache(source: DockerImageSource, scope: string): DockerImageSource {
  const params = { scope: scope.replace(/[^A-Za-z0-9._/-]/g, '-') };
  return {
    ...loadedInto(source),
    cacheFrom: [{ type: 'gha', params }],
    // A cache that cannot be saved (the service's rate limit, its size limit) never fails a build.
    cacheTo: { type: 'gha', params: { mode: 'max', 'ignore-error': 'true', ...params } },
  };
}

/**
 * The source built so that the image lands in docker's image store, where the tag and push that
 * follow look for it: a builder other than `docker` (a docker-container one, as
 * docker/setup-buildx-action makes) keeps its result in its build cache unless told to load it.
 */
export function loadedInto(source: DockerImageSource): DockerImageSource {
  if (source.executable || source.dockerOutputs) return source;
  return { ...source, dockerOutputs: ['type=docker'] };
}
