import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { StackSnapshot } from '../cloudformation/stack-snapshot.js';
import type { Deployment } from '../model/deployment.js';
import type { Resource } from '../model/resource.js';
import type { Stack } from '../model/stack.js';

/** Everything one run has recorded so far. */
export interface DeploymentRun {
  readonly deployment: Deployment;
  readonly stacks: Stack[];
  readonly resources: Resource[];
  /** By the Stack entity's id. */
  readonly artifacts: Map<string, StackArtifact>;
  readonly snapshots: Map<string, StackSnapshot>;
  /** The cloud assembly the stacks came from, once synthesized. */
  assemblyDirectory: string | null;
}

export function newRun(deployment: Deployment): DeploymentRun {
  return {
    deployment,
    stacks: [],
    resources: [],
    artifacts: new Map(),
    snapshots: new Map(),
    assemblyDirectory: null,
  };
}
