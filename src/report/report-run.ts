import * as core from '@actions/core';
import type { DeploymentRun } from '../lifecycle/deployment-run.js';
import { toRecordFile } from '../model/record.js';
import type { Settings } from '../settings/settings.js';
import {
  artifactFolder,
  artifactName,
  deploymentArtifactFiles,
  publishArtifact,
} from './artifact/index.js';
import { cdkOutputs } from './cdk-outputs.js';
import { setJobOutputs } from './job-outputs.js';
import type { Secrets } from './secrets.js';
import { writeRecordFiles, type RecordFiles } from './record-files.js';

type Redactor = Pick<Secrets, 'redact'>;

/** For a run that never read a stack output. */
export const noSecrets: Redactor = { redact: (value) => value };

/**
 * Writes the record (secret outputs masked) and the outputs file, and sets the job outputs. The
 * outputs file and job outputs keep the real values: later steps need them, the runner masks them.
 */
export function reportRun(
  run: DeploymentRun,
  outputDirectory: string,
  secrets: Redactor,
): RecordFiles {
  const record = secrets.redact(toRecordFile(run.deployment, run.stacks, run.resources));
  // A plan or a destroy deploys nothing, so it hands on no stack outputs.
  const outputs = run.deployment.mode === 'deploy' ? cdkOutputs(run.stacks) : {};
  const files = writeRecordFiles(outputDirectory, record, outputs);
  setJobOutputs((name, value) => core.setOutput(name, value), record, outputs, files);
  core.info(
    `Deployment ${record.deployment.id} ended ${record.deployment.status}; record: ${files.recordFile}`,
  );
  return files;
}

/** The record, outputs, templates and summary as one artifact, or a folder when there is no service. */
export async function keepArtifact(
  run: DeploymentRun,
  files: RecordFiles,
  summaryMarkdown: string,
  settings: Settings,
  secrets: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const outputs = run.deployment.mode === 'deploy' ? cdkOutputs(run.stacks) : {};
  const result = await publishArtifact({
    name: artifactName(settings.artifactName ?? '', settings.environment, run.deployment.id),
    files: deploymentArtifactFiles({
      recordFiles: files,
      stacks: run.stacks.map((s) => s.identity),
      summaryMarkdown,
      outputsContent: `${JSON.stringify(secrets.redact(outputs), null, 2)}\n`,
    }),
    folder: artifactFolder(files),
    env,
  });
  core.setOutput('artifact-path', result.folder);
  if (result.notice) {
    if (result.noticeLevel === 'warning') core.warning(result.notice);
    else core.notice(result.notice);
  }
}
