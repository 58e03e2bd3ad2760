import * as core from '@actions/core';
import type { Deployment } from '../model/deployment.js';
import { modeWords } from '../model/modes.js';
import { toRecordFile } from '../model/record.js';
import type { Resource } from '../model/resource.js';
import type { Stack } from '../model/stack.js';
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

/** What a run has recorded, as the reports read it: any lifecycle's run has these. */
export interface RecordedRun {
  readonly deployment: Deployment;
  readonly stacks: readonly Stack[];
  readonly resources: readonly Resource[];
}

/** The stack outputs a run hands on to later steps: only a mode that deploys has any. */
function handedOnOutputs(run: RecordedRun): Record<string, Record<string, string>> {
  return modeWords(run.deployment.mode).handsOnOutputs ? cdkOutputs(run.stacks) : {};
}

/**
 * Writes the record (secret outputs masked) and the outputs file, and sets the job outputs. The
 * outputs file and job outputs keep the real values: later steps need them, the runner masks them.
 */
export function reportRun(
  run: RecordedRun,
  outputDirectory: string,
  secrets: Redactor,
): RecordFiles {
  const record = secrets.redact(toRecordFile(run.deployment, run.stacks, run.resources));
  const outputs = handedOnOutputs(run);
  const files = writeRecordFiles(outputDirectory, record, outputs);
  setJobOutputs((name, value) => core.setOutput(name, value), record, outputs, files);
  core.info(
    `Deployment ${record.deployment.id} ended ${record.deployment.status}; record: ${files.recordFile}`,
  );
  return files;
}

/** The record, outputs, templates and summary as one artifact, or a folder when there is no service. */
export async function keepArtifact(
  run: RecordedRun,
  files: RecordFiles,
  summaryMarkdown: string,
  settings: Pick<Settings, 'artifactName' | 'environment'>,
  secrets: Redactor,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const outputs = handedOnOutputs(run);
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
