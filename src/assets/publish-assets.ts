import type {
  DockerImageManifestEntry,
  EventType,
  IAws,
  IManifestEntry,
  IPublishProgress,
} from '@aws-cdk/cdk-assets-lib';
import { sdkRetrySettings, type SdkRetrySettings } from '../aws/retry-policy.js';
import { DeploymentError } from '../errors.js';
import type { StackImage } from '../model/image.js';
import type { ImagePublisher } from './image-publisher.js';

import type { AssetLog } from './asset-log.js';

export type { AssetLog };

const LOGGED_EVENTS: Partial<Record<`${EventType}`, 'info' | 'debug' | 'error'>> = {
  upload: 'info',
  found: 'debug',
  cached: 'debug',
  success: 'info',
  fail: 'error',
};

/** A file asset's destination as the manifest writes it, placeholders and all. */
function destinationUrl(entry: IManifestEntry): string | undefined {
  const { bucketName, objectKey } = entry.genericDestination as {
    bucketName?: string;
    objectKey?: string;
  };
  return entry.type === 'file' && bucketName && objectKey
    ? `s3://${bucketName}/${objectKey}`
    : undefined;
}

export interface AssetPublisherOptions {
  /** How many docker builds may run at once across the run (image-build-concurrency). */
  readonly imageBuildConcurrency?: number;
}

/**
 * Publishes a stack's assets with the CDK's own publishing library, so roles, placeholders,
 * zipping and "already there" checks work as in `cdk deploy`: its file assets (the template itself
 * among them when the manifest says so) and its Docker image assets (see ImagePublisher, which
 * publishes each image once per run). The library is loaded on first use: a run without assets
 * never pays for it.
 */
export class AssetPublisher {
  private aws: IAws | undefined;
  private images: ImagePublisher | undefined;

  /** `retrySettings`: those of every other AWS client of the run. */
  constructor(
    private readonly retrySettings: () => SdkRetrySettings = () => sdkRetrySettings(),
    private readonly options: AssetPublisherOptions = {},
  ) {}

  /**
   * `except`: an `s3://bucket/key` destination not to upload (a template sent inline).
   * `onImage`: each image asset's record, as soon as it is settled (also when it failed).
   */
  async publish(
    stackName: string,
    manifestPaths: readonly string[],
    log: AssetLog,
    except?: string,
    onImage: (image: StackImage) => void = () => undefined,
  ): Promise<void> {
    if (manifestPaths.length === 0) return;
    const library = await import('@aws-cdk/cdk-assets-lib');
    const { AssetManifest, AssetPublishing, DestinationPattern } = library;
    for (const path of manifestPaths) {
      const whole = AssetManifest.fromPath(path);
      const files = whole.entries.filter(
        (entry) => entry.type === 'file' && destinationUrl(entry) !== except,
      );
      const images = whole.entries.filter(
        (entry): entry is DockerImageManifestEntry => entry.type === 'docker-image',
      );
      const manifest =
        files.length === whole.entries.length
          ? whole
          : whole.select(
              files.map((e) => new DestinationPattern(e.id.assetId, e.id.destinationId)),
            );
      if (files.length === 0 && images.length === 0) continue;
      const { AssetAws } = await import('./asset-aws.js');
      const aws = (this.aws ??= new AssetAws(this.retrySettings));
      // Both run to their end, so every image is recorded whatever else failed.
      const [filesDone, imagesDone] = await Promise.allSettled([
        files.length > 0 ? this.publishFiles(AssetPublishing, manifest, aws, stackName, log) : null,
        this.publishImages(library, aws, stackName, whole.directory, images, log, onImage),
      ]);
      if (filesDone.status === 'rejected') throw filesDone.reason;
      if (imagesDone.status === 'rejected') throw imagesDone.reason;
    }
  }

  /** Every image of the manifest, in parallel (builds bounded run-wide); the first failure thrown. */
  private async publishImages(
    library: typeof import('@aws-cdk/cdk-assets-lib'),
    aws: IAws,
    stackName: string,
    directory: string,
    images: readonly DockerImageManifestEntry[],
    log: AssetLog,
    onImage: (image: StackImage) => void,
  ): Promise<void> {
    if (images.length === 0) return;
    const { ImagePublisher } = await import('./image-publisher.js');
    const publisher = (this.images ??= new ImagePublisher({
      buildConcurrency: this.options.imageBuildConcurrency ?? 2,
    }));
    const settled = await Promise.allSettled(
      images.map((entry) =>
        publisher.publish(library, aws, stackName, directory, entry, log, onImage),
      ),
    );
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async publishFiles(
    AssetPublishing: typeof import('@aws-cdk/cdk-assets-lib').AssetPublishing,
    manifest: import('@aws-cdk/cdk-assets-lib').AssetManifest,
    aws: IAws,
    stackName: string,
    log: AssetLog,
  ): Promise<void> {
    const publishing = new AssetPublishing(manifest, {
      aws,
      throwOnError: false,
      publishInParallel: true,
      progressListener: {
        onPublishEvent: (type: EventType, event: IPublishProgress) => {
          const level = LOGGED_EVENTS[type as `${EventType}`];
          if (level) log(level, event.message);
        },
      },
    });
    await publishing.publish();
    if (publishing.hasFailures) {
      const first = publishing.failures[0];
      throw new DeploymentError(
        `Stack ${stackName}: publishing asset ${first?.asset.id.toString() ?? ''} failed: ${first?.error.message ?? 'unknown error'}`,
        { stack: stackName, cause: first?.error },
      );
    }
  }
}
