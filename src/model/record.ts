import type { Deployment, DeploymentRecord } from './deployment.js';
import type { Resource, ResourceRecord } from './resource.js';
import type { Stack, StackRecord } from './stack.js';

export interface DeploymentRecordFile {
  deployment: DeploymentRecord;
  stacks: StackRecord[];
  resources: ResourceRecord[];
}

export function toRecordFile(
  deployment: Deployment,
  stacks: readonly Stack[],
  resources: readonly Resource[],
): DeploymentRecordFile {
  return {
    deployment: deployment.toRecord(),
    stacks: stacks.map((s) => s.toRecord()),
    resources: resources.map((r) => r.toRecord()),
  };
}
