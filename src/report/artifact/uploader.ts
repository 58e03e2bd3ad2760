/**
 * The one place that talks to the artifact service. `@actions/artifact` (and the Azure blob
 * client under it) is loaded on first use, so the action's main bundle does not carry it and a
 * run that writes the artifact to a folder never loads it.
 */

export interface UploadOptions {
  /** 1 to 90 days (capped by the repository's setting); the repository default when unset. */
  readonly retentionDays?: number;
}

export interface UploadResult {
  /** The artifact's id, for the REST API and the run's artifact list. */
  readonly id?: number;
  /** Bytes uploaded (the zip). */
  readonly size?: number;
}

/**
 * Uploads `files` (absolute paths under `rootDirectory`, which is cut from their names in the
 * artifact) as one artifact called `name`. Throws when the upload fails.
 */
export type Uploader = (
  name: string,
  files: readonly string[],
  rootDirectory: string,
  options: UploadOptions,
) => Promise<UploadResult>;

/**
 * The real uploader: `new DefaultArtifactClient().uploadArtifact(...)`. The library reads
 * `ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL` and `GITHUB_SERVER_URL` from `process.env`
 * itself.
 */
export const artifactServiceUploader: Uploader = async (name, files, rootDirectory, options) => {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const response = await new DefaultArtifactClient().uploadArtifact(
    name,
    [...files],
    rootDirectory,
    options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays },
  );
  return {
    ...(response.id === undefined ? {} : { id: response.id }),
    ...(response.size === undefined ? {} : { size: response.size }),
  };
};
