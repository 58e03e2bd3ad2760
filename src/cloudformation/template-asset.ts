import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';

interface FileAsset {
  source: { path?: string; [key: string]: unknown };
  destinations: Record<string, { bucketName?: string; objectKey?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

interface AssetManifestFile {
  version: string;
  files?: Record<string, FileAsset>;
  [key: string]: unknown;
}

/**
 * An asset manifest holding only the stack's template asset (the entry whose destination is the
 * manifest's `stackTemplateAssetObjectUrl`), written to a temporary folder with its source path
 * made absolute. Publishing it uploads the template and nothing else, as `cdk diff` does: a plan
 * needs no Lambda code in the bucket. Null when the stack has no template asset.
 */
export function templateOnlyAssetManifest(artifact: StackArtifact): string | null {
  const url = artifact.stackTemplateAssetObjectUrl;
  if (!url) return null;
  for (const path of artifact.assetManifestPaths) {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as AssetManifestFile;
    for (const [id, asset] of Object.entries(manifest.files ?? {})) {
      const isTemplate = Object.values(asset.destinations).some(
        (d) => `s3://${d.bucketName ?? ''}/${d.objectKey ?? ''}` === url,
      );
      if (!isTemplate || typeof asset.source.path !== 'string') continue;
      const only: AssetManifestFile = {
        version: manifest.version,
        files: {
          [id]: {
            ...asset,
            source: { ...asset.source, path: resolve(dirname(path), asset.source.path) },
          },
        },
        dockerImages: {},
      };
      const file = join(mkdtempSync(join(tmpdir(), 'cdk-plan-template-')), 'template.assets.json');
      writeFileSync(file, JSON.stringify(only));
      return file;
    }
  }
  throw new DeploymentError(
    `Stack ${artifact.stackName}: no asset manifest holds its template (${url}), so the template cannot be uploaded for the plan.`,
    { stack: artifact.stackName },
  );
}
