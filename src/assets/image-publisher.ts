import type { DockerImageManifestEntry, IAws } from '@aws-cdk/cdk-assets-lib';
import type { StackImage } from '../model/image.js';
import { createLimiter, type Limiter } from '../util/limiter.js';
import { giveBundledPublisherADirname } from '../util/global-dirname.js';
import {
  cacheOf,
  decideBuildCache,
  loadedInto,
  withBuildCache,
  type CacheDecision,
} from './build-cache.js';
import { runDocker, type DockerAnswer } from './docker-cli.js';
import { credentialStoreClash } from './docker-config.js';
import {
  credentialStoreError,
  describeImageFailure,
  dockerProblem,
  lookupError,
  type StackError,
} from './docker-failures.js';
import { ImageSession } from './image-session.js';
import type { AssetLog } from './asset-log.js';

type Library = typeof import('@aws-cdk/cdk-assets-lib');

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** How one image's publishing ended, for every stack that uses it. */
interface Published {
  readonly image: Omit<StackImage, 'published_by'> & { readonly published_by: string };
  readonly failure?: StackError;
}

export interface ImagePublisherOptions {
  /** How many docker builds may run at once across the run. */
  readonly buildConcurrency: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly docker?: (args: readonly string[]) => Promise<DockerAnswer>;
}

/** An image's destination as the manifest writes it: the same one for every stack that uses it. */
function destinationKey(entry: DockerImageManifestEntry): string {
  const { repositoryName, imageTag, region, assumeRoleArn } = entry.destination;
  return JSON.stringify([repositoryName, imageTag, region, assumeRoleArn]);
}

/**
 * Publishes the Docker image assets of every stack of a run with the CDK's publisher: an image
 * already in its repository is skipped, one that is not is built (at most `buildConcurrency` at
 * once), tagged and pushed. An image is published once per run however many stacks use it, docker
 * is probed once (missing, or no daemon, is one clear error) and the ECR login happens once per
 * registry per run.
 */
export class ImagePublisher {
  private readonly published = new Map<string, Promise<Published>>();
  private readonly buildsByAsset = new Map<string, Promise<void>>();
  private readonly buildSlots: Limiter;
  private readonly env: NodeJS.ProcessEnv;
  private readonly docker: (args: readonly string[]) => Promise<DockerAnswer>;
  private dockerProbe: Promise<DockerAnswer> | undefined;
  private cacheDecision: Promise<CacheDecision> | undefined;
  /** The library's docker login bookkeeping, shared by every session of the run. */
  private dockerFactory: unknown;

  constructor(options: ImagePublisherOptions) {
    giveBundledPublisherADirname();
    this.buildSlots = createLimiter(options.buildConcurrency);
    this.env = options.env ?? process.env;
    this.docker = options.docker ?? runDocker;
  }

  /**
   * Publishes one image of `stack` (or waits for the run's publishing of it) and hands its
   * record to `onImage`; throws the image's failure, worded for `stack`.
   */
  async publish(
    library: Library,
    aws: IAws,
    stack: string,
    directory: string,
    entry: DockerImageManifestEntry,
    log: AssetLog,
    onImage: (image: StackImage) => void,
  ): Promise<void> {
    const key = destinationKey(entry);
    let pending = this.published.get(key);
    if (pending) {
      log('info', `Image ${entry.id.assetId}: published once per run; ${stack} shares it`);
    } else {
      pending = this.publishOnce(library, aws, stack, directory, entry, log);
      this.published.set(key, pending);
    }
    const { image, failure } = await pending;
    onImage({ ...image });
    if (failure) throw failure(stack);
  }

