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

/** One stack of the run: its record and what the assembly says of it. */
export interface StackWork {
  readonly stack: Stack;
  readonly artifact: StackArtifact;
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

/** Marks every stack that had not finished as failed, so no record is left half-way. */
export function failUnfinished(run: DeploymentRun, notDone: string, reason: string): void {
  for (const stack of run.stacks) {
    if (stack.status !== 'deployed' && stack.status !== 'failed') {
      stack.fail(`${notDone}: ${reason}`);
    }
  }
}
