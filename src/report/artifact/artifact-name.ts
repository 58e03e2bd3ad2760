/**
 * Artifact names and the paths of files inside an artifact, made acceptable to the artifact
 * service. `@actions/artifact` refuses (client side, before anything is sent) a name containing
 * any of `" : < > | * ? \r \n \ /`, and a path inside the artifact containing any of
 * `" : < > | * ? \r \n`; those characters are replaced here instead, so a user's odd input or an
 * odd environment name never costs the upload.
 */

/** Characters `@actions/artifact` refuses in an artifact's name. */
const INVALID_NAME_CHARACTERS = /[":<>|*?\r\n\\/]/g;
/** Characters `@actions/artifact` refuses in a path inside the artifact (`/` separates folders). */
const INVALID_PATH_CHARACTERS = /[":<>|*?\r\n\\]/g;

const REPLACEMENT = '-';

/** The default name: `cdk-deployment-<environment>-<first 8 characters of the deployment id>`. */
export function defaultArtifactName(environment: string, deploymentId: string): string {
  const shortId = deploymentId.replace(/-/g, '').slice(0, 8) || 'run';
  return sanitizeArtifactName(`cdk-deployment-${environment.trim() || 'env'}-${shortId}`);
}

/**
 * A name the artifact service accepts: every refused character becomes `-`, surrounding spaces
 * go. An empty result (empty input, or nothing but refused characters and spaces) gives
 * `fallback`, itself sanitized; the fallback of the fallback is `cdk-deployment`.
 */
export function sanitizeArtifactName(name: string, fallback = 'cdk-deployment'): string {
  const cleaned = name.replace(INVALID_NAME_CHARACTERS, REPLACEMENT).trim();
  if (cleaned.length > 0 && /[^\s-]/.test(cleaned)) return cleaned;
  const cleanedFallback = fallback.replace(INVALID_NAME_CHARACTERS, REPLACEMENT).trim();
  return /[^\s-]/.test(cleanedFallback) ? cleanedFallback : 'cdk-deployment';
}

/**
 * The artifact name to use: the `artifact-name` input when it is set, the default otherwise,
 * sanitized either way.
 */
export function artifactName(input: string, environment: string, deploymentId: string): string {
  const fallback = defaultArtifactName(environment, deploymentId);
  return input.trim().length > 0 ? sanitizeArtifactName(input, fallback) : fallback;
}

/**
 * A relative path inside the artifact, `/`-separated: refused characters become `-`; empty,
 * `.` and `..` segments are dropped so the file can never be staged outside the artifact's
 * folder. Returns null when nothing is left.
 */
export function sanitizePathInArtifact(path: string): string | null {
  const segments = path
    .split(/[\\/]/)
    .map((segment) => segment.replace(INVALID_PATH_CHARACTERS, REPLACEMENT).trim())
    .filter((segment) => segment.length > 0 && segment !== '.' && segment !== '..');
  return segments.length > 0 ? segments.join('/') : null;
}