  private async publishOnce(
    library: Library,
    aws: IAws,
    stack: string,
    directory: string,
    entry: DockerImageManifestEntry,
    log: AssetLog,
  ): Promise<Published> {
    const assetId = entry.id.assetId;
    const check = this.session(library, aws, entry, directory, entry.source, log);
    const base = { asset_id: assetId, published_by: stack, build_ms: null, push_ms: null };
    let repository = entry.destination.repositoryName;
    const failed = (
      outcome: StackImage['outcome'],
      session: ImageSession,
      build: Partial<StackImage>,
      failure: StackError,
    ): Published => ({
      image: {
        ...base,
        ...build,
        image_uri: session.imageUri ?? null,
        outcome,
        build_cache: build.build_cache ?? 'none',
      },
      failure,
    });

    if (await check.publishing.isEntryPublished(check.entry)) {
      log('info', `Image ${assetId} is already in ${check.imageUri ?? repository}: not built`);
      const cache = cacheOf(entry.source, undefined);
      return {
        image: {
          ...base,
          image_uri: check.imageUri ?? null,
          outcome: 'skipped-present',
          build_cache: cache,
        },
      };
    }
    if (!check.imageUri) {
      // The repository could not be looked up (not there, or no access): the library said why.
      const said = check.lastDebug ?? `the repository ${repository} could not be looked up`;
      return failed('failed', check, {}, (s) => lookupError(s, assetId, said));
    }
    repository = check.imageUri.replace(/:[^:/]+$/, '');
    const unusable = await this.dockerUnusable(assetId);
    if (unusable) return failed('failed', check, {}, unusable);
    const clash = credentialStoreClash(check.imageUri.split('/')[0] ?? '', this.env);
    if (clash) return failed('failed', check, {}, (s) => credentialStoreError(s, assetId, clash));

    const decision = await this.buildCacheDecision(log);
    const cache = cacheOf(entry.source, decision);
    const scope = entry.displayName(false) || assetId;
    const loads = decision.driver !== undefined && decision.driver !== 'docker';
    const source =
      cache === 'gha'
        ? withBuildCache(entry.source, scope)
        : loads
          ? loadedInto(entry.source)
          : entry.source;
    const session = this.session(library, aws, entry, directory, source, log);
    session.imageUri = check.imageUri;

    // Two destinations of one asset (regions, accounts) build it once: the second finds the
    // library's local tag of the first and only tags it.
    const previousBuild = this.buildsByAsset.get(assetId);
    let release = (): void => undefined;
    this.buildsByAsset.set(assetId, new Promise<void>((done) => (release = done)));
    await previousBuild;
    const buildStart = Date.now();
    let buildMs = 0;
    const built = await this.buildSlots(async () => {
      log('info', `Building image ${assetId}${cache === 'gha' ? ' (GitHub Actions cache)' : ''}`);
      const started = Date.now();
      const ok = await session.publishing.buildEntry(session.entry);
      buildMs = Date.now() - started;
      return ok && !session.lastFailure();
    }).finally(release);
    if (!built) {
      const error = session.lastFailure() ?? new Error('the build did not finish');
      const stage = session.buildStarted ? 'build' : 'check';
      return failed('failed', session, { build_ms: buildMs, build_cache: cache }, (s) =>
        describeImageFailure(error, {
          stack: s,
          assetId,
          repository,
          stage,
          output: session.output,
        }),
      );
    }
    const waited = Date.now() - buildStart - buildMs;
    log(
      'info',
      `Built image ${assetId} in ${seconds(buildMs)}${waited >= 1000 ? ` (after ${seconds(waited)} waiting for a build slot)` : ''}`,
    );
    const pushStart = Date.now();
    const pushed = await session.publishing.publishEntry(session.entry);
    const pushMs = Date.now() - pushStart;
    const target = session.imageUri ?? repository;
    if (!pushed || session.publishing.failures.length > 0) {
      const error = session.lastFailure() ?? new Error('the push did not finish');
      return failed(
        'built',
        session,
        { build_ms: buildMs, push_ms: pushMs, build_cache: cache },
        (s) =>
          describeImageFailure(error, { stack: s, assetId, repository: target, stage: 'push' }),
      );
    }
    log('info', `Pushed image ${target} in ${seconds(pushMs)}`);
    return {
      image: {
        ...base,
        image_uri: session.imageUri ?? null,
        outcome: 'pushed',
        build_ms: buildMs,
        push_ms: pushMs,
        build_cache: cache,
      },
    };
  }

  private session(
    library: Library,
    aws: IAws,
    entry: DockerImageManifestEntry,
    directory: string,
    source: DockerImageManifestEntry['source'],
    log: AssetLog,
  ): ImageSession {
    const session = new ImageSession(library, aws, entry, directory, source, log);
    this.shareDockerLogins(session);
    return session;
  }

  /**
   * The library keeps which registries it logged in to in a DockerFactory of each publishing
   * session and offers no option to pass one; sessions of one run share the first one's, so the
   * run logs in once per registry. If a later version of the library moves it, each session logs
   * in again: slower, still correct.
   */
  private shareDockerLogins(session: ImageSession): void {
    const host = (session.publishing as unknown as { handlerHost?: { dockerFactory?: unknown } })
      .handlerHost;
    if (!host || host.dockerFactory === undefined) return;
    this.dockerFactory ??= host.dockerFactory;
    host.dockerFactory = this.dockerFactory;
  }

  /** Why docker cannot build (not installed, no daemon), probed once per run; else undefined. */
  private async dockerUnusable(assetId: string): Promise<StackError | undefined> {
    this.dockerProbe ??= this.docker(['version']);
    return dockerProblem(await this.dockerProbe, assetId);
  }

  private buildCacheDecision(log: AssetLog): Promise<CacheDecision> {
    if (!this.cacheDecision) {
      this.cacheDecision = (async () => {
        const decision = await decideBuildCache(this.env, this.docker);
        log(
          'info',
          decision.use
            ? `Image builds use the GitHub Actions cache (buildx driver ${decision.driver}), unless an image sets its own cacheFrom/cacheTo`
            : `Image builds do not use the GitHub Actions cache: ${decision.reason}`,
        );
        return decision;
      })();
    }
    return this.cacheDecision;
  }
}
