/**
 * Publishes the deployment artifact: the files are first staged (copied or written) into one
 * folder, `<output-directory>/<deployment-id>/artifact/` by convention, which then is the upload's
 * root directory, so names in the artifact are simply paths under it. When the runner offers the
 * artifact service the staged files are uploaded as one artifact; otherwise, or when the upload
 * fails, the folder is the result and the returned notice says why. Nothing here throws: an
 * artifact that could not be uploaded never fails a deployment.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sanitizeArtifactName, sanitizePathInArtifact } from './artifact-name.js';
import { artifactServiceAvailability } from './artifact-service.js';
import { artifactServiceUploader, type Uploader } from './uploader.js';

/** A file to put in the artifact: copied from `path`, or written from `content`. */
export type ArtifactFile =
  | { readonly path: string; readonly nameInArtifact: string }
  | { readonly content: string; readonly nameInArtifact: string };

export interface PublishRequest {
  /** The artifact's name; sanitized here (see `sanitizeArtifactName`). */
  readonly name: string;
  readonly files: readonly ArtifactFile[];
  /** Where the files are staged, and where they stay when they are not uploaded. */
  readonly folder: string;
  /** Decides whether the artifact service is there (`ACTIONS_RUNTIME_TOKEN`, `ACTIONS_RESULTS_URL`, `GITHUB_SERVER_URL`). */
  readonly env: NodeJS.ProcessEnv;
  /** Defaults to `@actions/artifact`, loaded on first use. */
  readonly upload?: Uploader;
  readonly retentionDays?: number;
}

export interface SkippedFile {
  readonly nameInArtifact: string;
  readonly reason: string;
}

export interface PublishResult {
  readonly uploaded: boolean;
  /** The artifact's id when it was uploaded and the service returned one. */
  readonly id?: number;
  /** The name used (after sanitizing). */
  readonly name: string;
  /** The staging folder, absolute; holds the files whether or not they were uploaded. */
  readonly folder: string;
  /** Names in the artifact of the files that were staged (and uploaded, when `uploaded`). */
  readonly files: readonly string[];
  /** Files that could not be staged: a missing template, an unusable name. */
  readonly skipped: readonly SkippedFile[];
  /** Why the artifact was not uploaded, or which files are missing from it. */
  readonly notice?: string;
  /** `notice` when the service is simply not there, `warning` when something failed. */
  readonly noticeLevel?: 'notice' | 'warning';
}

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).trim();

/** A name not used yet: `a.template.json`, then `a-2.template.json`, `a-3.template.json`... */
function uniqueName(name: string, used: Set<string>): string {
  if (!used.has(name)) return name;
  const start = name.lastIndexOf('/') + 1;
  const dot = name.indexOf('.', start + 1);
  const cut = dot > start ? dot : name.length;
  for (let n = 2; ; n++) {
    const candidate = `${name.slice(0, cut)}-${n}${name.slice(cut)}`;
    if (!used.has(candidate)) return candidate;
  }
}

interface Staged {
  readonly paths: string[];
  readonly names: string[];
  readonly skipped: SkippedFile[];
}

function stage(files: readonly ArtifactFile[], folder: string): Staged {
  mkdirSync(folder, { recursive: true });
  const staged: Staged = { paths: [], names: [], skipped: [] };
  const used = new Set<string>();
  for (const file of files) {
    const clean = sanitizePathInArtifact(file.nameInArtifact);
    if (clean === null) {
      staged.skipped.push({ nameInArtifact: file.nameInArtifact, reason: 'the name is empty' });
      continue;
    }
    const name = uniqueName(clean, used);
    const target = join(folder, ...name.split('/'));
    try {
      mkdirSync(dirname(target), { recursive: true });
      if ('content' in file) writeFileSync(target, file.content);
      else if (resolve(file.path) !== target) copyFileSync(file.path, target);
    } catch (error) {
      staged.skipped.push({ nameInArtifact: file.nameInArtifact, reason: messageOf(error) });
      continue;
    }
    used.add(name);
    staged.names.push(name);
    staged.paths.push(target);
  }
  return staged;
}

function skippedText(skipped: readonly SkippedFile[]): string {
  return skipped.map((file) => `${file.nameInArtifact} (${file.reason})`).join('; ');
}

export async function publishArtifact(request: PublishRequest): Promise<PublishResult> {
  const name = sanitizeArtifactName(request.name);
  const folder = resolve(request.folder);
  let staged: Staged;
  try {
    staged = stage(request.files, folder);
  } catch (error) {
    return {
      uploaded: false,
      name,
      folder,
      files: [],
      skipped: request.files.map((file) => ({
        nameInArtifact: file.nameInArtifact,
        reason: messageOf(error),
      })),
      notice: `The deployment artifact '${name}' was not created: its folder ${folder} cannot be written (${messageOf(error)}).`,
      noticeLevel: 'warning',
    };
  }
  const base = { name, folder, files: staged.names, skipped: staged.skipped };
  const missing = staged.skipped.length > 0 ? ` Left out: ${skippedText(staged.skipped)}.` : '';

  if (staged.paths.length === 0) {
    return {
      ...base,
      uploaded: false,
      notice: `The deployment artifact '${name}' was not uploaded: none of its files could be staged.${missing}`,
      noticeLevel: 'warning',
    };
  }

  const service = artifactServiceAvailability(request.env);
  if (!service.available) {
    return {
      ...base,
      uploaded: false,
      notice: `The deployment artifact '${name}' was not uploaded: ${service.reason}. Its files are in ${folder}.${missing}`,
      noticeLevel: staged.skipped.length > 0 ? 'warning' : 'notice',
    };
  }

  const upload = request.upload ?? artifactServiceUploader;
  const retentionDays =
    request.retentionDays !== undefined &&
    Number.isInteger(request.retentionDays) &&
    request.retentionDays >= 1
      ? request.retentionDays
      : undefined;
  try {
    const result = await upload(
      name,
      staged.paths,
      folder,
      retentionDays === undefined ? {} : { retentionDays },
    );
    return {
      ...base,
      uploaded: true,
      ...(result.id === undefined ? {} : { id: result.id }),
      ...(staged.skipped.length > 0
        ? {
            notice: `The deployment artifact '${name}' was uploaded without some files.${missing}`,
            noticeLevel: 'warning' as const,
          }
        : {}),
    };
  } catch (error) {
    return {
      ...base,
      uploaded: false,
      notice: `Uploading the deployment artifact '${name}' failed: ${messageOf(error)}. Its files are in ${folder}.${missing}`,
      noticeLevel: 'warning',
    };
  }
}
