import type { DeploymentRecordFile } from '../model/record.js';
import { stackOutputName } from './cdk-outputs.js';
import type { RecordFiles } from './record-files.js';

export type OutputSetter = (name: string, value: string) => void;

/** Sets every step output the action documents, from the record of the run. */
export function setJobOutputs(
  set: OutputSetter,
  record: DeploymentRecordFile,
  outputs: Record<string, Record<string, string>>,
  files: RecordFiles | null,
): void {
  const { deployment } = record;
  set('deployment-id', deployment.id);
  set('status', deployment.status);
  set('outputs', JSON.stringify(outputs));
  set('outputs-file', files?.outputsFile ?? '');
  set('record-file', files?.recordFile ?? '');
  set(
    'resources',
    JSON.stringify(
      record.resources.map((r) => ({
        stack: r.stack_name,
        logical_id: r.logical_id,
        resource_type: r.resource_type,
        resource_id: r.resource_id,
        status: r.status,
      })),
    ),
  );
  set('stacks-order', JSON.stringify(deployment.stacks_order));
  set('rollback-reason', deployment.rollback_reason ?? '');
  set('plan-id', deployment.plan_id ?? '');
  set('approval-required', String(deployment.approval?.required ?? false));
  for (const [stackName, values] of Object.entries(outputs)) {
    for (const [key, value] of Object.entries(values)) set(stackOutputName(stackName, key), value);
  }
}
