/**
 * What happened to one Docker image asset of a stack: `skipped-present` (already in its
 * repository under its tag, so neither built nor pushed), `pushed` (built and pushed by this run),
 * `built` (built, but the push failed), `failed` (it could not be built).
 */
export type ImageOutcome = 'built' | 'pushed' | 'skipped-present' | 'failed';

export interface StackImage {
  asset_id: string;
  /** `<registry>/<repository>:<tag>`; null when the repository could not be looked up. */
  image_uri: string | null;
  outcome: ImageOutcome;
  /** How long the build took (the ECR login and docker's own cache check included), in ms. */
  build_ms: number | null;
  push_ms: number | null;
  /** `gha`: built with the GitHub Actions cache; `app`: the app's own cacheFrom/cacheTo. */
  build_cache: 'gha' | 'app' | 'none';
  /** The stack whose publishing did the work: an image is published once per run. */
  published_by: string;
}
