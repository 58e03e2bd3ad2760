/**
 * What goes into the deployment artifact: the deployment record, the outputs file, the
 * synthesized template of every selected stack and the job summary's markdown.
 */
import { basename, join } from 'node:path';
import type { RecordFiles } from '../record-files.js';
import type { ArtifactFile } from './publish-artifact.js';

export const ARTIFACT_NAMES = {
  record: 'deployment-record.json',
  outputs: 'outputs.json',
  summary: 'job-summary.md',
  templates: 'templates',
} as const;

/** A selected stack's template; a `StackIdentity` fits. */
export interface StackTemplate {
  readonly name: string;
  readonly templatePath: string;
}

export interface DeploymentArtifactContents {
  readonly recordFiles: RecordFiles;
  /** The selected stacks, in deployment order. Empty when the run stopped before synthesis. */
  readonly stacks: readonly StackTemplate[];
  /** The job summary as written to `GITHUB_STEP_SUMMARY`; left out when undefined. */
  readonly summaryMarkdown?: string;
  /** The outputs file's content with secret outputs masked; the file as written when undefined. */
  readonly outputsContent?: string;
}

/** `<output-directory>/<deployment-id>/artifact/`: the staging folder, and the fallback's result. */
export function artifactFolder(recordFiles: RecordFiles): string {
  return join(recordFiles.directory, 'artifact');
}

/**
 * The artifact's files. Templates go in `templates/` under their file name in the cloud
 * assembly (`<artifact id>.template.json`); a name met twice gets a `-2` suffix when staged.
 */
export function deploymentArtifactFiles(contents: DeploymentArtifactContents): ArtifactFile[] {
  const files: ArtifactFile[] = [
    { path: contents.recordFiles.recordFile, nameInArtifact: ARTIFACT_NAMES.record },
    contents.outputsContent === undefined
      ? { path: contents.recordFiles.outputsFile, nameInArtifact: ARTIFACT_NAMES.outputs }
      : { content: contents.outputsContent, nameInArtifact: ARTIFACT_NAMES.outputs },
  ];
  const seen = new Set<string>();
  for (const stack of contents.stacks) {
    if (!stack.templatePath || seen.has(stack.templatePath)) continue;
    seen.add(stack.templatePath);
    files.push({
      path: stack.templatePath,
      nameInArtifact: `${ARTIFACT_NAMES.templates}/${basename(stack.templatePath)}`,
    });
  }
  if (contents.summaryMarkdown !== undefined) {
    files.push({ content: contents.summaryMarkdown, nameInArtifact: ARTIFACT_NAMES.summary });
  }
  return files;
}
