import type { EventType, IAws, IManifestEntry, IPublishProgress } from '@aws-cdk/cdk-assets-lib';
import { sdkRetrySettings, type SdkRetrySettings } from '../aws/retry-policy.js';
import { DeploymentError } from '../errors.js';

export type AssetLog = (level: 'info' | 'debug' | 'error', message: string) => void;

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

/**
 * Publishes a stack's file assets (the template itself among them when the manifest says so) with
 * the CDK's own publishing library, so roles, placeholders, zipping and "already there" checks
 * work as in `cdk deploy`. Docker image assets are refused before anything is uploaded. The
 * library is loaded on first use: a run without assets never pays for it.
 */
export class AssetPublisher {
  private aws: IAws | undefined;

  /** `retrySettings`: those of every other AWS client of the run. */
  constructor(private readonly retrySettings: () => SdkRetrySettings = () => sdkRetrySettings()) {}

  /** `except`: an `s3://bucket/key` destination not to upload (a template sent inline). */
  async publish(
    stackName: string,
    manifestPaths: readonly string[],
    log: AssetLog,
    except?: string,
  ): Promise<void> {
    if (manifestPaths.length === 0) return;
    const { AssetManifest, AssetPublishing, DestinationPattern } =
      await import('@aws-cdk/cdk-assets-lib');
    for (const path of manifestPaths) {
      const whole = AssetManifest.fromPath(path);
      const kept = whole.entries.filter((entry) => destinationUrl(entry) !== except);
      const manifest =
        kept.length === whole.entries.length
          ? whole
          : whole.select(kept.map((e) => new DestinationPattern(e.id.assetId, e.id.destinationId)));
      const images = manifest.entries.filter((entry) => entry.type !== 'file');
      if (images.length > 0) {
        throw new DeploymentError(
          `Stack ${stackName} has ${images.length} Docker image asset(s) (${images[0]?.id.assetId ?? ''}); this action publishes file assets only. Build and push images in an earlier step, or deploy this stack with the CDK CLI.`,
          { stack: stackName },
        );
      }
      if (manifest.entries.length === 0) continue;
      const { AssetAws } = await import('./asset-aws.js');
      this.aws ??= new AssetAws(this.retrySettings);
      const publishing = new AssetPublishing(manifest, {
        aws: this.aws,
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
}
