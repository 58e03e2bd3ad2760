import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeploymentRecordFile } from '../model/record.js';

export interface RecordFiles {
  readonly directory: string;
  readonly recordFile: string;
  readonly outputsFile: string;
}

/** Writes the deployment record and the outputs file into `<outputDirectory>/<deploymentId>/`. */
export function writeRecordFiles(
  outputDirectory: string,
  record: DeploymentRecordFile,
  outputs: Record<string, Record<string, string>>,
): RecordFiles {
  const directory = join(outputDirectory, record.deployment.id);
  mkdirSync(directory, { recursive: true });
  const recordFile = join(directory, 'deployment-record.json');
  const outputsFile = join(directory, 'outputs.json');
  writeFileSync(recordFile, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
  return { directory, recordFile, outputsFile };
}
