import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentRecordFile } from '../model/record.js';
import { writeAtomically } from '../util/write-atomically.js';

export interface RecordFiles {
  readonly directory: string;
  readonly recordFile: string;
  readonly outputsFile: string;
}

/** The files of one deployment, in `<outputDirectory>/<deploymentId>/`. */
export function recordFiles(outputDirectory: string, deploymentId: string): RecordFiles {
  const directory = join(outputDirectory, deploymentId);
  return {
    directory,
    recordFile: join(directory, 'deployment-record.json'),
    outputsFile: join(directory, 'outputs.json'),
  };
}

function writeJson(directory: string, file: string, value: unknown): void {
  mkdirSync(directory, { recursive: true });
  writeAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeOutputsFile(
  files: RecordFiles,
  outputs: Record<string, Record<string, string>>,
): void {
  writeJson(files.directory, files.outputsFile, outputs);
}

/** Writes the deployment record and the outputs file. */
export function writeRecordFiles(
  outputDirectory: string,
  record: DeploymentRecordFile,
  outputs: Record<string, Record<string, string>>,
): RecordFiles {
  const files = recordFiles(outputDirectory, record.deployment.id);
  writeJson(files.directory, files.recordFile, record);
  writeOutputsFile(files, outputs);
  return files;
}
