import { readFileSync } from 'node:fs';
import { DeploymentError } from '../errors.js';

/** One asset as the plan digest sees it: its content hash and where it goes, never its path. */
export interface AssetDigestEntry {
  readonly kind: 'file' | 'docker-image';
  /** The CDK's asset id: the hash of the asset's content (and build settings). */
  readonly id: string;
  readonly destinations: unknown;
}

interface AssetManifestJson {
  files?: Record<string, { destinations?: unknown }>;
  dockerImages?: Record<string, { destinations?: unknown }>;
}

function readManifest(path: string): AssetManifestJson {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as AssetManifestJson;
  } catch (error) {
    throw new DeploymentError(
      `The asset manifest ${path} could not be read for the plan id: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The assets of the stack's asset manifests, sorted: what publishing them uploads is named by
 * these hashes, so a changed asset changes the plan id while a rebuilt one with equal content
 * (other paths, other timestamps) does not.
 */
export function assetDigestEntries(manifestPaths: readonly string[]): AssetDigestEntry[] {
  const entries: AssetDigestEntry[] = [];
  for (const path of manifestPaths) {
    const manifest = readManifest(path);
    for (const [id, asset] of Object.entries(manifest.files ?? {})) {
      entries.push({ kind: 'file', id, destinations: asset.destinations ?? {} });
    }
    for (const [id, asset] of Object.entries(manifest.dockerImages ?? {})) {
      entries.push({ kind: 'docker-image', id, destinations: asset.destinations ?? {} });
    }
  }
  return entries.sort((a, b) => `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`));
}
